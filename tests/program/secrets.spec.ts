// Secret stack config under a runtime whose config secrets are real secrets (the mocks' secretKeys,
// as the CLI passes PULUMI_CONFIG_SECRET_KEYS): the values arrive decrypted, and must leave as secrets.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { isSecretValue, maskSecrets, MOCK_CALLS, PlannedResource, ProgramRun } from "../../tools/mockRuntime";
import { PROJECT, rejection, run, scratchDir, stackConfig } from "../helpers";

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

    describe("any value the component takes as an Input: retentions, names, buffering, thresholds", () => {
        /** The recorded input, which must be a secret: its value. */
        const secretValue = (value: unknown): unknown => {
            assert.ok(isSecretValue(value), JSON.stringify(value));
            return (value as { value: unknown }).value;
        };
        const firehose = { destination: "firehose", firehose: { bufferingSizeInMBs: 64, bufferingIntervalInSeconds: 60 } };

        it("hands a secret key's retention and access-log group name to the log group as secrets, with their values", async () => {
            const result = await runStack({ stages: [{ ...ORDERS, accessLogs: { retentionInDays: 90, logGroupName: "/apis/orders/access" } }] }, ["stages"]);
            const group = byName(result, "orders-v1-access-logs").inputs;
            assert.deepStrictEqual([secretValue(group.retentionInDays), secretValue(group.name)], [90, "/apis/orders/access"]);
        });

        it("hands a secret key's Firehose buffering to the stream as secrets, with their values", async () => {
            const result = await runStack({ logging: { accessLogs: firehose }, stages: [ORDERS] }, ["logging"]);
            const s3 = byName(result, "orders-v1-firehose").inputs.extendedS3Configuration as Record<string, unknown>;
            assert.deepStrictEqual([secretValue(s3.bufferingSize), secretValue(s3.bufferingInterval)], [64, 60]);
        });

        it("hands a secret key's alarm threshold to the alarm as a secret, with its value", async () => {
            const result = await runStack({ production: true, logging: { alarms: { latencyThresholdMs: 1500 } }, stages: [ORDERS] }, ["logging"]);
            assert.strictEqual(secretValue(byName(result, "orders-v1-latency-alarm").inputs.threshold), 1500);
        });

        it("keeps the same values plain when their key is not secret", async () => {
            const result = await runStack({ logging: { accessLogs: { retentionInDays: 90 }, alarms: { enabled: true, latencyThresholdMs: 1500 } }, stages: [ORDERS] }, []);
            assert.deepStrictEqual([byName(result, "orders-v1-access-logs").inputs.retentionInDays, byName(result, "orders-v1-latency-alarm").inputs.threshold], [90, 1500]);
        });

        it("refuses a bad secret retention under its config key, printing [secret] and not the value", async () => {
            const message = await rejection(runStack({ stages: [{ ...ORDERS, accessLogs: { retentionInDays: 45 } }] }, ["stages"]));
            assert.strictEqual(
                message,
                `${PROJECT}:stages[0].accessLogs.retentionInDays: [secret] is not a CloudWatch Logs retention value ` +
                    "(allowed: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
            );
        });

        it("refuses a secret retention below the production minimum under its config key", async () => {
            const message = await rejection(runStack({ production: true, logging: { alarms: { enabled: false }, executionLogs: { retentionInDays: 14 } }, stages: [ORDERS] }, ["logging"]));
            assert.strictEqual(
                message,
                `${PROJECT}:logging.executionLogs.retentionInDays: [secret] is below the production minimum of 30 days (${PROJECT}:minimumRetentionInDays); keep production logs longer, or lower the minimum deliberately`,
            );
        });

        it("refuses a transition not before a secret key's expiry without quoting the expiry", async () => {
            const bucket = { expireAfterDays: 60, transition: { afterDays: 90, storageClass: "GLACIER" } };
            const message = await rejection(runStack({ logging: { accessLogs: { destination: "firehose", firehose: { bucket } } }, stages: [ORDERS] }, ["logging"]));
            assert.strictEqual(
                message,
                `${PROJECT}:logging.accessLogs.firehose.bucket.transition.afterDays: [secret] must be less than ${PROJECT}:logging.accessLogs.firehose.bucket.expireAfterDays: S3 expires objects only after their last transition`,
            );
        });
    });

    describe("a secure value the program uses as text, in a real run (the stack file's secure: markers)", () => {
        const CIPHER = { secure: "v1:AAAABBBBCCCC" };
        /** A project folder holding Pulumi.yaml and the stack file of the tests' stack ("test"). */
        function project(config: Record<string, unknown>): string {
            const dir = scratchDir("apigw-secure-");
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: apigw-logging\nruntime: nodejs\n");
            fs.writeFileSync(path.join(dir, "Pulumi.test.yaml"), JSON.stringify({ config }));
            return dir;
        }

        /** Runs `body` in `dir`, where the CLI runs a program (the mocks pass no project folder), and back. */
        async function inFolder<T>(dir: string, body: () => Promise<T>): Promise<T> {
            const cwd = process.cwd();
            process.chdir(dir);
            try {
                return await body();
            } finally {
                process.chdir(cwd);
            }
        }

        const secretStageName = () =>
            inFolder(project({ [`${PROJECT}:stages`]: [{ ...ORDERS, stageName: CIPHER }] }), () => runStack({ production: true, stages: [ORDERS] }, ["stages"]));
        const secretWithValue = (value: unknown, expected: unknown) => {
            assert.ok(isSecretValue(value), JSON.stringify(value));
            assert.deepStrictEqual((value as { value: unknown }).value, expected);
        };

        it("keeps a secure stage name secret in every input that holds it, with its value", async () => {
            const result = await secretStageName();
            const patch = byName(result, "orders-v1-stage-patch").inputs;
            secretWithValue(patch.stageName, "v1");
            assert.strictEqual(patch.restApiId, "a1b2c3d4e5");
            secretWithValue(byName(result, "orders-v1-execution-logs").inputs.name, "API-Gateway-Execution-Logs_a1b2c3d4e5/v1");
            assert.deepStrictEqual(maskSecrets(byName(result, "orders-v1-5xx-alarm").inputs.dimensions), { ApiName: "orders-api", Stage: "[secret]" });
            assert.strictEqual(maskSecrets(byName(result, "orders-v1-query-5xx-errors").inputs.name), "[secret]");
        });

        it("keeps it secret in the component's registered outputs and the stack's", async () => {
            const result = await secretStageName();
            const component = byName(result, "orders-v1").outputs;
            secretWithValue(component.stageName, "v1");
            assert.strictEqual(component.restApiId, "a1b2c3d4e5");
            assert.strictEqual(maskSecrets((result.outputs.stages as Record<string, unknown>)["orders-v1"]), "[secret]");
        });

        it("marks nothing that does not hold it", async () => {
            const result = await secretStageName();
            assert.strictEqual(byName(result, "orders-v1-access-logs").inputs.retentionInDays, 30);
            assert.strictEqual(byName(result, "account-setting-cloudwatch-role").inputs.assumeRolePolicy, byName(await runStack({ stages: [ORDERS] }, []), "account-setting-cloudwatch-role").inputs.assumeRolePolicy);
        });

        it("keeps a secure logging level secret in the method settings that hold it, and a plain level plain", async () => {
            const methodSettings = { loggingLevel: "INFO", overrides: [{ methodPath: "/orders/{id}/GET", loggingLevel: "ERROR" }] };
            const dir = project({ [`${PROJECT}:logging`]: { methodSettings: { loggingLevel: CIPHER } } });
            const result = await inFolder(dir, () => runStack({ logging: { methodSettings }, stages: [ORDERS] }, ["logging"]));
            assert.deepStrictEqual(maskSecrets(byName(result, "orders-v1-stage-patch").inputs.methodSettings), [
                { key: "*/*", loggingLevel: "[secret]", dataTraceEnabled: false, metricsEnabled: true },
                { key: "~1orders~1{id}/GET", loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true },
            ]);
        });

        it("keeps a secure method path secret in the key API Gateway files it under", async () => {
            const methodSettings = { overrides: [{ methodPath: "/orders/{id}/GET", loggingLevel: "INFO" }] };
            const dir = project({ [`${PROJECT}:logging`]: { methodSettings: { overrides: [{ methodPath: CIPHER, loggingLevel: "INFO" }] } } });
            const result = await inFolder(dir, () => runStack({ logging: { methodSettings }, stages: [ORDERS] }, ["logging"]));
            const [, override] = byName(result, "orders-v1-stage-patch").inputs.methodSettings as Record<string, unknown>[];
            secretWithValue(override.key, "~1orders~1{id}/GET");
            assert.strictEqual(override.loggingLevel, "INFO");
        });

        it("keeps a secure access-log format secret in the stage's access-log settings", async () => {
            const dir = project({ [`${PROJECT}:logging`]: { accessLogs: { format: CIPHER } } });
            const result = await inFolder(dir, () => runStack({ logging: { accessLogs: { format: "clf" } }, stages: [{ ...ORDERS, stageOwner: "none" }] }, ["logging"]));
            const settings = byName(result, "orders-v1-stage-patch").inputs.accessLogSettings as Record<string, unknown>;
            assert.ok(isSecretValue(settings.format), JSON.stringify(settings));
            assert.match((settings.format as { value: string }).value, /^\$context\.identity\.sourceIp /);
        });

        it("warns once for each secure value that Pulumi shows in plain text, and where; not for one that stays secret", async () => {
            const dir = project({
                "aws:region": CIPHER,
                [`${PROJECT}:logging`]: { accessLogs: { retentionInDays: CIPHER, destination: CIPHER }, methodSettings: { dataTraceEnabled: CIPHER } },
                [`${PROJECT}:stages`]: [{ ...ORDERS, name: CIPHER, tags: { owner: CIPHER } }],
            });
            const logging = { accessLogs: { retentionInDays: 90, destination: "cloudwatch" }, methodSettings: { dataTraceEnabled: false } };
            const values = { logging, stages: [{ ...ORDERS, tags: { owner: "alice" } }] };
            const result = await inFolder(dir, () =>
                run(program, { config: { ...stackConfig(values), "aws:region": "eu-west-1" }, secretKeys: ["aws:region", `${PROJECT}:logging`, `${PROJECT}:stages`], calls: MOCK_CALLS }),
            );
            const stays = "it stays secret in the resource inputs and outputs that hold it, but Pulumi shows it in plain text:";
            assert.deepStrictEqual(result.warnings, [
                `aws:region is secret: ${stays} the ids that are ARNs (a Firehose stream's)`,
                `${PROJECT}:logging.accessLogs.destination is secret: ${stays} which resources exist (their types and URNs)`,
                `${PROJECT}:stages[0].name is secret: ${stays} the stage's URNs and the key of its stack outputs`,
            ]);
            const patch = byName(result, "orders-v1-stage-patch").inputs;
            secretWithValue(patch.region, "eu-west-1");
            // A switch that only reaches the method settings: secret there, and no warning.
            secretWithValue((patch.methodSettings as Record<string, unknown>[])[0].dataTraceEnabled, false);
        });

        it("counts every value of a whole secure key as secure", async () => {
            const dir = project({ [`${PROJECT}:logging`]: CIPHER });
            const result = await inFolder(dir, () => runStack({ logging: { methodSettings: { loggingLevel: "INFO" }, accessLogs: { retentionInDays: 90 } }, stages: [ORDERS] }, ["logging"]));
            const [stageWide] = byName(result, "orders-v1-stage-patch").inputs.methodSettings as Record<string, unknown>[];
            secretWithValue(stageWide.loggingLevel, "INFO");
            secretWithValue(byName(result, "orders-v1-access-logs").inputs.retentionInDays, 90);
        });

        it("stops the program at preview for a secure object inside a key, which Pulumi decrypts to a string", async () => {
            const dir = project({ [`${PROJECT}:logging`]: { alarms: CIPHER } });
            const message = await rejection(inFolder(dir, () => runStack({ logging: { alarms: "{}" }, stages: [ORDERS] }, ["logging"])));
            assert.strictEqual(
                message,
                `${PROJECT}:logging.alarms: [secret] must be an object: Pulumi decrypts a secure: value inside a key to one string; put secure: on the values inside it, or on the whole key`,
            );
        });

        it("leaves the text of a key made secret by a tag plain: only its secure values are secret", async () => {
            const dir = project({ [`${PROJECT}:stages`]: [{ ...ORDERS, tags: { owner: CIPHER } }] });
            const result = await inFolder(dir, () => runStack({ stages: [{ ...ORDERS, tags: { owner: "alice" } }] }, ["stages"]));
            assert.ok(isSecretValue((byName(result, "orders-v1-access-logs").inputs.tags as Record<string, unknown>).owner));
            assert.strictEqual(byName(result, "orders-v1-stage-patch").inputs.stageName, "v1");
            assert.deepStrictEqual(result.warnings, []);
        });

        it("uses a secret key's text as written without the stack file (config from an ESC environment or --config-file)", async () => {
            const result = await inFolder(scratchDir("apigw-secure-"), () => runStack({ stages: [ORDERS] }, ["stages"]));
            assert.strictEqual(byName(result, "orders-v1-stage-patch").inputs.stageName, "v1");
        });
    });
});

