// Scenario 7 and the cleanup after a failed run: what is removed, what is kept and why, in which
// order, what "nothing left" is checked against; the CloudWatch Logs part against the local fake.

import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import * as assert from "assert";
import { listLogGroups, listQueryDefinitions, removeLogGroup, removeQueryDefinition, retrying } from "../../../tools/e2e/awsCleanup";
import { CleanupApi, cleanupProblems, Found, Inventory, Kind, planCleanup, runCleanup } from "../../../tools/e2e/cleanup";
import { LOCAL_CREDENTIALS, withServer } from "../fakes/cloudWatchLogs";

const THIS_RUN = "e2e-20261203100000-aaaa";
const OLD_RUN = "e2e-20261202220000-bbbb"; // 12 h before this run
const YOUNG_RUN = "e2e-20261203093000-cccc"; // 30 min before this run
const NOW = Date.parse("2026-12-03T10:00:00Z");
const HOURS = 3_600_000;
const ARN = (role: string) => `arn:aws:iam::123456789012:role/${role}`;

const found = (kind: Kind, name: string, runId: string, id = name): Found => ({ kind, id, name, runId });
const role = (runId: string) => found("iam-role", `${runId}-account-setting-cloudwatch-role-1a2b`, runId);
const THIS_RUN_RESOURCES: Found[] = [
    role(THIS_RUN),
    found("log-group", `API-Gateway-Execution-Logs_a1b2c3d4e5/${THIS_RUN}`, THIS_RUN),
    found("s3-bucket", "apigw-logs-123456789012-eu-west-1-a1b2c3d4e5-e2e-20261-ebe35603", THIS_RUN),
    found("rest-api", `${THIS_RUN}-sample`, THIS_RUN, "a1b2c3d4e5"),
    found("firehose-stream", `amazon-apigateway-a1b2c3d4e5-${THIS_RUN}`, THIS_RUN),
    found("query-definition", `API Gateway/${THIS_RUN}-sample/${THIS_RUN}/Top client IPs`, THIS_RUN, "q-1"),
    found("stack-file", `Pulumi.${THIS_RUN}.yaml`, THIS_RUN, `/repo/Pulumi.${THIS_RUN}.yaml`),
];

describe("e2e: cleanup plan", () => {
    it("removes this run's resources, in an order each delete can succeed in", () => {
        const plan = planCleanup({ found: THIS_RUN_RESOURCES }, { runId: THIS_RUN, now: NOW, staleAfterMs: 6 * HOURS });
        assert.deepStrictEqual(
            plan.remove.map((r) => r.kind),
            ["firehose-stream", "rest-api", "query-definition", "log-group", "s3-bucket", "iam-role", "stack-file"],
        );
        assert.deepStrictEqual(plan.keep, []);
    });

    it("removes an earlier run's leftovers once that run is stale, and keeps a recent run's with the reason", () => {
        const inventory = { found: [found("log-group", `API-Gateway-Access-Logs_x/${OLD_RUN}`, OLD_RUN), found("log-group", `API-Gateway-Access-Logs_y/${YOUNG_RUN}`, YOUNG_RUN)] };
        const plan = planCleanup(inventory, { runId: THIS_RUN, now: NOW, staleAfterMs: 6 * HOURS });
        assert.deepStrictEqual(plan.remove.map((r) => r.runId), [OLD_RUN]);
        assert.deepStrictEqual(
            plan.keep.map((k) => k.reason),
            [`run ${YOUNG_RUN} started 30m 0s ago and may still be going; it is removed once older than 6h 0m`],
        );
        // --cleanup-only has no run of its own and the same rule; E2E_STALE_HOURS=0 removes everything.
        assert.strictEqual(planCleanup(inventory, { now: NOW, staleAfterMs: 0 }).remove.length, 2);
    });

    it("points the account setting back at the role it had before the run, then removes the run's role", () => {
        const plan = planCleanup(
            { found: [role(THIS_RUN)], accountRoleArn: ARN(role(THIS_RUN).name) },
            { runId: THIS_RUN, now: NOW, staleAfterMs: 6 * HOURS, previousAccountRoleArn: ARN("platform-apigw-logs") },
        );
        assert.strictEqual(plan.restoreAccountRoleArn, ARN("platform-apigw-logs"));
        assert.strictEqual(plan.replacedRoleName, role(THIS_RUN).name);
        assert.deepStrictEqual(plan.remove.map((r) => r.name), [role(THIS_RUN).name]);
    });

    it("keeps the role the account setting points at when there is no earlier role to point it back at", () => {
        for (const previousAccountRoleArn of [undefined, ARN(role(OLD_RUN).name)]) {
            // No role before the run, or only a stale run's role, which is removed too.
            const plan = planCleanup(
                { found: [role(THIS_RUN), role(OLD_RUN)], accountRoleArn: ARN(role(THIS_RUN).name) },
                { runId: THIS_RUN, now: NOW, staleAfterMs: 6 * HOURS, previousAccountRoleArn },
            );
            assert.strictEqual(plan.restoreAccountRoleArn, undefined);
            assert.deepStrictEqual(plan.remove.map((r) => r.runId), [OLD_RUN]);
            assert.deepStrictEqual(plan.keep.map((k) => k.resource.runId), [THIS_RUN]);
            assert.match(plan.keep[0].reason, /account setting points at it.*deleting it would stop execution logging for every REST API in the region/);
        }
    });

    it("removes a role the account setting does not point at", () => {
        const plan = planCleanup({ found: [role(THIS_RUN)], accountRoleArn: ARN("someone-elses-role") }, { runId: THIS_RUN, now: NOW, staleAfterMs: HOURS });
        assert.deepStrictEqual(plan.remove.map((r) => r.kind), ["iam-role"]);
    });
});

/** An account in memory: what is there, what was removed, and failures to inject. */
function memoryApi(initial: Inventory, options: { failRemove?: string; failRestore?: boolean; survives?: string } = {}) {
    const present = [...initial.found];
    let accountRoleArn = initial.accountRoleArn;
    const calls: string[] = [];
    const api: CleanupApi = {
        inventory: async () => ({ found: [...present], accountRoleArn }),
        remove: async (resource) => {
            calls.push(`remove ${resource.kind} ${resource.name}`);
            if (resource.name === options.failRemove) throw new Error("AccessDenied: not allowed");
            if (resource.name !== options.survives) present.splice(present.indexOf(resource), 1);
        },
        setAccountRole: async (arn) => {
            calls.push(`account ${arn}`);
            if (options.failRestore) throw new Error("BadRequestException: The role ARN does not have required permissions");
            accountRoleArn = arn;
        },
    };
    return { api, calls, present: () => present };
}

describe("e2e: running the cleanup", () => {
    const log: string[] = [];
    const options = { runId: THIS_RUN, now: NOW, staleAfterMs: 6 * HOURS, log: (l: string) => log.push(l) };

    it("restores the account setting first, removes in order, and checks that nothing is left", async () => {
        const account = memoryApi({ found: THIS_RUN_RESOURCES, accountRoleArn: ARN(role(THIS_RUN).name) });
        const report = await runCleanup(account.api, { ...options, previousAccountRoleArn: ARN("platform-apigw-logs") });
        assert.strictEqual(cleanupProblems(report), undefined);
        assert.deepStrictEqual(account.present(), []);
        assert.strictEqual(account.calls[0], `account ${ARN("platform-apigw-logs")}`);
        assert.deepStrictEqual(account.calls.slice(1).map((c) => c.split(" ")[1]), ["firehose-stream", "rest-api", "query-definition", "log-group", "s3-bucket", "iam-role", "stack-file"]);
        // Safe to run again: nothing of the run is found, nothing is removed.
        const again = await runCleanup(account.api, options);
        assert.deepStrictEqual([again.removed, again.failed, again.leftovers], [[], [], []]);
    });

    it("reports a delete that failed and a resource still there after its delete, and goes on with the rest", async () => {
        const account = memoryApi({ found: THIS_RUN_RESOURCES }, { failRemove: `${THIS_RUN}-sample`, survives: `API-Gateway-Execution-Logs_a1b2c3d4e5/${THIS_RUN}` });
        const report = await runCleanup(account.api, options);
        assert.strictEqual(report.removed.length, THIS_RUN_RESOURCES.length - 1);
        assert.strictEqual(
            cleanupProblems(report),
            `cleanup left 2 problem(s): rest-api ${THIS_RUN}-sample: AccessDenied: not allowed; log-group API-Gateway-Execution-Logs_a1b2c3d4e5/${THIS_RUN} still exists after its removal`,
        );
    });

    it("does not remove the role the setting points at when pointing it back failed", async () => {
        const account = memoryApi({ found: [role(THIS_RUN)], accountRoleArn: ARN(role(THIS_RUN).name) }, { failRestore: true });
        const report = await runCleanup(account.api, { ...options, previousAccountRoleArn: ARN("platform-apigw-logs") });
        assert.deepStrictEqual(account.present(), [role(THIS_RUN)]);
        assert.match(cleanupProblems(report)!, /pointing the account setting back failed: BadRequestException.*iam-role e2e-20261203100000-aaaa-account-setting-cloudwatch-role-1a2b: not removed/);
    });
});

describe("e2e: cleanup in CloudWatch Logs (local fake)", () => {
    const client = (endpoint: string) => new CloudWatchLogsClient({ endpoint, region: "eu-west-1", credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });

    it("lists the log groups and saved queries that carry a run id, every page, and removes them (twice is fine)", async () => {
        const groups = {
            [`API-Gateway-Access-Logs_a1b2c3d4e5/${THIS_RUN}`]: [],
            [`API-Gateway-Execution-Logs_a1b2c3d4e5/${THIS_RUN}`]: [],
            [`API-Gateway-Execution-Logs_n1e2s3t4e5/${THIS_RUN}`]: [],
            "API-Gateway-Execution-Logs_k2l3m4n5o6/live": [],
            [`/aws/kinesisfirehose/amazon-apigateway-a1b2c3d4e5-${OLD_RUN}`]: [],
            [`/aws/lambda/${THIS_RUN}`]: [],
        };
        const queries = [
            { queryDefinitionId: "q-1", name: `API Gateway/${THIS_RUN}-sample/${THIS_RUN}/Top client IPs` },
            { queryDefinitionId: "q-2", name: "API Gateway/orders-api/v1/Top client IPs" },
            { queryDefinitionId: "q-3", name: `API Gateway/${THIS_RUN}-nested/${THIS_RUN}/5xx errors by resource path` },
        ];
        await withServer(groups, { pageSize: 2, queries }, async (server) => {
            const logs = client(server.endpoint);
            const found = await listLogGroups(logs);
            assert.deepStrictEqual(
                found.map((f) => [f.name, f.runId]),
                [
                    [`API-Gateway-Access-Logs_a1b2c3d4e5/${THIS_RUN}`, THIS_RUN],
                    [`API-Gateway-Execution-Logs_a1b2c3d4e5/${THIS_RUN}`, THIS_RUN],
                    [`API-Gateway-Execution-Logs_n1e2s3t4e5/${THIS_RUN}`, THIS_RUN],
                    [`/aws/kinesisfirehose/amazon-apigateway-a1b2c3d4e5-${OLD_RUN}`, OLD_RUN],
                ],
            );
            // Only under the prefixes API Gateway and the Firehose sink use; the Execution-Logs prefix took two pages.
            const prefixCalls = server.received.filter((r) => r.target.endsWith("DescribeLogGroups")).map((r) => [r.body.logGroupNamePrefix, r.body.nextToken]);
            assert.deepStrictEqual(prefixCalls, [
                ["API-Gateway-Access-Logs_", undefined],
                ["API-Gateway-Execution-Logs_", undefined],
                ["API-Gateway-Execution-Logs_", "2"],
                ["/aws/kinesisfirehose/amazon-apigateway-", undefined],
            ]);
            const queriesFound = await listQueryDefinitions(logs);
            assert.deepStrictEqual(queriesFound.map((q) => [q.id, q.runId]), [["q-1", THIS_RUN], ["q-3", THIS_RUN]]);

            for (const group of found) {
                await removeLogGroup(logs, group.id);
                await removeLogGroup(logs, group.id);
            }
            await removeQueryDefinition(logs, "q-1");
            await removeQueryDefinition(logs, "q-1");
            assert.deepStrictEqual(Object.keys(server.groups).sort(), ["/aws/lambda/e2e-20261203100000-aaaa", "API-Gateway-Execution-Logs_k2l3m4n5o6/live"]);
            assert.deepStrictEqual(server.queries.map((q) => q.queryDefinitionId), ["q-2", "q-3"]);
        });
    });

    it("passes on an error that is not 'not found'", async () => {
        await withServer({}, {}, async (server) => {
            server.close();
            await assert.rejects(removeLogGroup(client(server.endpoint), "x"), (error: Error) => !/ResourceNotFound/.test(error.name));
        });
    });
});

describe("e2e: retrying throttled calls", () => {
    const throttled = (name: string) => Object.assign(new Error("Too Many Requests"), { name });

    it("retries TooManyRequestsException with doubling delays (DeleteRestApi: one call per 30 s per account)", async () => {
        const sleeps: number[] = [];
        let calls = 0;
        const result = await retrying(
            async () => {
                if (++calls < 4) throw throttled("TooManyRequestsException");
                return "deleted";
            },
            { baseMs: 1000, sleep: async (ms) => void sleeps.push(ms) },
        );
        assert.strictEqual(result, "deleted");
        assert.deepStrictEqual(sleeps, [1000, 2000, 4000]);
    });

    it("gives up after its attempts, and never retries other errors", async () => {
        let calls = 0;
        await assert.rejects(retrying(async () => { calls++; throw throttled("Throttling"); }, { attempts: 3, sleep: async () => undefined }), /Too Many Requests/);
        assert.strictEqual(calls, 3);
        calls = 0;
        await assert.rejects(retrying(async () => { calls++; throw throttled("AccessDeniedException"); }, { sleep: async () => undefined }));
        assert.strictEqual(calls, 1);
    });
});
