// The end-to-end scenarios, in order, on one stack in a real account (npm run test:e2e; never part of
// npm test). Each builds on the one before, so the suite stops at the first failure (mocha bail) and
// suite.ts cleans up whatever the run made. Every wait is bounded and says what it waited for.
//
//   1. up; call the sample stage; its request id in the access-log group and the execution-log group
//   2. retention and format preset changed in place: preview shows updates and no replacement
//   3. a per-method override on a nested path: the stage's method-settings key and level, and its effect
//   4. a stage renamed with previousNames: no replacement, nothing created or deleted
//   5. access logs through Firehose: the request's line in an object under the configured S3 prefix
//   6. destroy keeps both log groups (with their retention) and the account setting's role; up again
//      succeeds, adopting the retained log groups of the listed stage
//   7. cleanup removes everything the run made, what destroy retained included

import { GetAccountCommand } from "@aws-sdk/client-api-gateway";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import * as assert from "assert";
import { resolveAccessLogFormat, STAGE_LOGGING_TYPE } from "apigw-logging";
import { cleanupProblems } from "./cleanup";
import { NESTED_OVERRIDE, scenarioSteps } from "./config";
import { currentRun } from "./context";
import { callStage, Call, lookUpRequest, requestCheck } from "./requests";
import { methodSettingProblem, objectContaining, PARTITIONED_KEY, pointerEscapedMethodPath, readStage } from "./stageChecks";
import { describeSteps, Step, stepFor, stepsWith, urnName } from "./steps";
import { formatDuration, waitFor, WaitTimeoutError } from "./wait";

const run = currentRun();
const { region } = run.options;
const minutes = (variable: string, fallback: number) => Number(process.env[variable] || fallback) * 60_000;
/** How long a request may take to show up in CloudWatch Logs (the first one after the account setting is made included). */
const LOG_WAIT_MS = minutes("E2E_LOG_WAIT_MINUTES", 6);
/** How long Firehose may take to deliver (the suite buffers 60 s; the first delivery of a new stream takes longer). */
const S3_WAIT_MS = minutes("E2E_S3_WAIT_MINUTES", 12);
const progress = (detail: string, elapsedMs: number) => run.options.log(`  … ${formatDuration(elapsedMs)}: ${detail}`);

// The same client settings as `npm run logs`: one attempt per call, its own throttling retries.
const logsReader = new CloudWatchLogsClient({ region, maxAttempts: 1 });

type Outputs = Record<string, unknown>;
type StageOutputs = {
    restApiId: string;
    stageName: string;
    accessLogGroupName?: string;
    executionLogGroupName: string;
    accessLogFormat: string;
    accessLogS3Location?: string;
    accessLogBucketName?: string;
    accessLogStreamArn?: string;
};
const stageOf = (outputs: Outputs, key: string): StageOutputs => {
    const stage = (outputs.stages as Record<string, StageOutputs> | undefined)?.[key];
    assert.ok(stage, `the stack outputs have no stages.${key} (stages: ${Object.keys((outputs.stages as object) ?? {}).join(", ")})`);
    return stage;
};

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const STAGE = "aws:apigateway/stage:Stage";

/** The config of each scenario (config.ts; validated and planned by tests/tools/e2e/config.spec.ts). */
const steps = () => scenarioSteps({ runId: run.runId, region, nestedRestApiId: run.nestedApi!.id });

async function callUntilOk(url: string): Promise<Call> {
    return waitFor(() => callStage(url), { what: `GET ${url} to answer 200`, timeoutMs: 5 * 60_000, intervalMs: 10_000, onPending: progress });
}

async function logGroup(name: string): Promise<{ retentionInDays?: number; creationTime?: number } | undefined> {
    const page = await run.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    return page.logGroups?.find((g) => g.logGroupName === name);
}

/** Fails, listing every change, when any resource would be replaced, created or deleted. */
function assertNoChurn(changes: Step[], what: string): void {
    const ops = ["replace", "create", "delete"] as const;
    assert.deepStrictEqual(
        stepsWith(changes, [...ops]).map((s) => `${s.op} ${s.type} ${urnName(s.urn)}${s.replaceKeys.length ? ` (replace keys: ${s.replaceKeys.join(", ")})` : ""}`),
        [],
        `${what}: expected no ${ops.join("/")}, got: ${describeSteps(changes)}`,
    );
}

describe(`apigw-logging end to end: stack ${run.runId} in ${region}`, function () {
    this.timeout(45 * 60_000);
    let outputs: Outputs = {};
    // What scenario 6 checks after destroy: the log groups and role the earlier scenarios made.
    const retained: { name: string; retentionInDays: number; creationTime?: number }[] = [];
    let nestedGroups: { access: string; execution: string } | undefined;

    before(async () => {
        await run.start();
        await run.createNestedApi();
    });

    it("1. up; a call to the sample stage: its request id is in the access-log group and the execution-log group (npm run logs)", async () => {
        await run.configure(steps().up);
        ({ outputs } = await run.up());
        const sample = stageOf(outputs, "sample");
        const call = await callUntilOk(outputs.invokeUrl as string);
        run.options.log(`called ${call.url}: request ${call.requestId}`);
        const request = await waitFor(
            async () => requestCheck(await lookUpRequest(logsReader, { outputs, stage: "sample", requestId: call.requestId, sinceMs: 30 * 60_000 }), { access: true, execution: true }),
            {
                what: `request ${call.requestId} in ${sample.accessLogGroupName} and ${sample.executionLogGroupName}`,
                timeoutMs: LOG_WAIT_MS,
                intervalMs: 15_000,
                onPending: progress,
            },
        );
        assert.strictEqual(request.fields["$context.requestId"], call.requestId, "the access-log line, read with the stage's format, names the request");
        assert.ok(request.execution.every((e) => e.message.startsWith(`(${call.requestId})`)), "execution-log lines start with (<request id>)");
    });

    it("2. retention and format preset change in place: preview shows updates, no replacement; AWS then has them", async () => {
        await run.configure(steps().inPlace);
        const preview = await run.preview();
        assertNoChurn(preview.steps, "preview of a retention and format change");
        const accessGroup = stepFor(preview.steps, LOG_GROUP, "sample-logging-access-logs");
        const stage = stepFor(preview.steps, STAGE, "sample-logging-stage");
        assert.strictEqual(accessGroup?.op, "update", `the access-log group should be updated (retention): ${describeSteps(preview.steps)}`);
        assert.strictEqual(stage?.op, "update", `the stage should be updated (format): ${describeSteps(preview.steps)}`);

        const up = await run.up();
        outputs = up.outputs;
        assertNoChurn(up.steps, "up of a retention and format change");
        const sample = stageOf(outputs, "sample");
        const group = await logGroup(sample.accessLogGroupName!);
        assert.strictEqual(group?.retentionInDays, 14, `${sample.accessLogGroupName}: retention in CloudWatch Logs`);
        const readBack = await readStage(run.clients.apigateway, sample.restApiId, sample.stageName);
        const clf = resolveAccessLogFormat("clf", "e2e");
        assert.strictEqual(readBack.accessLogSettings?.format, clf, "the stage's access-log format in API Gateway is the clf preset");
        assert.strictEqual(sample.accessLogFormat, clf, "the accessLogFormat output");
    });

    it(`3. a per-method override on a nested path (${NESTED_OVERRIDE.methodPath} at ${NESTED_OVERRIDE.loggingLevel}) is in the stage and takes effect`, async () => {
        await run.configure(steps().override);
        ({ outputs } = await run.up());
        const nested = stageOf(outputs, "nested");
        const readBack = await readStage(run.clients.apigateway, nested.restApiId, nested.stageName);
        const problems = [methodSettingProblem(readBack, "*/*", "ERROR"), methodSettingProblem(readBack, pointerEscapedMethodPath(NESTED_OVERRIDE.methodPath), NESTED_OVERRIDE.loggingLevel)].filter(Boolean);
        assert.deepStrictEqual(problems, [], "GetStage's method settings");

        // The stage logs at ERROR, so a successful call writes no execution-log lines unless the override applies to it.
        const root = await callUntilOk(`${run.nestedApi!.invokeUrl}/`);
        const pets = await callUntilOk(`${run.nestedApi!.invokeUrl}/pets/42`);
        try {
            await waitFor(
                async () => requestCheck(await lookUpRequest(logsReader, { outputs, stage: "nested", requestId: pets.requestId, sinceMs: 30 * 60_000 }), { access: false, execution: true }),
                { what: `execution-log lines of GET /pets/42 (request ${pets.requestId}) in ${nested.executionLogGroupName}`, timeoutMs: LOG_WAIT_MS, intervalMs: 15_000, onPending: progress },
            );
        } catch (error) {
            if (error instanceof WaitTimeoutError) {
                throw new Error(
                    `${error.message}. The stage logs at ERROR; only the override on ${NESTED_OVERRIDE.methodPath} makes API Gateway write INFO lines ` +
                        `for GET /pets/{id}, so the override is in the stage (${Object.keys(readBack.methodSettings ?? {}).join(", ")}) but does not apply to the method`,
                );
            }
            throw error;
        }
        const rootLogs = await lookUpRequest(logsReader, { outputs, stage: "nested", requestId: root.requestId, sinceMs: 30 * 60_000 });
        assert.strictEqual(rootLogs.request?.execution.length ?? 0, 0, `GET / (request ${root.requestId}) is not overridden and logs at ERROR: no execution-log lines expected`);
    });

    it("4. a stage renamed with previousNames: preview and up replace, create and delete nothing", async () => {
        await run.configure(steps().rename);
        const preview = await run.preview();
        assertNoChurn(preview.steps, "preview of the rename");
        const up = await run.up();
        outputs = up.outputs;
        assertNoChurn(up.steps, "up of the rename");
        assert.ok(stepFor(up.steps, STAGE_LOGGING_TYPE, "nested-renamed"), "the component is known under its new name");
        const nested = stageOf(outputs, "nested-renamed");
        const readBack = await readStage(run.clients.apigateway, nested.restApiId, nested.stageName);
        assert.strictEqual(methodSettingProblem(readBack, pointerEscapedMethodPath(NESTED_OVERRIDE.methodPath), NESTED_OVERRIDE.loggingLevel), undefined, "the override survives the rename");

        // Scenario 6 checks these after destroy, and adopts the nested stage's groups again.
        const sample = stageOf(outputs, "sample");
        nestedGroups = { access: nested.accessLogGroupName!, execution: nested.executionLogGroupName };
        for (const [name, retentionInDays] of [
            [sample.accessLogGroupName!, 14],
            [nested.accessLogGroupName!, 14],
            [nested.executionLogGroupName, 3],
        ] as const) {
            retained.push({ name, retentionInDays, creationTime: (await logGroup(name))?.creationTime });
        }
    });

    it("5. access logs through Firehose: the request's line lands in an object under the configured S3 prefix", async () => {
        // The listed stage leaves the list (config.ts says why); its log groups are retained, which scenario 6 checks.
        await run.configure(steps().firehose);
        ({ outputs } = await run.up());
        const sample = stageOf(outputs, "sample");
        assert.ok(sample.accessLogS3Location && sample.accessLogBucketName && sample.accessLogStreamArn, "Firehose outputs: accessLogS3Location, accessLogBucketName, accessLogStreamArn");
        const readBack = await readStage(run.clients.apigateway, sample.restApiId, sample.stageName);
        assert.strictEqual(readBack.accessLogSettings?.destinationArn, sample.accessLogStreamArn, "the stage's access-log destination is the stream");

        const bucket = sample.accessLogBucketName!;
        const prefix = sample.accessLogS3Location!.slice(`s3://${bucket}/`.length);
        const call = await callUntilOk(outputs.invokeUrl as string);
        const object = await waitFor(objectContaining(run.clients.s3, bucket, prefix, call.requestId), {
            what: `an object under ${sample.accessLogS3Location} with request ${call.requestId}`,
            timeoutMs: S3_WAIT_MS,
            intervalMs: 30_000,
            onPending: progress,
        });
        assert.match(object.key.slice(prefix.length), PARTITIONED_KEY, `${object.key}: under the prefix, in year=/month=/day=/hour= partitions`);
        const line = object.text.split("\n").find((l) => l.includes(call.requestId))!;
        assert.strictEqual((JSON.parse(line) as { requestId?: string }).requestId, call.requestId, "one JSON access-log line per record, newline-delimited");
    });

    it("6. destroy keeps both log groups with their retention and the account setting's role; up again adopts the retained groups", async () => {
        const sample = stageOf(outputs, "sample");
        const roleArn = outputs.cloudWatchRoleArn as string;
        retained.push({ name: sample.executionLogGroupName, retentionInDays: 3, creationTime: (await logGroup(sample.executionLogGroupName))?.creationTime });

        const destroyed = await run.destroy();
        assert.strictEqual(destroyed.result, "succeeded", "pulumi destroy");
        for (const group of retained) {
            const found = await logGroup(group.name);
            assert.ok(found, `log group ${group.name} still exists after destroy`);
            assert.strictEqual(found.retentionInDays, group.retentionInDays, `log group ${group.name} keeps its retention`);
        }
        const account = await run.clients.apigateway.send(new GetAccountCommand({}));
        assert.strictEqual(account.cloudwatchRoleArn, roleArn, "the region's account setting still points at the stack's CloudWatch role");
        assert.ok(await run.roleExists(roleArn), `the role ${roleArn} still exists`);

        // Adopting the listed stage's retained groups, as the README's walk-through says (pulumi import,
        // under the stage's component), then up: nothing fails on a name that is taken.
        await run.configure(steps().again);
        await run.stack!.import({
            resources: [
                { type: STAGE_LOGGING_TYPE, name: "nested-renamed", component: true },
                { type: LOG_GROUP, name: "nested-renamed-access-logs", id: nestedGroups!.access, parent: "nested-renamed" },
                { type: LOG_GROUP, name: "nested-renamed-execution-logs", id: nestedGroups!.execution, parent: "nested-renamed" },
            ],
            protect: false,
            generateCode: false,
            onOutput: (text) => run.options.log(`  | ${text.trimEnd()}`),
        });
        const up = await run.up();
        outputs = up.outputs;
        assert.strictEqual(up.summary.result, "succeeded", "pulumi up after destroy");
        for (const name of ["nested-renamed-access-logs", "nested-renamed-execution-logs"]) {
            const adopted = stepFor(up.steps, LOG_GROUP, name);
            assert.ok(adopted && ["same", "update"].includes(adopted.op), `${name} is adopted (same or update), not ${adopted?.op ?? "missing"}`);
        }
        for (const group of retained.filter((g) => g.name === nestedGroups!.access || g.name === nestedGroups!.execution)) {
            assert.strictEqual((await logGroup(group.name))?.creationTime, group.creationTime, `${group.name} is the same log group, not a new one`);
        }
        const now = await run.clients.apigateway.send(new GetAccountCommand({}));
        assert.strictEqual(now.cloudwatchRoleArn, outputs.cloudWatchRoleArn, "the account setting points at the role of the new up");
    });

    it("7. cleanup removes everything the run made, what destroy retained included", async () => {
        const report = await run.cleanup();
        assert.strictEqual(cleanupProblems(report), undefined);
        // The only thing a run may keep: the role the account setting points at, when there is no earlier role to point it back at.
        const kept = report.plan.keep.filter((k) => k.resource.runId === run.runId);
        assert.deepStrictEqual(
            kept.filter((k) => k.resource.kind !== "iam-role").map((k) => `${k.resource.kind} ${k.resource.name}: ${k.reason}`),
            [],
            "nothing of this run but the account setting's role is kept",
        );
        assert.ok(report.removed.length > 0, "cleanup removed the run's resources");
    });
});
