import * as assert from "assert";
import { jsonFormat, PRESETS, resolveAccessLogFormat } from "../components/accessLogFormat";

describe("accessLogFormat", () => {
    it("defaults to one line of JSON with the fields teams log today", () => {
        const format = resolveAccessLogFormat(undefined, "format");
        assert.ok(!format.includes("\n"));
        const fields = JSON.parse(format.replace(/\$context\.error\.messageString/, '"x"'));
        assert.deepStrictEqual(Object.keys(fields), [
            "requestId", "ip", "caller", "user", "requestTime", "httpMethod", "resourcePath", "status",
            "errorMessage", "protocol", "responseLength",
        ]);
        assert.strictEqual(fields.requestId, "$context.requestId");
        assert.strictEqual(fields.ip, "$context.identity.sourceIp");
    });

    it("leaves the pre-quoted error message unquoted so a quote in it cannot break the JSON", () => {
        assert.ok(PRESETS.json.includes('"errorMessage":$context.error.messageString,'));
    });

    it("serializes fields compactly, in order", () => {
        assert.strictEqual(
            jsonFormat({ id: "$context.requestId", path: "$context.resourcePath" }),
            '{"id":"$context.requestId","path":"$context.resourcePath"}',
        );
    });

    for (const [name, format] of Object.entries(PRESETS)) {
        it(`preset ${name} is one line with the request id`, () => {
            assert.strictEqual(resolveAccessLogFormat(name, "format"), format);
            assert.ok(!/[\r\n]/.test(format));
            assert.ok(format.includes("$context.requestId"));
        });
    }

    it("drops the one trailing newline a YAML block scalar adds", () => {
        assert.strictEqual(resolveAccessLogFormat("$context.requestId $context.status\n", "f"), "$context.requestId $context.status");
    });

    it("accepts $context.extendedRequestId instead of $context.requestId", () => {
        assert.strictEqual(resolveAccessLogFormat("$context.extendedRequestId", "f"), "$context.extendedRequestId");
    });

    it("refuses a format with a newline inside", () => {
        assert.throws(
            () => resolveAccessLogFormat('{\n "requestId": "$context.requestId"\n}', "apigw-logging:logging.accessLogs.format"),
            /^ValidationError: apigw-logging:logging\.accessLogs\.format: "\{\\n \\"requestId.*must be a single line: API Gateway refuses access-log formats with a newline anywhere but at the end/,
        );
    });

    it("refuses a format without a request id", () => {
        assert.throws(
            () => resolveAccessLogFormat("$context.identity.sourceIp $context.status", "f"),
            { message: 'f: "$context.identity.sourceIp $context.status" must contain $context.requestId or $context.extendedRequestId (API Gateway requires one, and it is what joins an access-log line to the request\'s execution logs)' },
        );
    });

    it("refuses an empty format and a non-string", () => {
        assert.throws(() => resolveAccessLogFormat("  ", "f"), /f: "  " must not be empty \(use a preset: json, clf\)/);
        assert.throws(() => resolveAccessLogFormat(42, "f"), /f: 42 must be a preset \(json, clf\) or a format string/);
    });
});
