// The e2e stack config of every step, checked by the program itself: validated by the same function
// `pulumi preview` runs (resolveStackConfig), then planned under mocks (tools/plan.ts). The plans
// show what the suite will deploy, and that cleanup can find every resource of it by its run id.

import * as assert from "assert";
import { resolveAccessLogFormat } from "apigw-logging";
import { resolveStackConfig } from "../../../program/config/stackConfig";
import { LOG_GROUP_PREFIXES, QUERY_FOLDER_PREFIX } from "../../../tools/e2e/awsCleanup";
import { byPathMode, E2E_TAG, e2eStackConfig, E2eStep, NESTED_OVERRIDE, scenarioSteps } from "../../../tools/e2e/config";
import { runIdIn } from "../../../tools/e2e/runId";
import { Plan, planStack } from "../../../tools/plan";

const runId = "e2e-20261203114532-4c9f";
const nestedRestApiId = "n1e2s3t4e5";
// The steps scenarios.ts configures, in order.
const STEPS: Record<string, E2eStep> = scenarioSteps({ runId, region: "eu-west-1", nestedRestApiId });

/** The project's keys as the program receives them (strings, without the `pulumi:` engine keys). */
function programConfig(step: E2eStep): Record<string, string> {
    return Object.fromEntries(
        Object.entries(e2eStackConfig(step))
            .filter(([key]) => !key.startsWith("pulumi:"))
            .map(([key, value]) => [key, value.value]),
    );
}

function plan(step: E2eStep): Promise<Plan> {
    return planStack({ project: "apigw-logging", stack: runId, config: programConfig(step), secretKeys: [] });
}

const byName = (p: Plan, name: string) => {
    const found = p.resources.find((r) => r.name === name);
    assert.ok(found, `no ${name} in ${p.resources.map((r) => r.name).join(", ")}`);
    return found;
};

// Resource types cleanup finds by the run id in their name (or, for buckets, their tag), and the
// ones that go with their parent. A type in neither list is one cleanup would miss.
const FOUND_BY_NAME: Record<string, (inputs: Record<string, unknown>) => string> = {
    "aws:cloudwatch/logGroup:LogGroup": (i) => i.name as string,
    "aws:cloudwatch/queryDefinition:QueryDefinition": (i) => i.name as string,
    "aws:apigateway/restApi:RestApi": (i) => i.name as string,
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": (i) => i.name as string,
    "aws:s3/bucket:Bucket": (i) => (i.tags as Record<string, string>)[E2E_TAG],
};
const AUTO_NAMED = { "aws:iam/role:Role": 64, "aws:iam/rolePolicy:RolePolicy": 128 } as Record<string, number>;
const GO_WITH_PARENT = [
    "apigw-logging:index:AccountSetting", "apigw-logging:index:StageLogging", "apigw-logging:index:SampleApi",
    // with the REST API
    "aws:apigateway/stage:Stage", "aws:apigateway/deployment:Deployment", "aws:apigateway/method:Method", "aws:apigateway/integration:Integration",
    "aws:apigateway/methodResponse:MethodResponse", "aws:apigateway/integrationResponse:IntegrationResponse", "aws:apigateway/methodSettings:MethodSettings",
    // with the role, the log group, the bucket
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:cloudwatch/logStream:LogStream",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketPolicy:BucketPolicy",
    // pointed back at the earlier role by cleanup (the setting itself is not deleted)
    "aws:apigateway/account:Account",
    // the stage patch writes to the nested stage: nothing of its own in AWS
    "pulumi-nodejs:dynamic/apigw-logging:StageLoggingPatch",
];

describe("e2e: stack config", () => {
    for (const [name, step] of Object.entries(STEPS)) {
        it(`step ${name}: the program's own validation accepts it`, () => {
            const config = programConfig(step);
            const project = Object.fromEntries(Object.entries(config).filter(([k]) => k.startsWith("apigw-logging:")).map(([k, v]) => [k.slice("apigw-logging:".length), JSON.parse(v)]));
            const settings = resolveStackConfig(project, "apigw-logging", runId);
            assert.strictEqual(settings.accountSetting.args.mode, "create");
            assert.strictEqual(settings.sampleApi?.stageName, runId);
            assert.notStrictEqual(settings.sampleApi?.args.retainLogsOnDelete, false, "scenario 6 needs the log groups retained (the default)");
        });
    }

    it("sets the region, and auto-names resources after the run (an object under pulumi:autonaming, as the engine requires)", () => {
        const config = e2eStackConfig(STEPS.up);
        assert.deepStrictEqual(config["aws:region"], { value: "eu-west-1" });
        assert.deepStrictEqual(config["pulumi:autonaming.pattern"], { value: "${stack}-${name}-${hex(4)}" });
        assert.ok(Object.values(config).every((v) => typeof v.value === "string" && !v.secret));
        // Only the autonaming key is set with --path; the JSON values are set as plain strings.
        const { plain, path } = byPathMode(config);
        assert.deepStrictEqual(Object.keys(path), ["pulumi:autonaming.pattern"]);
        assert.deepStrictEqual(Object.keys(plain).sort(), ["apigw-logging:accountSetting", "apigw-logging:logging", "apigw-logging:sampleApi", "apigw-logging:stages", "aws:region"]);
    });

    it("plans step 1: the sample stage at INFO, the listed nested stage at ERROR with no override yet", async () => {
        const p = await plan(STEPS.up);
        assert.deepStrictEqual(byName(p, "sample-logging-method-settings").inputs.settings, { loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: true });
        // The nested stage is the suite's own, listed as another program's (stageOwner iac): its logging fields are patched.
        assert.deepStrictEqual(byName(p, "nested-stage-patch").inputs.methodSettings, [{ key: "*/*", loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true }]);
        assert.strictEqual(byName(p, "sample-logging-access-logs").inputs.retentionInDays, 7);
        assert.strictEqual(byName(p, "nested-execution-logs").inputs.name, `API-Gateway-Execution-Logs_${nestedRestApiId}/${runId}`);
        assert.strictEqual(byName(p, "sample-logging-stage").inputs.stageName, runId);
        assert.strictEqual(byName(p, "sample-logging-access-logs").retainOnDelete, true);
    });

    it("plans step 3: the override on the nested path, at INFO", async () => {
        const p = await plan(STEPS.override);
        // Sent under API Gateway's key: every "/" of the resource path written "~1".
        const methods = byName(p, "nested-stage-patch").inputs.methodSettings as { key: string; loggingLevel: string }[];
        assert.deepStrictEqual(
            methods.find((m) => m.key === "~1pets~1{id}/GET"),
            { key: "~1pets~1{id}/GET", loggingLevel: NESTED_OVERRIDE.loggingLevel, dataTraceEnabled: false, metricsEnabled: true },
        );
        const stage = byName(p, "sample-logging-stage").inputs.accessLogSettings as { format: string };
        assert.strictEqual(stage.format, resolveAccessLogFormat("clf", "e2e"), "the clf preset since step 2");
    });

    it("runs up after destroy with the rename step's config: the listed stage comes back, its groups adopted", () => {
        assert.deepStrictEqual(STEPS.again, STEPS.rename);
    });

    it("plans step 4: the renamed stage's component and children answer to their old names", async () => {
        const p = await plan(STEPS.rename);
        assert.deepStrictEqual(byName(p, "nested-renamed").aliasNames, ["nested"]);
        assert.strictEqual(byName(p, "nested-renamed-execution-logs").inputs.name, `API-Gateway-Execution-Logs_${nestedRestApiId}/${runId}`);
    });

    it("plans step 5: access logs through Firehose with a 60 s buffer, no listed stage", async () => {
        const p = await plan(STEPS.firehose);
        const stream = byName(p, "sample-logging-firehose");
        assert.strictEqual((stream.inputs.extendedS3Configuration as { bufferingInterval: number }).bufferingInterval, 60);
        assert.ok(!p.resources.some((r) => r.name.startsWith("nested")));
        assert.ok(!p.resources.some((r) => r.name === "sample-logging-access-logs"));
    });

    it("every resource the steps create is found by cleanup through its run id, or goes with one that is", async () => {
        const unknown = new Set<string>();
        for (const step of Object.values(STEPS)) {
            for (const r of (await plan(step)).resources) {
                const physical = FOUND_BY_NAME[r.type];
                if (physical) {
                    const name = physical(r.inputs);
                    assert.strictEqual(runIdIn(name ?? ""), runId, `${r.type} ${r.name}: ${name} carries the run id`);
                } else if (AUTO_NAMED[r.type]) {
                    // pulumi:autonaming: ${stack}-${name}-${hex(4)}, within the type's length limit.
                    const generated = `${runId}-${r.name}-abcd`;
                    assert.ok(generated.length <= AUTO_NAMED[r.type], `${r.type} ${r.name}: ${generated} is longer than ${AUTO_NAMED[r.type]}`);
                    assert.strictEqual(r.inputs.name, undefined, `${r.type} ${r.name} is auto-named`);
                } else if (!GO_WITH_PARENT.includes(r.type)) {
                    unknown.add(`${r.type} ${r.name}`);
                }
            }
        }
        assert.deepStrictEqual([...unknown], [], "resource types cleanup does not know");
    });

    it("log groups and saved queries are under the prefixes cleanup lists", async () => {
        const p = await plan(STEPS.firehose);
        const groups = [...p.resources, ...(await plan(STEPS.rename)).resources].filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup").map((r) => r.inputs.name as string);
        for (const group of groups) {
            assert.ok(LOG_GROUP_PREFIXES.some((prefix) => group.startsWith(prefix)), group);
        }
        const queries = p.resources.filter((r) => r.type === "aws:cloudwatch/queryDefinition:QueryDefinition").map((r) => r.inputs.name as string);
        assert.ok(queries.length > 0 && queries.every((q) => q.startsWith(QUERY_FOLDER_PREFIX)), queries.join(", "));
    });
});
