import * as assert from "assert";
import { resolveAccessLogFormat, sampleLine } from "../../packages/apigw-logging/src/accessLogFormat";
import {
    asNumber,
    CONTEXT_VARIABLE_PATTERNS,
    CONTEXT_VARIABLES,
    contextVariables,
    lookupContextVariable,
} from "../../packages/apigw-logging/src/contextVariables";

/** Every string leaf of the helper object, by its property path. */
function leaves(node: unknown, at = "contextVariables"): Array<[string, string]> {
    if (typeof node === "string") {
        return [[at, node]];
    }
    return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
        typeof value === "function" ? [] : leaves(value, `${at}.${key}`),
    );
}

describe("contextVariables", () => {
    it("lists each variable once, every one a $context name", () => {
        const names = CONTEXT_VARIABLES.map((v) => v.name);
        assert.strictEqual(new Set(names).size, names.length);
        for (const name of names) {
            assert.match(name, /^\$context(\.[A-Za-z0-9_]+)+$/);
        }
        assert.strictEqual(names.length, 81);
    });

    for (const variable of CONTEXT_VARIABLES) {
        it(`accepts ${variable.name} in a raw format and in a structured one`, () => {
            const raw = `$context.requestId ${variable.name}`;
            assert.strictEqual(resolveAccessLogFormat(raw, "f"), raw);
            const structured = resolveAccessLogFormat(
                { id: "$context.requestId", value: variable.type === "number" ? asNumber(variable.name as never) : variable.name },
                "f",
            );
            const line = JSON.parse(sampleLine(structured));
            const expected = variable.type === "number" ? Number(variable.example) : variable.preQuoted ? JSON.parse(variable.example) : variable.example;
            assert.deepStrictEqual(line, { id: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", value: expected });
        });
    }

    for (const pattern of CONTEXT_VARIABLE_PATTERNS) {
        it(`accepts ${pattern.prefix}${pattern.placeholder} with a name of the user's`, () => {
            const name = `${pattern.prefix}my_name1`;
            assert.strictEqual(lookupContextVariable(name)?.type, "string");
            assert.strictEqual(resolveAccessLogFormat(`$context.requestId ${name}`, "f"), `$context.requestId ${name}`);
        });
    }

    it("gives every variable a typed helper at its own path", () => {
        const found = leaves(contextVariables);
        assert.deepStrictEqual(found.map(([, name]) => name).sort(), CONTEXT_VARIABLES.map((v) => v.name).sort());
        for (const [at, name] of found) {
            assert.strictEqual(at.replace(/^contextVariables/, "$context"), name);
        }
    });

    it("builds the patterned variables from the user's names", () => {
        assert.deepStrictEqual(
            [
                contextVariables.authorizer.claim("email"),
                contextVariables.authorizer.contextKey("tenant"),
                contextVariables.requestOverride.header("X_Trace"),
                contextVariables.requestOverride.path("id"),
                contextVariables.requestOverride.querystring("page"),
                contextVariables.responseOverride.header("Location"),
            ],
            [
                "$context.authorizer.claims.email",
                "$context.authorizer.tenant",
                "$context.requestOverride.header.X_Trace",
                "$context.requestOverride.path.id",
                "$context.requestOverride.querystring.page",
                "$context.responseOverride.header.Location",
            ],
        );
        assert.strictEqual(contextVariables.authorizer.principalId, "$context.authorizer.principalId");
        assert.strictEqual(contextVariables.responseOverride.status, "$context.responseOverride.status");
    });

    it("marks as numbers only counts, latencies and times, status codes and the epoch time", () => {
        const numeric = CONTEXT_VARIABLES.filter((v) => v.type === "number").map((v) => v.name);
        for (const name of numeric) {
            assert.match(name, /(latency|Latency|status|Status|Length|Epoch|\.timeTo[A-Za-z]+)$/, name);
        }
        assert.deepStrictEqual(asNumber(contextVariables.integrationLatency), { var: "$context.integrationLatency", type: "number" });
    });

    it("makes a misspelt variable or a number from a text variable a compile error (tsc runs in npm test)", () => {
        // @ts-expect-error sourceIP is not a variable
        const typo: unknown = contextVariables.identity.sourceIP;
        assert.strictEqual(typo, undefined);
        // @ts-expect-error API Gateway writes the source IP as text
        assert.deepStrictEqual(asNumber(contextVariables.identity.sourceIp), { var: "$context.identity.sourceIp", type: "number" });
    });

    it("keeps examples free of quotes and backslashes, except the pre-quoted message", () => {
        for (const v of CONTEXT_VARIABLES) {
            if (v.name === "$context.error.messageString") {
                assert.match(v.example, /^"[^"\\]*"$/);
            } else {
                assert.doesNotMatch(v.example, /["\\]/, v.name);
            }
        }
    });
});
