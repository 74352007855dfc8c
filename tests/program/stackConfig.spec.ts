import * as assert from "assert";
import { checkStageLoggingArgs, CloudWatchLogsSinkSettings, CLOUDWATCH_RETENTION_DAYS, StageLoggingSettings } from "apigw-logging";
import { ConfigSource, resolveStackConfig, StageChoices, withConfigPaths } from "../../program/config/stackConfig";
import { ROLE_ARN } from "../helpers";

const RETENTIONS = CLOUDWATCH_RETENTION_DAYS.join(", ");

/**
 * What the program does with stack config: turns it into arguments, then has each stage's component
 * check them (here its pure check, without creating resources), reporting errors under config keys.
 */
function checked(config: Record<string, unknown>, project: string, stack: string) {
    const s = resolveStackConfig(config, project, stack);
    const check = (source: ConfigSource, args: Partial<StageChoices>): StageLoggingSettings => {
        try {
            return withConfigPaths(source, () => checkStageLoggingArgs({ restApiId: "a0b1c2d3e4", stageName: stack, ...args, cloudWatchRoleArn: ROLE_ARN }, "args").settings);
        } catch (error) {
            // The program ends with this message (a RunError); the test names it as the check does.
            throw Object.assign(new Error((error as Error).message), { name: "ValidationError" });
        }
    };
    return {
        ...s,
        stages: s.stages.map((e) => ({ ...e, restApiId: e.args.restApiId, stageName: e.args.stageName, apiName: e.args.apiName, logging: check(e.source, e.args) })),
        sampleApi: s.sampleApi && { ...s.sampleApi, logging: check(s.sampleApi.source, { ...s.sampleApi.args, stageName: s.sampleApi.stageName, apiName: s.sampleApi.apiName }) },
    };
}
const cloudWatch = (s: StageLoggingSettings) => s.accessLogs.sink as CloudWatchLogsSinkSettings;

describe("stack config (program/config)", () => {
    describe("stack config", () => {
        it("names config keys in errors", () => {
            assert.throws(() => checked({ logging: { executionLogs: { retentionInDays: 0 } }, sampleApi: {} }, "apigw-logging", "dev"), {
                message: `apigw-logging:logging.executionLogs.retentionInDays: 0 is not a CloudWatch Logs retention value (allowed: ${RETENTIONS})`,
            });
        });

        it("refuses an unknown key with a suggestion", () => {
            assert.throws(() => checked({ loging: {} }, "apigw-logging", "dev"), {
                message: 'apigw-logging:loging: {} is not a config key of this project; did you mean "apigw-logging:logging"? (known: production, minimumRetentionInDays, accountSetting, logging, stages, sampleApi)',
            });
        });

        it("applies the production guard to a stack named prod without saying so", () => {
            assert.throws(
                () => checked({ logging: { methodSettings: { loggingLevel: "INFO", dataTraceEnabled: true } }, sampleApi: {} }, "apigw-logging", "prod"),
                /^ValidationError: apigw-logging:logging\.methodSettings\.dataTraceEnabled: true is refused in a production stack.*set apigw-logging:logging\.allowDataTraceInProduction: true/,
            );
        });

        it("lets production: false opt a prod-named stack out", () => {
            const s = checked({ production: false, logging: { methodSettings: { dataTraceEnabled: true } }, sampleApi: {} }, "apigw-logging", "prod");
            assert.strictEqual(s.sampleApi!.logging.policy.production, false);
        });

        it("hands each stage entry's owner to its component", () => {
            const s = resolveStackConfig({ stages: [{ restApiId: "a1b2c3d4e5", stageName: "v1", stageOwner: "none" }, { restApiId: "a1b2c3d4e5", stageName: "v2" }] }, "apigw-logging", "dev");
            assert.deepStrictEqual(s.stages.map((e) => e.args.stageOwner), ["none", undefined]);
        });

        it("refuses component as a stage entry's owner: the stack creates no stage from config", () => {
            assert.throws(() => checked({ stages: [{ restApiId: "a1b2c3d4e5", stageName: "v1", stageOwner: "component" }] }, "apigw-logging", "dev"), {
                message: 'apigw-logging:stages[0].stageOwner: "component" is not allowed (allowed: iac, none)',
            });
        });

        it("takes the account setting from its own key", () => {
            const s = checked({ accountSetting: { mode: "external" } }, "apigw-logging", "dev");
            assert.deepStrictEqual(s.accountSetting.args, { mode: "external" });
        });

        it("defaults the sample stage name to the stack name and refuses a bad one", () => {
            assert.strictEqual(checked({ sampleApi: {} }, "apigw-logging", "dev").sampleApi!.stageName, "dev");
            assert.throws(() => checked({ sampleApi: { stageName: "v 1" } }, "apigw-logging", "dev"), {
                message: 'apigw-logging:sampleApi.stageName: "v 1" is not an API Gateway stage name (1-128 letters, digits, - or _)',
            });
        });

        it("refuses a sample API name that is not text", () => {
            assert.throws(() => checked({ sampleApi: { apiName: 7 } }, "apigw-logging", "dev"), {
                message: "apigw-logging:sampleApi.apiName: 7 must be text",
            });
        });

        it("reads the sink from stack config and names the config key in errors", () => {
            const s = checked({ logging: { accessLogs: { destination: "firehose", firehose: { compression: "ZIP" } } }, sampleApi: {} }, "apigw-logging", "dev");
            assert.deepStrictEqual(s.sampleApi!.logging.accessLogs.sink.kind === "firehose" && s.sampleApi!.logging.accessLogs.sink.compression, "ZIP");
            assert.throws(
                () => checked({ logging: { accessLogs: { destination: "firehose", firehose: { streamName: "orders" } } }, sampleApi: {} }, "apigw-logging", "dev"),
                { message: 'apigw-logging:logging.accessLogs.firehose.streamName: "orders" must start with "amazon-apigateway-": API Gateway refuses to send access logs to a Firehose stream with any other name; did you mean "amazon-apigateway-orders"?' },
            );
        });
    });

describe("validation of the stages list", () => {
    const P = "apigw-logging";
    const resolve = (config: Record<string, unknown>, stack = "platform") => checked(config, P, stack);
    const orders = { restApiId: "a1b2c3d4e5", stageName: "v1" };
    const payments = { restApiId: "f6g7h8i9j0", stageName: "live" };

    it("gives every stage the stack-wide defaults with its own settings on top", () => {
        const s = resolve({
            logging: { accessLogs: { retentionInDays: 90 }, methodSettings: { loggingLevel: "ERROR", metricsEnabled: false }, tags: { team: "platform" } },
            stages: [
                { ...orders, methodSettings: { loggingLevel: "INFO" }, tags: { api: "orders" } },
                { ...payments, accessLogs: { retentionInDays: 365, format: "clf" } },
            ],
        });
        const [o, p] = s.stages;
        assert.deepStrictEqual([o.key, o.restApiId, o.stageName], ["a1b2c3d4e5-v1", "a1b2c3d4e5", "v1"]);
        assert.deepStrictEqual([o.logging.methodSettings.loggingLevel, o.logging.methodSettings.metricsEnabled], ["INFO", false]);
        assert.deepStrictEqual(o.logging.tags, { team: "platform", api: "orders" });
        assert.strictEqual(cloudWatch(o.logging).retentionInDays, 90);
        assert.deepStrictEqual([cloudWatch(p.logging).retentionInDays, p.logging.methodSettings.loggingLevel], [365, "ERROR"]);
        assert.ok(p.logging.accessLogs.format.startsWith("$context.identity.sourceIp"));
    });

    it("uses a stage's name as its key when given", () => {
        assert.strictEqual(resolve({ stages: [{ name: "orders-v1", ...orders }] }).stages[0].key, "orders-v1");
    });

    it("deploys the public sample API only when sampleApi asks for it, never by default", () => {
        assert.strictEqual(resolve({}).sampleApi, undefined);
        assert.strictEqual(resolve({ stages: [] }).sampleApi, undefined);
        assert.strictEqual(resolve({ sampleApi: false }).sampleApi, undefined);
        assert.deepStrictEqual([resolve({ sampleApi: {} }).sampleApi?.apiName, resolve({ sampleApi: {} }).sampleApi?.stageName], ["apigw-logging-sample", "platform"]);
        assert.strictEqual(resolve({ stages: [orders], sampleApi: { stageName: "demo" } }).sampleApi?.stageName, "demo");
    });

    it("checks the logging defaults on their own in a stack that logs no stage", () => {
        assert.throws(() => resolve({ logging: { executionLogs: { retentionInDays: 8 } } }), {
            name: "ValidationError",
            message: `${P}:logging.executionLogs.retentionInDays: 8 is not a CloudWatch Logs retention value (allowed: ${RETENTIONS})`,
        });
    });

    it("names the stage entry when the stage set the bad value", () => {
        assert.throws(() => resolve({ stages: [orders, { ...payments, executionLogs: { retentionInDays: 10 } }] }), {
            message: `${P}:stages[1].executionLogs.retentionInDays: 10 is not a CloudWatch Logs retention value (allowed: ${RETENTIONS})`,
        });
    });

    it("names the defaults when the stage inherited the bad value", () => {
        assert.throws(
            () => resolve({ production: true, logging: { methodSettings: { dataTraceEnabled: true } }, stages: [orders] }),
            /^ValidationError: apigw-logging:logging\.methodSettings\.dataTraceEnabled: true is refused in a production stack/,
        );
    });

    const cases: Array<[string, Record<string, unknown>, string]> = [
        ["a stages value that is not a list", { stages: { orders } }, `${P}:stages: {"orders":{"restApiId":"a1b2c3d4e5","stageName":"v1"}} must be a list of { restApiId, stageName, ... }`],
        ["a REST API id that is a name", { stages: [{ restApiId: "orders-api", stageName: "v1" }] },
            `${P}:stages[0].restApiId: "orders-api" is not a REST API id (10 lowercase letters and digits, as in <id>.execute-api.<region>.amazonaws.com)`],
        ["a missing stage name", { stages: [{ restApiId: "a1b2c3d4e5" }] },
            `${P}:stages[0].stageName: (missing) is not an API Gateway stage name (1-128 letters, digits, - or _)`],
        ["a stage listed twice", { stages: [orders, { name: "again", ...orders }] },
            `${P}:stages[1]: {"name":"again","restApiId":"a1b2c3d4e5","stageName":"v1"} repeats stage "a1b2c3d4e5-v1" (a1b2c3d4e5/v1); list each stage once, with a unique name`],
        ["two stages with one name", { stages: [{ name: "x", ...orders }, { name: "x", ...payments }] },
            `${P}:stages[1]: {"name":"x","restApiId":"f6g7h8i9j0","stageName":"live"} repeats stage "x" (a1b2c3d4e5/v1); list each stage once, with a unique name`],
        ["a reserved name", { stages: [{ name: "sample", ...orders }] },
            `${P}:stages[0].name: "sample" is reserved (sample, sample-logging, account-setting name this program's own resources)`],
        ["a name with a space", { stages: [{ name: "orders v1", ...orders }] },
            `${P}:stages[0].name: "orders v1" must be 1-63 letters, digits, - or _ (it names this stage's resources)`],
        ["a misspelt stage setting", { stages: [{ ...orders, methodSetings: {} }] },
            `${P}:stages[0].methodSetings: {} is not a known setting; did you mean "methodSettings"? (known: name, previousNames, restApiId, apiName, stageName, stageOwner, accessLogs, executionLogs, methodSettings, alarms, queries, allowDataTraceInProduction, retainLogsOnDelete, adoptLogGroups, tags)`],
        ["a stack-wide setting inside a stage", { stages: [{ ...orders, production: false }] },
            `${P}:stages[0].production: false is not a known setting (known: name, previousNames, restApiId, apiName, stageName, stageOwner, accessLogs, executionLogs, methodSettings, alarms, queries, allowDataTraceInProduction, retainLogsOnDelete, adoptLogGroups, tags)`],
        ["a retention below the production minimum", { production: true, stages: [{ ...orders, accessLogs: { retentionInDays: 14 } }] },
            `${P}:stages[0].accessLogs.retentionInDays: 14 is below the production minimum of 30 days (${P}:minimumRetentionInDays); keep production logs longer, or lower the minimum deliberately`],
        ["an inherited retention below a raised minimum", { production: true, minimumRetentionInDays: 365, logging: { accessLogs: { retentionInDays: 400 }, executionLogs: { retentionInDays: 90 } }, stages: [orders] },
            `${P}:logging.executionLogs.retentionInDays: 90 is below the production minimum of 365 days (${P}:minimumRetentionInDays); keep production logs longer, or lower the minimum deliberately`],
        ["a production stage without the API name its alarms need", { production: true, stages: [orders] },
            `${P}:stages[0].apiName: (missing) is needed for alarms: API Gateway's metrics name the API by its name (dimension ApiName), not its id; give the REST API's name, or set ${P}:stages[0].alarms.enabled: false`],
        ["inherited metrics off in production, where alarms are on by default", { production: true, logging: { methodSettings: { metricsEnabled: false } }, stages: [{ ...orders, apiName: "orders" }] },
            `${P}:logging.methodSettings.metricsEnabled: false turns off the metrics the alarms watch, and alarms are on by default in a production stack; turn metrics on, or set ${P}:logging.alarms.enabled: false`],
        ["a minimum that is not a retention value", { minimumRetentionInDays: 100 },
            `${P}:minimumRetentionInDays: 100 is not a CloudWatch Logs retention value (allowed: ${RETENTIONS})`],
    ];
    for (const [what, config, message] of cases) {
        it(`refuses ${what}`, () => {
            assert.throws(() => resolve(config), { name: "ValidationError", message });
        });
    }

    it("turns alarms on by default in production only, and carries each stage's API name", () => {
        const prod = resolve({ production: true, stages: [{ ...orders, apiName: "orders" }, { ...payments, alarms: { enabled: false } }] });
        assert.deepStrictEqual(
            prod.stages.map((s) => [s.apiName, s.logging.alarms.enabled]),
            [["orders", true], [undefined, false]],
        );
        assert.strictEqual(resolve({ stages: [orders] }, "dev").stages[0].logging.alarms.enabled, false);
        assert.deepStrictEqual(resolve({ stages: [orders] }, "dev").stages[0].logging.queries, { enabled: true, folder: "API Gateway" });
    });

    it("does not hold retention to the minimum outside production", () => {
        assert.strictEqual(cloudWatch(resolve({ stages: [{ ...orders, accessLogs: { retentionInDays: 1 } }] }, "dev").stages[0].logging).retentionInDays, 1);
    });

    it("accepts data trace in production when a stage acknowledges it", () => {
        const s = resolve({
            production: true,
            stages: [{ ...orders, apiName: "orders", allowDataTraceInProduction: true, methodSettings: { loggingLevel: "INFO", dataTraceEnabled: true } }],
        });
        assert.strictEqual(s.stages[0].logging.methodSettings.dataTraceEnabled, true);
    });
});
});

describe("the IAM role names a Firehose stage's key makes (program/config/roleNames.ts)", () => {
    const P = "apigw-logging";
    const firehose = { accessLogs: { destination: "firehose" } };
    const fits = "(a name of at most 42 letters, digits and + = , . @ _ - fits)";

    it("refuses a stage name that makes the unnamed stage's key too long for its Firehose role, under stageName", () => {
        const stageName = "s".repeat(32);
        const key = `a1b2c3d4e5-${stageName}`;
        assert.throws(() => resolveStackConfig({ logging: firehose, stages: [{ restApiId: "a1b2c3d4e5", stageName }] }, P, "dev"), {
            name: "ValidationError",
            message:
                `${P}:stages[0].stageName: "${stageName}" makes the stage's resource names start "${key}" (restApiId-stageName), which would name ` +
                `the Firehose delivery role "${key}-firehose-role-" and 7 random characters, 65 characters; IAM allows 64 ${fits}; give the stage a shorter name (${P}:stages[0].name)`,
        });
    });

    it("takes a stage name of 31 characters, and a longer one once the stage has a short name", () => {
        const s = resolveStackConfig(
            { logging: firehose, stages: [{ restApiId: "a1b2c3d4e5", stageName: "s".repeat(31) }, { name: "orders-long", restApiId: "a1b2c3d4e5", stageName: "t".repeat(128) }] },
            P,
            "dev",
        );
        assert.deepStrictEqual(s.stages.map((e) => e.key.length), [42, 11]);
    });

    it("refuses a stage's own name of 43 characters and takes 42", () => {
        const name = "n".repeat(43);
        assert.throws(() => resolveStackConfig({ stages: [{ name, restApiId: "a1b2c3d4e5", stageName: "v1", ...firehose }] }, P, "dev"), {
            name: "ValidationError",
            message: `${P}:stages[0].name: "${name}" would name the Firehose delivery role "${name}-firehose-role-" and 7 random characters, 65 characters; IAM allows 64 ${fits}`,
        });
        assert.strictEqual(resolveStackConfig({ stages: [{ name: name.slice(1), restApiId: "a1b2c3d4e5", stageName: "v1", ...firehose }] }, P, "dev").stages.length, 1);
    });

    it("leaves long keys alone with a CloudWatch Logs destination, and with the stack's own pulumi:autonaming", () => {
        const stages = [{ name: "n".repeat(63), restApiId: "a1b2c3d4e5", stageName: "v1" }];
        assert.strictEqual(resolveStackConfig({ stages }, P, "dev").stages.length, 1);
        assert.strictEqual(resolveStackConfig({ logging: firehose, stages }, P, "dev", { customAutonaming: true }).stages.length, 1);
    });
});
