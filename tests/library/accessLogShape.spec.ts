// Raw formats that are not what they look like, and the "did you mean" of a misspelt variable.

import * as assert from "assert";
import { accessLogFormatProblems, PRESETS, resolveAccessLogFormat } from "../../packages/apigw-logging/src/accessLogFormat";
import { lookupContextVariable } from "../../packages/apigw-logging/src/contextVariables";

const PATH = "accessLogs.format";

function refuses(format: string, problem: string): void {
    assert.throws(() => resolveAccessLogFormat(format, PATH), { name: "ValidationError", message: `${PATH}: ${JSON.stringify(format)} ${problem}` });
}

describe("access-log format shapes (accessLogShape.ts)", () => {
    describe("a format that looks like JSON", () => {
        it("takes text variables in quotes, numbers and the pre-quoted message bare", () => {
            const format = '{"id":"$context.requestId","status":$context.status,"error":$context.error.messageString,"ip":"from $context.identity.sourceIp"}';
            assert.strictEqual(resolveAccessLogFormat(format, PATH), format);
        });

        it("refuses $context.error.messageString inside quotes, where its own quotes break the line", () => {
            refuses(
                '{"id":"$context.requestId","error":"$context.error.messageString"}',
                "puts $context.error.messageString inside quotes, but API Gateway writes it with its own quotes: every line would be invalid JSON; write it without quotes (or use $context.error.message inside them)",
            );
        });

        it("refuses a text variable outside quotes", () => {
            refuses(
                '{"id":"$context.requestId","ip":$context.identity.sourceIp}',
                'writes $context.identity.sourceIp outside quotes, but its value is text: every line would be invalid JSON; put it in quotes ("$context.identity.sourceIp")',
            );
        });

        it("refuses an unclosed brace", () => {
            refuses(
                '{"id":"$context.requestId","caller":{"ip":"$context.identity.sourceIp"}',
                'looks like JSON but leaves 1 "{" unclosed: every line would be invalid JSON, and the saved queries would find none of its fields',
            );
        });

        it("refuses a brace that closes nothing", () => {
            refuses(
                '{"id":"$context.requestId"}}',
                'looks like JSON but has a "}" that closes nothing (at character 28): every line would be invalid JSON, and the saved queries would find none of its fields',
            );
        });

        it("refuses a quote that is never closed", () => {
            refuses(
                '{"id":"$context.requestId}',
                "looks like JSON but has a quote that is never closed: every line would be invalid JSON, and the saved queries would find none of its fields",
            );
        });

        it("refuses a missing comma between fields", () => {
            refuses(
                '{"id":"$context.requestId" "status":$context.status}',
                "looks like JSON but is not one JSON object once API Gateway fills in the variables: every line would be invalid JSON, and the saved queries would find none of its fields",
            );
        });
    });

    describe("a format that looks like XML", () => {
        it("refuses a tag closed out of order", () => {
            refuses(
                '<request id="$context.requestId"><ip>$context.identity.sourceIp</request></ip>',
                "looks like XML but </request> closes <ip>: no line would be well-formed XML",
            );
        });

        it("refuses an element that is never closed", () => {
            refuses('<request id="$context.requestId"><ip>$context.identity.sourceIp</ip>', "looks like XML but <request> is never closed: no line would be well-formed XML");
        });
    });

    describe("a comma-separated format", () => {
        it("refuses a free-text variable, whose commas would add columns", () => {
            refuses(
                "$context.requestId,$context.status,$context.identity.userAgent",
                "is comma-separated, but $context.identity.userAgent is free text that can hold commas: a line with one would have extra columns; log it in a JSON format (json), or leave it out",
            );
        });

        it("takes the same variable in a format separated otherwise", () => {
            const format = "$context.requestId $context.status $context.identity.userAgent";
            assert.strictEqual(resolveAccessLogFormat(format, PATH), format);
        });
    });

    it("passes every preset", () => {
        for (const [name, format] of Object.entries(PRESETS)) {
            assert.deepStrictEqual(accessLogFormatProblems(format), [], name);
        }
    });

    it("says the same to the policy pack, for a format already on a stage", () => {
        assert.deepStrictEqual(accessLogFormatProblems('{"id":"$context.requestId"'), [
            'looks like JSON but leaves 1 "{" unclosed: every line would be invalid JSON, and the saved queries would find none of its fields',
        ]);
    });
});

describe("did you mean (accessLogFormat.ts)", () => {
    const unknown = (variable: string, hint?: string) =>
        `uses ${variable}, which is not a $context variable AWS documents for REST API access logs${hint ? `; did you mean "${hint}"?` : ""} (the list: packages/apigw-logging/src/contextVariables.ts)`;

    it("never suggests another namespace's variable for a variable in a namespace", () => {
        refuses("$context.requestId $context.integration.principalId", unknown("$context.integration.principalId"));
        refuses("$context.requestId $context.integration.integrationLatencyMs", unknown("$context.integration.integrationLatencyMs"));
    });

    it("suggests within the namespace", () => {
        refuses("$context.requestId $context.integration.latncy", unknown("$context.integration.latncy", "$context.integration.latency"));
    });

    it("suggests the namespace a misspelt one means, keeping the variable's name", () => {
        refuses("$context.requestId $context.identiy.sourceIp", unknown("$context.identiy.sourceIp", "$context.identity.sourceIp"));
    });
});

describe("variables AWS added to REST access logs", () => {
    for (const [name, type] of [
        ["$context.integration.responseTransferMode", "string"],
        ["$context.integration.timeToAllHeaders", "number"],
        ["$context.integration.timeToFirstContent", "number"],
        ["$context.tlsVersion", "string"],
        ["$context.cipherSuite", "string"],
        ["$context.customDomain.routingRuleIdMatched", "string"],
    ] as const) {
        it(`knows ${name}, a ${type}`, () => {
            assert.strictEqual(lookupContextVariable(name)?.type, type);
        });
    }
});
