import * as assert from "assert";
import {
    AccessLogFields,
    jsonFormat,
    MAX_FORMAT_BYTES,
    PRESET_NAMES,
    PRESETS,
    resolveAccessLogFormat,
    sampleLine,
} from "../../packages/apigw-logging/src/accessLogFormat";
import { asNumber, contextVariables as ctx } from "../../packages/apigw-logging/src/contextVariables";

const PATH = "apigw-logging:logging.accessLogs.format";
const refuses = (input: unknown, message: string) =>
    assert.throws(() => resolveAccessLogFormat(input, PATH), { name: "ValidationError", message: `${PATH}: ${message}` });

describe("accessLogFormat", () => {
    describe("presets", () => {
        it("defaults to one line of JSON with the fields teams log today", () => {
            const format = resolveAccessLogFormat(undefined, "format");
            assert.strictEqual(format, PRESETS.json);
            const fields = JSON.parse(sampleLine(format));
            assert.deepStrictEqual(Object.keys(fields), [
                "requestId", "ip", "caller", "user", "requestTime", "httpMethod", "resourcePath", "status",
                "errorMessage", "protocol", "responseLength",
            ]);
            assert.strictEqual(fields.errorMessage, "Missing Authentication Token");
        });

        it("leaves the pre-quoted error message unquoted so a quote in it cannot break the JSON", () => {
            assert.ok(PRESETS.json.includes('"errorMessage":$context.error.messageString,'));
        });

        it("offers the console's four formats, word for word (CLF with its space before the request line)", () => {
            assert.deepStrictEqual(PRESET_NAMES, ["json", "clf", "console-json", "xml", "csv"]);
            assert.strictEqual(
                PRESETS.clf,
                '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId',
            );
            assert.strictEqual(
                PRESETS["console-json"],
                '{"requestId":"$context.requestId","extendedRequestId":"$context.extendedRequestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","user":"$context.identity.user","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength"}',
            );
            assert.strictEqual(
                PRESETS.xml,
                '<request id="$context.requestId"> <extendedRequestId>$context.extendedRequestId</extendedRequestId> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>',
            );
            assert.strictEqual(
                PRESETS.csv,
                "$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId,$context.extendedRequestId",
            );
        });

        for (const name of Object.keys(PRESETS) as (keyof typeof PRESETS)[]) {
            it(`preset ${name} is one line with the request id, and passes its own rules`, () => {
                const format = resolveAccessLogFormat(name, "format");
                assert.strictEqual(format, PRESETS[name]);
                assert.ok(!/[\r\n]/.test(format));
                assert.ok(format.includes("$context.requestId"));
            });
        }

        it("gives both JSON presets as valid JSON once values are in", () => {
            assert.strictEqual(JSON.parse(sampleLine(PRESETS["console-json"])).extendedRequestId, "Ab1CdEfGhIjKlMn=");
            assert.strictEqual(JSON.parse(sampleLine(PRESETS.json)).status, "200");
        });
    });

    describe("structured formats", () => {
        it("serializes fields compactly, in order, nested objects included", () => {
            const fields: AccessLogFields = {
                requestId: ctx.requestId,
                extendedRequestId: ctx.extendedRequestId,
                status: asNumber(ctx.status),
                latency: { integration: asNumber(ctx.integrationLatency), total: { var: "$context.responseLatency", type: "number" } },
                caller: { ip: ctx.identity.sourceIp, sub: ctx.authorizer.claim("sub") },
                route: "$context.httpMethod $context.resourcePath",
                error: ctx.error.messageString,
                service: "orders",
            };
            const format = resolveAccessLogFormat(fields, PATH);
            assert.strictEqual(
                format,
                '{"requestId":"$context.requestId","extendedRequestId":"$context.extendedRequestId","status":$context.status,' +
                    '"latency":{"integration":$context.integrationLatency,"total":$context.responseLatency},' +
                    '"caller":{"ip":"$context.identity.sourceIp","sub":"$context.authorizer.claims.sub"},' +
                    '"route":"$context.httpMethod $context.resourcePath","error":$context.error.messageString,"service":"orders"}',
            );
            assert.deepStrictEqual(JSON.parse(sampleLine(format)), {
                requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                extendedRequestId: "Ab1CdEfGhIjKlMn=",
                status: 200,
                latency: { integration: 120, total: 130 },
                caller: { ip: "198.51.100.7", sub: "alice@example.com" },
                route: "GET /orders/{id}",
                error: "Missing Authentication Token",
                service: "orders",
            });
        });

        it("quotes a numeric variable unless asked for a number", () => {
            assert.strictEqual(
                resolveAccessLogFormat({ id: ctx.requestId, status: ctx.status, code: { var: ctx.status, type: "string" } }, PATH),
                '{"id":"$context.requestId","status":"$context.status","code":"$context.status"}',
            );
        });

        it("escapes field names and literal text so the line stays one line of JSON", () => {
            const format = jsonFormat({ 'say "hi"\n': "a\\b", id: ctx.requestId });
            assert.strictEqual(format, '{"say \\"hi\\"\\n":"a\\\\b","id":"$context.requestId"}');
            assert.strictEqual(resolveAccessLogFormat({ 'say "hi"\n': "a\\b", id: ctx.requestId }, PATH), format);
        });

        it("takes the objects stack config hands over (parsed JSON)", () => {
            const fromConfig = JSON.parse('{"requestId":"$context.requestId","status":{"var":"$context.status","type":"number"}}');
            assert.strictEqual(resolveAccessLogFormat(fromConfig, PATH), '{"requestId":"$context.requestId","status":$context.status}');
        });
    });

    describe("raw strings", () => {
        it("drops the one trailing newline a YAML block scalar adds", () => {
            assert.strictEqual(resolveAccessLogFormat("$context.requestId $context.status\n", "f"), "$context.requestId $context.status");
            assert.strictEqual(resolveAccessLogFormat("csv\n", "f"), PRESETS.csv);
        });

        it("accepts $context.extendedRequestId instead of $context.requestId", () => {
            assert.strictEqual(resolveAccessLogFormat("$context.extendedRequestId", "f"), "$context.extendedRequestId");
        });

        it("reads a variable up to the first character that cannot be in a name", () => {
            assert.strictEqual(
                resolveAccessLogFormat("id=$context.requestId, [$context.requestTime] status $context.status.", "f"),
                "id=$context.requestId, [$context.requestTime] status $context.status.",
            );
        });

        it("accepts patterned variables with the user's own names", () => {
            const format =
                "$context.requestId $context.authorizer.claims.email $context.authorizer.tenant_id " +
                "$context.requestOverride.header.X_Trace $context.responseOverride.header.Location";
            assert.strictEqual(resolveAccessLogFormat(format, "f"), format);
        });

        it("accepts a format of exactly 3 KB, counted in UTF-8 bytes", () => {
            const head = "$context.requestId ";
            const format = head + "é".repeat((MAX_FORMAT_BYTES - head.length) / 2) + "x";
            assert.strictEqual(Buffer.byteLength(format), MAX_FORMAT_BYTES);
            assert.strictEqual(resolveAccessLogFormat(format, "f"), format);
        });
    });

    describe("refuses, naming the input, the value and the rule", () => {
        it("a format with a newline inside", () => {
            refuses(
                '{\n "requestId": "$context.requestId"\n}',
                '"{\\n \\"requestId\\": \\"$context.requestId\\"\\n}" must be a single line: API Gateway refuses access-log formats with a newline anywhere but at the end (write it on one line, or use a preset)',
            );
        });

        it("a format without a request id", () => {
            refuses(
                "$context.identity.sourceIp $context.status",
                '"$context.identity.sourceIp $context.status" must contain $context.requestId or $context.extendedRequestId (API Gateway requires one, and it is what joins an access-log line to the request\'s execution logs)',
            );
        });

        it("a structured format without a request id", () => {
            refuses(
                { ip: ctx.identity.sourceIp },
                '{"ip":"$context.identity.sourceIp"} must contain $context.requestId or $context.extendedRequestId (API Gateway requires one, and it is what joins an access-log line to the request\'s execution logs)',
            );
        });

        it("an unknown variable, suggesting the closest known one", () => {
            refuses(
                "$context.requestId $context.identity.sourceIP",
                '"$context.requestId $context.identity.sourceIP" uses $context.identity.sourceIP, which is not a $context variable AWS documents for REST API access logs; did you mean "$context.identity.sourceIp"? (the list: packages/apigw-logging/src/contextVariables.ts)',
            );
        });

        it("a variable under the wrong parent, suggesting where it lives", () => {
            refuses(
                "$context.requestId $context.sourceIp",
                '"$context.requestId $context.sourceIp" uses $context.sourceIp, which is not a $context variable AWS documents for REST API access logs; did you mean "$context.identity.sourceIp"? (the list: packages/apigw-logging/src/contextVariables.ts)',
            );
        });

        it("an unknown variable in a structured field, at the field's path", () => {
            assert.throws(() => resolveAccessLogFormat({ requestId: ctx.requestId, caller: { ip: "$context.identity.sourceIP" } }, PATH), {
                message: `${PATH}.caller.ip: "$context.identity.sourceIP" uses $context.identity.sourceIP, which is not a $context variable AWS documents for REST API access logs; did you mean "$context.identity.sourceIp"? (the list: packages/apigw-logging/src/contextVariables.ts)`,
            });
        });

        it("a misspelt patterned variable, suggesting the pattern with the user's name", () => {
            refuses(
                "$context.requestId $context.authorizer.claim.sub",
                '"$context.requestId $context.authorizer.claim.sub" uses $context.authorizer.claim.sub, which is not a $context variable AWS documents for REST API access logs; did you mean "$context.authorizer.claims.sub"? (the list: packages/apigw-logging/src/contextVariables.ts)',
            );
        });

        it("an unknown variable with nothing close", () => {
            refuses(
                "$context.requestId $context.banana",
                '"$context.requestId $context.banana" uses $context.banana, which is not a $context variable AWS documents for REST API access logs (the list: packages/apigw-logging/src/contextVariables.ts)',
            );
        });

        it("a Lambda authorizer key that is a typo of a built-in authorizer variable", () => {
            refuses(
                "$context.requestId $context.authorizer.principalID",
                '"$context.requestId $context.authorizer.principalID" uses $context.authorizer.principalID; did you mean "$context.authorizer.principalId"? (a Lambda authorizer context key this close to a built-in authorizer variable is refused as a likely typo)',
            );
        });

        it("the bare claims map, which AWS documents as null", () => {
            refuses(
                "$context.requestId $context.authorizer.claims",
                '"$context.requestId $context.authorizer.claims" uses $context.authorizer.claims, which AWS documents as null; name a claim: $context.authorizer.claims.<claim>',
            );
        });

        it("a variable only HTTP or WebSocket APIs have", () => {
            refuses(
                "$context.requestId $context.routeKey",
                '"$context.requestId $context.routeKey" uses $context.routeKey, which only HTTP and WebSocket APIs have; a REST API stage would log "-" for it',
            );
        });

        it("a variable that is not $context, with the case-sensitive fix", () => {
            refuses(
                "$Context.requestId",
                '"$Context.requestId" uses $Context.requestId, but access logs substitute only $context variables (case-sensitive); did you mean "$context.requestId"?',
            );
            refuses(
                "$context.requestId $stageVariables.env",
                '"$context.requestId $stageVariables.env" uses $stageVariables.env, but access logs substitute only $context variables (case-sensitive)',
            );
        });

        it("a format longer than the 3 KB AWS accepts", () => {
            const format = "$context.requestId " + "x".repeat(MAX_FORMAT_BYTES - 18);
            assert.throws(() => resolveAccessLogFormat(format, PATH), {
                message: new RegExp(
                    `^${PATH}: "\\$context\\.requestId x+\\.\\.\\. is 3073 bytes long; API Gateway accepts access-log formats up to 3 KB \\(3072 bytes\\)\\. Log fewer fields or use shorter field names$`,
                ),
            });
        });

        it("a structured format that serializes longer than 3 KB", () => {
            const fields = Object.fromEntries([["id", ctx.requestId], ...Array.from({ length: 100 }, (_, i) => [`field${i}`, ctx.identity.sourceIp])]);
            assert.throws(() => resolveAccessLogFormat(fields, PATH), /is 3917 bytes long; API Gateway accepts access-log formats up to 3 KB \(3072 bytes\)/);
        });

        it("a number for a variable API Gateway writes as text", () => {
            assert.throws(() => resolveAccessLogFormat({ id: ctx.requestId, ip: { var: ctx.identity.sourceIp, type: "number" } }, PATH), {
                message: new RegExp(
                    `^${PATH}\\.ip\\.type: "number" is only for variables API Gateway writes as numbers \\(\\$context\\.authorize\\.latency, .*\\$context\\.status, \\$context\\.waf\\.latency, \\$context\\.waf\\.status\\); \\$context\\.identity\\.sourceIp is text and must stay quoted$`,
                ),
            });
        });

        it("a type that is neither string nor number", () => {
            assert.throws(() => resolveAccessLogFormat({ id: ctx.requestId, status: { var: ctx.status, type: "integer" } }, PATH), {
                message: `${PATH}.status.type: "integer" is not allowed (allowed: string, number)`,
            });
        });

        it("a { var } that is not exactly one variable, or has other keys", () => {
            assert.throws(() => resolveAccessLogFormat({ id: ctx.requestId, s: { var: "status $context.status" } }, PATH), {
                message: `${PATH}.s.var: "status $context.status" must be exactly one $context variable, e.g. "$context.status"`,
            });
            assert.throws(() => resolveAccessLogFormat({ id: ctx.requestId, s: { var: ctx.status, format: "x" } }, PATH), {
                message: `${PATH}.s.format: "x" is not allowed next to "var": a field with "var" is one value, { var, type } (to nest fields, do not use the name "var")`,
            });
        });

        it("the pre-quoted error message inside other text", () => {
            assert.throws(() => resolveAccessLogFormat({ id: ctx.requestId, e: "error: $context.error.messageString" }, PATH), {
                message: `${PATH}.e: "error: $context.error.messageString" puts $context.error.messageString inside a string, but API Gateway writes it with its own quotes; give it a field of its own (or use $context.error.message)`,
            });
        });

        it("an empty object and a field that is a list", () => {
            refuses({}, "{} must name at least one field (field name → $context variable)");
            assert.throws(() => resolveAccessLogFormat({ id: ctx.requestId, ids: [ctx.requestId] }, PATH), {
                message: `${PATH}.ids: ["$context.requestId"] must be a $context variable (text with variables is fine), { var: "$context.status", type: "number" }, or an object of fields`,
            });
        });

        it("a misspelt preset", () => {
            refuses("JSON", '"JSON" is neither a preset (json, clf, console-json, xml, csv) nor a format (it has no $context variable); did you mean "json"?');
            refuses("toString", '"toString" is neither a preset (json, clf, console-json, xml, csv) nor a format (it has no $context variable)');
        });

        it("an empty format and a number", () => {
            refuses("  ", '"  " must not be empty (use a preset: json, clf, console-json, xml, csv)');
            refuses(
                42,
                "42 must be a preset (json, clf, console-json, xml, csv), a one-line format string, or an object of fields (field name → $context variable)",
            );
        });
    });
});
