// Every stack file in the repository, planned under mocks, passes every rule of the policy pack;
// and the same plans with one thing broken do not.

import * as assert from "assert";
import { listStacks, loadStackConfig, Plan, planStack } from "../../tools/plan";
import { apigwLoggingPolicies, DELIVERY_SOURCE, FIREHOSE_STREAM, LOG_GROUP, METHOD_SETTINGS, STAGE, StackInfo, stackInfoFromEnv } from "../../packages/policy/rules";
import { checkPlan, Violation } from "./harness";

/** The stack as the pack sees it under the CLI: name, project and config in the environment. */
function stackInfo(stack: string): StackInfo {
    const { project, config } = loadStackConfig(stack);
    return stackInfoFromEnv({ PULUMI_STACK: stack, PULUMI_PROJECT: project, PULUMI_CONFIG: JSON.stringify(config) });
}

const plans = new Map<string, Plan>();
async function plan(stack: string): Promise<Plan> {
    if (!plans.has(stack)) {
        plans.set(stack, await planStack(loadStackConfig(stack)));
    }
    return structuredClone(plans.get(stack)!);
}

const ofType = (p: Plan, type: string) => p.resources.filter((r) => r.type === type);
const summary = (violations: Violation[]) => violations.map((v) => `${v.policy}: ${v.message}`);

describe("policy pack on the repository's stacks", () => {
    for (const stack of listStacks()) {
        it(`passes every rule on the ${stack} stack's plan`, async () => {
            const planned = await plan(stack);
            // Stages this stack does not create get their logging fields patched, not MethodSettings.
            assert.ok(ofType(planned, METHOD_SETTINGS).length + ofType(planned, LOG_GROUP).length > 0, "the plan has something to check");
            assert.deepStrictEqual(summary(await checkPlan(apigwLoggingPolicies(stackInfo(stack)), planned)), []);
        });
    }

    it("sees the prod stack as production, from its own config", () => {
        assert.deepStrictEqual(stackInfo("prod"), { name: "prod", production: true });
        assert.deepStrictEqual(stackInfo("dev"), { name: "dev" });
    });

    it("finds the archive stack's Firehose stream encrypted and named for API Gateway", async () => {
        const [stream] = ofType(await plan("archive"), FIREHOSE_STREAM);
        assert.match(String(stream.inputs.name), /^amazon-apigateway-/);
        assert.deepStrictEqual(stream.inputs.serverSideEncryption, { enabled: true, keyType: "AWS_OWNED_CMK" });
    });

    it("counts the prod stage as logged through its delivery without its method settings, and reports it without both", async () => {
        const planned = await plan("prod");
        planned.resources = planned.resources.filter((r) => r.type !== METHOD_SETTINGS);
        assert.deepStrictEqual(await checkPlan(apigwLoggingPolicies(stackInfo("prod")), planned), []);
        planned.resources = planned.resources.filter((r) => r.type !== DELIVERY_SOURCE);
        const violations = await checkPlan(apigwLoggingPolicies(stackInfo("prod")), planned);
        assert.deepStrictEqual(violations.map((v) => v.policy), ["apigateway-stage-method-settings"]);
        assert.match(violations[0].message, /^Stage [a-z0-9]{10}\/prod has no MethodSettings with methodPath "\*\/\*"/);
    });

    it("reports a delivery of the prod stage's execution logs to a bucket left unencrypted and not blocked from the public", async () => {
        const config = loadStackConfig("prod");
        const logging = JSON.parse(config.config["apigw-logging:logging"]);
        config.config["apigw-logging:logging"] = JSON.stringify({ ...logging, executionLogs: { destination: "s3" } });
        const planned = await planStack(config);
        assert.deepStrictEqual(await checkPlan(apigwLoggingPolicies(stackInfo("prod")), planned), []);
        planned.resources = planned.resources.filter((r) => !r.name.endsWith("-execution-log-bucket-public-access") && !r.name.endsWith("-execution-log-bucket-encryption"));
        const violations = await checkPlan(apigwLoggingPolicies(stackInfo("prod")), planned);
        assert.deepStrictEqual(violations.map((v) => v.policy), ["log-delivery-bucket-private-encrypted"]);
    });

    it("reports the dev stack's data trace and short retention once it counts as production", async () => {
        const violations = await checkPlan(apigwLoggingPolicies(stackInfo("dev")), await plan("dev"), {
            "apigateway-data-trace-in-production": { production: true },
            "cloudwatch-log-group-retention": { production: true },
        });
        assert.deepStrictEqual(
            violations.map((v) => v.policy),
            ["apigateway-data-trace-in-production", "cloudwatch-log-group-retention", "cloudwatch-log-group-retention"],
        );
    });

    it("reports a broken format, logging OFF and an unencrypted stream in the plans", async () => {
        const prod = await plan("prod");
        const [stage] = ofType(prod, STAGE);
        (stage.inputs.accessLogSettings as { format: string }).format = "$context.requestId\n$context.status";
        const [settings] = ofType(prod, METHOD_SETTINGS);
        (settings.inputs.settings as { loggingLevel: string }).loggingLevel = "OFF";
        const prodViolations = await checkPlan(apigwLoggingPolicies(stackInfo("prod")), prod);
        assert.deepStrictEqual(
            prodViolations.map((v) => v.policy),
            ["apigateway-access-log-format", "apigateway-method-logging-in-production", "apigateway-stage-method-settings"],
        );

        const archive = await plan("archive");
        delete ofType(archive, FIREHOSE_STREAM)[0].inputs.serverSideEncryption;
        const archiveViolations = await checkPlan(apigwLoggingPolicies(stackInfo("archive")), archive);
        assert.deepStrictEqual(archiveViolations.map((v) => v.policy), ["firehose-access-log-stream"]);
    });

    it("requires KMS on the prod log groups only when the config asks for it: only the delivered group has a key", async () => {
        const violations = await checkPlan(apigwLoggingPolicies(stackInfo("prod")), await plan("prod"), {
            "cloudwatch-log-group-kms": { requireKms: "production" },
        });
        const withoutKey = ofType(await plan("prod"), LOG_GROUP).filter((g) => !g.inputs.kmsKeyId).map((g) => g.name);
        assert.deepStrictEqual(withoutKey, ["sample-logging-access-logs", "sample-logging-execution-logs"]);
        assert.deepStrictEqual(violations.map((v) => v.policy), ["cloudwatch-log-group-kms", "cloudwatch-log-group-kms"]);
    });
});
