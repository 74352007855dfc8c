import * as assert from "assert";
import {
    defaultBucketName,
    defaultPrefix,
    defaultStreamName,
    errorOutputPrefix,
    firehoseDeliveryPolicy,
    firehoseTrustPolicy,
    timePartitionedPrefix,
    tlsOnlyBucketPolicy,
} from "../../packages/apigw-logging/src/sinks/firehosePolicies";
import { s3BucketName } from "../../packages/apigw-logging/src/rules";
import type { FirehoseSink } from "../../packages/apigw-logging/src/sinks/firehoseSink";
import { StageLogging } from "../../packages/apigw-logging/src/stageLogging";
import type { FirehoseArgs, StageLoggingArgs } from "../../packages/apigw-logging/src/stageLoggingArgs";
import { MOCK_CALLS, PlannedResource, ProgramRun } from "../../tools/mockRuntime";
import { all, one, rejection, ROLE_ARN, run } from "../helpers";

const API_ID = "a1b2c3d4e5";
const ACCOUNT = "123456789012";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const STREAM = `amazon-apigateway-${API_ID}-v1`;
const BUCKET = `apigw-logs-${ACCOUNT}-eu-west-1-${API_ID}-v1`;
const PARTITIONS = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

/** StageLogging with access logs to Firehose, creating the stage; returns the run and the component's outputs. */
function firehoseStage(firehose: FirehoseArgs = {}, extra: Partial<StageLoggingArgs> = {}): Promise<ProgramRun> {
    return run(
        () => {
            const c = new StageLogging("orders", {
                cloudWatchRoleArn: ROLE_ARN,
                restApiId: API_ID,
                stageName: "v1",
                stage: { deploymentId: "dep123" },
                accessLogs: { destination: "firehose", firehose },
                ...extra,
            });
            const sink = c.accessLogSink as FirehoseSink;
            return {
                accessLogSettings: c.accessLogSettings,
                bucketName: sink.bucketName,
                bucketArn: sink.bucketArn,
                prefix: sink.prefix,
                s3Location: sink.s3Location,
                streamName: sink.streamName,
                streamArn: sink.streamArn,
                accessLogGroupName: c.accessLogGroupName,
            };
        },
        { calls: MOCK_CALLS },
    );
}

const stream = (r: ProgramRun) => one(r, "kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
const s3 = (r: ProgramRun) => stream(r).inputs.extendedS3Configuration as Record<string, any>;
const policyOf = (r: PlannedResource, key = "policy") => JSON.parse(r.inputs[key] as string);

describe("firehoseSink", () => {
    describe("names and prefixes", () => {
        it("names the stream amazon-apigateway-{restApiId}-{stage}", () => {
            assert.strictEqual(defaultStreamName(API_ID, "prod"), `amazon-apigateway-${API_ID}-prod`);
        });

        it("keeps a long stage's stream name within Firehose's 64 characters, distinct per stage", () => {
            const a = defaultStreamName(API_ID, "release-candidate-for-the-2026-spring-catalogue-a");
            const b = defaultStreamName(API_ID, "release-candidate-for-the-2026-spring-catalogue-b");
            assert.ok(a.length <= 64, a);
            assert.match(a, /^amazon-apigateway-a1b2c3d4e5-release-candidate-for-the-[0-9a-f]{8}$/);
            assert.notStrictEqual(a, b);
        });

        it("names the bucket after the account, region, REST API and stage", () => {
            assert.strictEqual(defaultBucketName(ACCOUNT, "eu-west-1", API_ID, "prod"), `apigw-logs-${ACCOUNT}-eu-west-1-${API_ID}-prod`);
        });

        it("turns a stage name S3 would refuse into a valid bucket name, with a hash so Prod and prod differ", () => {
            const upper = defaultBucketName(ACCOUNT, "ap-southeast-2", API_ID, "Prod_EU");
            const lower = defaultBucketName(ACCOUNT, "ap-southeast-2", API_ID, "prod-eu");
            assert.match(upper, /^apigw-logs-123456789012-ap-southeast-2-a1b2c3d4e5-[a-z0-9-]*[0-9a-f]{8}$/);
            assert.strictEqual(s3BucketName(upper, "name"), upper);
            assert.notStrictEqual(upper, lower);
            const long = defaultBucketName(ACCOUNT, "ap-southeast-2", API_ID, "a-very-long-stage-name-for-a-bucket");
            assert.ok(long.length <= 63, long);
            assert.strictEqual(s3BucketName(long, "name"), long);
        });

        it("partitions by hour in Hive style under the base prefix", () => {
            assert.strictEqual(defaultPrefix(API_ID, "v1"), `access-logs/${API_ID}/v1/`);
            assert.strictEqual(timePartitionedPrefix("access-logs/x/v1/"), `access-logs/x/v1/${PARTITIONS}`);
        });

        it("puts failed records outside the base prefix, typed by !{firehose:error-output-type} as Firehose requires", () => {
            const prefix = errorOutputPrefix("access-logs/x/v1/");
            assert.strictEqual(prefix, `errors/access-logs/x/v1/!{firehose:error-output-type}/${PARTITIONS}`);
            assert.ok(!prefix.startsWith("access-logs/x/v1/"));
            assert.ok(!timePartitionedPrefix("access-logs/x/v1/").includes("firehose:error-output-type"));
        });
    });

    describe("policies", () => {
        it("trusts only Firehose, and only for this account", () => {
            assert.deepStrictEqual(firehoseTrustPolicy(ACCOUNT), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "firehose.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "sts:ExternalId": ACCOUNT },
                            StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT },
                        },
                    },
                ],
            });
        });

        it("grants S3 on one bucket and its prefixes, and PutLogEvents on one log stream, with no wildcard resource", () => {
            const policy = firehoseDeliveryPolicy({
                bucketArn: "arn:aws:s3:::logs",
                prefixes: ["a/", "errors/a/"],
                logStreamArn: "arn:aws:logs:eu-west-1:123456789012:log-group:g:log-stream:s",
                region: "eu-west-1",
            }) as { Statement: Array<{ Sid: string; Action: string | string[]; Resource: string | string[] }> };
            assert.deepStrictEqual(
                policy.Statement.map((s) => [s.Sid, s.Action, s.Resource]),
                [
                    ["BucketLevel", ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], "arn:aws:s3:::logs"],
                    ["WriteLogObjects", ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::logs/a/*", "arn:aws:s3:::logs/errors/a/*"]],
                    ["DeliveryErrorLog", "logs:PutLogEvents", "arn:aws:logs:eu-west-1:123456789012:log-group:g:log-stream:s"],
                ],
            );
        });

        it("adds the KMS key, usable only through S3 in the region and only for the bucket", () => {
            const policy = firehoseDeliveryPolicy({ bucketArn: "arn:aws:s3:::logs", prefixes: ["a/"], logStreamArn: "x", region: "eu-west-1", kmsKeyArn: KEY }) as {
                Statement: object[];
            };
            assert.deepStrictEqual(policy.Statement[3], {
                Sid: "EncryptLogObjects",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: KEY,
                Condition: {
                    StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
                    StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"] },
                },
            });
        });

        it("denies every request to the bucket that is not over TLS", () => {
            assert.deepStrictEqual(tlsOnlyBucketPolicy("arn:aws:s3:::logs"), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            });
        });
    });

    describe("the stage's access-log destination", () => {
        it("is a DirectPut stream named amazon-apigateway-…, whose ARN the stage logs to", async () => {
            const result = await firehoseStage();
            const s = stream(result);
            assert.strictEqual(s.inputs.name, STREAM);
            assert.strictEqual(s.inputs.destination, "extended_s3");
            // DirectPut is the absence of a Kinesis or MSK source.
            assert.strictEqual(s.inputs.kinesisSourceConfiguration, undefined);
            assert.strictEqual(s.inputs.mskSourceConfiguration, undefined);
            const settings = one(result, "apigateway/stage:Stage").inputs.accessLogSettings as { destinationArn: string };
            assert.strictEqual(settings.destinationArn, `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/${STREAM}`);
            assert.strictEqual(settings.destinationArn, s.outputs.arn);
            assert.ok(one(result, "apigateway/stage:Stage").dependsOn.includes("orders-firehose"));
        });

        it("uses a given stream name", async () => {
            assert.strictEqual(stream(await firehoseStage({ streamName: "amazon-apigateway-orders" })).inputs.name, "amazon-apigateway-orders");
        });

        it("refuses a stream name without the prefix when the program runs (at preview)", async () => {
            const message = await rejection(
                run(() => new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", accessLogs: { destination: "firehose", firehose: { streamName: "orders-logs" } } }), {
                    calls: MOCK_CALLS,
                }),
            );
            assert.strictEqual(
                message,
                'args.accessLogs.firehose.streamName: "orders-logs" must start with "amazon-apigateway-": API Gateway refuses to send access logs to a Firehose stream with any other name; did you mean "amazon-apigateway-orders-logs"?',
            );
        });

        it("creates no access-log group, while the execution log group stays in CloudWatch Logs", async () => {
            const result = await firehoseStage();
            assert.deepStrictEqual(
                all(result, "cloudwatch/logGroup:LogGroup").map((g) => g.name).sort(),
                ["orders-execution-logs", "orders-firehose-errors"],
            );
            assert.strictEqual(one(result, "cloudwatch/logGroup:LogGroup", "orders-execution-logs").inputs.name, `API-Gateway-Execution-Logs_${API_ID}/v1`);
            assert.strictEqual(result.outputs.accessLogGroupName, undefined);
        });
    });

    describe("a bucket the component creates", () => {
        it("gets an explicit name, so renaming nothing in Pulumi replaces it", async () => {
            const result = await firehoseStage();
            assert.strictEqual(one(result, "s3/bucket:Bucket").inputs.bucket, BUCKET);
            assert.strictEqual(one(result, "s3/bucket:Bucket", "orders-access-log-bucket").inputs.forceDestroy, false);
        });

        it("blocks all public access", async () => {
            const block = one(await firehoseStage(), "s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
            assert.deepStrictEqual(block.inputs, {
                bucket: BUCKET,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
        });

        it("encrypts with SSE-S3 by default", async () => {
            const sse = one(await firehoseStage(), "s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
            assert.deepStrictEqual(sse.inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        });

        it("encrypts with the KMS key when one is given, with an S3 Bucket Key", async () => {
            const result = await firehoseStage({ kmsKeyArn: KEY });
            const sse = one(result, "s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
            assert.deepStrictEqual(sse.inputs.rules, [
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true },
            ]);
            assert.strictEqual(s3(result).kmsKeyArn, KEY);
        });

        it("allows only TLS requests", async () => {
            const result = await firehoseStage();
            assert.deepStrictEqual(policyOf(one(result, "s3/bucketPolicy:BucketPolicy")), tlsOnlyBucketPolicy(`arn:aws:s3:::${BUCKET}`));
            assert.ok(one(result, "s3/bucketPolicy:BucketPolicy").dependsOn.includes("orders-access-log-bucket-public-access"));
        });

        it("enforces bucket-owner ownership (ACLs off) and turns versioning on", async () => {
            const result = await firehoseStage();
            assert.deepStrictEqual(one(result, "s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
            assert.deepStrictEqual(one(result, "s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration, { status: "Enabled" });
        });

        it("expires log objects after a year by default, and their old versions 30 days later", async () => {
            const lifecycle = one(await firehoseStage(), "s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
            assert.deepStrictEqual(lifecycle.inputs.rules, [
                {
                    id: "expire-access-logs",
                    status: "Enabled",
                    filter: {},
                    expiration: { days: 365 },
                    noncurrentVersionExpiration: { noncurrentDays: 30 },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ]);
            assert.ok(lifecycle.dependsOn.includes("orders-access-log-bucket-versioning"));
        });

        it("moves log objects to a cheaper storage class when configured", async () => {
            const lifecycle = one(
                await firehoseStage({ bucket: { expireAfterDays: 2557, transition: { afterDays: 90, storageClass: "GLACIER_IR" } } }),
                "s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            );
            const [rule] = lifecycle.inputs.rules as Array<Record<string, unknown>>;
            assert.deepStrictEqual([rule.transitions, rule.expiration], [[{ days: 90, storageClass: "GLACIER_IR" }], { days: 2557 }]);
        });

        it("is retained on delete with every setting that keeps it private, encrypted and expiring", async () => {
            const result = await firehoseStage();
            const kept = result.resources.filter((r) => r.type.startsWith("aws:s3/")).map((r) => [r.name, r.retainOnDelete]);
            assert.deepStrictEqual(kept.sort(), [
                ["orders-access-log-bucket", true],
                ["orders-access-log-bucket-encryption", true],
                ["orders-access-log-bucket-lifecycle", true],
                ["orders-access-log-bucket-ownership", true],
                ["orders-access-log-bucket-policy", true],
                ["orders-access-log-bucket-public-access", true],
                ["orders-access-log-bucket-versioning", true],
            ]);
        });

        it("is deleted, logs and all, when the user opts out of retaining logs", async () => {
            const result = await firehoseStage({}, { retainLogsOnDelete: false });
            const bucket = one(result, "s3/bucket:Bucket");
            assert.deepStrictEqual([bucket.retainOnDelete, bucket.inputs.forceDestroy], [false, true]);
            assert.strictEqual(one(result, "cloudwatch/logGroup:LogGroup", "orders-firehose-errors").retainOnDelete, false);
        });

        it("uses a given bucket name", async () => {
            assert.strictEqual(one(await firehoseStage({ bucket: { name: "orders-access-logs" } }), "s3/bucket:Bucket").inputs.bucket, "orders-access-logs");
        });
    });

    describe("an existing bucket", () => {
        it("creates nothing in S3 and delivers to the given bucket, with the role limited to it", async () => {
            const result = await firehoseStage({ bucketArn: "arn:aws:s3:::team-logs", prefix: "apigw/orders/" });
            assert.deepStrictEqual(result.resources.filter((r) => r.type.startsWith("aws:s3/")), []);
            assert.strictEqual(s3(result).bucketArn, "arn:aws:s3:::team-logs");
            assert.strictEqual(s3(result).prefix, `apigw/orders/${PARTITIONS}`);
            const statements = policyOf(one(result, "iam/rolePolicy:RolePolicy")).Statement;
            assert.deepStrictEqual(statements[1].Resource, ["arn:aws:s3:::team-logs/apigw/orders/*", "arn:aws:s3:::team-logs/errors/apigw/orders/*"]);
            assert.deepStrictEqual([result.outputs.bucketName, result.outputs.s3Location], ["team-logs", "s3://team-logs/apigw/orders/"]);
        });
    });

    describe("the stream", () => {
        it("encrypts at rest, and buffers 5 MiB or 300 s into GZIP objects by default", async () => {
            const result = await firehoseStage();
            assert.deepStrictEqual(stream(result).inputs.serverSideEncryption, { enabled: true, keyType: "AWS_OWNED_CMK" });
            const c = s3(result);
            assert.deepStrictEqual([c.bufferingSize, c.bufferingInterval, c.compressionFormat], [5, 300, "GZIP"]);
        });

        it("takes buffering and compression from the settings", async () => {
            const c = s3(await firehoseStage({ bufferingSizeInMBs: 64, bufferingIntervalInSeconds: 900, compression: "UNCOMPRESSED" }));
            assert.deepStrictEqual([c.bufferingSize, c.bufferingInterval, c.compressionFormat], [64, 900, "UNCOMPRESSED"]);
        });

        it("writes hour partitions and sends failed records to an error prefix", async () => {
            const c = s3(await firehoseStage());
            assert.strictEqual(c.prefix, `access-logs/${API_ID}/v1/${PARTITIONS}`);
            assert.strictEqual(c.errorOutputPrefix, `errors/access-logs/${API_ID}/v1/!{firehose:error-output-type}/${PARTITIONS}`);
        });

        it("ends every record with a newline, since API Gateway sends none and Athena reads lines", async () => {
            assert.deepStrictEqual(s3(await firehoseStage()).processingConfiguration, { enabled: true, processors: [{ type: "AppendDelimiterToRecord" }] });
        });

        it("logs its delivery errors to its own retained log group and stream", async () => {
            const result = await firehoseStage({ errorLogRetentionInDays: 90 });
            const group = one(result, "cloudwatch/logGroup:LogGroup", "orders-firehose-errors");
            const logStream = one(result, "cloudwatch/logStream:LogStream");
            assert.deepStrictEqual(
                [group.inputs.name, group.inputs.retentionInDays, group.retainOnDelete, logStream.inputs.name, logStream.retainOnDelete],
                [`/aws/kinesisfirehose/${STREAM}`, 90, true, "DestinationDelivery", true],
            );
            assert.deepStrictEqual(s3(result).cloudwatchLoggingOptions, { enabled: true, logGroupName: `/aws/kinesisfirehose/${STREAM}`, logStreamName: "DestinationDelivery" });
        });
    });

    describe("on delete", () => {
        it("retains the stream, its role and the role's policy, since a stage may still name the stream", async () => {
            const result = await firehoseStage();
            const kept = ["kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "iam/role:Role", "iam/rolePolicy:RolePolicy"].map((t) => [one(result, t).name, one(result, t).retainOnDelete]);
            assert.deepStrictEqual(kept, [
                ["orders-firehose", true],
                ["orders-firehose-role", true],
                ["orders-firehose-role-policy", true],
            ]);
        });

        it("deletes the stream and its role with the stack when the user opts out of retaining logs", async () => {
            const result = await firehoseStage({}, { retainLogsOnDelete: false });
            assert.deepStrictEqual([stream(result).retainOnDelete, one(result, "iam/role:Role").retainOnDelete], [false, false]);
        });
    });

    describe("adopting the delivery-error log group", () => {
        it("imports the group and its DestinationDelivery stream instead of creating them", async () => {
            const result = await firehoseStage({}, { adoptLogGroups: { firehoseErrors: true } });
            const group = one(result, "cloudwatch/logGroup:LogGroup", "orders-firehose-errors");
            const logStream = one(result, "cloudwatch/logStream:LogStream");
            assert.deepStrictEqual(
                [group.importId, group.inputs.name, logStream.importId],
                [`/aws/kinesisfirehose/${STREAM}`, `/aws/kinesisfirehose/${STREAM}`, `/aws/kinesisfirehose/${STREAM}:DestinationDelivery`],
            );
        });

        it("names the group after a given stream name", async () => {
            const result = await firehoseStage({ streamName: "amazon-apigateway-orders" }, { adoptLogGroups: { firehoseErrors: true } });
            assert.strictEqual(one(result, "cloudwatch/logGroup:LogGroup", "orders-firehose-errors").importId, "/aws/kinesisfirehose/amazon-apigateway-orders");
        });
    });

    describe("the Firehose role", () => {
        it("is trusted by Firehose for the caller's account only", async () => {
            const result = await firehoseStage();
            assert.deepStrictEqual(policyOf(one(result, "iam/role:Role", "orders-firehose-role"), "assumeRolePolicy"), firehoseTrustPolicy(ACCOUNT));
            assert.strictEqual(s3(result).roleArn, one(result, "iam/role:Role", "orders-firehose-role").outputs.arn);
        });

        it("may write only to the bucket's prefixes, the error log stream and the KMS key", async () => {
            const result = await firehoseStage({ kmsKeyArn: KEY });
            const rolePolicy = one(result, "iam/rolePolicy:RolePolicy");
            assert.strictEqual(rolePolicy.inputs.role, one(result, "iam/role:Role", "orders-firehose-role").outputs.id);
            assert.deepStrictEqual(
                policyOf(rolePolicy),
                firehoseDeliveryPolicy({
                    bucketArn: `arn:aws:s3:::${BUCKET}`,
                    prefixes: [`access-logs/${API_ID}/v1/`, `errors/access-logs/${API_ID}/v1/`],
                    logStreamArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/kinesisfirehose/${STREAM}:log-stream:DestinationDelivery`,
                    region: "eu-west-1",
                    kmsKeyArn: KEY,
                }),
            );
        });

        it("has its policy before the stream is created, and the bucket is locked down first", async () => {
            const dependsOn = stream(await firehoseStage()).dependsOn;
            for (const name of [
                "orders-firehose-role-policy",
                "orders-access-log-bucket-public-access",
                "orders-access-log-bucket-encryption",
                "orders-access-log-bucket-policy",
                "orders-access-log-bucket-ownership",
            ]) {
                assert.ok(dependsOn.includes(name), `${name} not in ${dependsOn.join()}`);
            }
        });
    });

    describe("outputs", () => {
        it("give an Athena user the bucket, the prefix, the table location and the stream", async () => {
            const result = await firehoseStage();
            assert.deepStrictEqual(
                {
                    bucketName: result.outputs.bucketName,
                    bucketArn: result.outputs.bucketArn,
                    prefix: result.outputs.prefix,
                    s3Location: result.outputs.s3Location,
                    streamName: result.outputs.streamName,
                    streamArn: result.outputs.streamArn,
                },
                {
                    bucketName: BUCKET,
                    bucketArn: `arn:aws:s3:::${BUCKET}`,
                    prefix: `access-logs/${API_ID}/v1/${PARTITIONS}`,
                    s3Location: `s3://${BUCKET}/access-logs/${API_ID}/v1/`,
                    streamName: STREAM,
                    streamArn: `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/${STREAM}`,
                },
            );
        });
    });
});
