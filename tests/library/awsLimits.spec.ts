// Values valid on their own that AWS would still refuse: tags past AWS's limits, names built from the
// API's name, an alarm's evaluation range, ARNs of another region or partition, and secrets, which
// are checked when they resolve and never printed.

import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { arnRegionProblem } from "../../packages/apigw-logging/src/arns";
import { checkStageLoggingArgs, resolveStageLogging } from "../../packages/apigw-logging/src/settings";
import { StageLogging } from "../../packages/apigw-logging/src/stageLogging";
import type { StageLoggingArgs } from "../../packages/apigw-logging/src/stageLoggingArgs";
import { isSecretValue } from "../../tools/mockRuntime";
import { one, rejection, ROLE_ARN, run } from "../helpers";

const API_ID = "a1b2c3d4e5";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:api-alerts";
const tagsOf = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`tag${i}`, "x"]));

function refuses(input: unknown, message: string): void {
    assert.throws(() => resolveStageLogging(input as never, "args"), { name: "ValidationError", message });
}

/** What failed: the mock runtime, like Pulumi, says first which resource input an apply's error stopped. */
async function failure(promise: Promise<unknown>): Promise<string> {
    return (await rejection(promise)).replace(/^(error serializing property "[^"]*": )+/, "");
}

/** A StageLogging of an existing stage in eu-west-1 (the tests' region). */
function stage(extra: Partial<StageLoggingArgs>) {
    return run(() => new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", ...extra }));
}

describe("AWS's limits (rules.ts, arns.ts, stageNames.ts)", () => {
    describe("tags", () => {
        it("takes 50 tags, the most AWS allows on a resource", () => {
            assert.strictEqual(Object.keys(resolveStageLogging({ tags: tagsOf(50) }, "args").tags).length, 50);
        });

        it("refuses a 51st tag", () => {
            assert.throws(() => resolveStageLogging({ tags: tagsOf(51) }, "args"), {
                message: /^args\.tags: \{"tag0":"x",.*\.\.\. has 51 tags; AWS allows at most 50 on a resource$/,
            });
        });

        it("refuses a key longer than 128 characters", () => {
            refuses({ tags: { ["k".repeat(129)]: "x" } }, `args.tags.${"k".repeat(129)}: "x" has a key AWS refuses: tag keys are 1-128 letters, digits, spaces and _ . : / = + - @`);
        });

        it("refuses a key with a character AWS does not allow in tags", () => {
            refuses({ tags: { "cost#center": "x" } }, 'args.tags.cost#center: "x" has a key AWS refuses: tag keys are 1-128 letters, digits, spaces and _ . : / = + - @');
        });

        it("refuses a value longer than 256 characters", () => {
            refuses({ tags: { owner: "v".repeat(257) } }, `args.tags.owner: "${"v".repeat(116)}... is not a tag value AWS accepts (0-256 letters, digits, spaces and _ . : / = + - @)`);
        });

        it("takes a value of letters of any script, spaces and the allowed punctuation", () => {
            assert.deepStrictEqual(resolveStageLogging({ tags: { owner: "Zoë Müller / team:api @ 2 + 2 = 4" } }, "args").tags, { owner: "Zoë Müller / team:api @ 2 + 2 = 4" });
        });

        it("refuses a value with a character AWS does not allow in tags", () => {
            refuses({ tags: { owner: "alice<admin>" } }, 'args.tags.owner: "alice<admin>" is not a tag value AWS accepts (0-256 letters, digits, spaces and _ . : / = + - @)');
        });

        it("still refuses the reserved aws: key prefix", () => {
            refuses({ tags: { "AWS:owner": "x" } }, 'args.tags.AWS:owner: "x" uses the reserved "aws:" tag prefix');
        });
    });

    describe("the alarms", () => {
        const alarms = (extra: Record<string, unknown>) => ({ policy: { production: true }, alarms: extra });

        it("refuses an evaluation range over a day with periods under an hour", () => {
            refuses(
                alarms({ periodSeconds: 1800, evaluationPeriods: 49 }),
                "args.alarms.evaluationPeriods: 49 makes the alarms look at 88200 seconds (periodSeconds × evaluationPeriods); CloudWatch allows 86400 (one day for periods under an hour)",
            );
        });

        it("takes up to seven days with periods of an hour or more", () => {
            assert.strictEqual(resolveStageLogging(alarms({ periodSeconds: 7200, evaluationPeriods: 84 }), "args").alarms.evaluationPeriods, 84);
            refuses(
                alarms({ periodSeconds: 7200, evaluationPeriods: 85 }),
                "args.alarms.evaluationPeriods: 85 makes the alarms look at 612000 seconds (periodSeconds × evaluationPeriods); CloudWatch allows 604800 (seven days)",
            );
        });

        it("refuses an API name that makes an alarm's name longer than CloudWatch's 255 characters", () => {
            const apiName = "a".repeat(226);
            assert.throws(
                () => checkStageLoggingArgs({ restApiId: API_ID, stageName: "v1", apiName, cloudWatchRoleArn: ROLE_ARN, policy: { production: true }, queries: { enabled: false } }, "args"),
                { message: `args.apiName: "${"a".repeat(116)}... would make an alarm's name 256 characters long (CloudWatch allows 255); rename the API, or set args.alarms.enabled: false` },
            );
        });

        it("refuses an API name without an ASCII character, which the ApiName dimension would lose entirely", () => {
            assert.throws(
                () => checkStageLoggingArgs({ restApiId: API_ID, stageName: "v1", apiName: "注文", cloudWatchRoleArn: ROLE_ARN, policy: { production: true } }, "args"),
                {
                    message:
                        'args.apiName: "注文" has no ASCII character: API Gateway drops the others from the ApiName metric dimension, so the alarms would watch no metric; rename the API, or set args.alarms.enabled: false',
                },
            );
        });
    });

    describe("the saved queries' names", () => {
        it("refuses a folder with a colon, which Logs Insights refuses in a query's name", () => {
            refuses({ queries: { folder: "team:api" } }, 'args.queries.folder: "team:api" must be 1-128 characters without ":" or "*", not starting or ending with "/" nor containing "//"');
        });

        it("refuses an API name with a colon, which the queries' names would carry", () => {
            assert.throws(() => checkStageLoggingArgs({ restApiId: API_ID, stageName: "v1", apiName: "orders:v2", cloudWatchRoleArn: ROLE_ARN }, "args"), {
                message:
                    'args.apiName: "orders:v2" would make a saved query\'s name that Logs Insights refuses (no ":" or "*", no "/" at either end or twice in a row); rename the API, or set args.queries.enabled: false',
            });
        });

        it("refuses a folder and stage name that together pass 255 characters without an API name", () => {
            assert.throws(
                () => checkStageLoggingArgs({ restApiId: API_ID, stageName: "s".repeat(128), cloudWatchRoleArn: ROLE_ARN, queries: { folder: "f".repeat(100) } }, "args"),
                { message: `args.queries.folder: "${"f".repeat(100)}" would make a saved query's name 268 characters long (Logs Insights allows 255); shorten it, or set args.queries.enabled: false` },
            );
        });
    });

    describe("ARNs of another region or partition (arnRegionProblem)", () => {
        it("refuses a KMS key of another region, without naming that region", () => {
            assert.strictEqual(
                arnRegionProblem(KEY.replace("eu-west-1", "us-east-1"), "eu-west-1", true),
                "is not in this stack's region eu-west-1: a KMS key is regional, and AWS refuses one from another region when it creates the resource",
            );
        });

        it("refuses an ARN of another partition even where the region does not matter", () => {
            assert.strictEqual(
                arnRegionProblem("arn:aws-cn:s3:::team-logs", "eu-west-1", false),
                'is not in the partition of this stack\'s region eu-west-1 ("aws"): AWS cannot use an ARN across partitions',
            );
        });

        it("takes a bucket of any region in the stack's partition, and a key of the stack's region", () => {
            assert.deepStrictEqual([arnRegionProblem("arn:aws:s3:::team-logs", "eu-west-1", false), arnRegionProblem(KEY, "eu-west-1", true)], [undefined, undefined]);
        });

        it("makes StageLogging refuse an SNS topic of another region than its provider's", async () => {
            const message = await failure(stage({ policy: { production: true }, apiName: "orders", alarms: { snsTopicArn: TOPIC.replace("eu-west-1", "eu-central-1") } }));
            assert.strictEqual(
                message,
                'args.alarms.snsTopicArn: "arn:aws:sns:eu-central-1:123456789012:api-alerts" is not in this stack\'s region eu-west-1: an SNS topic is regional, and AWS refuses one from another region when it creates the resource',
            );
        });

        it("makes StageLogging refuse the access-log group's KMS key of another region", async () => {
            const message = await failure(stage({ accessLogs: { kmsKeyArn: KEY.replace("eu-west-1", "us-east-1") } }));
            assert.match(message, /^args\.accessLogs\.kmsKeyArn: "arn:aws:kms:us-east-1:.*" is not in this stack's region eu-west-1: a KMS key is regional/);
        });
    });

    describe("secret arguments", () => {
        it("keeps a secret KMS key secret in the log group's inputs", async () => {
            const result = await stage({ executionLogs: { kmsKeyArn: pulumi.secret(KEY) } });
            const kmsKeyId = one(result, "cloudwatch/logGroup:LogGroup", "orders-execution-logs").inputs.kmsKeyId;
            assert.ok(isSecretValue(kmsKeyId));
            assert.strictEqual((kmsKeyId as { value: unknown }).value, KEY);
        });

        it("refuses a bad secret when it resolves, printing [secret]", async () => {
            const message = await failure(stage({ executionLogs: { kmsKeyArn: pulumi.secret("alias/logs") } }));
            assert.strictEqual(message, "args.executionLogs.kmsKeyArn: [secret] is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>); CloudWatch Logs needs the full ARN");
        });

        it("refuses a secret of another region, printing [secret]", async () => {
            const message = await failure(stage({ executionLogs: { kmsKeyArn: pulumi.secret(KEY.replace("eu-west-1", "us-east-1")) } }));
            assert.strictEqual(
                message,
                "args.executionLogs.kmsKeyArn: [secret] is not in this stack's region eu-west-1: a KMS key is regional, and AWS refuses one from another region when it creates the resource",
            );
        });

        it("refuses a secret tag value AWS would refuse, printing [secret]", async () => {
            const message = await failure(stage({ tags: { owner: pulumi.secret("alice<admin>") } }));
            assert.strictEqual(message, "args.tags.owner: [secret] is not a tag value AWS accepts (0-256 letters, digits, spaces and _ . : / = + - @)");
        });
    });
});
