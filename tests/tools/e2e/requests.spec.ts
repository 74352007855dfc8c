// Scenario 1's and 3's checks against local fakes on 127.0.0.1: a stage answering (or not) and the
// fake CloudWatch Logs server, whose log groups fill while the suite waits.

import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { PRESETS } from "../../../packages/apigw-logging/src/accessLogFormat";
import { callStage, lookUpRequest, requestCheck } from "../../../tools/e2e/requests";
import { waitFor, WaitTimeoutError } from "../../../tools/e2e/wait";
import { FixtureEvent, LOCAL_CREDENTIALS, withServer } from "../fakes/cloudWatchLogs";

const NOW = Date.parse("2026-12-03T12:00:00.000Z");
const ACCESS = "API-Gateway-Access-Logs_a1b2c3d4e5/e2e-20261203114532-4c9f";
const EXECUTION = "API-Gateway-Execution-Logs_a1b2c3d4e5/e2e-20261203114532-4c9f";
const OUTPUTS = {
    stages: {
        sample: { restApiId: "a1b2c3d4e5", stageName: "e2e-20261203114532-4c9f", accessLogGroupName: ACCESS, executionLogGroupName: EXECUTION, accessLogFormat: PRESETS.json },
    },
};

const accessLine = (requestId: string) =>
    PRESETS.json.replace("$context.requestId", requestId).replace("$context.status", "200").replace("$context.error.messageString", '"-"').replace(/\$context\.[A-Za-z.]+/g, "-");

async function stageServer(handler: http.RequestListener) {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const client = (endpoint: string) => new CloudWatchLogsClient({ endpoint, region: "eu-west-1", credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });

describe("e2e: calling a stage", () => {
    it("is done on a 200 with API Gateway's request id header, pending (with why) on anything else", async () => {
        const answers = [
            { status: 403, headers: {}, body: '{"message":"Forbidden"}' },
            { status: 200, headers: { "x-amzn-requestid": "req-from-header" }, body: "{}" },
            { status: 200, headers: {}, body: '{"message": "hello", "requestId": "req-from-body"}' },
            { status: 200, headers: {}, body: "not json" },
        ];
        const stage = await stageServer((req, res) => {
            const answer = answers.shift()!;
            res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
            res.end(answer.body);
        });
        try {
            assert.deepStrictEqual(await callStage(`${stage.url}/e2e`), { done: false, detail: `GET ${stage.url}/e2e answered 403: {"message":"Forbidden"}` });
            assert.deepStrictEqual(await callStage(`${stage.url}/e2e`), { done: true, value: { url: `${stage.url}/e2e`, status: 200, requestId: "req-from-header" } });
            assert.strictEqual(((await callStage(stage.url)) as { value: { requestId: string } }).value.requestId, "req-from-body");
            assert.match((await callStage(stage.url) as { detail: string }).detail, /answered 200 with no x-amzn-RequestId header and no requestId in the body/);
        } finally {
            await stage.close();
        }
        // Nothing listening (a port just freed): a new API's host name that does not resolve yet looks the same.
        const closed = await stageServer(() => undefined);
        await closed.close();
        const refused = await callStage(closed.url);
        assert.strictEqual(refused.done, false);
        assert.match((refused as { detail: string }).detail, /^GET http:\/\/127\.0\.0\.1:\d+ failed: fetch failed \(ECONNREFUSED\)$/);
    });
});

describe("e2e: finding a request in the logs, through npm run logs' code", () => {
    it("waits until the request id is in the access-log group and the execution-log group", async () => {
        const groups: Record<string, FixtureEvent[]> = { [ACCESS]: [], [EXECUTION]: [] };
        await withServer(groups, {}, async (server) => {
            let polls = 0;
            const request = await waitFor(
                async () => requestCheck(await lookUpRequest(client(server.endpoint), { outputs: OUTPUTS, stage: "sample", requestId: "req-7", sinceMs: 30 * 60_000, now: () => NOW }), { access: true, execution: true }),
                {
                    what: "request req-7",
                    timeoutMs: 5_000,
                    intervalMs: 1,
                    // The logs arrive while the suite waits: the access line first, then the execution lines.
                    onPending: () => {
                        polls++;
                        if (polls === 1) server.groups[ACCESS].push({ timestamp: NOW - 1000, message: accessLine("req-7") });
                        if (polls === 2) server.groups[EXECUTION].push({ timestamp: NOW - 1010, message: "(req-7) Method completed with status: 200" }, { timestamp: NOW - 1005, message: "(req-8) Method completed with status: 200" });
                    },
                },
            );
            assert.strictEqual(polls, 2);
            assert.strictEqual(request.fields["$context.requestId"], "req-7");
            assert.deepStrictEqual(request.execution.map((e) => e.message), ["(req-7) Method completed with status: 200"]);
            // As `npm run logs -- --request-id req-7 --since 1800s`: both groups of the stage, the id as a quoted term.
            const first = server.received.slice(0, 2).map((r) => [r.body.logGroupName, r.body.filterPattern, NOW - (r.body.startTime ?? 0)]);
            assert.deepStrictEqual(first, [
                [ACCESS, '"req-7"', 1_800_000],
                [EXECUTION, '"req-7"', 1_800_000],
            ]);
        });
    });

    it("times out saying what it found and what npm run logs noticed", async () => {
        await withServer({ [ACCESS]: [{ timestamp: NOW - 1000, message: accessLine("req-9") }] }, {}, async (server) => {
            const wait = waitFor(
                async () => requestCheck(await lookUpRequest(client(server.endpoint), { outputs: OUTPUTS, stage: "sample", requestId: "req-9", sinceMs: 60_000, now: () => NOW }), { access: true, execution: true }),
                { what: `request req-9 in ${ACCESS} and ${EXECUTION}`, timeoutMs: 20, intervalMs: 5 },
            );
            await assert.rejects(wait, (error: unknown) => {
                assert.ok(error instanceof WaitTimeoutError);
                assert.match(
                    error.message,
                    new RegExp(
                        `^timed out after \\d+s waiting for request req-9 in ${ACCESS.replace(/[/]/g, "\\/")} and .* \\(\\d+ checks\\); last check: access-log line found; 0 execution-log lines; ` +
                            `notice: no execution logs: log group "${EXECUTION.replace(/[/]/g, "\\/")}" does not exist in this account and region`,
                    ),
                );
                return true;
            });
        });
    });

    it("looks for execution-log lines alone on a stage whose access logs are not configured (scenario 3)", async () => {
        const groups = {
            [ACCESS]: [],
            [EXECUTION]: [
                { timestamp: NOW - 500, message: "(pets-1) Extended Request Id: x" },
                { timestamp: NOW - 400, message: "(pets-1) Method request path: {id=42}" },
            ],
        };
        await withServer(groups, {}, async (server) => {
            const found = await lookUpRequest(client(server.endpoint), { outputs: OUTPUTS, stage: "sample", requestId: "pets-1", sinceMs: 60_000, now: () => NOW });
            const check = requestCheck(found, { access: false, execution: true });
            assert.ok(check.done);
            assert.strictEqual(check.value.execution.length, 2);
            const root = await lookUpRequest(client(server.endpoint), { outputs: OUTPUTS, stage: "sample", requestId: "root-1", sinceMs: 60_000, now: () => NOW });
            assert.strictEqual(root.request, undefined, "a request at ERROR level leaves no lines");
            assert.deepStrictEqual(requestCheck(root, { access: false, execution: true }), { done: false, detail: "0 execution-log lines" });
        });
    });

    it("refuses a stage the outputs do not have, as npm run logs does", async () => {
        await assert.rejects(
            lookUpRequest(client("http://127.0.0.1:9"), { outputs: OUTPUTS, stage: "nested", requestId: "x", sinceMs: 1000 }),
            /--stage: "nested" is not a stage of this stack \(stages: sample\)/,
        );
    });
});
