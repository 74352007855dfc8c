import * as assert from "assert";
import { jsonFormat, PRESETS } from "../../packages/apigw-logging/src/accessLogFormat";
import { logInsightsQueries, QUERY_TITLES } from "../../packages/apigw-logging/src/logInsightsQueries";

const keys = (format: string, hasAccessLogGroup = true) => logInsightsQueries(format, hasAccessLogGroup).queries.map((q) => q.key);
const query = (format: string, key: string) => logInsightsQueries(format, true).queries.find((q) => q.key === key)!;

describe("logInsightsQueries", () => {
    it("saves every query but the latency one for the default JSON preset, which has no latency field", () => {
        const plan = logInsightsQueries(PRESETS.json, true);
        assert.deepStrictEqual(plan.queries.map((q) => q.key), ["5xx-errors", "4xx-errors", "top-client-ips", "one-request"]);
        assert.deepStrictEqual(plan.skipped, [
            {
                key: "slowest-requests",
                title: QUERY_TITLES["slowest-requests"],
                reason: "the access-log format has no field of its own for $context.responseLatency or $context.integrationLatency or $context.integration.latency",
            },
        ]);
    });

    it("groups 5xx errors by method and path, matching a quoted status by pattern", () => {
        assert.strictEqual(
            query(PRESETS.json, "5xx-errors").queryString,
            "filter status like /^5\\d\\d$/\n| stats count(*) as requests by httpMethod, resourcePath\n| sort requests desc\n| limit 100",
        );
    });

    it("compares a status written as a number numerically", () => {
        const format = jsonFormat({ id: "$context.requestId", code: { var: "$context.status", type: "number" }, path: "$context.resourcePath" });
        assert.strictEqual(
            query(format, "4xx-errors").queryString,
            "filter code >= 400 and code <= 499\n| stats count(*) as requests by path\n| sort requests desc\n| limit 100",
        );
    });

    it("computes latency percentiles by path when the format has a latency field", () => {
        const format = jsonFormat({
            requestId: "$context.requestId",
            resourcePath: "$context.resourcePath",
            latency: { var: "$context.responseLatency", type: "number" },
        });
        assert.strictEqual(
            query(format, "slowest-requests").queryString,
            "stats count(*) as requests, pct(latency, 50) as p50, pct(latency, 90) as p90, pct(latency, 99) as p99, max(latency) as slowest by resourcePath\n| sort p99 desc\n| limit 100",
        );
    });

    it("parses a CLF line with the format's own shape before naming its fields", () => {
        assert.strictEqual(
            query(PRESETS.clf, "top-client-ips").queryString,
            "parse @message '* * * [*] \"* * *\" * * * *' as sourceIp, caller, user, requestTime, httpMethod, resourcePath, protocol, status, responseLength, requestId, extendedRequestId\n" +
                "| stats count(*) as requests by sourceIp\n| sort requests desc\n| limit 100",
        );
    });

    it("quotes a glob that contains a single quote with escaped double quotes", () => {
        const q = query(`$context.requestId 'x' "$context.status" $context.resourcePath`, "5xx-errors");
        assert.ok(q.queryString.startsWith(`parse @message "* 'x' \\"*\\" *" as requestId, status, resourcePath\n`), q.queryString);
    });

    it("backquotes a field name Logs Insights would not read bare", () => {
        const format = jsonFormat({ "request-id": "$context.requestId", "client ip": "$context.identity.sourceIp" });
        assert.match(query(format, "top-client-ips").queryString, /by `client ip`$/m);
    });

    it("finds one request in both log groups by the id execution lines start with", () => {
        assert.deepStrictEqual(query(PRESETS.csv, "one-request"), {
            key: "one-request",
            title: "Everything for one request id",
            queryString: 'fields @timestamp, @log, @message\n| filter @message like "REPLACE-WITH-REQUEST-ID"\n| sort @timestamp asc\n| limit 1000',
            logGroups: ["access", "execution"],
        });
    });

    it("skips the one-request query when the format has only the extended request id", () => {
        const plan = logInsightsQueries('{"id":"$context.extendedRequestId","status":"$context.status"}', true);
        assert.ok(!plan.queries.some((q) => q.key === "one-request"));
        assert.match(plan.skipped.find((s) => s.key === "one-request")!.reason, /no \$context\.requestId/);
    });

    it("queries only the execution log group when access logs go to Firehose", () => {
        const plan = logInsightsQueries(PRESETS.json, false);
        assert.deepStrictEqual(plan.queries.map((q) => [q.key, q.logGroups]), [["one-request", ["execution"]]]);
        assert.deepStrictEqual(new Set(plan.skipped.map((s) => s.reason)), new Set(["access logs go to Firehose, not to a CloudWatch Logs group (query them with Athena)"]));
    });

    it("saves no field query for a format whose fields cannot be told apart", () => {
        assert.deepStrictEqual(keys("$context.requestId$context.status"), ["one-request"]);
    });
});
