// The aws: keys that decide where this stack's logs go, and the config values checked against them.

import * as assert from "assert";
import { AWS_CONFIG_KEYS, checkAwsConfig } from "../../program/config/awsConfig";
import { resolveStackConfig } from "../../program/config/stackConfig";

const P = "apigw-logging";
const ORDERS = { restApiId: "a1b2c3d4e5", stageName: "v1" };
const resolve = (config: Record<string, unknown>, secretKeys: string[] = []) =>
    resolveStackConfig(config, P, "platform", { region: "eu-west-1", defaultTagKeys: ["cost-center", "team"], secretKeys });

describe("aws: config (program/config/awsConfig.ts)", () => {
    it("knows the AWS provider's own keys", () => {
        assert.ok(["region", "profile", "defaultTags", "assumeRoles"].every((k) => AWS_CONFIG_KEYS.includes(k)));
    });

    it("reads the region and the provider's default tag keys", () => {
        assert.deepStrictEqual(checkAwsConfig({ "aws:region": "eu-west-1", "aws:defaultTags": '{"tags":{"team":"api"}}' }), { region: "eu-west-1", defaultTagKeys: ["team"] });
    });

    it("refuses a misspelt aws: key, suggesting the one the provider knows", () => {
        assert.throws(() => checkAwsConfig({ "aws:region": "eu-west-1", "aws:profle": "ops" }), {
            message: 'aws:profle: "ops" is not a config key of the AWS provider; did you mean "aws:profile"? (the provider refuses unknown aws: keys; a setting of this project goes under apigw-logging:)',
        });
    });

    it("refuses a region that is not a region's name", () => {
        assert.throws(() => checkAwsConfig({ "aws:region": "Ireland" }), { message: 'aws:region: "Ireland" is not an AWS region name (like eu-west-1)' });
    });

    it("leaves other namespaces to their owners", () => {
        assert.deepStrictEqual(checkAwsConfig({ "aws:region": "eu-west-1", "other:thing": "x" }).region, "eu-west-1");
    });
});

describe("config values checked against the stack's region (program/config/stackConfig.ts)", () => {
    it("refuses a stage's SNS topic of another region, naming the stage's key", () => {
        assert.throws(() => resolve({ stages: [{ ...ORDERS, alarms: { snsTopicArn: "arn:aws:sns:us-east-1:123456789012:alerts" } }] }), {
            message: `${P}:stages[0].alarms.snsTopicArn: "arn:aws:sns:us-east-1:123456789012:alerts" is not in this stack's region eu-west-1: an SNS topic is regional, and AWS refuses one from another region when it creates the resource`,
        });
    });

    it("refuses an inherited KMS key of another region under the logging key", () => {
        assert.throws(() => resolve({ logging: { accessLogs: { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc" } }, stages: [ORDERS] }), {
            message: `${P}:logging.accessLogs.kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc" is not in this stack's region eu-west-1: a KMS key is regional, and AWS refuses one from another region when it creates the resource`,
        });
    });

    it("refuses a Firehose KMS key of another region for a bucket the stack creates", () => {
        const firehose = { destination: "firehose", firehose: { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc" } };
        assert.throws(() => resolve({ logging: { accessLogs: firehose }, sampleApi: {} }), {
            message: `${P}:logging.accessLogs.firehose.kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc" is not in this stack's region eu-west-1: a KMS key is regional, and AWS refuses one from another region when it creates the resource`,
        });
    });

    it("takes a Firehose KMS key of another region for an existing bucket, whose region its ARN does not say", () => {
        const firehose = { destination: "firehose", firehose: { bucketArn: "arn:aws:s3:::team-logs", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc" } };
        assert.strictEqual(resolve({ logging: { accessLogs: firehose }, stages: [ORDERS] }).stages.length, 1);
    });

    it("refuses a role ARN of another partition", () => {
        assert.throws(() => resolve({ accountSetting: { mode: "roleArn", roleArn: "arn:aws-cn:iam::123456789012:role/logs" } }), {
            message: `${P}:accountSetting.roleArn: "arn:aws-cn:iam::123456789012:role/logs" is not in the partition of this stack's region eu-west-1 ("aws"): AWS cannot use an ARN across partitions`,
        });
    });

    it("prints [secret] for an ARN of a secret key", () => {
        assert.throws(() => resolve({ stages: [{ ...ORDERS, alarms: { snsTopicArn: "arn:aws:sns:us-east-1:123456789012:alerts" } }] }, ["stages"]), {
            message: `${P}:stages[0].alarms.snsTopicArn: [secret] is not in this stack's region eu-west-1: an SNS topic is regional, and AWS refuses one from another region when it creates the resource`,
        });
    });

    it("counts the provider's default tags toward AWS's 50 tags per resource", () => {
        const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`tag${i}`, "x"]));
        assert.throws(() => resolve({ stages: [{ ...ORDERS, tags }] }), {
            message: new RegExp(`^${P}:stages\\[0\\]\\.tags: \\{.*\\.\\.\\. has 51 tags with the 2 of aws:defaultTags the provider adds; AWS allows at most 50 on a resource$`),
        });
    });
});
