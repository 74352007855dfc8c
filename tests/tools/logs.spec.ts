// `npm run logs` against the local fake CloudWatch Logs server (tests/tools/fakes/cloudWatchLogs.ts),
// with the real SDK client pointed at it.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PRESETS } from "../../packages/apigw-logging/src/accessLogFormat";
import { parseDuration, parseLogsArgs, runLogs } from "../../tools/logs";
import { assertHelp, scratchDir } from "../helpers";
import { FixtureEvent, LOCAL_CREDENTIALS, withServer } from "./fakes/cloudWatchLogs";

const NOW = Date.parse("2026-11-26T12:00:00.000Z");
const ACCESS = "API-Gateway-Access-Logs_a1b2c3d4e5/v1";
const EXECUTION = "API-Gateway-Execution-Logs_a1b2c3d4e5/v1";

/** An access-log line written with the default JSON preset. */
function accessLine(requestId: string, method: string, resourcePath: string, status: number): string {
    return PRESETS.json
        .replace("$context.requestId", requestId)
        .replace("$context.identity.sourceIp", "203.0.113.7")
        .replace("$context.httpMethod", method)
        .replace("$context.resourcePath", resourcePath)
        .replace("$context.status", String(status))
        .replace("$context.error.messageString", status >= 500 ? '"Internal server error"' : '"-"')
        .replace(/\$context\.[A-Za-z.]+/g, "-");
}

function request(requestId: string, at: number, method: string, resourcePath: string, status: number) {
    return {
        access: { timestamp: at + 40, message: accessLine(requestId, method, resourcePath, status) },
        execution: [
            { timestamp: at, message: `(${requestId}) Extended Request Id: ext-${requestId}` },
            { timestamp: at + 10, message: `(${requestId}) Method request path: {}` },
            { timestamp: at + 30, message: `(${requestId}) Method completed with status: ${status}` },
        ],
    };
}

// Five requests a minute apart, two of them answered 5xx.
const REQUESTS = [
    request("req-1", NOW - 300_000, "GET", "/orders", 200),
    request("req-2", NOW - 240_000, "POST", "/orders", 502),
    request("req-3", NOW - 180_000, "GET", "/orders/{id}", 404),
    request("req-4", NOW - 120_000, "GET", "/orders/{id}", 500),
    request("req-5", NOW - 60_000, "GET", "/health", 200),
];

const STAGE_OUTPUTS = {
    contractVersion: "1.1",
    stages: {
        "orders-v1": {
            restApiId: "a1b2c3d4e5",
            stageName: "v1",
            accessLogSettings: { destinationArn: `arn:aws:logs:eu-west-1:123456789012:log-group:${ACCESS}`, format: PRESETS.json },
            accessLogGroupName: ACCESS,
            executionLogGroupName: EXECUTION,
            accessLogFormat: PRESETS.json,
        },
    },
};

function outputsFile(outputs: unknown): string {
    const file = path.join(scratchDir("logs-spec-"), "outputs.json");
    fs.writeFileSync(file, JSON.stringify(outputs));
    return file;
}

async function logs(argv: string[], endpoint: string) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runLogs([...argv, "--endpoint", endpoint], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        clientConfig: { credentials: LOCAL_CREDENTIALS },
        reader: { retryBaseMs: 5, progressEveryMs: 0 },
        now: () => NOW,
    });
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("npm run logs", () => {
    const groups = {
        [ACCESS]: REQUESTS.map((r) => r.access),
        [EXECUTION]: REQUESTS.flatMap((r) => r.execution),
    };

    /** What `--request-id req-4` prints, whichever group its execution logs were read from. */
    const REQ_4 = [
        "── 2026-11-26T11:58:00.040Z  request req-4  GET /orders/{id} 500",
        `   access     ${accessLine("req-4", "GET", "/orders/{id}", 500)}`,
        "   execution  11:58:00.000  (req-4) Extended Request Id: ext-req-4",
        "   execution  11:58:00.010  (req-4) Method request path: {}",
        "   execution  11:58:00.030  (req-4) Method completed with status: 500",
    ].join("\n");

    it("prints one request's access-log line followed by its execution-log lines, in time order", async () => {
        await withServer(groups, {}, async (server) => {
            const { code, stdout } = await logs(["--outputs-file", outputsFile(STAGE_OUTPUTS), "--request-id", "req-4"], server.endpoint);
            assert.strictEqual(code, 0);
            assert.strictEqual(
                stdout,
                REQ_4,
            );
            // Both groups were searched for the id, in the stage's region, a day back.
            assert.deepStrictEqual(
                server.received.map((r) => [r.body.logGroupName, r.body.filterPattern, NOW - (r.body.startTime ?? 0)]),
                [
                    [ACCESS, '"req-4"', 86_400_000],
                    [EXECUTION, '"req-4"', 86_400_000],
                ],
            );
        });
    });

    it("scans every page of a window and joins the 5xx requests to their execution logs", async () => {
        await withServer(groups, { pageSize: 2 }, async (server) => {
            const { code, stdout, stderr } = await logs(
                ["--outputs-file", outputsFile(STAGE_OUTPUTS), "--since", "10m", "--status", "5xx"],
                server.endpoint,
            );
            assert.strictEqual(code, 0);
            const headers = stdout.split("\n").filter((l) => l.startsWith("──"));
            assert.deepStrictEqual(headers, [
                "── 2026-11-26T11:56:00.040Z  request req-2  POST /orders 502",
                "── 2026-11-26T11:58:00.040Z  request req-4  GET /orders/{id} 500",
            ]);
            assert.strictEqual(stdout.split("\n").filter((l) => l.includes("(req-2)")).length, 3);
            assert.ok(!stdout.includes("req-1") && !stdout.includes("req-3"), "only 5xx requests");
            // Five access lines in pages of two: three calls, the later ones with the token the server gave.
            const accessCalls = server.received.filter((r) => r.body.logGroupName === ACCESS);
            assert.deepStrictEqual(accessCalls.map((r) => r.body.nextToken), [undefined, "2", "4"]);
            assert.match(stderr, /… API-Gateway-Access-Logs_a1b2c3d4e5\/v1: 2 events in 1 pages so far/);
            assert.match(stderr, /^5 access-log lines in API-Gateway-Access-Logs_a1b2c3d4e5\/v1; showing 2$/m);
            // The two ids asked for in one execution-log search.
            const executionCall = server.received.find((r) => r.body.logGroupName === EXECUTION);
            assert.strictEqual(executionCall?.body.filterPattern, '?"req-2" ?"req-4"');
        });
    });

    it("retries a throttled call with backoff and says so", async () => {
        await withServer(groups, { throttle: { [ACCESS]: 2 } }, async (server) => {
            const { code, stdout, stderr } = await logs(["--outputs-file", outputsFile(STAGE_OUTPUTS), "--request-id", "req-2"], server.endpoint);
            assert.strictEqual(code, 0);
            assert.match(stdout, /request req-2 {2}POST \/orders 502/);
            const retries = stderr.split("\n").filter((l) => l.includes("ThrottlingException"));
            assert.strictEqual(retries.length, 2);
            assert.match(retries[0], /retrying in \d+\.\d\d s \(attempt 2 of 8\)$/);
            assert.strictEqual(server.received.filter((r) => r.body.logGroupName === ACCESS).length, 3);
        });
    });

    it("stops with a clear error when the access-log group does not exist", async () => {
        await withServer({ [EXECUTION]: groups[EXECUTION] }, {}, async (server) => {
            const { code, stdout, stderr } = await logs(["--outputs-file", outputsFile(STAGE_OUTPUTS), "--since", "15m"], server.endpoint);
            assert.strictEqual(code, 1);
            assert.strictEqual(stdout, "");
            assert.strictEqual(stderr, `error: log group "${ACCESS}" does not exist in this account and region`);
        });
    });

    it("shows access lines alone when the execution log group does not exist", async () => {
        await withServer({ [ACCESS]: groups[ACCESS] }, {}, async (server) => {
            const { code, stdout, stderr } = await logs(["--outputs-file", outputsFile(STAGE_OUTPUTS), "--request-id", "req-1"], server.endpoint);
            assert.strictEqual(code, 0);
            assert.match(stderr, /^no execution logs: log group "API-Gateway-Execution-Logs_a1b2c3d4e5\/v1" does not exist .*loggingLevel is OFF\)$/m);
            assert.match(stdout, /access {5}\{"requestId":"req-1"/);
            assert.match(stdout, /\(no execution-log lines/);
        });
    });

    it("says where the access logs are for a Firehose stage, and still shows the execution logs", async () => {
        const firehoseStage = {
            stages: {
                archive: {
                    accessLogSettings: { destinationArn: "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-a1b2c3d4e5-v1" },
                    accessLogS3Location: "s3://apigw-logs-bucket/access-logs/a1b2c3d4e5/v1/",
                    executionLogGroupName: EXECUTION,
                    accessLogFormat: PRESETS.json,
                },
            },
        };
        await withServer({ [EXECUTION]: groups[EXECUTION] }, {}, async (server) => {
            const { code, stdout, stderr } = await logs(["--outputs-file", outputsFile(firehoseStage), "--since", "15m", "--status", "5xx"], server.endpoint);
            assert.strictEqual(code, 0);
            assert.match(stderr, /stage "archive" sends its access logs to Firehose \(s3:\/\/apigw-logs-bucket\/access-logs\/a1b2c3d4e5\/v1\/\): query them with Athena\. Showing execution logs only\./);
            // The status comes from "Method completed with status" when there is no access line.
            assert.deepStrictEqual(
                stdout.split("\n").filter((l) => l.startsWith("──")),
                ["── 2026-11-26T11:56:00.000Z  request req-2  502", "── 2026-11-26T11:58:00.000Z  request req-4  500"],
            );
            assert.ok(!server.received.some((r) => r.body.logGroupName !== EXECUTION), "no access-log group is asked for");
        });
    });

    it("reads lines of a non-JSON format by the format's own shape", async () => {
        const clf = (id: string, status: number) => `203.0.113.7 - - [26/Nov/2026:11:59:00 +0000] "GET /pets HTTP/1.1" ${status} 12 ${id} ext-${id}`;
        await withServer({
            [ACCESS]: [
                { timestamp: NOW - 60_000, message: clf("clf-1", 200) },
                { timestamp: NOW - 50_000, message: clf("clf-2", 503) },
            ],
            [EXECUTION]: [{ timestamp: NOW - 50_010, message: "(clf-2) Method completed with status: 503" }],
        }, {}, async (server) => {
            const { stdout } = await logs(
                ["--access-log-group", ACCESS, "--execution-log-group", EXECUTION, "--format", "clf", "--status", "503", "--region", "eu-west-1"],
                server.endpoint,
            );
            assert.deepStrictEqual(stdout.split("\n"), [
                "── 2026-11-26T11:59:10.000Z  request clf-2  GET /pets 503",
                `   access     ${clf("clf-2", 503)}`,
                "   execution  11:59:09.990  (clf-2) Method completed with status: 503",
            ]);
        });
    });

    it("prints its usage and what each flag does with --help, and exits 0", async () => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runLogs(["--help"], { out: (l) => out.push(l), err: (l) => err.push(l) });
        assert.deepStrictEqual([code, err], [0, []]);
        assertHelp(
            out.join("\n"),
            "usage: npm run logs -- --stack <name> [--stage <key>] [--request-id <id> | --since <15m|2h|1d>] [--status <5xx|4xx|502>] " +
                "[--limit <n>] [--show-secrets] [--outputs-file <file>] [--access-log-group <name>] [--execution-log-group <name>] [--format <preset|format>] " +
                "[--region <region>] [--endpoint <url>]",
            [
                "-s, --stack <name>",
                "--stage <key>",
                "--request-id <id>",
                "--since <15m|2h|1d>",
                "--status <5xx|4xx|502>",
                "--limit <n>",
                "--outputs-file <file>",
                "--access-log-group <name>",
                "--execution-log-group <name>",
                "--format <preset|format>",
                "--region <region>",
                "--endpoint <url>",
            ],
        );
    });

    describe("with execution logs delivered by CloudWatch Logs", () => {
        const DELIVERED = "/aws/vendedlogs/apigateway/a1b2c3d4e5/v1/execution-logs";
        const SOURCE_ARN = "arn:aws:apigateway:eu-west-1:123456789012:/restapis/a1b2c3d4e5/stages/v1";
        /**
         * A delivered event in the json format: one object per event with the record fields AWS lists
         * for EXECUTION_LOGS (resource ARN, event timestamp, stage, payload). No stored AWS page spells
         * the keys; the reader takes them in any case.
         */
        const record = (event: FixtureEvent): FixtureEvent => ({
            timestamp: event.timestamp,
            message: JSON.stringify({ resource_arn: SOURCE_ARN, event_timestamp: event.timestamp, stage: "v1", payload: event.message }),
        });
        // req-1 was logged before the delivery existed, in API Gateway's own group; the rest were delivered.
        const deliveredGroups = {
            [ACCESS]: REQUESTS.map((r) => r.access),
            [EXECUTION]: REQUESTS[0].execution,
            [DELIVERED]: REQUESTS.slice(1).flatMap((r) => r.execution.map(record)),
        };
        const deliveredStage = (extra: Record<string, unknown>) => ({
            contractVersion: "1.2",
            stages: { "orders-v1": { ...STAGE_OUTPUTS.stages["orders-v1"], ...extra } },
        });
        const toLogGroup = deliveredStage({ executionLogDestination: "logGroup", executionLogLocation: DELIVERED, executionLogDeliveryGroupName: DELIVERED });

        it("joins a request's access-log line to its delivered execution-log records, read as standard lines", async () => {
            await withServer(deliveredGroups, {}, async (server) => {
                const { code, stdout } = await logs(["--outputs-file", outputsFile(toLogGroup), "--request-id", "req-4"], server.endpoint);
                assert.strictEqual(code, 0);
                assert.strictEqual(
                    stdout,
                    REQ_4,
                );
                // The delivered group first, then API Gateway's own group, which holds the older logs.
                assert.deepStrictEqual(server.received.map((r) => r.body.logGroupName), [ACCESS, DELIVERED, EXECUTION]);
            });
        });

        it("scans a window and joins the 5xx requests to their delivered records by the id in each payload", async () => {
            await withServer(deliveredGroups, {}, async (server) => {
                const { code, stdout } = await logs(["--outputs-file", outputsFile(toLogGroup), "--since", "10m", "--status", "5xx"], server.endpoint);
                assert.strictEqual(code, 0);
                assert.deepStrictEqual(
                    stdout.split("\n").filter((l) => l.startsWith("   execution")).map((l) => l.replace(/^ {3}execution {2}\S+ {2}/, "")),
                    [
                        "(req-2) Extended Request Id: ext-req-2",
                        "(req-2) Method request path: {}",
                        "(req-2) Method completed with status: 502",
                        "(req-4) Extended Request Id: ext-req-4",
                        "(req-4) Method request path: {}",
                        "(req-4) Method completed with status: 500",
                    ],
                );
                const deliveredCall = server.received.find((r) => r.body.logGroupName === DELIVERED);
                assert.strictEqual(deliveredCall?.body.filterPattern, '?"req-2" ?"req-4"');
            });
        });

        it("still finds a request from before the delivery in API Gateway's own group", async () => {
            await withServer(deliveredGroups, {}, async (server) => {
                const { stdout } = await logs(["--outputs-file", outputsFile(toLogGroup), "--request-id", "req-1"], server.endpoint);
                assert.match(stdout, /execution {2}11:55:00\.030 {2}\(req-1\) Method completed with status: 200$/m);
            });
        });

        it("says where the execution logs of a stage delivering to S3 are, and shows the older ones", async () => {
            const toS3 = deliveredStage({ executionLogDestination: "s3", executionLogLocation: "s3://apigw-exec-logs-bucket/AWSLogs/123456789012/" });
            await withServer(deliveredGroups, {}, async (server) => {
                const { code, stdout, stderr } = await logs(["--outputs-file", outputsFile(toS3), "--request-id", "req-1"], server.endpoint);
                assert.strictEqual(code, 0);
                assert.match(
                    stderr,
                    /^stage "orders-v1" delivers its new execution logs to S3 \(s3:\/\/apigw-exec-logs-bucket\/AWSLogs\/123456789012\/\): read them there; showing the execution logs in CloudWatch Logs only/m,
                );
                assert.match(stdout, /\(req-1\) Method completed with status: 200/);
                assert.deepStrictEqual(server.received.map((r) => r.body.logGroupName), [ACCESS, EXECUTION]);
            });
        });
    });

    describe("refuses bad arguments with one line", () => {
        const cases: [string, string[], string][] = [
            ["a duration it cannot read", ["--stack", "dev", "--since", "15 minutes"], 'error: --since: "15 minutes" is not a duration (a number and s, m, h or d, e.g. 15m)'],
            ["a status that is not one", ["--stack", "dev", "--status", "5XX"], 'error: --status: "5XX" is not a status or class (e.g. 5xx, 4xx, 502)'],
            ["a status filter with one request id", ["--stack", "dev", "--request-id", "x", "--status", "5xx"], "error: --status filters a scan (--since); with --request-id there is one request to show"],
            ["an unknown flag", ["--stack", "dev", "--follow", "yes"], "error: unknown argument --follow"],
            ["a flag without its value", ["--stack"], "error: --stack needs a value"],
            ["a value that starts with two dashes, a forgotten value", ["--stack", "dev", "--format", "--limit"], "error: --format needs a value"],
        ];
        for (const [what, argv, message] of cases) {
            it(what, async () => {
                const { code, stderr } = await logs(argv, "http://127.0.0.1:9");
                assert.strictEqual(code, 1);
                assert.ok(stderr.startsWith(message), stderr);
            });
        }

        it("a stack with several stages and no --stage", async () => {
            const two = { stages: { a: STAGE_OUTPUTS.stages["orders-v1"], b: STAGE_OUTPUTS.stages["orders-v1"] } };
            const { code, stderr } = await logs(["--outputs-file", outputsFile(two)], "http://127.0.0.1:9");
            assert.strictEqual(code, 1);
            assert.strictEqual(stderr, "error: this stack logs 2 stages; pick one with --stage (a, b)");
        });

        it("a stage whose outputs are secret, without --show-secrets", async () => {
            // As `pulumi stack output --json` prints a stage whose config has a secure: value.
            const { code, stderr } = await logs(["--outputs-file", outputsFile({ stages: { "orders-v1": "[secret]" } })], "http://127.0.0.1:9");
            assert.strictEqual(code, 1);
            assert.strictEqual(
                stderr,
                'error: stage "orders-v1": its outputs are secret (its config has a secure: value); pass --show-secrets to read them, or --access-log-group and --execution-log-group',
            );
        });

        it("reads --show-secrets, for pulumi stack output", () => {
            assert.deepStrictEqual(parseLogsArgs(["--stack", "dev", "--show-secrets"]), { stack: "dev", showSecrets: true, limit: 20 });
        });

        it("takes values that start with one dash, as a format string can", () => {
            assert.deepStrictEqual(parseLogsArgs(["--access-log-group", ACCESS, "--format", "-$context.requestId $context.status", "-s", "-dev"]), {
                accessLogGroup: ACCESS,
                format: "-$context.requestId $context.status",
                stack: "-dev",
                limit: 20,
            });
        });

        it("reads durations in seconds, minutes, hours and days", () => {
            assert.deepStrictEqual(["90s", "15m", "2h", "7d"].map(parseDuration), [90_000, 900_000, 7_200_000, 604_800_000]);
        });
    });
});
