// The provider's validators and AWS's documented limits for the Firehose stream, the S3 bucket and
// the IAM roles the component creates: each refused at preview with the input that causes it, and
// the boundary value that passes.

import * as assert from "assert";
import { AccountSetting } from "../../packages/apigw-logging/src/accountSetting";
import { resolveStageLogging } from "../../packages/apigw-logging/src/settings";
import { s3BucketName } from "../../packages/apigw-logging/src/s3Rules";
import { defaultBucketName, errorOutputPrefix, timePartitionedPrefix } from "../../packages/apigw-logging/src/sinks/firehosePolicies";
import { StageLogging } from "../../packages/apigw-logging/src/stageLogging";
import type { FirehoseArgs } from "../../packages/apigw-logging/src/stageLoggingArgs";
import { MOCK_CALLS } from "../../tools/mockRuntime";
import { all, rejection, ROLE_ARN, run } from "../helpers";

const API_ID = "a1b2c3d4e5";
const ACCOUNT = "123456789012";

const firehose = (settings: FirehoseArgs) => ({ accessLogs: { destination: "firehose" as const, firehose: settings } });
const resolved = (settings: FirehoseArgs) => {
    const sink = resolveStageLogging(firehose(settings), "args").accessLogs.sink;
    assert.ok(sink.kind === "firehose");
    return sink;
};
function refuses(settings: FirehoseArgs, message: string): void {
    assert.throws(() => resolveStageLogging(firehose(settings), "args"), { name: "ValidationError", message });
}

/** A StageLogging named `name` with the Firehose access-log destination, under the mocks. */
function firehoseStage(name: string, config: Record<string, string> = {}) {
    return run(() => new StageLogging(name, { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", ...firehose({}) }), { calls: MOCK_CALLS, config });
}

describe("Firehose, S3 and IAM limits (firehoseRules.ts, s3Rules.ts, iamRules.ts)", () => {
    describe("the Firehose stream", () => {
        it("takes a stream name of 64 characters, Firehose's longest, and refuses a 65th", () => {
            const longest = `amazon-apigateway-${"s".repeat(46)}`;
            assert.strictEqual(resolved({ streamName: longest }).streamName, longest);
            refuses({ streamName: `${longest}s` }, `args.accessLogs.firehose.streamName: "${longest}s" is not a Firehose stream name (1-64 letters, digits, _ . or -)`);
        });

        it("takes the BufferingHints bounds, 1-128 MiB and 0-900 seconds, which the provider leaves to Firehose", () => {
            const low = resolved({ bufferingSizeInMBs: 1, bufferingIntervalInSeconds: 0 });
            const high = resolved({ bufferingSizeInMBs: 128, bufferingIntervalInSeconds: 900 });
            assert.deepStrictEqual([low.bufferingSizeInMBs, low.bufferingIntervalInSeconds, high.bufferingSizeInMBs, high.bufferingIntervalInSeconds], [1, 0, 128, 900]);
        });

        it("refuses a buffer of 0 or 129 MiB", () => {
            refuses({ bufferingSizeInMBs: 0 }, "args.accessLogs.firehose.bufferingSizeInMBs: 0 must be a whole number from 1 to 128 MiB");
            refuses({ bufferingSizeInMBs: 129 }, "args.accessLogs.firehose.bufferingSizeInMBs: 129 must be a whole number from 1 to 128 MiB");
        });

        it("refuses a buffering interval of 901 seconds", () => {
            refuses({ bufferingIntervalInSeconds: 901 }, "args.accessLogs.firehose.bufferingIntervalInSeconds: 901 must be a whole number from 0 to 900 seconds");
        });

        it("takes a prefix of 400 characters, whose partitioned and error prefixes stay within Firehose's 1024", () => {
            const longest = `${"p".repeat(399)}/`;
            assert.strictEqual(resolved({ prefix: longest }).prefix, longest);
            assert.ok(timePartitionedPrefix(longest).length <= 1024);
            assert.ok(errorOutputPrefix(longest).length <= 1024);
        });

        it("refuses a prefix of 401 characters", () => {
            const prefix = `${"p".repeat(400)}/`;
            refuses({ prefix }, `args.accessLogs.firehose.prefix: "${"p".repeat(116)}... is not an S3 key prefix (1-400 letters, digits and ! _ . * ' ( ) / = -)`);
        });
    });

    describe("the S3 bucket", () => {
        it("takes a bucket name of 63 characters and refuses a 64th", () => {
            const longest = `logs-${"b".repeat(58)}`;
            assert.strictEqual(resolved({ bucket: { name: longest } }).bucket?.name, longest);
            refuses(
                { bucket: { name: `${longest}b` } },
                `args.accessLogs.firehose.bucket.name: "${longest}b" is not an S3 bucket name (3-63 lowercase letters, digits, . or -, starting and ending with a letter or digit)`,
            );
        });

        it("refuses an IP address as a bucket name", () => {
            refuses(
                { bucket: { name: "192.168.5.4" } },
                'args.accessLogs.firehose.bucket.name: "192.168.5.4" is not an S3 bucket name (3-63 lowercase letters, digits, . or -, starting and ending with a letter or digit)',
            );
        });

        it("refuses a bucket name ending in the suffix S3 keeps for directory buckets", () => {
            refuses({ bucket: { name: "team-logs--x-s3" } }, 'args.accessLogs.firehose.bucket.name: "team-logs--x-s3" uses "--x-s3", which S3 reserves in bucket names');
        });

        it("gives a stage whose name ends in a suffix S3 reserves a default bucket name S3 accepts", () => {
            for (const stage of ["logs-s3alias", "v1--x-s3", "v1--ol-s3", "v1--table-s3"]) {
                const name = defaultBucketName(ACCOUNT, "eu-west-1", API_ID, stage);
                assert.strictEqual(s3BucketName(name, "name"), name);
                assert.match(name, /^apigw-logs-123456789012-eu-west-1-a1b2c3d4e5-.*[0-9a-f]{8}$/);
            }
            assert.strictEqual(defaultBucketName(ACCOUNT, "eu-west-1", API_ID, "logs-s3"), `apigw-logs-${ACCOUNT}-eu-west-1-${API_ID}-logs-s3`);
        });

        it("takes a transition to Standard-IA on day 30 and to Glacier on day 0, as S3 does", () => {
            const ia = resolved({ bucket: { transition: { afterDays: 30, storageClass: "STANDARD_IA" } } }).bucket?.transition;
            const glacier = resolved({ bucket: { transition: { afterDays: 0, storageClass: "GLACIER" } } }).bucket?.transition;
            assert.deepStrictEqual([ia?.afterDays, glacier?.afterDays], [30, 0]);
        });

        it("refuses a transition to One Zone-IA on day 29", () => {
            refuses(
                { bucket: { transition: { afterDays: 29, storageClass: "ONEZONE_IA" } } },
                "args.accessLogs.firehose.bucket.transition.afterDays: 29 must be a whole number from 30 to 36500 days (S3 allows ONEZONE_IA after 30 days at the earliest)",
            );
        });

        it("takes noncurrent versions kept 1 day and refuses 0 (the provider: noncurrent_days at least 1)", () => {
            assert.strictEqual(resolved({ bucket: { noncurrentVersionExpireAfterDays: 1 } }).bucket?.noncurrentVersionExpireAfterDays, 1);
            refuses(
                { bucket: { noncurrentVersionExpireAfterDays: 0 } },
                "args.accessLogs.firehose.bucket.noncurrentVersionExpireAfterDays: 0 must be a whole number from 1 to 36500 days",
            );
        });
    });

    describe("the IAM roles Pulumi names from the component's name", () => {
        it("takes a component name of 42 characters with a Firehose destination (its role's name: 56 and 7 random, 64)", async () => {
            const name = "n".repeat(42);
            const roles = all(await firehoseStage(name), "iam/role:Role");
            assert.deepStrictEqual(roles.map((r) => r.name), [`${name}-firehose-role`]);
        });

        it("refuses a 43rd character: the Firehose delivery role's name would be 65", async () => {
            const name = "n".repeat(43);
            assert.strictEqual(
                await rejection(firehoseStage(name)),
                `name: "${name}" would name the Firehose delivery role "${name}-firehose-role-" and 7 random characters, 65 characters; IAM allows 64 ` +
                    "(a name of at most 42 letters, digits and + = , . @ _ - fits)",
            );
        });

        it("refuses a component name with a character IAM names do not take", async () => {
            assert.strictEqual(
                await rejection(firehoseStage("orders/v1")),
                'name: "orders/v1" would name the Firehose delivery role "orders/v1-firehose-role-" and 7 random characters, which IAM refuses ' +
                    "(a name of at most 42 letters, digits and + = , . @ _ - fits)",
            );
        });

        it("leaves the names to the stack's pulumi:autonaming pattern when it sets one", async () => {
            const result = await firehoseStage("n".repeat(43), { "pulumi:autonaming": JSON.stringify({ pattern: "${name}-${hex(4)}" }) });
            assert.strictEqual(all(result, "iam/role:Role").length, 1);
        });

        it("does not limit the name with a CloudWatch Logs destination, which creates no role", async () => {
            const result = await run(() => new StageLogging("n".repeat(43), { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1" }));
            assert.strictEqual(all(result, "iam/role:Role").length, 0);
        });

        it("takes an AccountSetting name of 40 characters and refuses a 41st, for the CloudWatch Logs role it creates", async () => {
            const roles = all(await run(() => new AccountSetting("a".repeat(40), {})), "iam/role:Role");
            assert.strictEqual(roles.length, 1);
            const name = "a".repeat(41);
            assert.strictEqual(
                await rejection(run(() => new AccountSetting(name, {}))),
                `name: "${name}" would name the CloudWatch Logs role "${name}-cloudwatch-role-" and 7 random characters, 65 characters; IAM allows 64 ` +
                    "(a name of at most 40 letters, digits and + = , . @ _ - fits)",
            );
        });
    });
});
