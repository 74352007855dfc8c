import * as assert from "assert";
import {
    CLOUDWATCH_RETENTION_DAYS,
    isProductionStackName,
    resolveLoggingSettings,
    resolveStackConfig,
} from "../components/validation";

const RETENTIONS = CLOUDWATCH_RETENTION_DAYS.join(", ");

describe("validation", () => {
    describe("defaults", () => {
        it("fills in every default for an empty input", () => {
            const s = resolveLoggingSettings({}, "args");
            assert.deepStrictEqual(s.accountSetting, { mode: "create", retainOnDelete: true });
            assert.strictEqual(s.accessLogs.retentionInDays, 30);
            assert.strictEqual(s.executionLogs.retentionInDays, 30);
            assert.deepStrictEqual(
                { ...s.methodSettings },
                { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true, overrides: [] },
            );
            assert.strictEqual(s.retainLogsOnDelete, true);
            assert.strictEqual(s.production, false);
            assert.ok(s.accessLogs.format.startsWith('{"requestId":"$context.requestId"'));
        });

        it("lets overrides inherit what they do not set", () => {
            const s = resolveLoggingSettings(
                { methodSettings: { loggingLevel: "INFO", metricsEnabled: false, overrides: [{ methodPath: "pets/GET", loggingLevel: "ERROR" }] } },
                "args",
            );
            assert.deepStrictEqual(s.methodSettings.overrides, [
                { methodPath: "pets/GET", loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: false },
            ]);
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
            ["a method path with a leading slash", { methodSettings: { overrides: [{ methodPath: "/pets/GET" }] } },
                'args.methodSettings.overrides[0].methodPath: "/pets/GET" must not start with "/" (API Gateway method paths drop it: "pets/GET")'],
            ["a method path without a method", { methodSettings: { overrides: [{ methodPath: "pets" }] } },
                'args.methodSettings.overrides[0].methodPath: "pets" must be "{resourcePath}/{HTTP method}" where the method is one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY, *, e.g. "pets/GET"'],
            ["a method path given twice", { methodSettings: { overrides: [{ methodPath: "pets/GET" }, { methodPath: "pets/GET" }] } },
                'args.methodSettings.overrides[1].methodPath: "pets/GET" is listed twice; give each method path once'],
            ["an override's bad logging level", { methodSettings: { overrides: [{ methodPath: "pets/GET", loggingLevel: "WARN" }] } },
                'args.methodSettings.overrides[0].loggingLevel: "WARN" is not allowed (allowed: OFF, ERROR, INFO)'],
            ["an unknown account-setting mode", { accountSetting: { mode: "manage" } },
                'args.accountSetting.mode: "manage" is not allowed (allowed: create, roleArn, external)'],
            ["a role ARN that is a user ARN", { accountSetting: { mode: "roleArn", roleArn: "arn:aws:iam::123456789012:user/bob" } },
                'args.accountSetting.roleArn: "arn:aws:iam::123456789012:user/bob" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)'],
            ["mode roleArn without the ARN", { accountSetting: { mode: "roleArn" } },
                "args.accountSetting.roleArn: (missing) is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)"],
            ["a role ARN with mode create", { accountSetting: { mode: "create", roleArn: "arn:aws:iam::123456789012:role/x" } },
                'args.accountSetting.roleArn: "arn:aws:iam::123456789012:role/x" only with mode "roleArn" or "external"'],
            ["retainOnDelete with mode external", { accountSetting: { mode: "external", retainOnDelete: false } },
                'args.accountSetting.retainOnDelete: false has no effect with mode "external" (nothing is created)'],
            ["retainLogsOnDelete as text", { retainLogsOnDelete: "no" },
                'args.retainLogsOnDelete: "no" must be true or false'],
            ["a tag value that is a number", { tags: { costCenter: 42 } },
                "args.tags.costCenter: 42 must be a string (AWS tag values are strings)"],
            ["a reserved tag key", { tags: { "aws:team": "x" } },
                'args.tags.aws:team: "x" uses the reserved "aws:" tag prefix'],
            ["a misspelt key", { acessLogs: { retentionInDays: 7 } },
                'args.acessLogs: {"retentionInDays":7} is not a known setting; did you mean "accessLogs"? (known: accountSetting, accessLogs, executionLogs, methodSettings, production, allowDataTraceInProduction, retainLogsOnDelete, tags)'],
            ["a misspelt nested key", { accessLogs: { retention: 7 } },
                'args.accessLogs.retention: 7 is not a known setting; did you mean "retentionInDays"? (known: retentionInDays, kmsKeyArn, logGroupName, format, destination, firehose)'],
            ["a section that is not an object", { methodSettings: "INFO" },
                'args.methodSettings: "INFO" must be an object'],
            ["data trace in production", { production: true, methodSettings: { loggingLevel: "INFO", dataTraceEnabled: true } },
                "args.methodSettings.dataTraceEnabled: true is refused in a production stack: full request/response logs record sensitive data (headers, bodies, tokens). Turn it off, or set args.allowDataTraceInProduction: true to accept that."],
            ["data trace on one method in production", { production: true, methodSettings: { overrides: [{ methodPath: "pets/GET", dataTraceEnabled: true }] } },
                "args.methodSettings.overrides[0].dataTraceEnabled: true is refused in a production stack: full request/response logs record sensitive data (headers, bodies, tokens). Turn it off, or set args.allowDataTraceInProduction: true to accept that."],
            ["production as text", { production: "true" }, 'args.production: "true" must be true or false'],
        ];
        for (const [what, input, message] of cases) {
            it(`refuses ${what}`, () => {
                assert.throws(() => resolveLoggingSettings(input, "args"), { name: "ValidationError", message });
            });
        }

        it("allows data trace in production when acknowledged", () => {
            const s = resolveLoggingSettings(
                { production: true, allowDataTraceInProduction: true, methodSettings: { loggingLevel: "INFO", dataTraceEnabled: true } },
                "args",
            );
            assert.strictEqual(s.methodSettings.dataTraceEnabled, true);
        });
    });

    describe("stack config", () => {
        it("names config keys in errors", () => {
            assert.throws(() => resolveStackConfig({ logging: { executionLogs: { retentionInDays: 0 } } }, "apigw-logging", "dev"), {
                message: `apigw-logging:logging.executionLogs.retentionInDays: 0 is not a CloudWatch Logs retention value (allowed: ${RETENTIONS})`,
            });
        });

        it("refuses an unknown key with a suggestion", () => {
            assert.throws(() => resolveStackConfig({ loging: {} }, "apigw-logging", "dev"), {
                message: 'apigw-logging:loging: {} is not a config key of this project; did you mean "apigw-logging:logging"? (known: production, accountSetting, logging, sampleApi)',
            });
        });

        it("applies the production guard to a stack named prod without saying so", () => {
            assert.throws(
                () => resolveStackConfig({ logging: { methodSettings: { loggingLevel: "INFO", dataTraceEnabled: true } } }, "apigw-logging", "prod"),
                /^ValidationError: apigw-logging:logging\.methodSettings\.dataTraceEnabled: true is refused in a production stack.*set apigw-logging:logging\.allowDataTraceInProduction: true/,
            );
        });

        it("lets production: false opt a prod-named stack out", () => {
            const s = resolveStackConfig({ production: false, logging: { methodSettings: { dataTraceEnabled: true } } }, "apigw-logging", "prod");
            assert.strictEqual(s.logging.production, false);
        });

        it("takes the account setting from its own key", () => {
            const s = resolveStackConfig({ accountSetting: { mode: "external" } }, "apigw-logging", "dev");
            assert.deepStrictEqual(s.logging.accountSetting, { mode: "external" });
        });

        it("defaults the sample stage name to the stack name and refuses a bad one", () => {
            assert.strictEqual(resolveStackConfig({}, "apigw-logging", "dev").sampleApi.stageName, "dev");
            assert.throws(() => resolveStackConfig({ sampleApi: { stageName: "v 1" } }, "apigw-logging", "dev"), {
                message: 'apigw-logging:sampleApi.stageName: "v 1" is not an API Gateway stage name (1-128 letters, digits, - or _)',
            });
        });

        it("refuses a sample API name that is not text", () => {
            assert.throws(() => resolveStackConfig({ sampleApi: { apiName: 7 } }, "apigw-logging", "dev"), {
                message: "apigw-logging:sampleApi.apiName: 7 must be a REST API name (1-1024 characters)",
            });
        });
    });
    describe("accessLogs.firehose", () => {
        const firehose = (settings: unknown) => ({ accessLogs: { destination: "firehose", firehose: settings } });

        it("defaults to a created bucket, GZIP, 5 MiB / 300 s buffering and a year of logs", () => {
            const s = resolveLoggingSettings({ accessLogs: { destination: "firehose" } }, "args");
            assert.deepStrictEqual(s.accessLogs, {
                destination: "firehose",
                format: s.accessLogs.format,
                firehose: {
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
            assert.strictEqual(s.accessLogs.destination, "cloudwatch");
            assert.strictEqual(s.accessLogs.firehose, undefined);
        });

        it("validates to itself when the settings are passed back in as arguments", () => {
            const input = firehose({
                streamName: "amazon-apigateway-orders",
                bucket: { name: "orders-logs", expireAfterDays: 400, transition: { afterDays: 30, storageClass: "STANDARD_IA" } },
                kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                prefix: "orders/",
            });
            const once = resolveLoggingSettings(input, "args");
            assert.deepStrictEqual(resolveLoggingSettings(once, "args"), once);
            const existing = resolveLoggingSettings(firehose({ bucketArn: "arn:aws:s3:::team-logs" }), "args");
            assert.deepStrictEqual(resolveLoggingSettings(existing, "args"), existing);
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

        it("reads the sink from stack config and names the config key in errors", () => {
            const s = resolveStackConfig({ logging: { accessLogs: { destination: "firehose", firehose: { compression: "ZIP" } } } }, "apigw-logging", "dev");
            assert.strictEqual(s.logging.accessLogs.firehose?.compression, "ZIP");
            assert.throws(
                () => resolveStackConfig({ logging: { accessLogs: { destination: "firehose", firehose: { streamName: "orders" } } } }, "apigw-logging", "dev"),
                { message: 'apigw-logging:logging.accessLogs.firehose.streamName: "orders" must start with "amazon-apigateway-": API Gateway refuses to send access logs to a Firehose stream with any other name; did you mean "amazon-apigateway-orders"?' },
            );
        });
    });
});
