// Stages of one stack that name the same delivered log group or bucket share it (program/sharedDestinations.ts).

import * as assert from "assert";
import { Plan, planStack } from "../../tools/plan";
import { PROJECT, rejection, stackConfig } from "../helpers";

const ORDERS = { name: "orders-v1", restApiId: "a1b2c3d4e5", stageName: "v1" };
const PAYMENTS = { name: "payments-live", restApiId: "k2l3m4n5o6", stageName: "live" };
const SHARED_GROUP = "/apis/execution-logs";

function plan(values: Record<string, unknown>, secretKeys: string[] = []): Promise<Plan> {
    return planStack({ project: PROJECT, stack: "platform", config: stackConfig({ "aws:region": "eu-west-1", ...values }), secretKeys: secretKeys.map((k) => `${PROJECT}:${k}`) });
}

const ofType = (p: Plan, type: string) => p.resources.filter((r) => r.type === `aws:${type}`);
const destinations = (p: Plan) => ofType(p, "cloudwatch/logDeliveryDestination:LogDeliveryDestination").sort((a, b) => a.name.localeCompare(b.name));

describe("shared execution-log destinations", () => {
    it("lets stages naming the same delivered group share it: the first creates it, the others deliver to it once it exists", async () => {
        const p = await plan({
            logging: { executionLogs: { destination: "logGroup", logGroup: { name: SHARED_GROUP, retentionInDays: 90 } } },
            stages: [ORDERS, PAYMENTS],
        });
        const groups = ofType(p, "cloudwatch/logGroup:LogGroup").filter((g) => g.inputs.name === SHARED_GROUP);
        assert.deepStrictEqual(groups.map((g) => [g.name, g.parent, g.inputs.retentionInDays]), [["orders-v1-delivered-execution-logs", "orders-v1", 90]]);
        assert.deepStrictEqual(ofType(p, "cloudwatch/logResourcePolicy:LogResourcePolicy").map((r) => r.name), ["orders-v1-delivered-execution-logs-policy"]);
        const arn = `arn:aws:logs:eu-west-1:123456789012:log-group:${SHARED_GROUP}`;
        assert.deepStrictEqual(
            destinations(p).map((d) => [d.name, (d.inputs.deliveryDestinationConfiguration as { destinationResourceArn: string }).destinationResourceArn]),
            [
                ["orders-v1-execution-log-destination", arn],
                ["payments-live-execution-log-destination", arn],
            ],
        );
        assert.ok(destinations(p)[1].dependsOn.includes("orders-v1-delivered-execution-logs"), destinations(p)[1].dependsOn.join());
        const stages = p.outputs.stages as Record<string, { executionLogLocation: string }>;
        assert.deepStrictEqual([stages["orders-v1"].executionLogLocation, stages["payments-live"].executionLogLocation], [SHARED_GROUP, SHARED_GROUP]);
    });

    it("lets stages naming the same bucket share it: one bucket, one policy, a delivery per stage", async () => {
        const p = await plan({
            logging: { executionLogs: { destination: "s3", s3: { bucket: { name: "acme-apigw-execution-logs", expireAfterDays: 730 }, outputFormat: "parquet" } } },
            stages: [ORDERS, PAYMENTS],
        });
        assert.deepStrictEqual(ofType(p, "s3/bucket:Bucket").map((b) => [b.name, b.inputs.bucket]), [["orders-v1-execution-log-bucket", "acme-apigw-execution-logs"]]);
        assert.strictEqual(ofType(p, "s3/bucketPolicy:BucketPolicy").length, 1);
        assert.deepStrictEqual(
            destinations(p).map((d) => [d.inputs.outputFormat, (d.inputs.deliveryDestinationConfiguration as { destinationResourceArn: string }).destinationResourceArn]),
            [
                ["parquet", "arn:aws:s3:::acme-apigw-execution-logs"],
                ["parquet", "arn:aws:s3:::acme-apigw-execution-logs"],
            ],
        );
        assert.strictEqual(ofType(p, "cloudwatch/logDelivery:LogDelivery").length, 2);
    });

    it("refuses a stage that asks for the shared group with another retention, under the key that named it", async () => {
        const message = await rejection(
            plan({
                logging: { executionLogs: { destination: "logGroup", logGroup: { name: SHARED_GROUP } } },
                stages: [ORDERS, { ...PAYMENTS, executionLogs: { logGroup: { retentionInDays: 365 } } }],
            }),
        );
        assert.strictEqual(
            message.split("\n")[0],
            `apigw-logging:logging.executionLogs.logGroup.name: "${SHARED_GROUP}" is created by stage "orders-v1" with other settings ` +
                '({"retentionInDays":30}, not {"retentionInDays":365}); stages that share it need the same retentionInDays and kmsKeyArn (or leave them to executionLogs)',
        );
    });

    it("shares a group between stages whose retention is secret, comparing the values", async () => {
        const p = await plan(
            { logging: { executionLogs: { destination: "logGroup", logGroup: { name: SHARED_GROUP, retentionInDays: 90 } } }, stages: [ORDERS, PAYMENTS] },
            ["logging"],
        );
        const groups = ofType(p, "cloudwatch/logGroup:LogGroup").filter((g) => g.inputs.name === SHARED_GROUP);
        assert.deepStrictEqual(groups.map((g) => [g.name, g.inputs.retentionInDays]), [["orders-v1-delivered-execution-logs", "[secret]"]]);
    });

    it("refuses a stage that asks for the shared group with another secret retention, without quoting either", async () => {
        const message = await rejection(
            plan(
                {
                    logging: { executionLogs: { destination: "logGroup", logGroup: { name: SHARED_GROUP } } },
                    stages: [ORDERS, { ...PAYMENTS, executionLogs: { logGroup: { retentionInDays: 365 } } }],
                },
                ["stages"],
            ),
        );
        assert.strictEqual(
            message.split("\n")[0],
            `apigw-logging:logging.executionLogs.logGroup.name: "${SHARED_GROUP}" is created by stage "orders-v1" with other settings; ` +
                "stages that share it need the same retentionInDays and kmsKeyArn (or leave them to executionLogs)",
        );
    });
});
