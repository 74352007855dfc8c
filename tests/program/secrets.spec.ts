// Secret stack config under a runtime whose config secrets are real secrets (the mocks' secretKeys,
// as the CLI passes PULUMI_CONFIG_SECRET_KEYS): the values arrive decrypted, and must leave as secrets.

import * as assert from "assert";
import { isSecretValue, maskSecrets, MOCK_CALLS, PlannedResource, ProgramRun } from "../../tools/mockRuntime";
import { PROJECT, rejection, run, stackConfig } from "../helpers";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:api-alerts";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ORDERS = { name: "orders-v1", restApiId: "a1b2c3d4e5", apiName: "orders-api", stageName: "v1" };

function program() {
    const index = require.resolve("../../program/index");
    delete require.cache[index];
    return require(index);
}

/** Runs the program with `values` as stack config, the keys in `secret` marked secret. */
function runStack(values: Record<string, unknown>, secret: string[]): Promise<ProgramRun> {
    return run(program, { config: stackConfig(values), secretKeys: secret.map((k) => `${PROJECT}:${k}`), calls: MOCK_CALLS });
}

const byName = (result: ProgramRun, name: string): PlannedResource => {
    const found = result.resources.find((r) => r.name === name);
    assert.ok(found, `no resource ${name}`);
    return found;
};

describe("secret stack config (program/config/secrets.ts)", () => {
    const secretLogging = {
        production: true,
        logging: { alarms: { snsTopicArn: TOPIC }, executionLogs: { kmsKeyArn: KEY }, tags: { owner: "alice" } },
        stages: [ORDERS],
    };

    it("hands a secret key's SNS topic to the alarms as a secret, with its value", async () => {
        const result = await runStack(secretLogging, ["logging"]);
        const [action] = byName(result, "orders-v1-5xx-alarm").inputs.alarmActions as unknown[];
        assert.ok(isSecretValue(action), JSON.stringify(action));
        assert.strictEqual((action as { value: unknown }).value, TOPIC);
    });

    it("hands a secret key's KMS key to the log group as a secret", async () => {
        const result = await runStack(secretLogging, ["logging"]);
        const kmsKeyId = byName(result, "orders-v1-execution-logs").inputs.kmsKeyId;
        assert.ok(isSecretValue(kmsKeyId));
        assert.strictEqual((kmsKeyId as { value: unknown }).value, KEY);
    });

    it("makes each tag value of a secret key a secret, and leaves the keys readable", async () => {
        const result = await runStack(secretLogging, ["logging"]);
        const tags = byName(result, "orders-v1-access-logs").inputs.tags as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(tags), ["owner"]);
        assert.ok(isSecretValue(tags.owner));
    });

    it("keeps the same values plain when their key is not secret", async () => {
        const result = await runStack(secretLogging, []);
        assert.deepStrictEqual(byName(result, "orders-v1-5xx-alarm").inputs.alarmActions, [TOPIC]);
        assert.deepStrictEqual(byName(result, "orders-v1-access-logs").inputs.tags, { owner: "alice" });
    });

    it("keeps a stage's own secret tag secret, and the defaults' plain tag plain", async () => {
        const result = await runStack({ logging: { tags: { team: "platform" } }, stages: [{ ...ORDERS, tags: { owner: "alice" } }] }, ["stages"]);
        assert.deepStrictEqual(maskSecrets(byName(result, "orders-v1-access-logs").inputs.tags), { team: "platform", owner: "[secret]" });
    });

    it("makes an output derived from a secret a secret: the bucket of a secret bucket ARN", async () => {
        const firehose = { accessLogs: { destination: "firehose", firehose: { bucketArn: "arn:aws:s3:::acme-api-logs" } } };
        const result = await runStack({ logging: firehose, stages: [ORDERS] }, ["logging"]);
        const stage = (result.outputs.stages as Record<string, Record<string, unknown>>)["orders-v1"];
        assert.ok(isSecretValue(stage), "the stage's outputs carry the secret bucket");
        assert.strictEqual(maskSecrets(stage), "[secret]");
    });

    it("makes the account setting's secret role ARN a secret in the Account", async () => {
        const roleArn = "arn:aws:iam::123456789012:role/apigw-logs";
        const result = await runStack({ accountSetting: { mode: "roleArn", roleArn }, stages: [ORDERS] }, ["accountSetting"]);
        const account = byName(result, "account-setting-account").inputs.cloudwatchRoleArn;
        assert.ok(isSecretValue(account));
        assert.strictEqual((account as { value: unknown }).value, roleArn);
    });

    it("refuses a secret that is not an SNS topic ARN, naming the key and printing [secret]", async () => {
        const message = await rejection(runStack({ logging: { alarms: { snsTopicArn: "alerts@example.com" } }, stages: [ORDERS] }, ["logging"]));
        assert.strictEqual(message, `${PROJECT}:logging.alarms.snsTopicArn: [secret] is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)`);
    });

    it("refuses a secret KMS key of another region, naming the key and printing [secret]", async () => {
        const elsewhere = KEY.replace("eu-west-1", "us-east-1");
        const message = await rejection(runStack({ stages: [{ ...ORDERS, executionLogs: { kmsKeyArn: elsewhere } }] }, ["stages"]));
        assert.strictEqual(
            message,
            `${PROJECT}:stages[0].executionLogs.kmsKeyArn: [secret] is not in this stack's region eu-west-1: a KMS key is regional, and AWS refuses one from another region when it creates the resource`,
        );
    });

    it("refuses a secret role ARN that is not a role's, printing [secret]", async () => {
        const message = await rejection(runStack({ accountSetting: { mode: "roleArn", roleArn: "apigw-logs" }, stages: [ORDERS] }, ["accountSetting"]));
        assert.strictEqual(message, `${PROJECT}:accountSetting.roleArn: [secret] is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)`);
    });

    it("refuses a secret tag of the account setting's role that AWS would refuse, printing [secret]", async () => {
        const message = await rejection(runStack({ accountSetting: { tags: { owner: "alice<admin>" } }, stages: [ORDERS] }, ["accountSetting"]));
        assert.strictEqual(message, `${PROJECT}:accountSetting.tags.owner: [secret] is not a tag value AWS accepts (0-256 letters, digits, spaces and _ . : / = + - @)`);
    });

    it("prints [secret] for any bad value of a secret key: Pulumi does not say which of its values was secure", async () => {
        const message = await rejection(runStack({ logging: { tags: { owner: "alice" }, executionLogs: { retentionInDays: 8 } }, stages: [ORDERS] }, ["logging"]));
        assert.match(message, new RegExp(`^${PROJECT}:logging\\.executionLogs\\.retentionInDays: \\[secret\\] is not a CloudWatch Logs retention value`));
    });
});
