// The program as a whole (index.ts) under mocks, with stack config built in the test.

import * as assert from "assert";
import { resolveStackConfig } from "../../program/config/stackConfig";
import { runProgram } from "../../tools/mockRuntime";
import { loadStackConfig, Plan, planStack } from "../../tools/plan";
import { PROJECT, stackConfig } from "../helpers";

const ORDERS = { name: "orders-v1", restApiId: "a1b2c3d4e5", stageName: "v1" };
const PAYMENTS = { name: "payments-live", restApiId: "k2l3m4n5o6", stageName: "live" };
const INVOICES = { restApiId: "p7q8r9s0t1", stageName: "prod" };

function plan(values: Record<string, unknown>, stack = "platform"): Promise<Plan> {
    return planStack({ project: PROJECT, stack, config: stackConfig({ "aws:region": "eu-west-1", ...values }), secretKeys: [] });
}

/** Resources that belong to one stage: its component and everything under it. */
function stageResources(p: Plan, key: string) {
    const names = new Set([key]);
    let grew = true;
    while (grew) {
        grew = false;
        for (const r of p.resources) {
            if (names.has(r.parent) && !names.has(r.name)) {
                names.add(r.name);
                grew = true;
            }
        }
    }
    return p.resources.filter((r) => names.has(r.name)).sort((a, b) => a.name.localeCompare(b.name));
}

describe("index (the program)", () => {
    it("reports a bad account-setting argument under its config key, in one line", async () => {
        await assert.rejects(plan({ accountSetting: { mode: "roleArn", roleArn: "arn:aws:iam::123456789012:user/bob" } }), {
            message: `${PROJECT}:accountSetting.roleArn: "arn:aws:iam::123456789012:user/bob" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)`,
        });
        await assert.rejects(plan({ accountSetting: { mode: "create", stack: "acme/apigw-logging/dev" } }), {
            message: `${PROJECT}:accountSetting.stack: "acme/apigw-logging/dev" only with mode "stackReference"`,
        });
    });

    it("names a Firehose stage's key too long for its role's name before anything is registered, unless the stack sets pulumi:autonaming", async () => {
        const name = "n".repeat(43);
        const firehose = { logging: { accessLogs: { destination: "firehose" } }, stages: [{ ...ORDERS, name }] };
        await assert.rejects(plan(firehose), {
            message:
                `${PROJECT}:stages[0].name: "${name}" would name the Firehose delivery role "${name}-firehose-role-" and 7 random characters, 65 characters; ` +
                "IAM allows 64 (a name of at most 42 letters, digits and + = , . @ _ - fits)",
        });
        const p = await plan({ ...firehose, "pulumi:autonaming": { pattern: "${name}-${hex(4)}" } });
        assert.deepStrictEqual(p.resources.filter((r) => r.type === "aws:iam/role:Role" && r.parent === name).map((r) => r.name), [`${name}-firehose-role`]);
    });

    it("gives every stage the account setting's role, so each waits for the region's setting", async () => {
        const p = await plan({ stages: [ORDERS, PAYMENTS] });
        for (const settings of p.resources.filter((r) => r.type === "aws:apigateway/methodSettings:MethodSettings")) {
            assert.ok(settings.dependsOn.includes("account-setting-account"), `${settings.name}: ${settings.dependsOn.join()}`);
        }
    });

    it("logs every listed stage with its own component, and one account setting for the stack", async () => {
        const p = await plan({ stages: [ORDERS, PAYMENTS, INVOICES] });
        const components = p.resources.filter((r) => r.type === "apigw-logging:index:StageLogging").map((r) => r.name);
        assert.deepStrictEqual(components.sort(), ["orders-v1", "p7q8r9s0t1-prod", "payments-live"]);
        assert.strictEqual(p.resources.filter((r) => r.type === "aws:apigateway/account:Account").length, 1);
        assert.strictEqual(p.resources.filter((r) => r.type === "aws:apigateway/stage:Stage").length, 0, "existing stages are not recreated");
        const executionGroups = p.resources
            .filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name.endsWith("-execution-logs"))
            .map((r) => r.inputs.name)
            .sort();
        assert.deepStrictEqual(executionGroups, [
            "API-Gateway-Execution-Logs_a1b2c3d4e5/v1",
            "API-Gateway-Execution-Logs_k2l3m4n5o6/live",
            "API-Gateway-Execution-Logs_p7q8r9s0t1/prod",
        ]);
    });

    it("exports, per stage, the access-log settings its owner puts on the stage", async () => {
        const p = await plan({ stages: [ORDERS] });
        const stages = p.outputs.stages as Record<string, { accessLogSettings: { destinationArn: string; format: string }; executionLogGroupName: string }>;
        assert.deepStrictEqual(Object.keys(stages), ["orders-v1"]);
        assert.strictEqual(
            stages["orders-v1"].accessLogSettings.destinationArn,
            "arn:aws:logs:eu-west-1:123456789012:log-group:API-Gateway-Access-Logs_a1b2c3d4e5/v1",
        );
        assert.strictEqual(stages["orders-v1"].executionLogGroupName, "API-Gateway-Execution-Logs_a1b2c3d4e5/v1");
        assert.strictEqual(p.outputs.invokeUrl, undefined, "no sample API when stages are listed");
    });

    it("adding a stage leaves the other stages' resources exactly as they were", async () => {
        const before = await plan({ stages: [ORDERS, PAYMENTS] });
        const after = await plan({ stages: [INVOICES, ORDERS, PAYMENTS] });
        for (const key of ["orders-v1", "payments-live"]) {
            assert.deepStrictEqual(
                stageResources(before, key).map((r) => r.name),
                [
                    key,
                    `${key}-access-logs`,
                    `${key}-execution-logs`,
                    `${key}-query-4xx-errors`,
                    `${key}-query-5xx-errors`,
                    `${key}-query-one-request`,
                    `${key}-query-top-client-ips`,
                    `${key}-stage-patch`,
                ],
            );
            assert.deepStrictEqual(stageResources(after, key), stageResources(before, key), key);
        }
    });

    it("removing a stage leaves the other stages' resources exactly as they were", async () => {
        const before = await plan({ stages: [ORDERS, PAYMENTS, INVOICES] });
        const after = await plan({ stages: [ORDERS, INVOICES] });
        assert.deepStrictEqual(stageResources(after, "payments-live"), []);
        for (const key of ["orders-v1", "p7q8r9s0t1-prod"]) {
            assert.deepStrictEqual(stageResources(after, key), stageResources(before, key), key);
        }
    });

    it("plans a stack that reads the account setting from another stack: no role, no Account", async () => {
        const p = await plan({ accountSetting: { mode: "stackReference", stack: "acme/apigw-logging/dev" }, stages: [ORDERS] });
        assert.deepStrictEqual(
            p.resources.filter((r) => ["aws:iam/role:Role", "aws:apigateway/account:Account"].includes(r.type)),
            [],
        );
        const reference = p.resources.find((r) => r.type === "pulumi:pulumi:StackReference");
        assert.strictEqual(reference?.inputs.name, "acme/apigw-logging/dev");
        assert.strictEqual(p.outputs.accountSettingMode, "stackReference");
        assert.match(p.outputs.cloudWatchRoleArn as string, /^arn:aws:iam::123456789012:role\//);
    });

    it("plans the staging stack file: two existing stages, their overrides patched under API Gateway's keys", async () => {
        const p = await planStack(loadStackConfig("staging"));
        const patch = p.resources.find((r) => r.name === "orders-v1-stage-patch");
        assert.deepStrictEqual(patch?.inputs.methodSettings, [
            { key: "*/*", loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: true },
            { key: "~1health/GET", loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false },
            { key: "~1orders~1{orderId}~1items/GET", loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true },
        ]);
        assert.strictEqual(p.resources.filter((r) => r.type === "aws:apigateway/methodSettings:MethodSettings").length, 0);
        const payments = p.resources.find((r) => r.name === "payments-live-access-logs");
        assert.deepStrictEqual([payments?.inputs.retentionInDays, payments?.inputs.tags], [90, { environment: "staging", api: "payments" }]);
    });
});

describe("index (renaming a stage)", () => {
    const renamed = stackConfig({ "aws:region": "eu-west-1", stages: [{ ...ORDERS, name: "orders-api-v1", previousNames: ["orders-v1"] }] });

    it("carries a renamed stage's resources over with an alias instead of replacing its log groups", async () => {
        const run = await runProgram({ project: PROJECT, stack: "platform", config: renamed }, () => {
            const index = require.resolve("../../program/index");
            delete require.cache[index];
            return require(index);
        });
        const component = run.resources.find((r) => r.type === "apigw-logging:index:StageLogging");
        assert.deepStrictEqual([component?.name, component?.aliasNames], ["orders-api-v1", ["orders-v1"]]);
        assert.ok(run.resources.some((r) => r.name === "orders-api-v1-access-logs" && r.parent === "orders-api-v1"));
    });

    it("refuses previous names that are not a list", () => {
        assert.throws(() => resolveStackConfig({ stages: [{ ...ORDERS, previousNames: "orders" }] }, PROJECT, "platform"), {
            message: `${PROJECT}:stages[0].previousNames: "orders" must be a list`,
        });
    });
});
