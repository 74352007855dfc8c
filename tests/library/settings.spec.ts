import * as assert from "assert";
import { resolveAccountSetting } from "../../packages/apigw-logging/src/accountSetting";
import { CLOUDWATCH_RETENTION_DAYS, isProductionStackName } from "../../packages/apigw-logging/src/rules";
import { CloudWatchLogsSinkSettings, resolveStageLogging } from "../../packages/apigw-logging/src/settings";

const resolveLoggingSettings = (input: unknown, path: string) => resolveStageLogging(input as never, path);
const cloudWatch = (s: ReturnType<typeof resolveLoggingSettings>) => s.accessLogs.sink as CloudWatchLogsSinkSettings;

const RETENTIONS = CLOUDWATCH_RETENTION_DAYS.join(", ");

describe("settings (resolveStageLogging)", () => {
    describe("defaults", () => {
        it("fills in every default for an empty input", () => {
            const s = resolveLoggingSettings({}, "args");
            assert.strictEqual(cloudWatch(s).retentionInDays, 30);
            assert.strictEqual(s.executionLogs.retentionInDays, 30);
            assert.deepStrictEqual(
                { ...s.methodSettings },
                { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true, overrides: [] },
            );
            assert.strictEqual(s.retainLogsOnDelete, true);
            assert.deepStrictEqual(s.adoptLogGroups, { execution: false, access: false, firehoseErrors: false });
            assert.strictEqual(s.policy.production, false);
            assert.ok(s.accessLogs.format.startsWith('{"requestId":"$context.requestId"'));
            assert.strictEqual(s.policy.minimumRetentionInDays, 30);
        });

        it("creates the account setting unless told otherwise", () => {
            assert.deepStrictEqual(resolveAccountSetting(undefined, "a"), { mode: "create", retainOnDelete: true });
            assert.deepStrictEqual(resolveAccountSetting({}, "a"), { mode: "create", retainOnDelete: true });
        });

        it("lets overrides inherit what they do not set", () => {
            const s = resolveLoggingSettings(
                { methodSettings: { loggingLevel: "INFO", metricsEnabled: false, overrides: [{ methodPath: "pets/GET", loggingLevel: "ERROR" }] } },
                "args",
            );
            assert.deepStrictEqual(s.methodSettings.overrides, [
                { methodPath: "~1pets/GET", loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: false },
            ]);
        });

        it("files each override under API Gateway's key, however its path was written", () => {
            const s = resolveLoggingSettings(
                { methodSettings: { overrides: [{ methodPath: "/orders/items/GET" }, { methodPath: "orders/{id}/*" }, { methodPath: "~1health/GET" }] } },
                "args",
            );
            assert.deepStrictEqual(s.methodSettings.overrides.map((o) => o.methodPath), ["~1orders~1items/GET", "~1orders~1{id}/*", "~1health/GET"]);
        });

        it("treats stacks named prod or production as production", () => {
            assert.deepStrictEqual(
                ["prod", "production", "prod-eu", "Prod", "dev", "preprod", "products"].map(isProductionStackName),
                [true, true, true, true, false, false, false],
            );
        });
    });

    describe("bad input names the input, the value and what is allowed", () => {
        const cases: Array<[string, unknown, string]> = [
            ["a retention CloudWatch does not offer", { accessLogs: { retentionInDays: 17 } },
                `args.accessLogs.retentionInDays: 17 is not a CloudWatch Logs retention value (allowed: ${RETENTIONS})`],
            ["an execution-log retention given as text", { executionLogs: { retentionInDays: "30" } },
                `args.executionLogs.retentionInDays: "30" is not a CloudWatch Logs retention value (allowed: ${RETENTIONS})`],
            ["a KMS key id instead of an ARN", { accessLogs: { kmsKeyArn: "1234abcd-12ab" } },
                'args.accessLogs.kmsKeyArn: "1234abcd-12ab" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>); CloudWatch Logs needs the full ARN'],
            ["a bad execution-log KMS key", { executionLogs: { kmsKeyArn: "alias/logs" } },
                'args.executionLogs.kmsKeyArn: "alias/logs" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>); CloudWatch Logs needs the full ARN'],
            ["a log group name with a space", { accessLogs: { logGroupName: "my logs" } },
                'args.accessLogs.logGroupName: "my logs" is not a CloudWatch Logs log group name (1-512 characters: letters, digits, _ - / . #)'],
            ["the execution log group's name for access logs", { accessLogs: { logGroupName: "API-Gateway-Execution-Logs_x/y" } },
                `args.accessLogs.logGroupName: "API-Gateway-Execution-Logs_x/y" is the execution log group's name pattern; pick another name for access logs`],
            ["a multi-line format", { accessLogs: { format: "$context.requestId\n$context.status" } },
                'args.accessLogs.format: "$context.requestId\\n$context.status" must be a single line: API Gateway refuses access-log formats with a newline anywhere but at the end (write it on one line, or use a preset)'],
            ["an error rate given as a percentage", { alarms: { serverErrorRate: 5 } },
                "args.alarms.serverErrorRate: 5 must be a share of requests above 0 and at most 1 (0.05 is 5%)"],
            ["an alarm period that is not whole minutes", { alarms: { periodSeconds: 90 } },
                "args.alarms.periodSeconds: 90 must be a multiple of 60 (API Gateway publishes metrics every minute)"],
            ["more datapoints to alarm than are evaluated", { alarms: { evaluationPeriods: 2, datapointsToAlarm: 3 } },
                "args.alarms.datapointsToAlarm: 3 must be a whole number from 1 to 2 datapoints (at most args.alarms.evaluationPeriods)"],
            ["a latency statistic in the wrong case", { alarms: { latencyStatistic: "P99" } },
                'args.alarms.latencyStatistic: "P99" is not allowed (allowed: Average, Maximum, p50, p90, p95, p99); did you mean "p99"?'],
            ["an SNS topic name instead of its ARN", { alarms: { snsTopicArn: "api-alerts" } },
                'args.alarms.snsTopicArn: "api-alerts" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)'],
            ["alarms with metrics off", { alarms: { enabled: true }, methodSettings: { metricsEnabled: false } },
                "args.alarms.enabled: true needs args.methodSettings.metricsEnabled: true (the alarms watch the stage's CloudWatch metrics)"],
            ["metrics off in production, where alarms are on by default", { policy: { production: true }, methodSettings: { metricsEnabled: false } },
                "args.methodSettings.metricsEnabled: false turns off the metrics the alarms watch, and alarms are on by default in a production stack; turn metrics on, or set args.alarms.enabled: false"],
            ["a query folder with a leading slash", { queries: { folder: "/APIs" } },
                'args.queries.folder: "/APIs" must be 1-128 characters without ":" or "*", not starting or ending with "/" nor containing "//"'],
            ["a misspelt alarm setting", { alarms: { treshold: 1 } },
                'args.alarms.treshold: 1 is not a known setting (known: enabled, snsTopicArn, serverErrorRate, latencyThresholdMs, latencyStatistic, periodSeconds, evaluationPeriods, datapointsToAlarm)'],
            ["a logging level in the wrong case", { methodSettings: { loggingLevel: "info" } },
                'args.methodSettings.loggingLevel: "info" is not allowed (allowed: OFF, ERROR, INFO); did you mean "INFO"?'],
            ["a logging level API Gateway does not have", { methodSettings: { loggingLevel: "DEBUG" } },
                'args.methodSettings.loggingLevel: "DEBUG" is not allowed (allowed: OFF, ERROR, INFO)'],
            ["data trace as text", { methodSettings: { dataTraceEnabled: "yes" } },
                'args.methodSettings.dataTraceEnabled: "yes" must be true or false'],
            ["metrics as a number", { methodSettings: { metricsEnabled: 1 } },
                "args.methodSettings.metricsEnabled: 1 must be true or false"],
            ["data trace with logging OFF", { methodSettings: { loggingLevel: "OFF", dataTraceEnabled: true } },
                "args.methodSettings.dataTraceEnabled: true needs loggingLevel ERROR or INFO: API Gateway writes data trace to the execution log, which OFF disables"],
            ["overrides that are not a list", { methodSettings: { overrides: { methodPath: "pets/GET" } } },
                'args.methodSettings.overrides: {"methodPath":"pets/GET"} must be a list of { methodPath, loggingLevel, ... }'],
            ["a method path without a method", { methodSettings: { overrides: [{ methodPath: "pets" }] } },
                'args.methodSettings.overrides[0].methodPath: "pets" must end in "/{HTTP method}", one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY, *, e.g. "/orders/items/GET" (as the console shows it) or "~1orders~1items/GET" (API Gateway\'s key)'],
            ["one method written both ways", { methodSettings: { overrides: [{ methodPath: "/pets/{id}/GET" }, { methodPath: "~1pets~1{id}/GET" }] } },
                'args.methodSettings.overrides[1].methodPath: "~1pets~1{id}/GET" is the same method as args.methodSettings.overrides[0].methodPath "/pets/{id}/GET" (API Gateway\'s key "~1pets~1{id}/GET"); give each method once'],
            ["the stage-wide entry as an override", { methodSettings: { overrides: [{ methodPath: "*/*", loggingLevel: "INFO" }] } },
                'args.methodSettings.overrides[0].methodPath: "*/*" is the stage-wide entry: set args.methodSettings.loggingLevel, dataTraceEnabled and metricsEnabled instead'],
            ["an override's bad logging level", { methodSettings: { overrides: [{ methodPath: "pets/GET", loggingLevel: "WARN" }] } },
                'args.methodSettings.overrides[0].loggingLevel: "WARN" is not allowed (allowed: OFF, ERROR, INFO)'],
            ["retainLogsOnDelete as text", { retainLogsOnDelete: "no" },
                'args.retainLogsOnDelete: "no" must be true or false'],
            ["adopting a Firehose error log group with destination cloudwatch", { adoptLogGroups: { firehoseErrors: true } },
                'args.adoptLogGroups.firehoseErrors: true needs accessLogs.destination "firehose" (only Firehose has a delivery-error log group)'],
            ["adoptLogGroups.execution as text", { adoptLogGroups: { execution: "yes" } },
                'args.adoptLogGroups.execution: "yes" must be true or false'],
            ["a tag value that is a number", { tags: { costCenter: 42 } },
                "args.tags.costCenter: 42 must be a string (AWS tag values are strings)"],
            ["a reserved tag key", { tags: { "aws:team": "x" } },
                'args.tags.aws:team: "x" uses the reserved "aws:" tag prefix'],
            ["a misspelt key", { acessLogs: { retentionInDays: 7 } },
                'args.acessLogs: {"retentionInDays":7} is not a known setting; did you mean "accessLogs"? (known: accessLogs, executionLogs, methodSettings, alarms, queries, policy, retainLogsOnDelete, adoptLogGroups, tags)'],
            ["a misspelt nested key", { accessLogs: { retention: 7 } },
                'args.accessLogs.retention: 7 is not a known setting; did you mean "retentionInDays"? (known: destination, format, retentionInDays, kmsKeyArn, logGroupName, firehose)'],
            ["a section that is not an object", { methodSettings: "INFO" },
                'args.methodSettings: "INFO" must be an object'],
            ["data trace in production", { policy: { production: true }, methodSettings: { loggingLevel: "INFO", dataTraceEnabled: true } },
                "args.methodSettings.dataTraceEnabled: true is refused in a production stack: full request/response logs record sensitive data (headers, bodies, tokens). Turn it off, or set args.policy.allowDataTraceInProduction: true to accept that."],
            ["data trace on one method in production", { policy: { production: true }, methodSettings: { overrides: [{ methodPath: "pets/GET", dataTraceEnabled: true }] } },
                "args.methodSettings.overrides[0].dataTraceEnabled: true is refused in a production stack: full request/response logs record sensitive data (headers, bodies, tokens). Turn it off, or set args.policy.allowDataTraceInProduction: true to accept that."],
            ["production as text", { policy: { production: "true" } }, 'args.policy.production: "true" must be true or false'],
        ];
        for (const [what, input, message] of cases) {
            it(`refuses ${what}`, () => {
                assert.throws(() => resolveLoggingSettings(input, "args"), { name: "ValidationError", message });
            });
        }

        const accountCases: Array<[string, unknown, string]> = [
            ["an unknown account-setting mode", { mode: "manage" },
                'args.accountSetting.mode: "manage" is not allowed (allowed: create, roleArn, external, stackReference)'],
            ["a role ARN that is a user ARN", { mode: "roleArn", roleArn: "arn:aws:iam::123456789012:user/bob" },
                'args.accountSetting.roleArn: "arn:aws:iam::123456789012:user/bob" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)'],
            ["mode roleArn without the ARN", { mode: "roleArn" },
                "args.accountSetting.roleArn: (missing) is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)"],
            ["a role ARN with mode create", { mode: "create", roleArn: "arn:aws:iam::123456789012:role/x" },
                'args.accountSetting.roleArn: "arn:aws:iam::123456789012:role/x" only with mode "roleArn" or "external"'],
            ["retainOnDelete with mode external", { mode: "external", retainOnDelete: false },
                'args.accountSetting.retainOnDelete: false has no effect with mode "external" (this stack creates nothing region-wide)'],
            ["a stack reference that is not org/project/stack", { mode: "stackReference", stack: "platform/dev" },
                'args.accountSetting.stack: "platform/dev" must name the stack that manages the account setting as "org/project/stack"'],
            ["a stack with mode create", { mode: "create", stack: "acme/apigw-logging/prod" },
                'args.accountSetting.stack: "acme/apigw-logging/prod" only with mode "stackReference"'],
            ["retainOnDelete with mode stackReference", { mode: "stackReference", stack: "acme/apigw-logging/prod", retainOnDelete: true },
                'args.accountSetting.retainOnDelete: true has no effect with mode "stackReference" (this stack creates nothing region-wide)'],
        ];
        for (const [what, input, message] of accountCases) {
            it(`refuses ${what}`, () => {
                assert.throws(() => resolveAccountSetting(input, "args.accountSetting"), { name: "ValidationError", message });
            });
        }

        it("allows data trace in production when acknowledged", () => {
            const s = resolveLoggingSettings(
                { policy: { production: true, allowDataTraceInProduction: true }, methodSettings: { loggingLevel: "INFO", dataTraceEnabled: true } },
                "args",
            );
            assert.strictEqual(s.methodSettings.dataTraceEnabled, true);
        });
    });

    describe("accessLogs.firehose", () => {
        const firehose = (settings: unknown) => ({ accessLogs: { destination: "firehose", firehose: settings } });

        it("defaults to a created bucket, GZIP, 5 MiB / 300 s buffering and a year of logs", () => {
            const s = resolveLoggingSettings({ accessLogs: { destination: "firehose" } }, "args");
            assert.deepStrictEqual(s.accessLogs, {
                format: s.accessLogs.format,
                sink: {
                    kind: "firehose",
                    bucket: { expireAfterDays: 365, noncurrentVersionExpireAfterDays: 30 },
                    compression: "GZIP",
                    bufferingSizeInMBs: 5,
                    bufferingIntervalInSeconds: 300,
                    errorLogRetentionInDays: 30,
                },
            });
        });

        it("keeps CloudWatch Logs the default destination, with no Firehose settings", () => {
            const s = resolveLoggingSettings({}, "args");
            assert.deepStrictEqual(s.accessLogs.sink, { kind: "cloudwatch", retentionInDays: 30 });
        });

        const cases: Array<[string, unknown, string]> = [
            ["a stream name without the amazon-apigateway- prefix", firehose({ streamName: "orders-logs" }),
                'args.accessLogs.firehose.streamName: "orders-logs" must start with "amazon-apigateway-": API Gateway refuses to send access logs to a Firehose stream with any other name; did you mean "amazon-apigateway-orders-logs"?'],
            ["a stream name Firehose would refuse", firehose({ streamName: "amazon-apigateway-orders logs" }),
                'args.accessLogs.firehose.streamName: "amazon-apigateway-orders logs" is not a Firehose stream name (1-64 letters, digits, _ . or -)'],
            ["the bare prefix as a stream name", firehose({ streamName: "amazon-apigateway-" }),
                'args.accessLogs.firehose.streamName: "amazon-apigateway-" needs a name after "amazon-apigateway-"'],
            ["an unknown destination", { accessLogs: { destination: "s3" } },
                'args.accessLogs.destination: "s3" is not allowed (allowed: cloudwatch, firehose)'],
            ["Firehose settings without destination firehose", { accessLogs: { firehose: {} } },
                "args.accessLogs.firehose: {} needs args.accessLogs.destination: firehose (a stage has one access-log destination)"],
            ["a log-group retention with destination firehose", { accessLogs: { destination: "firehose", retentionInDays: 30 } },
                'args.accessLogs.retentionInDays: 30 is a CloudWatch Logs setting and has no effect with destination "firehose" (see accessLogs.firehose)'],
            ["both a bucket to create and an existing bucket", firehose({ bucket: {}, bucketArn: "arn:aws:s3:::team-logs" }),
                'args.accessLogs.firehose.bucketArn: "arn:aws:s3:::team-logs" conflicts with args.accessLogs.firehose.bucket: give either bucket (create one) or bucketArn (use an existing one)'],
            ["a bucket ARN with a prefix", firehose({ bucketArn: "arn:aws:s3:::team-logs/apigw" }),
                'args.accessLogs.firehose.bucketArn: "arn:aws:s3:::team-logs/apigw" must be a bucket ARN without a key or prefix (set the prefix with the prefix setting)'],
            ["a bucket name instead of an ARN", firehose({ bucketArn: "team-logs" }),
                'args.accessLogs.firehose.bucketArn: "team-logs" is not an S3 bucket ARN (arn:aws:s3:::<bucket-name>)'],
            ["a bucket name with capitals", firehose({ bucket: { name: "Team_Logs" } }),
                'args.accessLogs.firehose.bucket.name: "Team_Logs" is not an S3 bucket name (3-63 lowercase letters, digits, . or -, starting and ending with a letter or digit)'],
            ["a bucket name with a reserved suffix", firehose({ bucket: { name: "logs-s3alias" } }),
                'args.accessLogs.firehose.bucket.name: "logs-s3alias" uses "-s3alias", which S3 reserves in bucket names'],
            ["a KMS alias", firehose({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/logs" }),
                'args.accessLogs.firehose.kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/logs" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>; an alias does not work in the Firehose role\'s policy)'],
            ["a prefix that does not end with a slash", firehose({ prefix: "logs" }),
                'args.accessLogs.firehose.prefix: "logs" must end with "/" and neither start with "/" nor contain "//" (e.g. "access-logs/orders/")'],
            ["a prefix with its own expressions", firehose({ prefix: "logs/!{timestamp:yyyy}/" }),
                'args.accessLogs.firehose.prefix: "logs/!{timestamp:yyyy}/" must not contain !{...} expressions: the component appends the year=/month=/day=/hour= partitions itself'],
            ["a compression Firehose does not offer", firehose({ compression: "gzip" }),
                'args.accessLogs.firehose.compression: "gzip" is not allowed (allowed: UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY); did you mean "GZIP"?'],
            ["a buffer larger than Firehose allows", firehose({ bufferingSizeInMBs: 256 }),
                "args.accessLogs.firehose.bufferingSizeInMBs: 256 must be a whole number from 1 to 128 MiB"],
            ["a buffering interval longer than Firehose allows", firehose({ bufferingIntervalInSeconds: 3600 }),
                "args.accessLogs.firehose.bufferingIntervalInSeconds: 3600 must be a whole number from 0 to 900 seconds"],
            ["an error-log retention CloudWatch does not offer", firehose({ errorLogRetentionInDays: 10 }),
                `args.accessLogs.firehose.errorLogRetentionInDays: 10 is not a CloudWatch Logs retention value (allowed: ${RETENTIONS})`],
            ["an expiry of zero days", firehose({ bucket: { expireAfterDays: 0 } }),
                "args.accessLogs.firehose.bucket.expireAfterDays: 0 must be a whole number from 1 to 36500 days"],
            ["a transition to Standard-IA before 30 days", firehose({ bucket: { transition: { afterDays: 7, storageClass: "STANDARD_IA" } } }),
                "args.accessLogs.firehose.bucket.transition.afterDays: 7 must be a whole number from 30 to 36500 days (S3 allows STANDARD_IA after 30 days at the earliest)"],
            ["a transition after the objects expire", firehose({ bucket: { expireAfterDays: 90, transition: { afterDays: 90, storageClass: "GLACIER_IR" } } }),
                "args.accessLogs.firehose.bucket.transition.afterDays: 90 must be less than args.accessLogs.firehose.bucket.expireAfterDays (90): S3 expires objects only after their last transition"],
            ["a storage class lifecycle rules cannot move to", firehose({ bucket: { transition: { afterDays: 30, storageClass: "REDUCED_REDUNDANCY" } } }),
                'args.accessLogs.firehose.bucket.transition.storageClass: "REDUCED_REDUNDANCY" is not allowed (allowed: STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE)'],
            ["a misspelt Firehose key", firehose({ bufferingSize: 5 }),
                'args.accessLogs.firehose.bufferingSize: 5 is not a known setting; did you mean "bufferingSizeInMBs"? (known: streamName, bucket, bucketArn, kmsKeyArn, prefix, compression, bufferingSizeInMBs, bufferingIntervalInSeconds, errorLogRetentionInDays)'],
        ];
        for (const [what, input, message] of cases) {
            it(`refuses ${what}`, () => {
                assert.throws(() => resolveLoggingSettings(input, "args"), { name: "ValidationError", message });
            });
        }

    });
});

