// `secure:` values in a stack file under `npm run plan` (tools/planSecrets.ts): never decrypted,
// planned on a stand-in the program keeps secret so the plan shows `[secret]`; a stand-in the plan's
// resources may depend on is named in a note.

import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { CONFIG_SHAPE, SECRETABLE_SETTINGS } from "../../program/config/declarations.generated";
import { loadStackConfig, Plan, planStack } from "../../tools/plan";
import { rewrittenSecrets } from "../../tools/planSecrets";
import { declaredSetting, holdsSettings } from "../../program/config/secureValues";
import { byName, planCli, tempFile } from "./planCli";

/** The declared settings a stack file's config marks `secure:`, sorted. */
function securedSettings(config: Record<string, unknown>): string[] {
    const covered = new Set<string>();
    const visit = (value: unknown, at: string[]): void => {
        if (value && typeof value === "object" && "secure" in value) {
            covered.add(declaredSetting(at)!);
        } else if (value && typeof value === "object") {
            Object.entries(value).forEach(([k, v]) => visit(v, [...at, k]));
        }
    };
    Object.entries(config).forEach(([key, value]) => visit(value, [key.slice("apigw-logging:".length)]));
    return [...covered].sort();
}

describe("npm run plan with secure values", () => {
    const cipher = (name: string) => `v1:abcdefghijklmnop:${name}CIPHERTEXT`;
    const secure = (name: string) => ({ secure: cipher(name) });
    const stackYaml = (config: Record<string, unknown>) => tempFile("Pulumi.sec.yaml", yaml.dump({ config: { "aws:region": "eu-west-1", ...config } }));
    const orders = { name: "orders-v1", restApiId: "a1b2c3d4e5", apiName: "orders-api", stageName: "v1" };
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
            assert.deepStrictEqual(securedSettings(config), [...SECRETABLE_SETTINGS].sort());

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

    describe("a setting the program uses as text (a choice, a switch, a stage's name, the format)", () => {

        it("plans a secure stage name on a stand-in, says so, and shows [secret] in every input that holds it", async () => {
            const config = loadStackConfig("sec", stackYaml({ "apigw-logging:production": true, "apigw-logging:stages": [{ ...orders, stageName: secure("STAGE") }] }));
            assert.deepStrictEqual(config.notes, [
                'apigw-logging:stages[0].stageName is secret, and npm run plan cannot decrypt it: planned as "stand-in-0"; the stack\'s own value may plan otherwise',
            ]);
            const plan = await planStack(config);
            assert.deepStrictEqual(plan.warnings, [
                "apigw-logging:stages[0].stageName is secret: it stays secret in the resource inputs and outputs that hold it, but Pulumi shows it in plain text: " +
                    "the ids of the stage's log groups, stage, method settings and alarms, the stage check's warnings, and the stage's URNs unless the entry has a name",
            ]);
            const patch = byName(plan, "orders-v1-stage-patch").inputs;
            assert.deepStrictEqual([patch.stageName, patch.restApiId], ["[secret]", "a1b2c3d4e5"]);
            assert.strictEqual(byName(plan, "orders-v1-execution-logs").inputs.name, "[secret]");
            assert.deepStrictEqual(byName(plan, "orders-v1-5xx-alarm").inputs.dimensions, { ApiName: "orders-api", Stage: "[secret]" });
            assert.strictEqual(byName(plan, "orders-v1-query-5xx-errors").inputs.name, "[secret]");
            assert.deepStrictEqual(plan.outputs.stages, { "orders-v1": "[secret]" });
        });

        it("plans a secure choice on its default, and names where Pulumi shows it", async () => {
            const config = loadStackConfig("sec", stackYaml({ "apigw-logging:logging": { accessLogs: { destination: secure("DEST") } }, "apigw-logging:stages": [orders] }));
            assert.deepStrictEqual(config.notes, [
                'apigw-logging:logging.accessLogs.destination is secret, and npm run plan cannot decrypt it: planned as "cloudwatch"; the stack\'s own value may plan otherwise',
            ]);
            const plan = await planStack(config);
            assert.deepStrictEqual(plan.warnings, [
                "apigw-logging:logging.accessLogs.destination is secret: it stays secret in the resource inputs and outputs that hold it, but Pulumi shows it in plain text: " +
                    "which resources exist (their types and URNs)",
            ]);
            assert.ok(byName(plan, "orders-v1-access-logs"));
        });

        it("shows a secure logging level and method path as [secret] in the method settings, and a plain level as it is", async () => {
            const methodSettings = { loggingLevel: secure("LEVEL"), overrides: [{ methodPath: secure("PATH"), loggingLevel: "INFO" }] };
            const plan = await planStack(loadStackConfig("sec", stackYaml({ "apigw-logging:logging": { methodSettings }, "apigw-logging:stages": [orders] })));
            assert.deepStrictEqual(byName(plan, "orders-v1-stage-patch").inputs.methodSettings, [
                { key: "*/*", loggingLevel: "[secret]", dataTraceEnabled: false, metricsEnabled: true },
                { key: "[secret]", loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: true },
            ]);
        });

        it("plans a stack with a secure value in every setting", async () => {
            const stage = (name: string, restApiId: string, settings: Record<string, unknown>) => ({ name, restApiId, apiName: `${name}-api`, stageName: "v1", ...settings });
            const transition = { afterDays: 30, storageClass: secure("CLASS") };
            const config = {
                "apigw-logging:production": secure("PRODUCTION"),
                "apigw-logging:minimumRetentionInDays": secure("MINIMUM"),
                "apigw-logging:accountSetting": { mode: secure("MODE"), retainOnDelete: secure("RETAIN") },
                "apigw-logging:sampleApi": { apiName: secure("SAMPLE-API"), stageName: secure("SAMPLE-STAGE") },
                "apigw-logging:logging": {
                    accessLogs: { destination: secure("DEST"), format: secure("FORMAT") },
                    methodSettings: {
                        ...Object.fromEntries(["loggingLevel", "dataTraceEnabled", "metricsEnabled"].map((k) => [k, secure(k)])),
                        overrides: [Object.fromEntries(["methodPath", "loggingLevel", "dataTraceEnabled", "metricsEnabled"].map((k) => [k, secure(k)]))],
                    },
                    alarms: { enabled: secure("ALARMS"), latencyStatistic: secure("STATISTIC") },
                    queries: { enabled: secure("QUERIES") },
                    allowDataTraceInProduction: secure("ALLOW"),
                    retainLogsOnDelete: secure("KEEP"),
                    adoptLogGroups: Object.fromEntries(["execution", "access", "firehoseErrors"].map((k) => [k, secure(k)])),
                },
                "apigw-logging:stages": [
                    {
                        ...Object.fromEntries(["name", "restApiId", "apiName", "stageName", "stageOwner", "allowDataTraceInProduction", "retainLogsOnDelete"].map((k) => [k, secure(k)])),
                        previousNames: [secure("BEFORE")],
                    },
                    stage("buckets", "b1b2c3d4e5", {
                        accessLogs: { destination: "firehose", firehose: { compression: secure("COMPRESSION"), bucket: { transition } } },
                        executionLogs: { destination: "s3", s3: { bucket: { name: secure("BUCKET"), transition }, outputFormat: secure("S3FORMAT") } },
                    }),
                    stage("group", "c1b2c3d4e5", { executionLogs: { destination: "logGroup", logGroup: { name: secure("GROUP"), outputFormat: secure("GROUPFORMAT") } } }),
                    stage("stream", "d1b2c3d4e5", {
                        executionLogs: { destination: "firehose", firehose: { streamArn: "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-logs", outputFormat: secure("F") } },
                    }),
                    stage("standard", "e1b2c3d4e5", { executionLogs: { destination: secure("EXECDEST") } }),
                ],
            };
            // Every setting holding a value is here but the stack reference's (below), so a new one fails this test until it has a stand-in.
            // The settings that hold one value (and previousNames, a list of them), but the secretable ones.
            const values = Object.keys(CONFIG_SHAPE.settings).filter((setting) => !SECRETABLE_SETTINGS.includes(setting) && (!holdsSettings(setting) || setting === "stages[].previousNames"));
            assert.deepStrictEqual(securedSettings(config), values.filter((setting) => setting !== "accountSetting.stack").sort());

            const file = stackYaml(config);
            const { code, stdout, stderr } = await planCli(["--stack", "sec", "--config-file", file]);
            assert.strictEqual(code, 0, stderr);
            assert.doesNotMatch(stdout, /CIPHERTEXT/);
        });

        it("plans a secure stack reference on a stand-in, and leaves its name plain: the engine refuses a secret one", async () => {
            const config = loadStackConfig("sec", stackYaml({ "apigw-logging:accountSetting": { mode: "stackReference", stack: secure("STACK") }, "apigw-logging:stages": [orders] }));
            const plan = await planStack(config);
            const reference = plan.resources.find((r) => r.type === "pulumi:pulumi:StackReference");
            assert.strictEqual(reference?.inputs.name, "organization/stand-in/stand-in");
            assert.deepStrictEqual(plan.warnings, [
                "apigw-logging:accountSetting.stack is secret: it stays secret in the resource inputs and outputs that hold it, but Pulumi shows it in plain text: " +
                    "the stack reference's URN, name and id (the engine reads it by name)",
            ]);
        });

        it("plans a secure aws:region in the region the stack file's ARNs name, which the checks hold them to", async () => {
            const alarms = { enabled: true, snsTopicArn: "arn:aws:sns:ap-southeast-2:123456789012:alerts" };
            const file = tempFile("Pulumi.sec.yaml", yaml.dump({ config: { "aws:region": secure("REGION"), "apigw-logging:logging": { alarms }, "apigw-logging:stages": [orders] } }));
            const config = loadStackConfig("sec", file);
            assert.deepStrictEqual(config.notes, [
                'aws:region is secret, and npm run plan cannot decrypt it: planned as "ap-southeast-2"; the stack\'s own value may plan otherwise',
            ]);
            const plan = await planStack(config);
            assert.strictEqual(byName(plan, "orders-v1-stage-patch").inputs.region, "[secret]");
            // Without an ARN to go by: us-east-1.
            const bare = tempFile("Pulumi.sec.yaml", yaml.dump({ config: { "aws:region": secure("REGION"), "apigw-logging:stages": [orders] } }));
            assert.strictEqual(loadStackConfig("sec", bare).config["aws:region"], "us-east-1");
        });

        it("plans a whole secure key on its defaults", async () => {
            const config = loadStackConfig("sec", stackYaml({ "apigw-logging:logging": secure("LOGGING"), "apigw-logging:stages": [orders] }));
            assert.deepStrictEqual(config.notes, [
                "apigw-logging:logging is secret, and npm run plan cannot decrypt it: planned as {}; the stack's own value may plan otherwise",
            ]);
            assert.ok(byName(await planStack(config), "orders-v1-access-logs"));
        });

        it("refuses a secure object inside a key, which Pulumi decrypts to a string", async () => {
            const file = tempFile("Pulumi.sec.yaml", `config:\n  aws:region: eu-west-1\n  apigw-logging:logging:\n    alarms:\n      secure: ${cipher("ALARMS")}\n`);
            const { code, stderr } = await planCli(["--stack", "sec", "--config-file", file]);
            assert.strictEqual(code, 1);
            assert.strictEqual(
                stderr.trim(),
                "error: apigw-logging:logging.alarms: [secret] must be an object: Pulumi decrypts a secure: value inside a key to one string; " +
                    "put secure: on the values inside it, or on the whole key (npm run plan cannot decrypt it)",
            );
        });
    });
});

describe("npm run plan:diff with secure values (rewrittenSecrets)", () => {
    /** A project folder with a dev stack file holding `config`. */
    const projectWith = (config: Record<string, unknown>): string => {
        const dir = path.dirname(tempFile("Pulumi.yaml", "name: apigw-logging\nruntime: nodejs\n"));
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), yaml.dump({ config: { "aws:region": "eu-west-1", ...config } }));
        return dir;
    };
    const retention = (secure: string) => ({ "apigw-logging:logging": { accessLogs: { retentionInDays: { secure }, destination: { secure: "v1:DEST" } } } });

    it("notes a secure value whose ciphertext changed, was added or was removed: the diff cannot show what it does", () => {
        const base = projectWith({ ...retention("v1:OLD"), "apigw-logging:production": { secure: "v1:PROD" } });
        const head = projectWith({ ...retention("v1:NEW"), "apigw-logging:minimumRetentionInDays": { secure: "v1:MIN" } });
        const tail = "so it may hold another value; plan:diff cannot decrypt it and plans both sides on the same stand-in: what that changes is not in this diff (pulumi preview shows it)";
        assert.deepStrictEqual(rewrittenSecrets(base, head, "dev"), [
            `apigw-logging:logging.accessLogs.retentionInDays: its secure: value was rewritten, ${tail}`,
            `apigw-logging:production: its secure: value was removed, ${tail}`,
            `apigw-logging:minimumRetentionInDays: its secure: value was added, ${tail}`,
        ]);
    });

    it("notes nothing when every ciphertext is the same, or a side has no stack file", () => {
        assert.deepStrictEqual(rewrittenSecrets(projectWith(retention("v1:SAME")), projectWith(retention("v1:SAME")), "dev"), []);
        assert.deepStrictEqual(rewrittenSecrets(projectWith(retention("v1:SAME")), projectWith(retention("v1:SAME")), "prod"), []);
    });
});
