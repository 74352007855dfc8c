// StageLogging with its execution logs delivered by CloudWatch Logs, under mocks: the resources, their
// inputs and the order they are created in, for each destination.

import * as assert from "assert";
import { StageLogging } from "../../packages/apigw-logging/src/stageLogging";
import type { StageLoggingArgs } from "../../packages/apigw-logging/src/stageLoggingArgs";
import { MOCK_CALLS, PlannedResource, ProgramRun } from "../../tools/mockRuntime";
import { all, one, rejection, ROLE_ARN, run } from "../helpers";

const API_ID = "a1b2c3d4e5";
const ACCOUNT = "123456789012";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SOURCE_ARN = `arn:aws:apigateway:eu-west-1:${ACCOUNT}:/restapis/${API_ID}/stages/v1`;
const DELIVERED_GROUP = `/aws/vendedlogs/apigateway/${API_ID}/v1/execution-logs`;
const DELIVERED_GROUP_ARN = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${DELIVERED_GROUP}`;
const STREAM_ARN = `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/splunk-apigw`;
/** The conditions the AWS pages put on every statement for the log delivery service. */
const DELIVERY_CONDITIONS = {
    StringEquals: { "aws:SourceAccount": ACCOUNT },
    ArnLike: { "aws:SourceArn": `arn:aws:logs:eu-west-1:${ACCOUNT}:*` },
};

/** A StageLogging of a stage another stack owns (no `stage`), returning its outputs. */
function delivered(extra: Partial<StageLoggingArgs>): Promise<ProgramRun> {
    return run(
        () => {
            const c = new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", apiName: "orders-api", ...extra });
            return {
                executionLogDestination: c.executionLogDestination,
                executionLogLocation: c.executionLogLocation,
                executionLogConsoleUrl: c.executionLogConsoleUrl,
                executionLogTailCommand: c.executionLogTailCommand,
                executionLogGroupName: c.executionLogGroupName,
                ...c.executionLogSink.outputs,
            };
        },
        { calls: MOCK_CALLS },
    );
}

const source = (r: ProgramRun) => one(r, "cloudwatch/logDeliverySource:LogDeliverySource");
const destination = (r: ProgramRun) => one(r, "cloudwatch/logDeliveryDestination:LogDeliveryDestination");
const delivery = (r: ProgramRun) => one(r, "cloudwatch/logDelivery:LogDelivery");
const policyOf = (r: PlannedResource, key: string) => JSON.parse(r.inputs[key] as string);

describe("execution-log delivery", () => {
    describe("to a log group", () => {
        const toLogGroup = (extra: Partial<StageLoggingArgs> = {}) =>
            delivered({ executionLogs: { retentionInDays: 365, kmsKeyArn: KEY, destination: "logGroup" }, ...extra });

        it("registers the stage as a delivery source under the ARN the API Gateway guide documents, log type EXECUTION_LOGS", async () => {
            const s = source(await toLogGroup());
            assert.deepStrictEqual(
                { name: s.inputs.name, logType: s.inputs.logType, resourceArn: s.inputs.resourceArn },
                { name: `apigw-exec-${API_ID}-v1`, logType: "EXECUTION_LOGS", resourceArn: SOURCE_ARN },
            );
        });

        it("creates the source only after every method settings of a stage it creates, which turn its logging on", async () => {
            const result = await toLogGroup({ stage: { deploymentId: "dep123" }, methodSettings: { overrides: [{ methodPath: "health/GET", loggingLevel: "OFF" }] } });
            const settings = all(result, "apigateway/methodSettings:MethodSettings").map((m) => m.name);
            assert.deepStrictEqual(settings, ["orders-method-settings", "orders-method-settings-health/GET"]);
            assert.deepStrictEqual(source(result).dependsOn, settings);
        });

        it("creates the source only after the patch that turns on the logging of a stage owned elsewhere", async () => {
            const result = await toLogGroup({ methodSettings: { overrides: [{ methodPath: "health/GET", loggingLevel: "OFF" }] } });
            assert.deepStrictEqual(all(result, "apigateway/methodSettings:MethodSettings"), []);
            assert.deepStrictEqual(source(result).dependsOn, ["orders-stage-patch"]);
        });

        it("creates the group with the standard group's retention and key, retained on delete", async () => {
            const group = one(await toLogGroup(), "cloudwatch/logGroup:LogGroup", "orders-delivered-execution-logs");
            assert.deepStrictEqual(
                { name: group.inputs.name, retentionInDays: group.inputs.retentionInDays, kmsKeyId: group.inputs.kmsKeyId, retainOnDelete: group.retainOnDelete },
                { name: DELIVERED_GROUP, retentionInDays: 365, kmsKeyId: KEY, retainOnDelete: true },
            );
        });

        it("keeps API Gateway's own group with its retention: it holds the logs from before the delivery", async () => {
            const standard = one(await toLogGroup(), "cloudwatch/logGroup:LogGroup", "orders-execution-logs");
            assert.deepStrictEqual(
                { name: standard.inputs.name, retentionInDays: standard.inputs.retentionInDays, retainOnDelete: standard.retainOnDelete },
                { name: `API-Gateway-Execution-Logs_${API_ID}/v1`, retentionInDays: 365, retainOnDelete: true },
            );
        });

        it("lets only the log delivery service, for this account's deliveries, write to the group's streams", async () => {
            const policy = one(await toLogGroup(), "cloudwatch/logResourcePolicy:LogResourcePolicy");
            assert.strictEqual(policy.inputs.resourceArn, DELIVERED_GROUP_ARN);
            assert.strictEqual(policy.inputs.policyName, undefined);
            assert.deepStrictEqual(policyOf(policy, "policyDocument").Statement, [
                {
                    Sid: "AWSLogDeliveryWrite",
                    Effect: "Allow",
                    Principal: { Service: "delivery.logs.amazonaws.com" },
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${DELIVERED_GROUP_ARN}:log-stream:*`,
                    Condition: DELIVERY_CONDITIONS,
                },
            ]);
        });

        it("links source and destination only once the group's policy is in place", async () => {
            const result = await toLogGroup();
            const d = destination(result);
            assert.deepStrictEqual(
                { name: d.inputs.name, outputFormat: d.inputs.outputFormat, config: d.inputs.deliveryDestinationConfiguration },
                { name: `apigw-exec-${API_ID}-v1-cwl-json`, outputFormat: "json", config: { destinationResourceArn: DELIVERED_GROUP_ARN } },
            );
            assert.ok(d.dependsOn.includes("orders-delivered-execution-logs-policy"), d.dependsOn.join());
            const link = delivery(result);
            assert.deepStrictEqual(
                { deliverySourceName: link.inputs.deliverySourceName, deliveryDestinationArn: link.inputs.deliveryDestinationArn },
                { deliverySourceName: `apigw-exec-${API_ID}-v1`, deliveryDestinationArn: d.outputs.arn },
            );
            for (const before of ["orders-execution-log-source", "orders-execution-log-destination", "orders-delivered-execution-logs-policy"]) {
                assert.ok(link.dependsOn.includes(before), `${before} in ${link.dependsOn.join()}`);
            }
        });

        it("says where new execution logs land, with a console link and a tail command for the delivered group", async () => {
            const { outputs } = await toLogGroup();
            assert.deepStrictEqual(
                {
                    destination: outputs.executionLogDestination,
                    location: outputs.executionLogLocation,
                    tail: outputs.executionLogTailCommand,
                    groupName: outputs.executionLogDeliveryGroupName,
                    standard: outputs.executionLogGroupName,
                },
                {
                    destination: "logGroup",
                    location: DELIVERED_GROUP,
                    tail: `aws logs tail ${DELIVERED_GROUP} --follow --format short --region eu-west-1`,
                    groupName: DELIVERED_GROUP,
                    standard: `API-Gateway-Execution-Logs_${API_ID}/v1`,
                },
            );
            assert.match(String(outputs.executionLogConsoleUrl), /#logsV2:log-groups\/log-group\/\$252Faws\$252Fvendedlogs\$252Fapigateway\$252Fa1b2c3d4e5/);
        });

        it("has the one-request query read the delivered group, then API Gateway's own group", async () => {
            const queries = all(await toLogGroup(), "cloudwatch/queryDefinition:QueryDefinition");
            const oneRequest = queries.find((q) => String(q.inputs.name).endsWith("Everything for one request id"))!;
            assert.deepStrictEqual(oneRequest.inputs.logGroupNames, [`API-Gateway-Access-Logs_${API_ID}/v1`, DELIVERED_GROUP, `API-Gateway-Execution-Logs_${API_ID}/v1`]);
        });

        it("delivers to a group managed elsewhere without creating a group or a policy for it", async () => {
            const arn = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/shared/apigw-execution:*`;
            const result = await delivered({ executionLogs: { destination: "logGroup", logGroup: { arn } } });
            assert.deepStrictEqual(all(result, "cloudwatch/logGroup:LogGroup").map((g) => g.name), ["orders-access-logs", "orders-execution-logs"]);
            assert.deepStrictEqual(all(result, "cloudwatch/logResourcePolicy:LogResourcePolicy"), []);
            assert.deepStrictEqual(destination(result).inputs.deliveryDestinationConfiguration, { destinationResourceArn: arn.replace(/:\*$/, "") });
            assert.strictEqual(result.outputs.executionLogLocation, "/shared/apigw-execution");
        });
    });

    describe("to S3", () => {
        it("creates a private, encrypted, expiring bucket whose policy lets only the log delivery service write under AWSLogs/{account}/", async () => {
            const result = await delivered({ executionLogs: { destination: "s3", s3: { kmsKeyArn: KEY, outputFormat: "parquet", bucket: { expireAfterDays: 400 } } } });
            const bucketName = `apigw-exec-logs-${ACCOUNT}-eu-west-1-${API_ID}-v1`;
            assert.strictEqual(one(result, "s3/bucket:Bucket").inputs.bucket, bucketName);
            const block = one(result, "s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
            assert.deepStrictEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
            const sse = one(result, "s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules as any[];
            assert.deepStrictEqual(sse[0].applyServerSideEncryptionByDefault, { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY });
            const rule = (one(result, "s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as any[])[0];
            assert.deepStrictEqual([rule.id, rule.expiration], ["expire-execution-logs", { days: 400 }]);
            const statements = policyOf(one(result, "s3/bucketPolicy:BucketPolicy"), "policy").Statement;
            assert.deepStrictEqual(statements.map((s: { Sid: string }) => s.Sid), ["DenyInsecureTransport", "AWSLogDeliveryAclCheck", "AWSLogDeliveryWrite"]);
            assert.deepStrictEqual(statements[2], {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `arn:aws:s3:::${bucketName}/AWSLogs/${ACCOUNT}/*`,
                Condition: { ...DELIVERY_CONDITIONS, StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": ACCOUNT } },
            });
            assert.strictEqual(result.outputs.executionLogLocation, `s3://${bucketName}/AWSLogs/${ACCOUNT}/`);
            assert.strictEqual(result.outputs.executionLogTailCommand, undefined);
        });

        it("connects the bucket only once its policy, public access block, encryption and lifecycle are in place", async () => {
            const d = destination(await delivered({ executionLogs: { destination: "s3" } }));
            for (const setting of ["policy", "public-access", "encryption", "lifecycle"]) {
                assert.ok(d.dependsOn.includes(`orders-execution-log-bucket-${setting}`), `${setting} in ${d.dependsOn.join()}`);
            }
            assert.deepStrictEqual([d.inputs.name, d.inputs.outputFormat], [`apigw-exec-${API_ID}-v1-s3-json`, "json"]);
        });

        it("delivers to a bucket managed elsewhere without creating anything about it", async () => {
            const result = await delivered({ executionLogs: { destination: "s3", s3: { bucketArn: "arn:aws:s3:::acme-apigw-archive" } } });
            assert.deepStrictEqual([...all(result, "s3/bucket:Bucket"), ...all(result, "s3/bucketPolicy:BucketPolicy")], []);
            assert.deepStrictEqual(destination(result).inputs.deliveryDestinationConfiguration, { destinationResourceArn: "arn:aws:s3:::acme-apigw-archive" });
            assert.strictEqual(result.outputs.executionLogBucketName, "acme-apigw-archive");
        });
    });

    describe("to Firehose", () => {
        it("delivers to the stream in the format asked, and links to it in the console", async () => {
            const result = await delivered({ executionLogs: { destination: "firehose", firehose: { streamArn: STREAM_ARN, outputFormat: "raw" } } });
            const d = destination(result);
            assert.deepStrictEqual(
                [d.inputs.name, d.inputs.outputFormat, d.inputs.deliveryDestinationConfiguration],
                [`apigw-exec-${API_ID}-v1-fh-raw`, "raw", { destinationResourceArn: STREAM_ARN }],
            );
            assert.strictEqual(delivery(result).inputs.deliveryDestinationArn, d.outputs.arn);
            assert.deepStrictEqual([result.outputs.executionLogLocation, result.outputs.executionLogStreamArn], [STREAM_ARN, STREAM_ARN]);
            assert.strictEqual(result.outputs.executionLogConsoleUrl, "https://eu-west-1.console.aws.amazon.com/firehose/home?region=eu-west-1#/details/splunk-apigw/monitoring");
        });
    });

    it("leaves a stage it does not own alone: the source names the stage, nothing writes to it", async () => {
        const result = await delivered({ executionLogs: { destination: "logGroup" } });
        assert.deepStrictEqual(all(result, "apigateway/stage:Stage"), []);
        assert.strictEqual(source(result).inputs.resourceArn, SOURCE_ARN);
    });

    it("creates no delivery while the execution logs stay in API Gateway's own group", async () => {
        const result = await delivered({});
        const types = result.resources.map((r) => r.type).filter((t) => t.includes("logDelivery") || t.includes("logResourcePolicy"));
        assert.deepStrictEqual(types, []);
        assert.deepStrictEqual([result.outputs.executionLogDestination, result.outputs.executionLogLocation], ["standard", `API-Gateway-Execution-Logs_${API_ID}/v1`]);
    });

    it("refuses a delivery from a stage logging at OFF before any resource is made", async () => {
        const message = await rejection(delivered({ methodSettings: { loggingLevel: "OFF" }, executionLogs: { destination: "firehose", firehose: { streamArn: STREAM_ARN } } }));
        assert.match(message, /args\.executionLogs\.destination: "firehose" needs args\.methodSettings\.loggingLevel ERROR or INFO \(it is OFF\)/);
    });
});
