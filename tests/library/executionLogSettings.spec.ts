import * as assert from "assert";
import { bareLogGroupArn, logGroupNameOfArn } from "../../packages/apigw-logging/src/executionLogs/rules";
import { resolveStageLogging } from "../../packages/apigw-logging/src/settings";

const resolve = (input: unknown) => resolveStageLogging(input as never, "args");
const destinationOf = (input: unknown) => resolve(input).executionLogs.destination;

/** The message of the error `input` is refused with. */
function refusal(input: unknown): string {
    try {
        resolve(input);
    } catch (error) {
        return (error as Error).message;
    }
    return assert.fail("expected the settings to be refused");
}

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("execution-log settings", () => {
    it("keeps the execution logs in API Gateway's own group by default", () => {
        assert.deepStrictEqual(resolve({}).executionLogs, { retentionInDays: 30, destination: { kind: "standard" } });
    });

    it("gives a delivered group the standard group's retention and key unless it sets its own", () => {
        const inherited = destinationOf({ executionLogs: { retentionInDays: 365, kmsKeyArn: KEY, destination: "logGroup" } });
        assert.deepStrictEqual(inherited, { kind: "logGroup", retentionInDays: 365, kmsKeyArn: KEY, outputFormat: "json" });
        const own = destinationOf({ executionLogs: { destination: "logGroup", logGroup: { name: "/apis/orders", retentionInDays: 90, outputFormat: "plain" } } });
        assert.deepStrictEqual(own, { kind: "logGroup", name: "/apis/orders", retentionInDays: 90, outputFormat: "plain" });
    });

    it("creates an S3 bucket that expires objects after a year unless given an existing one", () => {
        assert.deepStrictEqual(destinationOf({ executionLogs: { destination: "s3" } }), {
            kind: "s3",
            bucket: { expireAfterDays: 365, noncurrentVersionExpireAfterDays: 30 },
            outputFormat: "json",
        });
        const existing = destinationOf({ executionLogs: { destination: "s3", s3: { bucketArn: "arn:aws:s3:::acme-logs", outputFormat: "parquet" } } });
        assert.deepStrictEqual(existing, { kind: "s3", bucketArn: "arn:aws:s3:::acme-logs", outputFormat: "parquet" });
    });

    it("delivers to a Firehose stream named by its ARN", () => {
        const arn = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/splunk-apigw";
        assert.deepStrictEqual(destinationOf({ executionLogs: { destination: "firehose", firehose: { streamArn: arn, outputFormat: "raw" } } }), {
            kind: "firehose",
            streamArn: arn,
            outputFormat: "raw",
        });
    });

    describe("refuses with one line", () => {
        const cases: Array<[string, unknown, string]> = [
            [
                "a delivery from a stage that logs at OFF",
                { methodSettings: { loggingLevel: "OFF" }, executionLogs: { destination: "s3" } },
                'args.executionLogs.destination: "s3" needs args.methodSettings.loggingLevel ERROR or INFO (it is OFF): API Gateway refuses to create ' +
                    "the delivery source of a stage that does not log; turn execution logging on, or keep args.executionLogs.destination: standard",
            ],
            [
                "an output format the destination does not offer",
                { executionLogs: { destination: "logGroup", logGroup: { outputFormat: "parquet" } } },
                'args.executionLogs.logGroup.outputFormat: "parquet" is not allowed (allowed: json, plain)',
            ],
            [
                "Firehose's raw format for S3",
                { executionLogs: { destination: "s3", s3: { outputFormat: "raw" } } },
                'args.executionLogs.s3.outputFormat: "raw" is not allowed (allowed: json, plain, w3c, parquet)',
            ],
            [
                "settings of another destination",
                { executionLogs: { destination: "logGroup", s3: { bucketArn: "arn:aws:s3:::acme-logs" } } },
                'args.executionLogs.s3: {"bucketArn":"arn:aws:s3:::acme-logs"} needs args.executionLogs.destination: s3 (the stage\'s execution logs go to logGroup)',
            ],
            [
                "a delivery setting without a delivery",
                { executionLogs: { logGroup: { name: "/apis/orders" } } },
                'args.executionLogs.logGroup: {"name":"/apis/orders"} needs args.executionLogs.destination: logGroup (the stage\'s execution logs go to API Gateway\'s own group)',
            ],
            [
                "API Gateway's own group as the delivered group",
                { executionLogs: { destination: "logGroup", logGroup: { name: "API-Gateway-Execution-Logs_a1b2c3d4e5/v1" } } },
                'args.executionLogs.logGroup.name: "API-Gateway-Execution-Logs_a1b2c3d4e5/v1" is API Gateway\'s own execution log group\'s name pattern: ' +
                    'that group is kept and written to with destination "standard"; deliver to another group',
            ],
            [
                "a group both named and given by ARN",
                { executionLogs: { destination: "logGroup", logGroup: { name: "/a", arn: "arn:aws:logs:eu-west-1:123456789012:log-group:/a" } } },
                'args.executionLogs.logGroup.arn: "arn:aws:logs:eu-west-1:123456789012:log-group:/a" conflicts with args.executionLogs.logGroup.name: ' +
                    "give either name (create the group) or arn (deliver to an existing one)",
            ],
            [
                "a retention for a group managed elsewhere",
                { executionLogs: { destination: "logGroup", logGroup: { arn: "arn:aws:logs:eu-west-1:123456789012:log-group:/a", retentionInDays: 30 } } },
                "args.executionLogs.logGroup.retentionInDays: 30 sets up a group this stack creates; args.executionLogs.logGroup.arn names an existing one, " +
                    "whose retentionInDays is its owner's",
            ],
            [
                "a key for a bucket managed elsewhere",
                { executionLogs: { destination: "s3", s3: { bucketArn: "arn:aws:s3:::acme-logs", kmsKeyArn: KEY } } },
                `args.executionLogs.s3.kmsKeyArn: "${KEY}" encrypts a bucket this stack creates; args.executionLogs.s3.bucketArn names an existing one, whose encryption is its owner's`,
            ],
            [
                "a Firehose delivery without a stream",
                { executionLogs: { destination: "firehose" } },
                "args.executionLogs.firehose.streamArn: (missing) is required: the ARN of the Firehose stream to deliver the execution logs to",
            ],
            [
                "an access-log stream's name instead of an ARN",
                { executionLogs: { destination: "firehose", firehose: { streamArn: "amazon-apigateway-orders" } } },
                'args.executionLogs.firehose.streamArn: "amazon-apigateway-orders" is not a Firehose stream ARN (arn:aws:firehose:<region>:<account>:deliverystream/<name>)',
            ],
            [
                "a misspelt destination",
                { executionLogs: { destination: "loggroup" } },
                'args.executionLogs.destination: "loggroup" is not allowed (allowed: firehose, standard, logGroup, s3); did you mean "logGroup"?',
            ],
            [
                "a delivered group kept less than the production minimum",
                { policy: { production: true }, executionLogs: { destination: "logGroup", logGroup: { retentionInDays: 14 } } },
                "args.executionLogs.logGroup.retentionInDays: 14 is below the production minimum of 30 days (args.policy.minimumRetentionInDays); " +
                    "keep production logs longer, or lower the minimum deliberately",
            ],
            [
                "delivered objects expiring before the production minimum",
                { policy: { production: true }, executionLogs: { destination: "s3", s3: { bucket: { expireAfterDays: 7 } } } },
                "args.executionLogs.s3.bucket.expireAfterDays: 7 is below the production minimum of 30 days (args.policy.minimumRetentionInDays); " +
                    "keep production logs longer, or lower the minimum deliberately",
            ],
        ];
        for (const [what, input, message] of cases) {
            it(what, () => assert.strictEqual(refusal(input), message));
        }
    });

    it("reads a group's name from its ARN, with or without the trailing :*", () => {
        const arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/apigateway/a1b2c3d4e5/v1/execution-logs";
        assert.strictEqual(logGroupNameOfArn(`${arn}:*`), "/aws/vendedlogs/apigateway/a1b2c3d4e5/v1/execution-logs");
        assert.strictEqual(bareLogGroupArn(`${arn}:*`), arn);
    });
});
