// `secure:` values in a stack file under `npm run plan` (tools/planSecrets.ts): never decrypted,
// planned on a stand-in the program keeps secret so the plan shows `[secret]`, or refused with the
// reason when the setting cannot be secret.

import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import { CONFIG_SHAPE, SECRETABLE_SETTINGS } from "../../program/config/declarations.generated";
import { loadStackConfig, Plan, planStack } from "../../tools/plan";
import { declaredSetting, plainReason } from "../../program/config/secureValues";
import { byName, planCli, tempFile } from "./planCli";

describe("npm run plan with secure values", () => {
    const cipher = (name: string) => `v1:abcdefghijklmnop:${name}CIPHERTEXT`;
    const stackFile = () =>
        tempFile(
            "Pulumi.sec.yaml",
            [
                "config:",
                "  aws:region: eu-west-1",
                "  apigw-logging:production: true",
                "  apigw-logging:logging:",
                "    alarms:",
                "      snsTopicArn:",
                `        secure: ${cipher("TOPIC")}`,
                "    tags:",
                "      owner:",
                `        secure: ${cipher("OWNER")}`,
                "  apigw-logging:stages:",
                "    - name: orders-v1",
                "      restApiId: a1b2c3d4e5",
                "      apiName: orders-api",
                "      stageName: v1",
                "      executionLogs:",
                "        kmsKeyArn:",
                `          secure: ${cipher("KEY")}`,
                "",
            ].join("\n"),
        );

    it("marks every key holding one secret, as the Pulumi CLI does", () => {
        assert.deepStrictEqual(loadStackConfig("sec", stackFile()).secretKeys, ["apigw-logging:logging", "apigw-logging:stages"]);
    });

    it("plans a secure SNS topic, KMS key and tag as [secret] in the resources' inputs", async () => {
        const plan = await planStack(loadStackConfig("sec", stackFile()));
        const alarm = byName(plan, "orders-v1-5xx-alarm");
        assert.deepStrictEqual([alarm.inputs.alarmActions, alarm.inputs.okActions], [["[secret]"], ["[secret]"]]);
        assert.strictEqual(byName(plan, "orders-v1-execution-logs").inputs.kmsKeyId, "[secret]");
        assert.deepStrictEqual(byName(plan, "orders-v1-access-logs").inputs.tags, { owner: "[secret]" });
    });

    it("never shows a ciphertext or what stood in for it, in the plan or its JSON", async () => {
        const file = stackFile();
        const out = tempFile("plan.json", "");
        const { code, stdout } = await planCli(["--stack", "sec", "--config-file", file, "--json", out]);
        assert.strictEqual(code, 0);
        for (const text of [stdout, fs.readFileSync(out, "utf8")]) {
            assert.doesNotMatch(text, /CIPHERTEXT|stand-in|00000000-0000/);
        }
        assert.match(stdout, /^ {4}apigw-logging:logging: \{"alarms":\{"snsTopicArn":"\[secret\]"\},"tags":\{"owner":"\[secret\]"\}\}$/m);
    });

    it("plans a secure role ARN and Firehose bucket ARN as [secret], and the outputs derived from the bucket", async () => {
        const file = tempFile(
            "Pulumi.sec.yaml",
            [
                "config:",
                "  aws:region: eu-west-1",
                "  apigw-logging:accountSetting:",
                "    mode: roleArn",
                "    roleArn:",
                `      secure: ${cipher("ROLE")}`,
                "  apigw-logging:sampleApi: {}",
                "  apigw-logging:logging:",
                "    accessLogs:",
                "      destination: firehose",
                "      firehose:",
                "        bucketArn:",
                `          secure: ${cipher("BUCKET")}`,
                "",
            ].join("\n"),
        );
        const plan = await planStack(loadStackConfig("sec", file));
        assert.strictEqual(byName(plan, "account-setting-account").inputs.cloudwatchRoleArn, "[secret]");
        assert.strictEqual((byName(plan, "sample-logging-firehose").inputs.extendedS3Configuration as Record<string, unknown>).bucketArn, "[secret]");
        assert.deepStrictEqual([plan.outputs.accessLogBucketName, plan.outputs.accessLogS3Location], ["[secret]", "[secret]"]);
    });

    describe("any setting the component takes as an Input", () => {
        const secure = (name: string) => ({ secure: cipher(name) });
        const stackYaml = (config: Record<string, unknown>) => tempFile("Pulumi.sec.yaml", yaml.dump({ config: { "aws:region": "eu-west-1", ...config } }));
        const orders = { name: "orders-v1", restApiId: "a1b2c3d4e5", apiName: "orders-api", stageName: "v1" };
        const briefFile = () =>
            stackYaml({
                "apigw-logging:logging": { alarms: { enabled: true, latencyThresholdMs: secure("LATENCY") } },
                "apigw-logging:stages": [
                    { ...orders, accessLogs: { retentionInDays: secure("DAYS"), logGroupName: secure("GROUP") } },
                    { name: "payments", restApiId: "k2l3m4n5o6", apiName: "payments-api", stageName: "live", accessLogs: { destination: "firehose", firehose: { bufferingSizeInMBs: secure("MIB") } } },
                ],
            });
        const s3 = (plan: Plan, name: string) => byName(plan, name).inputs.extendedS3Configuration as Record<string, unknown>;

        it("plans a secure retention, log group name, Firehose buffering and alarm threshold as [secret] in the resources' inputs", async () => {
            const plan = await planStack(loadStackConfig("sec", briefFile()));
            const group = byName(plan, "orders-v1-access-logs").inputs;
            assert.deepStrictEqual([group.retentionInDays, group.name], ["[secret]", "[secret]"]);
            assert.strictEqual(byName(plan, "orders-v1-latency-alarm").inputs.threshold, "[secret]");
            // A value nobody wrote is the component's default: not config, so not secret.
            assert.deepStrictEqual([s3(plan, "payments-firehose").bufferingSize, s3(plan, "payments-firehose").bufferingInterval], ["[secret]", 300]);
        });

        it("shows them as [secret] in the printed plan, with neither ciphertext nor stand-in", async () => {
            const { code, stdout, stderr } = await planCli(["--stack", "sec", "--config-file", briefFile()]);
            assert.strictEqual(code, 0, stderr);
            assert.doesNotMatch(stdout, /CIPHERTEXT|stand-in/);
            assert.match(stdout, /^ \+ +└─ aws:cloudwatch\/logGroup:LogGroup +orders-v1-access-logs {2}\[retainOnDelete\]\n {17}name: "\[secret\]"\n {17}retentionInDays: "\[secret\]"$/m);
        });

        it("plans a stack with a secure value in every setting that can be secret", async () => {
            const bucket = { expireAfterDays: secure("EXP"), transition: { afterDays: secure("AFTER"), storageClass: "GLACIER" }, noncurrentVersionExpireAfterDays: secure("NONCURRENT") };
            const stage = (name: string, restApiId: string, settings: Record<string, unknown>) => ({ name, restApiId, apiName: `${name}-api`, stageName: "v1", ...settings });
            const config = {
                "apigw-logging:accountSetting": { mode: "roleArn", roleArn: secure("ROLE"), tags: { owner: secure("OWNER") } },
                "apigw-logging:logging": {
                    tags: { team: secure("TEAM") },
                    alarms: {
                        enabled: true,
                        ...Object.fromEntries(["snsTopicArn", "serverErrorRate", "latencyThresholdMs", "periodSeconds", "evaluationPeriods", "datapointsToAlarm"].map((k) => [k, secure(k)])),
                    },
                    queries: { folder: secure("FOLDER") },
                },
                "apigw-logging:stages": [
                    stage("groups", "a1b2c3d4e5", {
                        tags: { owner: secure("STAGE-OWNER") },
                        accessLogs: { retentionInDays: secure("A"), kmsKeyArn: secure("B"), logGroupName: secure("C") },
                        executionLogs: { retentionInDays: secure("D"), kmsKeyArn: secure("E"), destination: "logGroup", logGroup: { name: "/apis/groups", retentionInDays: secure("F"), kmsKeyArn: secure("G") } },
                    }),
                    stage("buckets", "b1b2c3d4e5", {
                        accessLogs: {
                            destination: "firehose",
                            firehose: {
                                ...Object.fromEntries(["streamName", "kmsKeyArn", "prefix", "bufferingSizeInMBs", "bufferingIntervalInSeconds", "errorLogRetentionInDays"].map((k) => [k, secure(k)])),
                                bucket: { name: secure("BUCKET"), ...bucket },
                            },
                        },
                        executionLogs: { destination: "s3", s3: { bucket, kmsKeyArn: secure("S3KEY") } },
                    }),
                    stage("existing", "c1b2c3d4e5", {
                        accessLogs: { destination: "firehose", firehose: { bucketArn: secure("BUCKETARN") } },
                        executionLogs: { destination: "logGroup", logGroup: { arn: secure("GROUPARN") } },
                    }),
                    stage("stream", "d1b2c3d4e5", { executionLogs: { destination: "firehose", firehose: { streamArn: secure("STREAMARN") } } }),
                    stage("bucket-arn", "e1b2c3d4e5", { executionLogs: { destination: "s3", s3: { bucketArn: secure("S3ARN") } } }),
                ],
            };
            // Every secretable setting is here, so a new one fails this test until it has a stand-in that its rules accept.
            const covered = new Set<string>();
            const visit = (value: unknown, at: string[]): void => {
                if (value && typeof value === "object" && "secure" in value) {
                    covered.add(declaredSetting(at)!);
                } else if (value && typeof value === "object") {
                    Object.entries(value).forEach(([k, v]) => visit(v, [...at, k]));
                }
            };
            Object.entries(config).forEach(([key, value]) => visit(value, [key.slice("apigw-logging:".length)]));
            assert.deepStrictEqual([...covered].sort(), [...SECRETABLE_SETTINGS].sort());

            const file = stackYaml(config);
            const plan = await planStack(loadStackConfig("sec", file));
            assert.strictEqual(s3(plan, "buckets-firehose").bufferingInterval, "[secret]");
            assert.strictEqual((byName(plan, "existing-firehose").inputs.extendedS3Configuration as Record<string, unknown>).bucketArn, "[secret]");
            const rules = byName(plan, "bucket-arn-execution-log-destination").inputs.deliveryDestinationConfiguration;
            assert.deepStrictEqual(rules, { destinationResourceArn: "[secret]" });
            const out = tempFile("plan.json", "");
            const { code, stdout, stderr } = await planCli(["--stack", "sec", "--config-file", file, "--json", out]);
            assert.strictEqual(code, 0, stderr);
            for (const text of [stdout, fs.readFileSync(out, "utf8")]) {
                assert.doesNotMatch(text, /CIPHERTEXT|stand-in/);
            }
        });
    });

    describe("a setting that cannot be secret", () => {
        it("has a reason for every setting of the declaration that is not secretable", () => {
            const plain = Object.keys(CONFIG_SHAPE.settings).filter((setting) => !SECRETABLE_SETTINGS.includes(setting));
            const unexplained = plain.filter((setting) => {
                try {
                    return !plainReason(setting);
                } catch {
                    return true;
                }
            });
            assert.deepStrictEqual(unexplained, []);
        });

        const refusal = async (key: string, value: string) => {
            const file = tempFile("Pulumi.sec.yaml", `config:\n  aws:region: eu-west-1\n  apigw-logging:${key}:\n${value}`);
            const { code, stderr } = await planCli(["--stack", "sec", "--config-file", file]);
            assert.strictEqual(code, 1);
            return stderr.trim();
        };

        it("refuses a secure choice, naming its key and why", async () => {
            assert.strictEqual(
                await refusal("logging", `    accessLogs:\n      destination:\n        secure: ${cipher("DEST")}\n`),
                "error: apigw-logging:logging.accessLogs.destination: [secret] cannot be secret: it is a choice: it decides which resources exist and how they are made, " +
                    "which Pulumi shows in plain text; write it in plain text (npm run plan cannot decrypt it)",
            );
        });

        it("refuses a secure stage name, which names the stage's Pulumi resources", async () => {
            assert.strictEqual(
                await refusal("stages", `    - restApiId: a1b2c3d4e5\n      stageName: v1\n      name:\n        secure: ${cipher("NAME")}\n`),
                "error: apigw-logging:stages[0].name: [secret] cannot be secret: it names the stage's Pulumi resources, which Pulumi shows in plain text; " +
                    "write it in plain text (npm run plan cannot decrypt it)",
            );
        });

        it("refuses a secure access-log format, which decides the saved queries", async () => {
            assert.strictEqual(
                await refusal("logging", `    accessLogs:\n      format:\n        secure: ${cipher("FORMAT")}\n`),
                "error: apigw-logging:logging.accessLogs.format: [secret] cannot be secret: it decides which saved queries exist (the fields they read), " +
                    "which Pulumi shows in plain text; write it in plain text (npm run plan cannot decrypt it)",
            );
        });

        it("refuses a secure object of settings, pointing at the values inside it", async () => {
            assert.strictEqual(
                await refusal("logging", `    alarms:\n      secure: ${cipher("ALARMS")}\n`),
                "error: apigw-logging:logging.alarms: [secret] cannot be secret: it holds settings, not a value: put secure: on the values inside it that may be secret " +
                    "(npm run plan cannot decrypt it)",
            );
        });
    });
});
