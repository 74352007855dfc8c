import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { listStacks, loadStackConfig, planStack, PROJECT_DIR } from "../../tools/plan";
import { assertHelp } from "../helpers";
import { byName, planCli, planCliProcess, tempFile } from "./planCli";

const USAGE = "usage: npm run plan -- --stack <name> [--json FILE] [--config-file FILE]";

describe("plan", () => {
    it("finds the dev and prod stack files", () => {
        assert.deepStrictEqual(listStacks().filter((s) => ["dev", "prod"].includes(s)), ["dev", "prod"]);
    });

    it("plans the dev stack: INFO with data trace, short retention, region-wide role retained", async () => {
        const plan = await planStack(loadStackConfig("dev"));
        assert.strictEqual(plan.stack, "dev");
        const settings = byName(plan, "sample-logging-method-settings");
        assert.strictEqual(settings.type, "aws:apigateway/methodSettings:MethodSettings");
        assert.strictEqual(settings.parent, "sample-logging");
        assert.deepStrictEqual(settings.inputs.settings, { loggingLevel: "INFO", dataTraceEnabled: true, metricsEnabled: true });
        assert.ok(settings.dependsOn.includes("account-setting-account"));
        assert.strictEqual(byName(plan, "sample-logging-execution-logs").inputs.retentionInDays, 3);
        const account = byName(plan, "account-setting-account");
        assert.deepStrictEqual([account.type, account.retainOnDelete, account.protect], ["aws:apigateway/account:Account", true, false]);
    });

    it("plans the prod stack: no data trace, a year of access logs", async () => {
        const plan = await planStack(loadStackConfig("prod"));
        assert.deepStrictEqual(byName(plan, "sample-logging-method-settings").inputs.settings, {
            loggingLevel: "ERROR",
            dataTraceEnabled: false,
            metricsEnabled: true,
        });
        assert.strictEqual(byName(plan, "sample-logging-access-logs").inputs.retentionInDays, 365);
    });

    it("exports everything a consumer needs, per stage and for the sample at the top level", async () => {
        const plan = await planStack(loadStackConfig("dev"));
        const restApiId = plan.outputs.restApiId as string;
        assert.match(restApiId, /^[a-z0-9]{10}$/);
        const format = (byName(plan, "sample-logging-stage").inputs.accessLogSettings as { format: string }).format;
        const accessLogGroupArn = `arn:aws:logs:eu-west-1:123456789012:log-group:API-Gateway-Access-Logs_${restApiId}/dev`;
        const sample = {
            restApiId,
            stageName: "dev",
            invokeUrl: `https://${restApiId}.execute-api.eu-west-1.amazonaws.com/dev`,
            accessLogGroupName: `API-Gateway-Access-Logs_${restApiId}/dev`,
            accessLogGroupArn,
            executionLogGroupName: `API-Gateway-Execution-Logs_${restApiId}/dev`,
            executionLogDestination: "standard",
            executionLogLocation: `API-Gateway-Execution-Logs_${restApiId}/dev`,
            accessLogFormat: format,
            accessLogConsoleUrl: `https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/API-Gateway-Access-Logs_${restApiId}$252Fdev`,
            executionLogConsoleUrl: `https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/API-Gateway-Execution-Logs_${restApiId}$252Fdev`,
            accessLogTailCommand: `aws logs tail API-Gateway-Access-Logs_${restApiId}/dev --follow --format short --region eu-west-1`,
            executionLogTailCommand: `aws logs tail API-Gateway-Execution-Logs_${restApiId}/dev --follow --format short --region eu-west-1`,
        };
        const folder = "API Gateway/apigw-logging-sample-dev/dev";
        assert.deepStrictEqual(plan.outputs, {
            contractVersion: "1.2",
            cloudWatchRoleArn: byName(plan, "account-setting-account").inputs.cloudwatchRoleArn,
            accountSettingMode: "create",
            stages: {
                sample: {
                    ...sample,
                    accessLogSettings: { destinationArn: accessLogGroupArn, format },
                    methodSettings: { loggingLevel: "INFO", dataTraceEnabled: true, metricsEnabled: true },
                    queryNames: [
                        `${folder}/5xx errors by resource path`,
                        `${folder}/4xx errors by resource path`,
                        `${folder}/Top client IPs`,
                        `${folder}/Everything for one request id`,
                    ],
                    // dev is not a production stack: alarms are off unless asked for.
                    alarmNames: [],
                },
            },
            ...sample,
        });
    });

    it("plans the prod stack: execution logs delivered to a KMS-encrypted group kept a year, after the stage's method settings", async () => {
        const plan = await planStack(loadStackConfig("prod"));
        const restApiId = plan.outputs.restApiId as string;
        const key = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
        const group = byName(plan, "sample-logging-delivered-execution-logs");
        assert.deepStrictEqual(
            [group.inputs.name, group.inputs.retentionInDays, group.inputs.kmsKeyId, group.retainOnDelete],
            [`/aws/vendedlogs/apigateway/${restApiId}/prod/execution-logs`, 365, key, true],
        );
        const source = byName(plan, "sample-logging-execution-log-source");
        assert.deepStrictEqual(
            [source.type, source.inputs.logType, source.inputs.resourceArn],
            ["aws:cloudwatch/logDeliverySource:LogDeliverySource", "EXECUTION_LOGS", `arn:aws:apigateway:eu-west-1:123456789012:/restapis/${restApiId}/stages/prod`],
        );
        assert.ok(source.dependsOn.includes("sample-logging-method-settings"), source.dependsOn.join());
        const destination = byName(plan, "sample-logging-execution-log-destination");
        assert.deepStrictEqual(destination.inputs.deliveryDestinationConfiguration, { destinationResourceArn: plan.outputs.executionLogDeliveryGroupArn });
        const delivery = byName(plan, "sample-logging-execution-log-delivery");
        assert.deepStrictEqual(delivery.inputs.deliverySourceName, source.inputs.name);
        // API Gateway's own group stays as it was, retained, with the logs from before.
        const standard = byName(plan, "sample-logging-execution-logs");
        assert.deepStrictEqual([standard.inputs.retentionInDays, standard.inputs.kmsKeyId, standard.retainOnDelete], [90, undefined, true]);
        assert.strictEqual(plan.outputs.executionLogDestination, "logGroup");
    });

    it("plans the archive stack: access logs through Firehose into a retained, private S3 bucket", async () => {
        const plan = await planStack(loadStackConfig("archive"));
        assert.ok(!plan.resources.some((r) => r.name === "sample-logging-access-logs"), "no access-log group with Firehose");
        assert.strictEqual(byName(plan, "sample-logging-execution-logs").type, "aws:cloudwatch/logGroup:LogGroup");
        const stream = byName(plan, "sample-logging-firehose");
        assert.strictEqual(stream.type, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
        assert.ok(stream.dependsOn.includes("sample-logging-firehose-role-policy"));
        const s3 = stream.inputs.extendedS3Configuration as Record<string, unknown>;
        assert.deepStrictEqual([s3.bufferingSize, s3.bufferingInterval, s3.compressionFormat], [64, 900, "GZIP"]);
        const stage = byName(plan, "sample-logging-stage");
        assert.strictEqual((stage.inputs.accessLogSettings as { destinationArn: string }).destinationArn, plan.outputs.accessLogStreamArn);
        for (const name of ["sample-logging-access-log-bucket", "sample-logging-access-log-bucket-public-access", "sample-logging-firehose-errors"]) {
            assert.strictEqual(byName(plan, name).retainOnDelete, true, name);
        }
        const [rule] = byName(plan, "sample-logging-access-log-bucket-lifecycle").inputs.rules as Array<Record<string, unknown>>;
        assert.deepStrictEqual([rule.expiration, rule.transitions], [{ days: 2557 }, [{ days: 90, storageClass: "GLACIER_IR" }]]);

        const restApiId = plan.outputs.restApiId as string;
        const bucket = `apigw-logs-123456789012-eu-west-1-${restApiId}-archive`;
        assert.deepStrictEqual(
            Object.fromEntries(Object.entries(plan.outputs).filter(([k]) => k.startsWith("accessLog") && k !== "accessLogFormat")),
            {
                accessLogConsoleUrl: `https://s3.console.aws.amazon.com/s3/buckets/${bucket}?region=eu-west-1&prefix=access-logs%2F${restApiId}%2Farchive%2F`,
                accessLogBucketName: bucket,
                accessLogPrefix: `access-logs/${restApiId}/archive/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/`,
                accessLogS3Location: `s3://${bucket}/access-logs/${restApiId}/archive/`,
                accessLogStreamName: `amazon-apigateway-${restApiId}-archive`,
                accessLogStreamArn: `arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-${restApiId}-archive`,
            },
        );
    });

    describe("flags", () => {
        // The command line itself: both start together, each a Node process of its own, and neither plans anything.
        let help: ReturnType<typeof planCliProcess>;
        let unknown: ReturnType<typeof planCliProcess>;
        before(() => {
            help = planCliProcess(["--help"]);
            unknown = planCliProcess(["--stack", "dev", "--stak", "prod"]);
        });

        it("prints its usage and what each flag does with --help, on stdout, and exits 0", async () => {
            const { code, stdout, stderr } = await help;
            assert.deepStrictEqual([code, stderr], [0, ""]);
            assertHelp(stdout, USAGE, ["-s, --stack <name>", "--json FILE", "--config-file FILE"]);
        });

        it("refuses an unknown flag with one line naming the usage, and exits 1", async () => {
            const { code, stdout, stderr } = await unknown;
            assert.deepStrictEqual([code, stdout, stderr], [1, "", `error: unknown argument --stak (${USAGE})\n`]);
        });
    });

    it("shows the whole Firehose path with npm run plan -- --stack archive", async () => {
        const { code, stdout } = await planCli(["--stack", "archive"]);
        assert.strictEqual(code, 0);
        for (const line of [
            /└─ aws:s3\/bucket:Bucket\s+sample-logging-access-log-bucket {2}\[retainOnDelete\]$/m,
            /└─ aws:iam\/rolePolicy:RolePolicy\s+sample-logging-firehose-role-policy {2}\[retainOnDelete\]$/m,
            /└─ aws:kinesis\/firehoseDeliveryStream:FirehoseDeliveryStream\s+sample-logging-firehose {2}\[retainOnDelete\]$/m,
            /^\s+accessLogSettings: \{"destinationArn":"arn:aws:firehose:eu-west-1:123456789012:deliverystream\/amazon-apigateway-/m,
        ]) {
            assert.match(stdout, line);
        }
    });

    it("says for each staging stage whether its access logs reach this stack, and which output fixes it", async () => {
        const { code, stdout } = await planCli(["--stack", "staging"]);
        assert.strictEqual(code, 0);
        for (const [key, stage] of [["orders-v1", "a1b2c3d4e5/v1"], ["payments-live", "k2l3m4n5o6/live"]]) {
            const section = stdout.slice(stdout.indexOf(`    ${key}  ${stage}  stageOwner: iac`));
            assert.match(section, /^ {4}\S+ {2}\S+ {2}stageOwner: iac\n {8}access logs reach this stack: unknown \(offline\)\n/);
            assert.match(section, new RegExp(`fix: put the stack output stages\\.${key}\\.accessLogSettings on the stage in its owner's program`));
        }
    });

    it("says yes for a stage nothing owns, since the stack sets its access logs, and keeps the provider's code out of the plan", async () => {
        const file = tempFile("Pulumi.console.yaml", "config:\n  aws:region: eu-west-1\n  apigw-logging:stages:\n    - { restApiId: a1b2c3d4e5, stageName: v1, stageOwner: none }\n");
        const plan = await planStack(loadStackConfig("console", file));
        assert.deepStrictEqual(plan.stageChecks?.["a1b2c3d4e5-v1"]?.accessLogs, {
            verdict: "yes",
            detail: "this component sets the stage's access-log settings on deploy (now: unknown (offline): the stage was not read from AWS (a run under mocks))",
        });
        const patch = byName(plan, "a1b2c3d4e5-v1-stage-patch");
        assert.deepStrictEqual([patch.inputs.__provider, (patch.inputs.accessLogSettings as { destinationArn: string }).destinationArn], [
            "[dynamic provider code]",
            "arn:aws:logs:eu-west-1:123456789012:log-group:API-Gateway-Access-Logs_a1b2c3d4e5/v1",
        ]);
    });

    it("prints a preview-like plan and writes the same plan as JSON", async () => {
        const out = tempFile("plan.json", "");
        const { code, stdout } = await planCli(["--stack", "dev", "--json", out]);
        assert.strictEqual(code, 0);
        assert.match(stdout, /^ \+ {3}\s*└─ aws:cloudwatch\/logGroup:LogGroup\s+sample-logging-execution-logs {2}\[retainOnDelete\]$/m);
        assert.match(stdout, /^\s+name: "API-Gateway-Execution-Logs_[a-z0-9]{10}\/dev"$/m);
        const plan = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.deepStrictEqual(Object.keys(plan), ["stack", "resources", "outputs", "stageChecks", "warnings"]);
        assert.deepStrictEqual(Object.keys(plan.resources[0]).sort(), ["dependsOn", "inputs", "name", "parent", "protect", "retainOnDelete", "type"]);
        assert.ok(plan.resources.some((r: { type: string }) => r.type === "aws:apigateway/account:Account"));
    });

    it("exits non-zero with one line naming the bad key, its value and what is allowed", async () => {
        const file = tempFile(
            "Pulumi.bad.yaml",
            "config:\n  aws:region: eu-west-1\n  apigw-logging:sampleApi: {}\n  apigw-logging:logging:\n    methodSettings:\n      loggingLevel: VERBOSE\n",
        );
        const { code, stdout, stderr } = await planCli(["--stack", "bad", "--config-file", file]);
        assert.strictEqual(code, 1);
        assert.strictEqual(stdout, "");
        assert.strictEqual(
            stderr.trim(),
            'error: apigw-logging:logging.methodSettings.loggingLevel: "VERBOSE" is not allowed (allowed: OFF, ERROR, INFO)',
        );
    });

    it("writes a structured access-log format from the stack config to the stage as one line of JSON", async () => {
        const file = tempFile(
            "Pulumi.structured.yaml",
            [
                "config:",
                "  aws:region: eu-west-1",
                "  apigw-logging:sampleApi: {}",
                "  apigw-logging:logging:",
                "    accessLogs:",
                "      format:",
                "        requestId: $context.requestId",
                "        status: { var: $context.status, type: number }",
                "        caller:",
                "          ip: $context.identity.sourceIp",
                "          sub: $context.authorizer.claims.sub",
                "        route: $context.httpMethod $context.resourcePath",
                "",
            ].join("\n"),
        );
        const plan = await planStack(loadStackConfig("structured", file));
        const expected =
            '{"requestId":"$context.requestId","status":$context.status,' +
            '"caller":{"ip":"$context.identity.sourceIp","sub":"$context.authorizer.claims.sub"},' +
            '"route":"$context.httpMethod $context.resourcePath"}';
        const settings = byName(plan, "sample-logging-stage").inputs.accessLogSettings as { destinationArn: string; format: string };
        assert.strictEqual(settings.format, expected);
        assert.strictEqual(plan.outputs.accessLogFormat, expected);
    });

    it("stops the plan at a misspelt variable in a structured format, naming the field", async () => {
        const file = tempFile(
            "Pulumi.badformat.yaml",
            "config:\n  aws:region: eu-west-1\n  apigw-logging:logging:\n    accessLogs:\n      format:\n        id: $context.requestId\n        ip: $context.identity.sourceIP\n",
        );
        const { code, stderr } = await planCli(["--stack", "badformat", "--config-file", file]);
        assert.strictEqual(code, 1);
        assert.strictEqual(
            stderr.trim(),
            'error: apigw-logging:logging.accessLogs.format.ip: "$context.identity.sourceIP" uses $context.identity.sourceIP, which is not a $context variable AWS documents for REST API access logs; did you mean "$context.identity.sourceIp"? (the list: packages/apigw-logging/src/contextVariables.ts)',
        );
    });

    it("names a misspelt config key and suggests the right one", async () => {
        const file = tempFile("Pulumi.typo.yaml", "config:\n  aws:region: eu-west-1\n  apigw-logging:acountSetting:\n    mode: create\n");
        const { code, stderr } = await planCli(["--stack", "typo", "--config-file", file]);
        assert.strictEqual(code, 1);
        assert.match(stderr.trim(), /^error: apigw-logging:acountSetting: \{"mode":"create"\} is not a config key of this project; did you mean "apigw-logging:accountSetting"\?/);
    });

    it("says which stacks exist when the stack file is missing", async () => {
        const { code, stderr } = await planCli(["--stack", "nope"]);
        assert.strictEqual(code, 1);
        assert.match(stderr.trim(), /^error: no stack config file Pulumi\.nope\.yaml \(stacks here: .*dev.*prod/);
    });

    describe("stack files that would silently mean something else", () => {
        const planFile = async (text: string) => {
            const file = tempFile("Pulumi.odd.yaml", text);
            const { code, stdout, stderr } = await planCli(["--stack", "odd", "--config-file", file]);
            return { code, stdout, stderr: stderr.trim().replace(path.relative(PROJECT_DIR, file), "Pulumi.odd.yaml") };
        };

        it("says where a YAML syntax error is, in one line with the file, line and column", async () => {
            const { code, stderr } = await planFile("config:\n  aws:region: eu-west-1\n   apigw-logging:sampleApi: {}\n");
            assert.strictEqual(code, 1);
            assert.strictEqual(stderr, "error: Pulumi.odd.yaml:3:27: bad indentation of a mapping entry (YAML syntax)");
        });

        it("refuses a misspelt top-level config key", async () => {
            const { code, stderr } = await planFile("conifg:\n  aws:region: eu-west-1\n");
            assert.strictEqual(code, 1);
            assert.strictEqual(
                stderr,
                'error: Pulumi.odd.yaml: "conifg" is not a stack file key; did you mean "config"? (known: config, environment, secretsprovider, encryptedkey, encryptionsalt); the CLI reads the stack\'s settings from "config:" only',
            );
        });

        it("refuses a stack file without config", async () => {
            const { code, stderr } = await planFile("# nothing yet\n");
            assert.strictEqual(code, 1);
            assert.strictEqual(stderr, 'error: Pulumi.odd.yaml has no "config:" section: the stack would run on defaults alone; write its config under "config:" (at least aws:region)');
        });

        it("says above the plan that config from Pulumi ESC environments is not in it", async () => {
            const { code, stdout } = await planFile("environment:\n  - aws-creds\nconfig:\n  aws:region: eu-west-1\n  apigw-logging:stages: []\n");
            assert.strictEqual(code, 0);
            assert.match(stdout, /^Note: .*Pulumi\.odd\.yaml imports Pulumi ESC environments \(environment:\), which npm run plan does not read: config they provide is missing from this plan$/m);
        });

        it("refuses a misspelt aws:region key, which would send the logs to another region", async () => {
            const { code, stderr } = await planFile("config:\n  aws:regoin: eu-west-1\n  apigw-logging:sampleApi: {}\n");
            assert.strictEqual(code, 1);
            assert.strictEqual(
                stderr,
                'error: aws:regoin: "eu-west-1" is not a config key of the AWS provider; did you mean "aws:region"? (the provider refuses unknown aws: keys; a setting of this project goes under apigw-logging:)',
            );
        });

        it("refuses a stack without aws:region, where the provider would pick a region silently", async () => {
            const { code, stderr } = await planFile("config:\n  apigw-logging:sampleApi: {}\n");
            assert.strictEqual(code, 1);
            assert.strictEqual(
                stderr,
                "error: aws:region: (missing) is required: it is the region whose stages this stack logs and where the logs are kept; " +
                    "without it the AWS provider silently takes AWS_REGION or the profile's region (pulumi config set aws:region <region>)",
            );
        });
    });

    describe("the public sample API", () => {
        it("is not deployed for a stack that lists no stage and does not ask for it", async () => {
            const { code, stdout } = await planCli(["--stack", "none", "--config-file", tempFile("Pulumi.none.yaml", "config:\n  aws:region: eu-west-1\n  apigw-logging:stages: []\n")]);
            assert.strictEqual(code, 0);
            assert.doesNotMatch(stdout, /SampleApi|RestApi/);
            assert.match(stdout, /^Stages logged: none \(apigw-logging:stages is empty and apigw-logging:sampleApi is not set\)$/m);
        });

        it("is said to be deployed, and public, when the stack asks for it (the command in a process of its own)", async () => {
            const { code, stdout } = await planCliProcess(["--stack", "dev"]);
            assert.strictEqual(code, 0);
            assert.match(
                stdout,
                /^Sample API: deployed, because apigw-logging:sampleApi is set: a public REST API "apigw-logging-sample-dev" whose GET \/ anyone can call \(remove the key to leave it out\)$/m,
            );
        });
    });
});
