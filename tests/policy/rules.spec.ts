import * as assert from "assert";
import { PRESETS, resolveAccessLogFormat } from "../../packages/apigw-logging/src/accessLogFormat";
import { ValidationError } from "../../packages/apigw-logging/src/errors";
import { CLOUDWATCH_RETENTION_DAYS, retention } from "../../packages/apigw-logging/src/rules";
import {
    accessLogFormat,
    apigwLoggingPolicies,
    BUCKET,
    BUCKET_ENCRYPTION,
    BUCKET_POLICY,
    BUCKET_PUBLIC_ACCESS_BLOCK,
    DELIVERY_DESTINATION,
    DELIVERY_SOURCE,
    logDeliveryBucket,
    dataTraceInProduction,
    FIREHOSE_STREAM,
    firehoseAccessLogStream,
    isProductionStack,
    LOG_GROUP,
    logGroupKms,
    logGroupRetention,
    METHOD_SETTINGS,
    STAGE_LOGGING_PATCH,
    methodLoggingInProduction,
    STAGE,
    stackInfoFromEnv,
    stageAccessLogs,
    stageMethodSettings,
} from "../../packages/policy/rules";
import { TestResource, UNKNOWN_OBJECT, UNKNOWN_STRING, validateResource, validateStack } from "./harness";

const PROD = { name: "prod" };
const DEV = { name: "dev" };
const LOG_GROUP_ARN = "arn:aws:logs:eu-west-1:123456789012:log-group:API-Gateway-Access-Logs_a1b2c3d4e5/v1";

function stage(accessLogSettings?: unknown, extra: Record<string, unknown> = {}): TestResource {
    return {
        type: STAGE,
        name: "orders-v1-stage",
        props: { restApi: "a1b2c3d4e5", stageName: "v1", deployment: "d1", ...(accessLogSettings === undefined ? {} : { accessLogSettings }), ...extra },
    };
}

function methodSettings(settings: Record<string, unknown>, extra: Record<string, unknown> = {}): TestResource {
    return { type: METHOD_SETTINGS, name: "orders-v1-method-settings", props: { restApi: "a1b2c3d4e5", stageName: "v1", methodPath: "*/*", settings, ...extra } };
}

/** The component's patch of a stage it does not create, with its entries by API Gateway's key. */
function stagePatch(methodSettings: Array<Record<string, unknown>>): TestResource {
    return { type: STAGE_LOGGING_PATCH, name: "orders-v1-stage-patch", props: { region: "eu-west-1", restApiId: "a1b2c3d4e5", stageName: "v1", methodSettings } };
}

const logGroup = (props: Record<string, unknown>): TestResource => ({ type: LOG_GROUP, name: "orders-v1-access-logs", props: { name: "API-Gateway-Access-Logs_a1b2c3d4e5/v1", ...props } });

/** The component's message for a format, or undefined when it accepts it. */
function componentSays(format: string): string | undefined {
    try {
        resolveAccessLogFormat(format, "format");
        return undefined;
    } catch (error) {
        return (error as ValidationError).problem;
    }
}

describe("policy rules", () => {
    describe("which stack is production", () => {
        it("reads the stack name and the stack's own production config from the CLI's environment", () => {
            const env = { PULUMI_STACK: "live", PULUMI_PROJECT: "apigw-logging", PULUMI_CONFIG: JSON.stringify({ "apigw-logging:production": "true" }) };
            assert.deepStrictEqual(stackInfoFromEnv(env), { name: "live", production: true });
            assert.deepStrictEqual(stackInfoFromEnv({}), { name: "" });
        });

        it("lets the policy config win, then the stack's config, then the component's stack-name rule", () => {
            assert.strictEqual(isProductionStack({ name: "prod" }, { production: false }), false);
            assert.strictEqual(isProductionStack({ name: "prod", production: false }, {}), false);
            assert.strictEqual(isProductionStack({ name: "dev", production: true }, {}), true);
            assert.strictEqual(isProductionStack({ name: "prod-eu" }, {}), true);
            assert.strictEqual(isProductionStack({ name: "staging" }, {}), false);
        });
    });

    describe("apigateway-stage-access-logs", () => {
        it("passes a stage with a destination and a format", async () => {
            assert.deepStrictEqual(await validateResource(stageAccessLogs(), stage({ destinationArn: LOG_GROUP_ARN, format: PRESETS.json })), []);
        });

        it("reports a stage without access-log settings", async () => {
            assert.deepStrictEqual(await validateResource(stageAccessLogs(), stage()), [
                "Stage a1b2c3d4e5/v1: accessLogSettings: (missing) means API Gateway writes no access logs for this stage; " +
                    "give it { destinationArn, format } (a CloudWatch Logs group, or a Firehose stream named amazon-apigateway-...)",
            ]);
        });

        it("reports settings without a format", async () => {
            assert.deepStrictEqual(await validateResource(stageAccessLogs(), stage({ destinationArn: LOG_GROUP_ARN })), [
                "Stage a1b2c3d4e5/v1: accessLogSettings.format: (missing) is required: API Gateway needs both a destination and a format to write access logs",
            ]);
        });

        it("waits for pulumi up when the settings are not known in a preview", async () => {
            assert.deepStrictEqual(await validateResource(stageAccessLogs(), stage(UNKNOWN_OBJECT)), []);
            assert.deepStrictEqual(await validateResource(stageAccessLogs(), stage({ destinationArn: UNKNOWN_STRING, format: PRESETS.clf })), []);
        });
    });

    describe("apigateway-access-log-format", () => {
        const check = (format: string) => validateResource(accessLogFormat(), stage({ destinationArn: LOG_GROUP_ARN, format }));

        it("passes every preset, and a format with one trailing newline", async () => {
            for (const format of Object.values(PRESETS)) {
                assert.deepStrictEqual(await check(format), [], format);
            }
            assert.deepStrictEqual(await check("$context.requestId $context.status\n"), []);
        });

        it("reports a multi-line format", async () => {
            assert.deepStrictEqual(await check("$context.requestId\n$context.status"), [
                'Stage a1b2c3d4e5/v1: accessLogSettings.format: "$context.requestId\\n$context.status" must be a single line: ' +
                    "API Gateway refuses access-log formats with a newline anywhere but at the end (write it on one line, or use a preset)",
            ]);
        });

        it("reports a format without a request id", async () => {
            assert.deepStrictEqual(await check("$context.identity.sourceIp $context.status"), [
                'Stage a1b2c3d4e5/v1: accessLogSettings.format: "$context.identity.sourceIp $context.status" must contain ' +
                    "$context.requestId or $context.extendedRequestId (API Gateway requires one, and it is what joins an access-log line to the request's execution logs)",
            ]);
        });

        it("reports a misspelt variable with the component's suggestion", async () => {
            const [message] = await check("$context.requestId $context.identity.sourceIP");
            assert.match(message, /uses \$context\.identity\.sourceIP, which is not a \$context variable AWS documents .*did you mean "\$context\.identity\.sourceIp"\?/);
        });

        it("says what the component says about the same format, word for word", async () => {
            const formats = [
                PRESETS.xml,
                "$context.requestId\n$context.status",
                "$context.status",
                "$context.requestId $context.routeKey",
                "$context.requestId $stageVariables.x",
                `$context.requestId ${"x".repeat(3100)}`,
                '{"id":"$context.extendedRequestId","ip":"$context.identity.sourceIp"}',
            ];
            for (const format of formats) {
                const messages = await check(format);
                const component = componentSays(format);
                assert.strictEqual(messages.length, component === undefined ? 0 : 1, format);
                if (component !== undefined) {
                    assert.ok(messages[0].endsWith(` ${component}`), `${messages[0]}\n!= ${component}`);
                }
            }
        });
    });

    describe("apigateway-method-logging-in-production", () => {
        const policy = (stack: { name: string; production?: boolean }) => methodLoggingInProduction(stack);

        it("reports logging OFF, or no logging level (OFF), in a production stack", async () => {
            assert.deepStrictEqual(await validateResource(policy(PROD), methodSettings({ loggingLevel: "OFF" })), [
                'MethodSettings a1b2c3d4e5/v1 */*: settings.loggingLevel: "OFF" turns execution logging off in production stack "prod" ' +
                    "(allowed: ERROR, INFO; unset is OFF); exempt a method path deliberately with this policy's exemptMethodPaths",
            ]);
            assert.strictEqual((await validateResource(policy(PROD), methodSettings({ metricsEnabled: true }))).length, 1);
        });

        it("passes ERROR and INFO in production, and OFF outside it", async () => {
            assert.deepStrictEqual(await validateResource(policy(PROD), methodSettings({ loggingLevel: "ERROR" })), []);
            assert.deepStrictEqual(await validateResource(policy(PROD), methodSettings({ loggingLevel: "INFO" })), []);
            assert.deepStrictEqual(await validateResource(policy(DEV), methodSettings({ loggingLevel: "OFF" })), []);
        });

        it("treats a stack as production when the policy config or the stack's config says so", async () => {
            assert.strictEqual((await validateResource(policy(DEV), methodSettings({ loggingLevel: "OFF" }), { production: true })).length, 1);
            assert.strictEqual((await validateResource(policy({ name: "live", production: true }), methodSettings({ loggingLevel: "OFF" }))).length, 1);
            assert.deepStrictEqual(await validateResource(policy(PROD), methodSettings({ loggingLevel: "OFF" }), { production: false }), []);
        });

        it("passes a method path the config exempts", async () => {
            const health = methodSettings({ loggingLevel: "OFF" }, { methodPath: "health/GET" });
            assert.deepStrictEqual(await validateResource(policy(PROD), health, { exemptMethodPaths: ["health/GET"] }), []);
            assert.strictEqual((await validateResource(policy(PROD), health)).length, 1);
        });

        it("reports each entry of the stage patch on a stage the stack does not create", async () => {
            const patch = stagePatch([
                { key: "*/*", loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true },
                { key: "~1health/GET", loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false },
            ]);
            assert.deepStrictEqual(await validateResource(policy(PROD), patch), [
                'Stage patch a1b2c3d4e5/v1 ~1health/GET: methodSettings[1].loggingLevel: "OFF" turns execution logging off in production stack "prod" ' +
                    "(allowed: ERROR, INFO; unset is OFF); exempt a method path deliberately with this policy's exemptMethodPaths",
            ]);
            assert.deepStrictEqual(await validateResource(policy(PROD), patch, { exemptMethodPaths: ["/health/GET"] }), []);
        });

        it("matches an exemption however the method path is spelt, by API Gateway's key", async () => {
            const health = methodSettings({ loggingLevel: "OFF" }, { methodPath: "~1health/GET" });
            assert.deepStrictEqual(await validateResource(policy(PROD), health, { exemptMethodPaths: ["/health/GET"] }), []);
        });
    });

    describe("apigateway-data-trace-in-production", () => {
        it("reports data trace in a production stack only", async () => {
            const traced = methodSettings({ loggingLevel: "INFO", dataTraceEnabled: true });
            assert.deepStrictEqual(await validateResource(dataTraceInProduction(PROD), traced), [
                'MethodSettings a1b2c3d4e5/v1 */*: settings.dataTraceEnabled: true is refused in production stack "prod": full request/response ' +
                    "logs record sensitive data (headers, bodies, tokens). Turn it off, or lower this policy's enforcement level for stacks that accept that",
            ]);
            assert.deepStrictEqual(await validateResource(dataTraceInProduction(DEV), traced), []);
            assert.deepStrictEqual(await validateResource(dataTraceInProduction(PROD), methodSettings({ loggingLevel: "INFO", dataTraceEnabled: false })), []);
        });

        it("reports data trace in an entry of the stage patch", async () => {
            const patch = stagePatch([{ key: "*/*", loggingLevel: "INFO", dataTraceEnabled: true, metricsEnabled: true }]);
            assert.deepStrictEqual(await validateResource(dataTraceInProduction(PROD), patch), [
                'Stage patch a1b2c3d4e5/v1 */*: methodSettings[0].dataTraceEnabled: true is refused in production stack "prod": full request/response ' +
                    "logs record sensitive data (headers, bodies, tokens). Turn it off, or lower this policy's enforcement level for stacks that accept that",
            ]);
        });
    });

    describe("cloudwatch-log-group-retention", () => {
        it("reports a log group that keeps logs forever", async () => {
            const message = "Log group orders-v1-access-logs: retentionInDays: (missing) keeps the logs forever (and bills for them forever); set a CloudWatch retention";
            assert.deepStrictEqual(await validateResource(logGroupRetention(DEV), logGroup({})), [message]);
            assert.strictEqual((await validateResource(logGroupRetention(DEV), logGroup({ retentionInDays: 0 })))[0], message.replace("(missing)", "0"));
        });

        it("reports a value CloudWatch refuses with the component's own message", async () => {
            let component = "";
            try {
                retention(17, "retentionInDays");
            } catch (error) {
                component = (error as Error).message;
            }
            assert.deepStrictEqual(await validateResource(logGroupRetention(DEV), logGroup({ retentionInDays: 17 })), [`Log group orders-v1-access-logs: ${component}`]);
        });

        it("holds production stacks to the minimum, 30 days unless configured", async () => {
            assert.deepStrictEqual(await validateResource(logGroupRetention(PROD), logGroup({ retentionInDays: 14 })), [
                "Log group orders-v1-access-logs: retentionInDays: 14 is below the production minimum of 30 days " +
                    "(policy cloudwatch-log-group-retention, minimumRetentionInDays); keep production logs longer, or lower the minimum deliberately",
            ]);
            assert.deepStrictEqual(await validateResource(logGroupRetention(PROD), logGroup({ retentionInDays: 30 })), []);
            assert.strictEqual((await validateResource(logGroupRetention(PROD), logGroup({ retentionInDays: 60 }), { minimumRetentionInDays: 90 })).length, 1);
            assert.deepStrictEqual(await validateResource(logGroupRetention(DEV), logGroup({ retentionInDays: 3 })), []);
        });

        it("offers exactly CloudWatch's retention values as minimums", () => {
            const schema = logGroupRetention(PROD).configSchema!.properties.minimumRetentionInDays;
            assert.deepStrictEqual(schema.enum, [...CLOUDWATCH_RETENTION_DAYS]);
            assert.strictEqual(schema.default, 30);
        });
    });

    describe("cloudwatch-log-group-kms", () => {
        const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        it("requires nothing by default", async () => {
            assert.deepStrictEqual(await validateResource(logGroupKms(PROD), logGroup({ retentionInDays: 30 })), []);
        });

        it("requires a key in the stacks requireKms names", async () => {
            assert.deepStrictEqual(await validateResource(logGroupKms(PROD), logGroup({ retentionInDays: 30 }), { requireKms: "production" }), [
                'Log group orders-v1-access-logs: kmsKeyId: (missing) is required in stack "prod" (policy config requireKms: production); ' +
                    "with StageLogging set logging.accessLogs.kmsKeyArn and logging.executionLogs.kmsKeyArn " +
                    "(a delivered group takes that key unless executionLogs.logGroup.kmsKeyArn says otherwise)",
            ]);
            assert.deepStrictEqual(await validateResource(logGroupKms(PROD), logGroup({ kmsKeyId: key }), { requireKms: "production" }), []);
            assert.deepStrictEqual(await validateResource(logGroupKms(DEV), logGroup({}), { requireKms: "production" }), []);
            assert.strictEqual((await validateResource(logGroupKms(DEV), logGroup({}), { requireKms: "always" })).length, 1);
        });
    });

    describe("firehose-access-log-stream", () => {
        const streamArn = (name: string) => `arn:aws:firehose:eu-west-1:123456789012:deliverystream/${name}`;
        const stream = (props: Record<string, unknown>): TestResource => ({ type: FIREHOSE_STREAM, name: "orders-v1-firehose", props: { destination: "extended_s3", ...props } });

        it("reports a stage logging to a stream API Gateway refuses", async () => {
            const [message] = await validateResource(firehoseAccessLogStream(), stage({ destinationArn: streamArn("orders-logs"), format: PRESETS.json }));
            assert.strictEqual(
                message,
                `Stage a1b2c3d4e5/v1: accessLogSettings.destinationArn: "${streamArn("orders-logs")}" names stream "orders-logs", which must start with ` +
                    '"amazon-apigateway-": API Gateway refuses to send access logs to a Firehose stream with any other name; did you mean "amazon-apigateway-orders-logs"?',
            );
        });

        it("passes stages logging to an amazon-apigateway- stream or to CloudWatch Logs", async () => {
            assert.deepStrictEqual(await validateResource(firehoseAccessLogStream(), stage({ destinationArn: streamArn("amazon-apigateway-orders"), format: PRESETS.json })), []);
            assert.deepStrictEqual(await validateResource(firehoseAccessLogStream(), stage({ destinationArn: LOG_GROUP_ARN, format: PRESETS.json })), []);
        });

        it("reports an access-log stream that is not encrypted at rest", async () => {
            assert.deepStrictEqual(await validateResource(firehoseAccessLogStream(), stream({ name: "amazon-apigateway-orders" })), [
                "Firehose stream amazon-apigateway-orders: serverSideEncryption.enabled: (missing) must be true: access logs hold callers' IPs and identities; " +
                    'encrypt them at rest (serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } or a CUSTOMER_MANAGED_CMK)',
            ]);
            assert.strictEqual((await validateResource(firehoseAccessLogStream(), stream({ name: "amazon-apigateway-orders", serverSideEncryption: { enabled: false } }))).length, 1);
        });

        it("passes an encrypted access-log stream, and leaves other streams alone", async () => {
            const encrypted = { serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } };
            assert.deepStrictEqual(await validateResource(firehoseAccessLogStream(), stream({ name: "amazon-apigateway-orders", ...encrypted })), []);
            assert.deepStrictEqual(await validateResource(firehoseAccessLogStream(), stream({ name: "clickstream" })), []);
        });
    });

    describe("apigateway-stage-method-settings", () => {
        const withFormat = stage({ destinationArn: LOG_GROUP_ARN, format: PRESETS.json });

        it("passes a stage with */* method settings logging at ERROR", async () => {
            assert.deepStrictEqual(await validateStack(stageMethodSettings(), [withFormat, methodSettings({ loggingLevel: "ERROR" })]), []);
        });

        it("reports a stage with no method settings, blaming the stage", async () => {
            assert.deepStrictEqual(await validateStack(stageMethodSettings(), [withFormat]), [
                {
                    policy: "apigateway-stage-method-settings",
                    message:
                        'Stage a1b2c3d4e5/v1 has no MethodSettings with methodPath "*/*" in this stack, so its execution logging is off ' +
                        "(API Gateway's default). Add one with loggingLevel ERROR or INFO (StageLogging does), or list the stage in " +
                        "this policy's exemptStages if another stack manages its method settings",
                    urn: "urn:pulumi:test::apigw-logging::aws:apigateway/stage:Stage::orders-v1-stage",
                },
            ]);
        });

        it("does not count method settings of another stage, or of one method only", async () => {
            const other = methodSettings({ loggingLevel: "INFO" }, { stageName: "v2" });
            const oneMethod = methodSettings({ loggingLevel: "INFO" }, { methodPath: "pets/GET" });
            assert.strictEqual((await validateStack(stageMethodSettings(), [withFormat, other, oneMethod])).length, 1);
        });

        it("reports */* method settings with logging off", async () => {
            const [violation] = await validateStack(stageMethodSettings(), [withFormat, methodSettings({ loggingLevel: "OFF" })]);
            assert.strictEqual(
                violation.message,
                'Stage a1b2c3d4e5/v1: MethodSettings "*/*" settings.loggingLevel: "OFF" turns its execution logging off (allowed: ERROR, INFO; unset is OFF)',
            );
        });

        it("passes a stage listed in exemptStages, by REST API and stage or by resource name", async () => {
            assert.deepStrictEqual(await validateStack(stageMethodSettings(), [withFormat], { exemptStages: ["a1b2c3d4e5/v1"] }), []);
            const newApi = stage({ destinationArn: UNKNOWN_STRING, format: PRESETS.json }, { restApi: UNKNOWN_STRING });
            assert.deepStrictEqual(await validateStack(stageMethodSettings(), [newApi], { exemptStages: ["orders-v1-stage"] }), []);
            assert.strictEqual((await validateStack(stageMethodSettings(), [newApi], { exemptStages: ["a1b2c3d4e5/v1"] })).length, 1);
        });

        it("matches by the resources values came from when a preview does not know them", async () => {
            const api: TestResource = { type: "aws:apigateway/restApi:RestApi", name: "api", props: { name: "orders" } };
            const newStage: TestResource = { ...stage({ destinationArn: UNKNOWN_STRING, format: PRESETS.json }, { restApi: UNKNOWN_STRING }), propertyDependencies: { restApi: ["api"] } };
            const settingsOff: TestResource = {
                ...methodSettings({ loggingLevel: "OFF" }, { restApi: UNKNOWN_STRING, stageName: UNKNOWN_STRING }),
                propertyDependencies: { restApi: ["api"], stageName: ["orders-v1-stage"] },
            };
            // Matched through the RestApi and the stage it depends on, so its OFF level is reported.
            const [violation] = await validateStack(stageMethodSettings(), [api, newStage, settingsOff]);
            assert.match(violation.message, /^Stage orders-v1-stage: MethodSettings "\*\/\*" settings.loggingLevel: "OFF"/);
            // Without dependencies nothing tells which stage they are for: no verdict until pulumi up.
            const unattached = methodSettings({ loggingLevel: "ERROR" }, { restApi: UNKNOWN_STRING });
            assert.deepStrictEqual(await validateStack(stageMethodSettings(), [withFormat, unattached]), []);
        });
    });

    describe("log-delivery-bucket-private-encrypted", () => {
        const bucketName = "apigw-exec-logs-123456789012-eu-west-1-a1b2c3d4e5-v1";
        const bucket: TestResource = { type: BUCKET, name: "orders-v1-execution-log-bucket", props: { bucket: bucketName } };
        const toBucket: TestResource = {
            type: DELIVERY_DESTINATION,
            name: "orders-v1-execution-log-destination",
            props: { name: "apigw-exec-a1b2c3d4e5-v1-s3-json", outputFormat: "json", deliveryDestinationConfiguration: { destinationResourceArn: `arn:aws:s3:::${bucketName}` } },
        };
        const block: TestResource = {
            type: BUCKET_PUBLIC_ACCESS_BLOCK,
            name: "orders-v1-execution-log-bucket-public-access",
            props: { bucket: bucketName, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        };
        const sse: TestResource = {
            type: BUCKET_ENCRYPTION,
            name: "orders-v1-execution-log-bucket-encryption",
            props: { bucket: bucketName, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        };

        it("passes a delivery to a bucket that blocks public access and is encrypted", async () => {
            assert.deepStrictEqual(await validateStack(logDeliveryBucket(), [bucket, toBucket, block, sse]), []);
        });

        it("refuses a delivery to an unencrypted bucket whose public access is not blocked, blaming the destination", async () => {
            assert.deepStrictEqual(await validateStack(logDeliveryBucket(), [bucket, toBucket]), [
                {
                    policy: "log-delivery-bucket-private-encrypted",
                    message:
                        `Delivery destination apigw-exec-a1b2c3d4e5-v1-s3-json (bucket ${bucketName}): logs are delivered to a bucket with ` +
                        "no BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true, " +
                        "and no server-side encryption configuration (BucketServerSideEncryptionConfiguration, SSE-S3 or SSE-KMS). " +
                        "Delivered logs hold request data: deliver to a private, encrypted bucket (StageLogging's executionLogs.s3.bucket creates one)",
                    urn: "urn:pulumi:test::apigw-logging::aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination::orders-v1-execution-log-destination",
                },
            ]);
        });

        it("refuses a bucket made public by its ACL or its policy, even behind a partial block", async () => {
            const publicRead: TestResource = { ...bucket, props: { ...bucket.props, acl: "public-read" } };
            const openPolicy: TestResource = {
                type: BUCKET_POLICY,
                name: "open",
                props: { bucket: bucketName, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }] }) },
            };
            const partial: TestResource = { ...block, props: { ...block.props, restrictPublicBuckets: false } };
            const [violation] = await validateStack(logDeliveryBucket(), [publicRead, toBucket, partial, sse, openPolicy]);
            assert.match(violation.message, /with no BucketPublicAccessBlock .* all true, and the public ACL "public-read", and a bucket policy that allows Principal "\*"\./);
        });

        it("matches the bucket by the resources values came from when a preview does not know its name", async () => {
            const unnamed: TestResource = { ...bucket, props: { bucket: UNKNOWN_STRING } };
            const destination: TestResource = {
                ...toBucket,
                props: { ...toBucket.props, deliveryDestinationConfiguration: { destinationResourceArn: UNKNOWN_STRING } },
                propertyDependencies: { deliveryDestinationConfiguration: [unnamed.name] },
            };
            const [violation] = await validateStack(logDeliveryBucket(), [unnamed, destination]);
            assert.match(violation.message, /no BucketPublicAccessBlock/);
            const blockOf = { ...block, props: { ...block.props, bucket: UNKNOWN_STRING }, propertyDependencies: { bucket: [unnamed.name] } };
            const sseOf = { ...sse, props: { ...sse.props, bucket: UNKNOWN_STRING }, propertyDependencies: { bucket: [unnamed.name] } };
            assert.deepStrictEqual(await validateStack(logDeliveryBucket(), [unnamed, destination, blockOf, sseOf]), []);
        });

        it("leaves deliveries to log groups, streams and buckets of other stacks alone", async () => {
            const elsewhere: TestResource = { ...toBucket, props: { ...toBucket.props, deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::shared-archive" } } };
            const toGroup: TestResource = {
                ...toBucket,
                props: { ...toBucket.props, deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/apis/orders" } },
            };
            assert.deepStrictEqual(await validateStack(logDeliveryBucket(), [bucket, elsewhere, toGroup]), []);
        });
    });

    describe("a delivered stage counts as logged", () => {
        const withFormat = stage({ destinationArn: LOG_GROUP_ARN, format: PRESETS.json });
        const source = (resourceArn: string, logType = "EXECUTION_LOGS"): TestResource => ({
            type: DELIVERY_SOURCE,
            name: "orders-v1-execution-log-source",
            props: { name: "apigw-exec-a1b2c3d4e5-v1", logType, resourceArn },
        });
        const ARN = "arn:aws:apigateway:eu-west-1:123456789012:/restapis/a1b2c3d4e5/stages/v1";

        it("passes a stage without method settings in this stack whose execution logs are delivered: AWS delivers only a logging stage", async () => {
            assert.deepStrictEqual(await validateStack(stageMethodSettings(), [withFormat, source(ARN)]), []);
        });

        it("does not count a delivery of another stage, or of another log type", async () => {
            const other = source("arn:aws:apigateway:eu-west-1:123456789012:/restapis/a1b2c3d4e5/stages/v2");
            assert.strictEqual((await validateStack(stageMethodSettings(), [withFormat, other])).length, 1);
            assert.strictEqual((await validateStack(stageMethodSettings(), [withFormat, source(ARN, "ACCESS_LOGS")])).length, 1);
        });

        it("still reports */* method settings that turn the delivered stage's logging OFF", async () => {
            const [violation] = await validateStack(stageMethodSettings(), [withFormat, source(ARN), methodSettings({ loggingLevel: "OFF" })]);
            assert.match(violation.message, /settings\.loggingLevel: "OFF" turns its execution logging off/);
        });
    });

    it("has nine uniquely named rules, each with a description and a default enforcement level", () => {
        const policies = apigwLoggingPolicies(DEV);
        assert.strictEqual(new Set(policies.map((p) => p.name)).size, 9);
        for (const policy of policies) {
            assert.ok(policy.description.length > 20, policy.name);
            assert.strictEqual(policy.enforcementLevel, "mandatory", policy.name);
        }
    });
});
