import * as assert from "assert";
import {
    CLOUDWATCH_RETENTION_DAYS,
    resolveAccountSetting,
    isProductionStackName,
    resolveLoggingSettings,
    resolveStackConfig,
} from "../components/validation";

const RETENTIONS = CLOUDWATCH_RETENTION_DAYS.join(", ");

describe("validation", () => {
    describe("defaults", () => {
        it("fills in every default for an empty input", () => {
            const s = resolveLoggingSettings({}, "args");
            assert.strictEqual(s.accessLogs.retentionInDays, 30);
            assert.strictEqual(s.executionLogs.retentionInDays, 30);
            assert.deepStrictEqual(
                { ...s.methodSettings },
                { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true, overrides: [] },
            );
            assert.strictEqual(s.retainLogsOnDelete, true);
            assert.strictEqual(s.production, false);
            assert.ok(s.accessLogs.format.startsWith('{"requestId":"$context.requestId"'));
            assert.strictEqual(s.minimumRetentionInDays, 30);
        });

        it("creates the account setting unless told otherwise", () => {
            assert.deepStrictEqual(resolveAccountSetting(undefined, "a"), { mode: "create", retainOnDelete: true });
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
            ["retainLogsOnDelete as text", { retainLogsOnDelete: "no" },
                'args.retainLogsOnDelete: "no" must be true or false'],
            ["a tag value that is a number", { tags: { costCenter: 42 } },
                "args.tags.costCenter: 42 must be a string (AWS tag values are strings)"],
            ["a reserved tag key", { tags: { "aws:team": "x" } },
                'args.tags.aws:team: "x" uses the reserved "aws:" tag prefix'],
            ["a misspelt key", { acessLogs: { retentionInDays: 7 } },
                'args.acessLogs: {"retentionInDays":7} is not a known setting; did you mean "accessLogs"? (known: accessLogs, executionLogs, methodSettings, allowDataTraceInProduction, retainLogsOnDelete, tags, production, minimumRetentionInDays)'],
            ["a misspelt nested key", { accessLogs: { retention: 7 } },
                'args.accessLogs.retention: 7 is not a known setting; did you mean "retentionInDays"? (known: retentionInDays, kmsKeyArn, logGroupName, format)'],
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

        const accountCases: Array<[string, unknown, string]> = [
            ["an unknown account-setting mode", { mode: "manage" },
                'args.accountSetting.mode: "manage" is not allowed (allowed: create, roleArn, external, stackReference)'],
            ["a role ARN that is a user ARN", { mode: "roleArn", roleArn: "arn:aws:iam::123456789012:user/bob" },
                'args.accountSetting.roleArn: "arn:aws:iam::123456789012:user/bob" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)'],
            ["mode roleArn without the ARN", { mode: "roleArn" },
                "args.accountSetting.roleArn: (missing) is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)"],
            ["a role ARN with mode create", { mode: "create", roleArn: "arn:aws:iam::123456789012:role/x" },
                'args.accountSetting.roleArn: "arn:aws:iam::123456789012:role/x" only with mode "roleArn" or "external"'],
            ["retainOnDelete with mode external", { mode: "external", retainOnDelete: false },
                'args.accountSetting.retainOnDelete: false has no effect with mode "external" (this stack creates nothing region-wide)'],
            ["a stack reference that is not org/project/stack", { mode: "stackReference", stack: "platform/dev" },
                'args.accountSetting.stack: "platform/dev" must name the stack that manages the account setting as "org/project/stack"'],
            ["a stack with mode create", { mode: "create", stack: "acme/apigw-logging/prod" },
                'args.accountSetting.stack: "acme/apigw-logging/prod" only with mode "stackReference"'],
            ["retainOnDelete with mode stackReference", { mode: "stackReference", stack: "acme/apigw-logging/prod", retainOnDelete: true },
                'args.accountSetting.retainOnDelete: true has no effect with mode "stackReference" (this stack creates nothing region-wide)'],
        ];
        for (const [what, input, message] of accountCases) {
            it(`refuses ${what}`, () => {
                assert.throws(() => resolveAccountSetting(input, "args.accountSetting"), { name: "ValidationError", message });
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
                message: 'apigw-logging:loging: {} is not a config key of this project; did you mean "apigw-logging:logging"? (known: production, minimumRetentionInDays, accountSetting, logging, stages, sampleApi)',
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
            assert.strictEqual(s.sampleApi!.logging.production, false);
        });

        it("takes the account setting from its own key", () => {
            const s = resolveStackConfig({ accountSetting: { mode: "external" } }, "apigw-logging", "dev");
            assert.deepStrictEqual(s.accountSetting, { mode: "external" });
        });

        it("defaults the sample stage name to the stack name and refuses a bad one", () => {
            assert.strictEqual(resolveStackConfig({}, "apigw-logging", "dev").sampleApi!.stageName, "dev");
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
});
