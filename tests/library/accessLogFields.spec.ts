import * as assert from "assert";
import { accessLogLayout, fieldOf, parseAccessLogLine } from "../../packages/apigw-logging/src/accessLogFields";
import { jsonFormat, PRESETS } from "../../packages/apigw-logging/src/accessLogFormat";

describe("accessLogFields", () => {
    it("finds each variable of a JSON format under its field name, nested keys joined with dots", () => {
        const format = jsonFormat({
            requestId: "$context.requestId",
            status: { var: "$context.status", type: "number" },
            route: "$context.httpMethod $context.resourcePath",
            waf: { status: "$context.wafResponseCode" },
            error: "$context.error.messageString",
        });
        assert.deepStrictEqual(accessLogLayout(format), {
            kind: "json",
            fields: [
                { variable: "$context.requestId", field: "requestId", numeric: false },
                { variable: "$context.status", field: "status", numeric: true },
                { variable: "$context.wafResponseCode", field: "waf.status", numeric: false },
                { variable: "$context.error.messageString", field: "error", numeric: false },
            ],
        });
    });

    it("reads the CLF preset with its own text as the glob, naming fields after the variables", () => {
        const layout = accessLogLayout(PRESETS.clf);
        assert.strictEqual(layout?.kind, "pattern");
        assert.strictEqual(layout.kind === "pattern" && layout.glob, '* * * [*] "* * *" * * * *');
        assert.deepStrictEqual(
            layout.fields.map((f) => f.field),
            ["sourceIp", "caller", "user", "requestTime", "httpMethod", "resourcePath", "protocol", "status", "responseLength", "requestId", "extendedRequestId"],
        );
    });

    it("names two variables with the same last part by their whole path", () => {
        const layout = accessLogLayout("$context.requestId $context.authorizer.status $context.status");
        assert.deepStrictEqual(layout?.fields.map((f) => f.field), ["requestId", "authorizer_status", "status"]);
    });

    it("gives up on a format where two variables touch, since their values cannot be told apart", () => {
        assert.strictEqual(accessLogLayout("$context.requestId$context.status"), undefined);
    });

    it("parses a line of every preset back into its variables", () => {
        const lines: Record<keyof typeof PRESETS, string> = {
            json: '{"requestId":"r-1","ip":"203.0.113.7","caller":"-","user":"-","requestTime":"26/Nov/2026:11:59:00 +0000","httpMethod":"GET","resourcePath":"/pets","status":"502","errorMessage":"Internal server error","protocol":"HTTP/1.1","responseLength":"36"}',
            clf: '203.0.113.7 - - [26/Nov/2026:11:59:00 +0000] "GET /pets HTTP/1.1" 502 36 r-1 e-1',
            "console-json": '{"requestId":"r-1","extendedRequestId":"e-1","ip":"203.0.113.7","caller":"-","user":"-","requestTime":"26/Nov/2026:11:59:00 +0000","httpMethod":"GET","resourcePath":"/pets","status":"502","protocol":"HTTP/1.1","responseLength":"36"}',
            xml: '<request id="r-1"> <extendedRequestId>e-1</extendedRequestId> <ip>203.0.113.7</ip> <caller>-</caller> <user>-</user> <requestTime>26/Nov/2026:11:59:00 +0000</requestTime> <httpMethod>GET</httpMethod> <resourcePath>/pets</resourcePath> <status>502</status> <protocol>HTTP/1.1</protocol> <responseLength>36</responseLength> </request>',
            csv: "203.0.113.7,-,-,26/Nov/2026:11:59:00 +0000,GET,/pets,HTTP/1.1,502,36,r-1,e-1",
        };
        for (const [preset, line] of Object.entries(lines)) {
            const values = parseAccessLogLine(accessLogLayout(PRESETS[preset as keyof typeof PRESETS])!, line);
            assert.deepStrictEqual(
                [values?.["$context.requestId"], values?.["$context.status"], values?.["$context.resourcePath"], values?.["$context.identity.sourceIp"]],
                ["r-1", "502", "/pets", "203.0.113.7"],
                preset,
            );
        }
    });

    it("does not parse a line of another shape", () => {
        assert.strictEqual(parseAccessLogLine(accessLogLayout(PRESETS.clf)!, "not an access-log line"), undefined);
        assert.strictEqual(parseAccessLogLine(accessLogLayout(PRESETS.json)!, "(r-1) Method request path: {}"), undefined);
    });

    it("picks the first variable of a list the format has", () => {
        const layout = accessLogLayout(jsonFormat({ requestId: "$context.requestId", latency: "$context.integrationLatency" }));
        assert.strictEqual(fieldOf(layout, "$context.responseLatency", "$context.integrationLatency")?.field, "latency");
        assert.strictEqual(fieldOf(layout, "$context.status"), undefined);
    });
});
