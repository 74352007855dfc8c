// What StageLogging writes to a stage, by who owns it (stageOwner), as registered under mocks.

import * as assert from "assert";
import { AccountSetting } from "../../packages/apigw-logging/src/accountSetting";
import { StageLogging } from "../../packages/apigw-logging/src/stageLogging";
import type { StageLoggingArgs } from "../../packages/apigw-logging/src/stageLoggingArgs";
import { STAGE_LOGGING_PATCH_TYPE } from "../../packages/apigw-logging/src/stagePatch/resources";
import { MOCK_CALLS } from "../../tools/mockRuntime";
import { all, one, rejection, run } from "../helpers";

const API_ID = "a1b2c3d4e5";
const ACCESS_LOG_GROUP_ARN = `arn:aws:logs:eu-west-1:123456789012:log-group:API-Gateway-Access-Logs_${API_ID}/v1`;

function logging(extra: Partial<StageLoggingArgs>) {
    return run(
        () => {
            const account = new AccountSetting("region", {});
            new StageLogging("orders", { restApiId: API_ID, stageName: "v1", cloudWatchRoleArn: account.cloudWatchRoleArn, ...extra });
        },
        { calls: MOCK_CALLS },
    );
}

describe("StageLogging by stage owner", () => {
    describe("component: it creates the stage", () => {
        it("writes the access-log settings on the stage and the method settings with MethodSettings, and patches nothing", async () => {
            const result = await logging({ stage: { deploymentId: "dep123" } });
            assert.strictEqual((one(result, "apigateway/stage:Stage").inputs.accessLogSettings as { destinationArn: string }).destinationArn, ACCESS_LOG_GROUP_ARN);
            assert.strictEqual(one(result, "apigateway/methodSettings:MethodSettings").inputs.methodPath, "*/*");
            assert.deepStrictEqual(all(result, STAGE_LOGGING_PATCH_TYPE), []);
        });
    });

    describe("iac: another program owns the stage (the default without stage)", () => {
        it("patches only the logging fields, stage-wide and per method by API Gateway's key, and leaves the access-log settings to the owner", async () => {
            const result = await logging({ methodSettings: { loggingLevel: "INFO", overrides: [{ methodPath: "/orders/{id}/GET", loggingLevel: "ERROR" }] } });
            assert.deepStrictEqual(all(result, "apigateway/methodSettings:MethodSettings"), []);
            assert.deepStrictEqual(all(result, "apigateway/stage:Stage"), []);
            const { __provider, ...inputs } = one(result, STAGE_LOGGING_PATCH_TYPE, "orders-stage-patch").inputs;
            assert.ok(typeof __provider === "string" && __provider.includes("exports.handler"));
            assert.deepStrictEqual(inputs, {
                region: "eu-west-1",
                restApiId: API_ID,
                stageName: "v1",
                methodSettings: [
                    { key: "*/*", loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: true },
                    { key: "~1orders~1{id}/GET", loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true },
                ],
            });
        });

        it("patches after the region's account setting and the execution log group", async () => {
            const patch = one(await logging({ stageOwner: "iac" }), STAGE_LOGGING_PATCH_TYPE);
            for (const dependency of ["region-account", "orders-execution-logs"]) {
                assert.ok(patch.dependsOn.includes(dependency), `${dependency} not in ${patch.dependsOn.join()}`);
            }
        });
    });

    describe("none: nothing owns the stage", () => {
        it("also sets the stage's access-log settings to this component's log group and format", async () => {
            const result = await logging({ stageOwner: "none", accessLogs: { format: "clf" } });
            const patch = one(result, STAGE_LOGGING_PATCH_TYPE);
            const settings = patch.inputs.accessLogSettings as { destinationArn: string; format: string };
            assert.strictEqual(settings.destinationArn, ACCESS_LOG_GROUP_ARN);
            assert.match(settings.format, /^\$context\.identity\.sourceIp /);
            assert.ok(patch.dependsOn.includes("orders-access-logs"));
        });

        it("sets the Firehose stream as the destination when access logs go to Firehose", async () => {
            const result = await logging({ stageOwner: "none", accessLogs: { destination: "firehose" } });
            const settings = one(result, STAGE_LOGGING_PATCH_TYPE).inputs.accessLogSettings as { destinationArn: string };
            assert.strictEqual(settings.destinationArn, `arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-${API_ID}-v1`);
        });
    });

    it("refuses component as the owner of a stage it is not given to create", async () => {
        assert.strictEqual(
            await rejection(logging({ stageOwner: "component" })),
            'args.stageOwner: "component" needs args.stage (the deployment of the stage to create); for a stage made elsewhere give "iac" or "none"',
        );
    });
});
