// Settings given as `pulumi.secret(...)`: every one that only reaches resource inputs stays a secret
// there, is checked (with the rules it shares with other settings) when it resolves, and an error
// about it says `[secret]` and nothing learnt from it. A plain value is still checked at once.

import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { resolveStageLogging } from "../../packages/apigw-logging/src/settings";
import { StageLogging } from "../../packages/apigw-logging/src/stageLogging";
import type { StageLoggingArgs } from "../../packages/apigw-logging/src/stageLoggingArgs";
import { isSecretValue, MOCK_CALLS, PlannedResource, ProgramRun } from "../../tools/mockRuntime";
import { one, rejection, ROLE_ARN, run } from "../helpers";

const API_ID = "a1b2c3d4e5";

function stage(extra: Partial<StageLoggingArgs>): Promise<ProgramRun> {
    const args = { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", apiName: "orders-api", ...extra };
    return run(() => new StageLogging("orders", args), { calls: MOCK_CALLS });
}

/** The mock runtime, like Pulumi, says first which resource input an apply's error stopped. */
async function failure(promise: Promise<unknown>): Promise<string> {
    return (await rejection(promise)).replace(/^(error serializing property "[^"]*": )+/, "");
}

/** The input at `path` (dotted, numbers index lists) of `resource`, which must be a secret: its value. */
function secretAt(resource: PlannedResource, path: string): unknown {
    let value: unknown = resource.inputs;
    for (const part of path.split(".")) {
        value = (value as Record<string, unknown>)[part];
    }
    assert.ok(isSecretValue(value), `${resource.name} ${path} is not a secret: ${JSON.stringify(value)}`);
    return (value as { value: unknown }).value;
}

const FIREHOSE = { destination: "firehose" as const };

describe("secret settings (pulumi.Input)", () => {
    it("keeps plain values plain, checked at once: no Output is made for them", () => {
        const s = resolveStageLogging(
            {
                accessLogs: { ...FIREHOSE, firehose: { bufferingSizeInMBs: 64, bucket: { expireAfterDays: 400, transition: { afterDays: 90, storageClass: "GLACIER" } } } },
                executionLogs: { retentionInDays: 90 },
                alarms: { periodSeconds: 300, evaluationPeriods: 4 },
                queries: { folder: "Team" },
            },
            "args",
        );
        const sink = s.accessLogs.sink as Extract<typeof s.accessLogs.sink, { kind: "firehose" }>;
        assert.deepStrictEqual(
            [sink.bufferingSizeInMBs, sink.bucket?.expireAfterDays, sink.bucket?.transition?.afterDays, s.executionLogs.retentionInDays, s.alarms.evaluationPeriods, s.alarms.datapointsToAlarm, s.queries.folder],
            [64, 400, 90, 90, 4, 3, "Team"],
        );
    });

    it("puts a secret retention, log group name and alarm threshold into the resources as secrets, with their values", async () => {
        const result = await stage({
            accessLogs: { retentionInDays: pulumi.secret(90), logGroupName: pulumi.secret("/apis/orders/access") },
            alarms: { enabled: true, latencyThresholdMs: pulumi.secret(1500), evaluationPeriods: pulumi.secret(10) },
        });
        const group = one(result, "cloudwatch/logGroup:LogGroup", "orders-access-logs");
        assert.deepStrictEqual([secretAt(group, "retentionInDays"), secretAt(group, "name")], [90, "/apis/orders/access"]);
        const latency = one(result, "cloudwatch/metricAlarm:MetricAlarm", "orders-latency-alarm");
        assert.deepStrictEqual([secretAt(latency, "threshold"), secretAt(latency, "evaluationPeriods"), secretAt(latency, "datapointsToAlarm")], [1500, 10, 3]);
        assert.strictEqual(secretAt(latency, "alarmDescription"), "The p99 latency of orders-api (a1b2c3d4e5) stage v1 is above 1500 ms.");
    });

    it("puts secret Firehose settings into the stream, the bucket's lifecycle and the error log group", async () => {
        const result = await stage({
            accessLogs: {
                ...FIREHOSE,
                firehose: {
                    streamName: pulumi.secret("amazon-apigateway-orders"),
                    prefix: pulumi.secret("orders/"),
                    bufferingIntervalInSeconds: pulumi.secret(60),
                    errorLogRetentionInDays: pulumi.secret(14),
                    bucket: { name: pulumi.secret("acme-orders-logs"), expireAfterDays: pulumi.secret(730), noncurrentVersionExpireAfterDays: pulumi.secret(7) },
                },
            },
        });
        const stream = one(result, "kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
        assert.deepStrictEqual([secretAt(stream, "name"), secretAt(stream, "extendedS3Configuration.bufferingInterval")], ["amazon-apigateway-orders", 60]);
        assert.strictEqual(secretAt(stream, "extendedS3Configuration.prefix"), "orders/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
        const errors = one(result, "cloudwatch/logGroup:LogGroup", "orders-firehose-errors");
        assert.deepStrictEqual([secretAt(errors, "name"), secretAt(errors, "retentionInDays")], ["/aws/kinesisfirehose/amazon-apigateway-orders", 14]);
        assert.strictEqual(secretAt(one(result, "s3/bucket:Bucket"), "bucket"), "acme-orders-logs");
        const lifecycle = one(result, "s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
        assert.deepStrictEqual([secretAt(lifecycle, "rules.0.expiration.days"), secretAt(lifecycle, "rules.0.noncurrentVersionExpiration.noncurrentDays")], [730, 7]);
    });

    it("names the saved queries with a secret folder as secrets", async () => {
        const result = await stage({ queries: { folder: pulumi.secret("Team") } });
        assert.strictEqual(secretAt(one(result, "cloudwatch/queryDefinition:QueryDefinition", "orders-query-5xx-errors"), "name"), "Team/orders-api/v1/5xx errors by resource path");
    });

    describe("refusing a bad secret when it resolves, saying [secret] and nothing learnt from it", () => {
        it("a retention CloudWatch Logs does not take", async () => {
            const message = await failure(stage({ executionLogs: { retentionInDays: pulumi.secret(8) } }));
            assert.match(message, /^args\.executionLogs\.retentionInDays: \[secret\] is not a CloudWatch Logs retention value \(allowed: 1, 3, 5,/);
        });

        it("a retention below the production minimum", async () => {
            const message = await failure(stage({ policy: { production: true }, alarms: { enabled: false }, accessLogs: { retentionInDays: pulumi.secret(14) } }));
            assert.strictEqual(
                message,
                "args.accessLogs.retentionInDays: [secret] is below the production minimum of 30 days (args.policy.minimumRetentionInDays); keep production logs longer, or lower the minimum deliberately",
            );
        });

        it("more datapoints to alarm than a secret number of evaluation periods, without the number", async () => {
            const message = await failure(stage({ alarms: { enabled: true, evaluationPeriods: pulumi.secret(2), datapointsToAlarm: 4 } }));
            assert.strictEqual(message, "args.alarms.datapointsToAlarm: [secret] must be a whole number from 1 to args.alarms.evaluationPeriods");
        });

        it("a secret period that makes the alarms look back too long, without the seconds", async () => {
            const message = await failure(stage({ alarms: { enabled: true, periodSeconds: pulumi.secret(3000), evaluationPeriods: 30 } }));
            assert.strictEqual(
                message,
                "args.alarms.evaluationPeriods: [secret] makes the alarms look at more than CloudWatch allows (periodSeconds × evaluationPeriods: one day for periods under an hour, seven days otherwise)",
            );
        });

        it("a transition not before a secret expiry, without the expiry", async () => {
            const bucket = { expireAfterDays: pulumi.secret(60), transition: { afterDays: 90, storageClass: "GLACIER" as const } };
            const message = await failure(stage({ accessLogs: { ...FIREHOSE, firehose: { bucket } } }));
            assert.strictEqual(
                message,
                "args.accessLogs.firehose.bucket.transition.afterDays: [secret] must be less than args.accessLogs.firehose.bucket.expireAfterDays: S3 expires objects only after their last transition",
            );
        });

        it("a bucket name with a suffix S3 reserves, without the suffix", async () => {
            const message = await failure(stage({ accessLogs: { ...FIREHOSE, firehose: { bucket: { name: pulumi.secret("orders--x-s3") } } } }));
            assert.strictEqual(message, "args.accessLogs.firehose.bucket.name: [secret] uses a prefix or suffix S3 reserves in bucket names");
        });
    });

    it("refuses to adopt a group by a secret name at once: Pulumi shows the import id in plain text", () => {
        const args = { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", accessLogs: { logGroupName: pulumi.secret("/apis/orders") }, adoptLogGroups: { access: true } };
        assert.throws(() => new StageLogging("orders", args), {
            message:
                "args.adoptLogGroups.access: true needs args.accessLogs.logGroupName as plain text: Pulumi imports a group by its name, which it shows in plain text and must know before anything is created (a secret name cannot be adopted)",
        });
    });
});
