import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { jsonFormat } from "../../packages/apigw-logging/src/accessLogFormat";
import { AccountSetting } from "../../packages/apigw-logging/src/accountSetting";
import { asNumber, contextVariables } from "../../packages/apigw-logging/src/contextVariables";
import { StageLogging } from "../../packages/apigw-logging/src/stageLogging";
import type { StageLoggingArgs } from "../../packages/apigw-logging/src/stageLoggingArgs";
import { STAGE_LOGGING_PATCH_TYPE } from "../../packages/apigw-logging/src/stagePatch/resources";
import { MOCK_CALLS } from "../../tools/mockRuntime";
import { all, custom, one, rejection, ROLE_ARN, run } from "../helpers";

const API_ID = "a1b2c3d4e5";

/** A StageLogging that creates its stage, with the region's account setting made in the same program. */
function created(extra: Partial<StageLoggingArgs> = {}) {
    let component: StageLogging | undefined;
    return run(() => {
        const account = new AccountSetting("region", {});
        component = new StageLogging("orders", {
            restApiId: API_ID,
            stageName: "v1",
            cloudWatchRoleArn: account.cloudWatchRoleArn,
            stage: { deploymentId: "dep123" },
            ...extra,
        });
        return { accessLogSettings: component.accessLogSettings, invokeUrl: component.invokeUrl };
    });
}

describe("StageLogging", () => {
    describe("when it creates the stage", () => {
        it("writes the access-log group and a one-line format with the request id to the stage", async () => {
            const result = await created();
            const stage = one(result, "apigateway/stage:Stage", "orders-stage");
            const settings = stage.inputs.accessLogSettings as { destinationArn: string; format: string };
            assert.strictEqual(settings.destinationArn, one(result, "cloudwatch/logGroup:LogGroup", "orders-access-logs").outputs.arn);
            assert.strictEqual(settings.destinationArn, `arn:aws:logs:eu-west-1:123456789012:log-group:API-Gateway-Access-Logs_${API_ID}/v1`);
            assert.ok(!settings.format.includes("\n"));
            assert.ok(settings.format.includes('"requestId":"$context.requestId"'));
            assert.deepStrictEqual(
                { restApi: stage.inputs.restApi, stageName: stage.inputs.stageName, deployment: stage.inputs.deployment },
                { restApi: API_ID, stageName: "v1", deployment: "dep123" },
            );
            assert.deepStrictEqual(result.outputs.accessLogSettings, settings);
        });

        it("writes a structured format built with the typed helpers as one line of JSON", async () => {
            const result = await created({
                accessLogs: {
                    format: jsonFormat({
                        requestId: contextVariables.requestId,
                        status: asNumber(contextVariables.status),
                        waf: { status: contextVariables.wafResponseCode, acl: contextVariables.webaclArn },
                    }),
                },
            });
            const settings = one(result, "apigateway/stage:Stage").inputs.accessLogSettings as { format: string };
            assert.strictEqual(
                settings.format,
                '{"requestId":"$context.requestId","status":$context.status,"waf":{"status":"$context.wafResponseCode","acl":"$context.webaclArn"}}',
            );
        });

        it("creates the stage after the account setting, since access logging needs the role", async () => {
            const stage = one(await created(), "apigateway/stage:Stage");
            assert.ok(stage.dependsOn.includes("region-account"), stage.dependsOn.join());
        });

        it("returns the stage's invoke URL", async () => {
            const result = await created();
            assert.strictEqual(result.outputs.invokeUrl, `https://${API_ID}.execute-api.eu-west-1.amazonaws.com/v1`);
        });
    });

    describe("log groups", () => {
        it("creates the execution log group under the name API Gateway would use, with a retention", async () => {
            const group = one(await created({ executionLogs: { retentionInDays: 14 } }), "cloudwatch/logGroup:LogGroup", "orders-execution-logs");
            assert.strictEqual(group.inputs.name, `API-Gateway-Execution-Logs_${API_ID}/v1`);
            assert.strictEqual(group.inputs.retentionInDays, 14);
        });

        it("gives the access-log group its retention, KMS key and tags", async () => {
            const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            const group = one(
                await created({ accessLogs: { retentionInDays: 90, kmsKeyArn: key }, tags: { team: "orders" } }),
                "cloudwatch/logGroup:LogGroup",
                "orders-access-logs",
            );
            assert.deepStrictEqual(
                { retention: group.inputs.retentionInDays, kms: group.inputs.kmsKeyId, tags: group.inputs.tags },
                { retention: 90, kms: key, tags: { team: "orders" } },
            );
        });

        it("uses a given access-log group name", async () => {
            const group = one(await created({ accessLogs: { logGroupName: "/apis/orders/access" } }), "cloudwatch/logGroup:LogGroup", "orders-access-logs");
            assert.strictEqual(group.inputs.name, "/apis/orders/access");
        });

        it("retains both log groups on delete by default", async () => {
            const groups = all(await created(), "cloudwatch/logGroup:LogGroup");
            assert.deepStrictEqual(groups.map((g) => [g.name, g.retainOnDelete]).sort(), [
                ["orders-access-logs", true],
                ["orders-execution-logs", true],
            ]);
        });

        it("deletes them with the stack when the user opts out", async () => {
            const groups = all(await created({ retainLogsOnDelete: false }), "cloudwatch/logGroup:LogGroup");
            assert.deepStrictEqual(groups.map((g) => g.retainOnDelete), [false, false]);
        });
    });

    describe("adopting log groups that exist already", () => {
        it("imports the execution log group by its name instead of creating it", async () => {
            const result = await created({ adoptLogGroups: { execution: true } });
            const execution = one(result, "cloudwatch/logGroup:LogGroup", "orders-execution-logs");
            assert.deepStrictEqual(
                [execution.importId, execution.inputs.name, execution.inputs.retentionInDays, execution.retainOnDelete],
                [`API-Gateway-Execution-Logs_${API_ID}/v1`, `API-Gateway-Execution-Logs_${API_ID}/v1`, 30, true],
            );
            assert.strictEqual(one(result, "cloudwatch/logGroup:LogGroup", "orders-access-logs").importId, undefined);
        });

        it("imports the access-log group under the name it is given", async () => {
            const result = await created({ adoptLogGroups: { access: true }, accessLogs: { logGroupName: "/apis/orders/access" } });
            assert.strictEqual(one(result, "cloudwatch/logGroup:LogGroup", "orders-access-logs").importId, "/apis/orders/access");
        });

        it("creates both groups when nothing is adopted", async () => {
            const groups = all(await created(), "cloudwatch/logGroup:LogGroup");
            assert.deepStrictEqual(groups.map((g) => g.importId), [undefined, undefined]);
        });

        it("refuses to adopt a group whose name depends on a REST API id not known yet", async () => {
            const message = await rejection(
                run(() => new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: pulumi.output(API_ID), stageName: "v1", adoptLogGroups: { execution: true } })),
            );
            assert.strictEqual(
                message,
                "args.adoptLogGroups.execution: true needs restApiId as a plain string: Pulumi imports a group by its name, which must be known before anything is created",
            );
        });

        it("refuses to adopt an access-log group with destination firehose, which has none", async () => {
            const message = await rejection(
                run(() => new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", accessLogs: { destination: "firehose" }, adoptLogGroups: { access: true } }), { calls: MOCK_CALLS }),
            );
            assert.strictEqual(message, 'args.adoptLogGroups.access: true has no effect with accessLogs.destination "firehose", which has no access-log group (see adoptLogGroups.firehoseErrors)');
        });
    });

    describe("method settings", () => {
        it("sets logging level, data trace and metrics for every method", async () => {
            const result = await created({ methodSettings: { loggingLevel: "INFO", dataTraceEnabled: true, metricsEnabled: false } });
            const settings = one(result, "apigateway/methodSettings:MethodSettings");
            assert.deepStrictEqual(
                settings.inputs,
                {
                    restApi: API_ID,
                    stageName: "v1",
                    methodPath: "*/*",
                    settings: { loggingLevel: "INFO", dataTraceEnabled: true, metricsEnabled: false },
                },
            );
        });

        it("waits for the account setting, the execution log group and the stage", async () => {
            const settings = one(await created(), "apigateway/methodSettings:MethodSettings");
            for (const dependency of ["region-account", "orders-execution-logs", "orders-stage"]) {
                assert.ok(settings.dependsOn.includes(dependency), `${dependency} not in ${settings.dependsOn.join()}`);
            }
        });

        it("adds one override per method under API Gateway's key, each after the previous so they never patch the stage at once", async () => {
            const result = await created({
                methodSettings: {
                    loggingLevel: "ERROR",
                    overrides: [
                        { methodPath: "/orders/items/POST", loggingLevel: "INFO" },
                        { methodPath: "health/GET", loggingLevel: "OFF", metricsEnabled: false },
                    ],
                },
            });
            const byPath = Object.fromEntries(all(result, "apigateway/methodSettings:MethodSettings").map((m) => [m.inputs.methodPath, m]));
            assert.deepStrictEqual(Object.keys(byPath), ["*/*", "~1orders~1items/POST", "~1health/GET"]);
            assert.deepStrictEqual(byPath["~1orders~1items/POST"].inputs.settings, { loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: true });
            assert.deepStrictEqual(byPath["~1health/GET"].inputs.settings, { loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false });
            assert.strictEqual(byPath["~1orders~1items/POST"].name, "orders-method-settings-orders/items/POST");
            assert.ok(byPath["~1orders~1items/POST"].dependsOn.includes("orders-method-settings"));
            assert.ok(byPath["~1health/GET"].dependsOn.includes("orders-method-settings-orders/items/POST"));
        });
    });

    describe("when other code owns the stage", () => {
        it("creates no stage and hands back the access-log settings to put on it", async () => {
            let component: StageLogging | undefined;
            const result = await run(() => {
                component = new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1" });
                return { accessLogSettings: component.accessLogSettings, format: component.accessLogFormat };
            });
            assert.strictEqual(all(result, "apigateway/stage:Stage").length, 0);
            const settings = result.outputs.accessLogSettings as { destinationArn: string; format: string };
            assert.strictEqual(settings.destinationArn, one(result, "cloudwatch/logGroup:LogGroup", "orders-access-logs").outputs.arn);
            assert.strictEqual(settings.format, result.outputs.format);
            assert.strictEqual(one(result, STAGE_LOGGING_PATCH_TYPE).inputs.stageName, "v1");
        });

        it("patches the method settings after a stage made later in the same program", async () => {
            const result = await run(() => {
                const [stageRef, setStage] = pulumi.deferredOutput<aws.apigateway.Stage>();
                const logging = new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", existingStage: stageRef });
                const stage = new aws.apigateway.Stage("team-stage", {
                    restApi: API_ID,
                    stageName: "v1",
                    deployment: "dep123",
                    accessLogSettings: logging.accessLogSettings,
                });
                setStage(pulumi.output(stage));
            });
            const stage = one(result, "apigateway/stage:Stage", "team-stage");
            assert.ok(stage.dependsOn.includes("orders-access-logs"));
            assert.ok(one(result, STAGE_LOGGING_PATCH_TYPE).dependsOn.includes("team-stage"));
        });
        it("makes a stage that takes its access-log settings wait for the region's account setting", async () => {
            const result = await run(() => {
                const account = new AccountSetting("region", {});
                const logging = new StageLogging("orders", { cloudWatchRoleArn: account.cloudWatchRoleArn, restApiId: API_ID, stageName: "v1" });
                new aws.apigateway.Stage("team-stage", { restApi: API_ID, stageName: "v1", deployment: "dep123", accessLogSettings: logging.accessLogSettings });
            });
            // API Gateway refuses access logging until the region's setting names a role.
            assert.ok(one(result, "apigateway/stage:Stage", "team-stage").dependsOn.includes("region-account"));
        });
    });

    describe("bad arguments", () => {
        it("fails with a ResourceError naming the argument, the value and what is allowed", async () => {
            const message = await rejection(
                run(() => new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", accessLogs: { retentionInDays: 10 } })),
            );
            assert.match(message, /^args\.accessLogs\.retentionInDays: 10 is not a CloudWatch Logs retention value \(allowed: 1, 3, 5, 7, 14, 30,/);
        });

        it("fails with a ResourceError naming a misspelt variable in a format built with jsonFormat", async () => {
            const message = await rejection(
                run(() => new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", accessLogs: { format: jsonFormat({ id: "$context.requestId", s: "$context.statu" }) } })),
            );
            assert.strictEqual(
                message,
                'args.accessLogs.format: "{\\"id\\":\\"$context.requestId\\",\\"s\\":\\"$context.statu\\"}" uses $context.statu, which is not a $context variable AWS documents for REST API access logs; did you mean "$context.status"? (the list: packages/apigw-logging/src/contextVariables.ts)',
            );
        });

        it("refuses a stage name API Gateway would refuse", async () => {
            const message = await rejection(run(() => new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1/beta" })));
            assert.strictEqual(message, 'args.stageName: "v1/beta" is not an API Gateway stage name (1-128 letters, digits, - or _)');
        });

        it("refuses both a stage to create and an existing stage", async () => {
            const message = await rejection(
                run(() => {
                    const other = new aws.apigateway.Stage("x", { restApi: API_ID, stageName: "v1", deployment: "d" });
                    return new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", stage: { deploymentId: "d" }, existingStage: other });
                }),
            );
            assert.strictEqual(message, "args.existingStage: give either stage (create it here) or existingStage, not both");
        });

        it("refuses alarms without the API's name, which API Gateway's metrics are dimensioned by", async () => {
            const message = await rejection(run(() => new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", alarms: { enabled: true } })));
            assert.strictEqual(
                message,
                "args.apiName: (missing) is needed for alarms: API Gateway's metrics name the API by its name (dimension ApiName), not its id; give the REST API's name, or set args.alarms.enabled: false",
            );
        });

        it("refuses alarms with the stage's metrics off", async () => {
            const message = await rejection(
                run(() => new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, apiName: "orders", stageName: "v1", alarms: { enabled: true }, methodSettings: { metricsEnabled: false } })),
            );
            assert.strictEqual(message, "args.alarms.enabled: true needs args.methodSettings.metricsEnabled: true (the alarms watch the stage's CloudWatch metrics)");
        });

        it("creates no AWS resource when an argument is bad", async () => {
            let result;
            try {
                result = await run(() => {
                    try {
                        new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", methodSettings: { loggingLevel: "LOUD" as never } });
                    } catch {
                        // the program stops here in real life; we only count what was registered
                    }
                });
            } finally {
                assert.deepStrictEqual(result && custom(result), []);
            }
        });
    });

    describe("reading the logs", () => {
        it("saves the Logs Insights queries in a folder named after the API and stage, over the right log groups", async () => {
            const result = await created({ apiName: "orders-api" });
            const queries = all(result, "cloudwatch/queryDefinition:QueryDefinition");
            const access = `API-Gateway-Access-Logs_${API_ID}/v1`;
            const execution = `API-Gateway-Execution-Logs_${API_ID}/v1`;
            assert.deepStrictEqual(
                queries.map((q) => [q.name, q.inputs.name, q.inputs.logGroupNames]),
                [
                    ["orders-query-5xx-errors", "API Gateway/orders-api/v1/5xx errors by resource path", [access]],
                    ["orders-query-4xx-errors", "API Gateway/orders-api/v1/4xx errors by resource path", [access]],
                    ["orders-query-top-client-ips", "API Gateway/orders-api/v1/Top client IPs", [access]],
                    ["orders-query-one-request", "API Gateway/orders-api/v1/Everything for one request id", [access, execution]],
                ],
            );
            assert.match(queries[0].inputs.queryString as string, /^filter status like/);
        });

        it("names the folder after the API id without a name, and under a folder of the user's choice", async () => {
            const result = await created({ queries: { folder: "Platform/APIs" } });
            assert.strictEqual(
                one(result, "cloudwatch/queryDefinition:QueryDefinition", "orders-query-top-client-ips").inputs.name,
                `Platform/APIs/${API_ID}/v1/Top client IPs`,
            );
        });

        it("saves no query when queries are turned off", async () => {
            assert.deepStrictEqual(all(await created({ queries: { enabled: false } }), "cloudwatch/queryDefinition:QueryDefinition"), []);
        });

        it("queries only the execution log group when access logs go to Firehose", async () => {
            const result = await run(
                () => new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1", accessLogs: { destination: "firehose" } }),
                { calls: MOCK_CALLS },
            );
            const queries = all(result, "cloudwatch/queryDefinition:QueryDefinition");
            assert.deepStrictEqual(queries.map((q) => [q.name, q.inputs.logGroupNames]), [["orders-query-one-request", [`API-Gateway-Execution-Logs_${API_ID}/v1`]]]);
        });

        it("creates no alarm outside production unless asked", async () => {
            assert.deepStrictEqual(all(await created({ apiName: "orders-api" }), "cloudwatch/metricAlarm:MetricAlarm"), []);
        });

        it("alarms on the stage's 5XXError rate and p99 latency by default in production, telling the SNS topic", async () => {
            const topic = "arn:aws:sns:eu-west-1:123456789012:api-alerts";
            const result = await created({ apiName: "orders-api", policy: { production: true }, alarms: { snsTopicArn: topic } });
            const errors = one(result, "cloudwatch/metricAlarm:MetricAlarm", "orders-5xx-alarm").inputs;
            const latency = one(result, "cloudwatch/metricAlarm:MetricAlarm", "orders-latency-alarm").inputs;
            const shared = {
                namespace: "AWS/ApiGateway",
                dimensions: { ApiName: "orders-api", Stage: "v1" },
                comparisonOperator: "GreaterThanThreshold",
                period: 60,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                treatMissingData: "notBreaching",
                alarmActions: [topic],
                okActions: [topic],
            };
            assert.deepStrictEqual(
                [errors.metricName, errors.statistic, errors.extendedStatistic, errors.threshold, errors.name],
                ["5XXError", "Average", undefined, 0.05, `orders-api v1 5XXError rate (${API_ID})`],
            );
            for (const [key, value] of Object.entries(shared)) {
                assert.deepStrictEqual([key, errors[key]], [key, value]);
                assert.deepStrictEqual([key, latency[key]], [key, value]);
            }
            assert.deepStrictEqual(
                [latency.metricName, latency.extendedStatistic, latency.statistic, latency.threshold],
                ["Latency", "p99", undefined, 3000],
            );
            assert.strictEqual(errors.alarmDescription, `More than 5% of requests to orders-api (${API_ID}) stage v1 were answered with a 5xx error.`);
        });

        it("watches the API name without its non-ASCII characters, as API Gateway writes the dimension", async () => {
            const result = await created({ apiName: "commandes-été", alarms: { enabled: true } });
            assert.deepStrictEqual(one(result, "cloudwatch/metricAlarm:MetricAlarm", "orders-5xx-alarm").inputs.dimensions, { ApiName: "commandes-t", Stage: "v1" });
        });

        it("takes thresholds, statistic and periods from the settings", async () => {
            const result = await created({
                apiName: "orders-api",
                alarms: { enabled: true, serverErrorRate: 0.01, latencyThresholdMs: 800, latencyStatistic: "Average", periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 2 },
            });
            const errors = one(result, "cloudwatch/metricAlarm:MetricAlarm", "orders-5xx-alarm").inputs;
            const latency = one(result, "cloudwatch/metricAlarm:MetricAlarm", "orders-latency-alarm").inputs;
            assert.deepStrictEqual([errors.threshold, errors.period, errors.evaluationPeriods, errors.datapointsToAlarm, errors.alarmActions], [0.01, 300, 3, 2, []]);
            assert.deepStrictEqual([latency.statistic, latency.extendedStatistic, latency.threshold], ["Average", undefined, 800]);
        });

        it("exports console URLs and tail commands for both log groups", async () => {
            let component: StageLogging | undefined;
            const result = await run(() => {
                component = new StageLogging("orders", { cloudWatchRoleArn: ROLE_ARN, restApiId: API_ID, stageName: "v1" });
                return {
                    access: component.accessLogConsoleUrl,
                    execution: component.executionLogConsoleUrl,
                    tailAccess: component.accessLogTailCommand,
                    tailExecution: component.executionLogTailCommand,
                };
            });
            assert.deepStrictEqual(result.outputs, {
                access: `https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/API-Gateway-Access-Logs_${API_ID}$252Fv1`,
                execution: `https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/API-Gateway-Execution-Logs_${API_ID}$252Fv1`,
                tailAccess: `aws logs tail API-Gateway-Access-Logs_${API_ID}/v1 --follow --format short --region eu-west-1`,
                tailExecution: `aws logs tail API-Gateway-Execution-Logs_${API_ID}/v1 --follow --format short --region eu-west-1`,
            });
        });
    });
});
