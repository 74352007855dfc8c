// The policy pack's rules. Every check the StageLogging component also makes is the component's own
// function (the apigw-logging package: accessLogFormat.ts, rules.ts), so the component and the pack
// cannot disagree about a format, a retention value or a stream name. Plain objects and functions:
// tests call them without the Pulumi CLI.

import * as policySdk from "@pulumi/policy";
import type {
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    accessLogFormatProblems,
    belowProductionMinimum,
    CLOUDWATCH_RETENTION_DAYS,
    describeValue as describe,
    EXECUTION_LOGS_LOG_TYPE,
    FIREHOSE_STREAM_PREFIX,
    firehoseStreamName,
    isProductionStackName,
    methodPathOf,
    retention,
    STAGE_LOGGING_DEFAULTS,
    STAGE_LOGGING_PATCH_TYPE,
    ValidationError,
} from "apigw-logging";

const DEFAULT_PRODUCTION_MINIMUM_RETENTION_DAYS = STAGE_LOGGING_DEFAULTS.policy.minimumRetentionInDays;

export const STAGE = "aws:apigateway/stage:Stage";
export const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";
/** The component's patch of the logging fields of a stage it does not create: one entry per method. */
export const STAGE_LOGGING_PATCH = STAGE_LOGGING_PATCH_TYPE;
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const FIREHOSE_STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
export const DELIVERY_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
export const DELIVERY_DESTINATION = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination";
export const BUCKET = "aws:s3/bucket:Bucket";
export const BUCKET_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
export const BUCKET_ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** The stack being checked, as the policy pack process learns it from the Pulumi CLI. */
export interface StackInfo {
    /** The stack name; "" when the CLI did not say. */
    name: string;
    /** The stack's own `<project>:production` config value, when it sets one. */
    production?: boolean;
}

/**
 * Reads the stack from the environment the Pulumi CLI gives a policy pack process: `PULUMI_STACK`,
 * `PULUMI_PROJECT` and the stack's config as `PULUMI_CONFIG` (JSON of `project:key` → string).
 */
export function stackInfoFromEnv(env: Record<string, string | undefined>): StackInfo {
    const name = env.PULUMI_STACK ?? env.PULUMI_NODEJS_STACK ?? "";
    const project = env.PULUMI_PROJECT ?? env.PULUMI_NODEJS_PROJECT;
    let config: Record<string, unknown> = {};
    try {
        config = JSON.parse(env.PULUMI_CONFIG ?? "{}") as Record<string, unknown>;
    } catch {
        // Unreadable config: decide by the stack name and the policy config alone.
    }
    // `project:config:key` is the older spelling some CLIs still send.
    const raw = project === undefined ? undefined : (config[`${project}:production`] ?? config[`${project}:config:production`]);
    const production = raw === true || raw === "true" ? true : raw === false || raw === "false" ? false : undefined;
    return { name, ...(production === undefined ? {} : { production }) };
}

/** Policy config wins, then the stack's own `production` setting, then the component's name rule. */
export function isProductionStack(stack: StackInfo, config: { production?: boolean }): boolean {
    return config.production ?? stack.production ?? isProductionStackName(stack.name);
}

// A value computed from a resource not created yet is unknown during `pulumi preview`, and
// @pulumi/policy throws UnknownValueError when a rule reads it. The engine runs every rule again
// during `pulumi up` with the real values, so a rule skips what it cannot see yet.
const { UnknownValueError } = policySdk as unknown as { UnknownValueError: new (...args: never[]) => Error };
export const UNKNOWN: unique symbol = Symbol("unknown during preview");

export function read<T>(get: () => T): T | typeof UNKNOWN {
    try {
        return get();
    } catch (error) {
        if (error instanceof UnknownValueError) {
            return UNKNOWN;
        }
        throw error;
    }
}

const known = (value: unknown): value is string => typeof value === "string" && value !== "";

/** `restApiId/stageName` where both are known, else the Pulumi resource name. */
function stageLabel(props: Record<string, unknown>, name: string): string {
    const api = read(() => props.restApi ?? props.restApiId);
    const stage = read(() => props.stageName);
    return known(api) && known(stage) ? `${api}/${stage}` : name;
}

/** The ValidationError a component check throws, or undefined when the value passes it. */
function refusal(check: () => unknown): ValidationError | undefined {
    try {
        check();
        return undefined;
    } catch (error) {
        if (error instanceof ValidationError) {
            return error;
        }
        throw error;
    }
}

/** A ValidationError's one-line message for `problem`, about `value` at `path`. */
const line = (path: string, value: unknown, problem: string) => new ValidationError(path, value, problem).message;

// ---------------------------------------------------------------------------------------------

const production = { production: { type: "boolean" as const } };
const PRODUCTION_NOTE = "A stack is production when this policy's config says production: true, else when its own <project>:production config says so, else when it is named prod, production or prod-*.";

export function stageAccessLogs(): ResourceValidationPolicy {
    return {
        name: "apigateway-stage-access-logs",
        description: "Every REST API stage writes access logs: accessLogSettings with a destinationArn and a format.",
        enforcementLevel: "mandatory",
        validateResource: (args, reportViolation) => {
            if (args.type !== STAGE) {
                return;
            }
            const label = stageLabel(args.props, args.name);
            const settings = read(() => args.props.accessLogSettings as Record<string, unknown> | undefined);
            if (settings === UNKNOWN) {
                return;
            }
            if (!settings) {
                reportViolation(
                    `Stage ${label}: ${line("accessLogSettings", undefined, "means API Gateway writes no access logs for this stage")}; ` +
                        `give it { destinationArn, format } (a CloudWatch Logs group, or a Firehose stream named ${FIREHOSE_STREAM_PREFIX}...)`,
                );
                return;
            }
            for (const key of ["destinationArn", "format"]) {
                const value = read(() => settings[key]);
                if (value !== UNKNOWN && !known(value)) {
                    reportViolation(`Stage ${label}: ${line(`accessLogSettings.${key}`, value, "is required: API Gateway needs both a destination and a format to write access logs")}`);
                }
            }
        },
    };
}

export function accessLogFormat(): ResourceValidationPolicy {
    return {
        name: "apigateway-access-log-format",
        description:
            "A stage's access-log format passes the StageLogging component's own rules: one line, $context.requestId or $context.extendedRequestId, only documented $context variables, at most 3 KB.",
        enforcementLevel: "mandatory",
        validateResource: (args, reportViolation) => {
            if (args.type !== STAGE) {
                return;
            }
            // A missing format is apigateway-stage-access-logs' to report.
            const format = read(() => (args.props.accessLogSettings as Record<string, unknown> | undefined)?.format);
            if (!known(format)) {
                return;
            }
            for (const problem of accessLogFormatProblems(format)) {
                reportViolation(`Stage ${stageLabel(args.props, args.name)}: ${line("accessLogSettings.format", format, problem)}`);
            }
        },
    };
}

export interface MethodLoggingConfig {
    production?: boolean;
    /** Method paths (`/health/GET`, `health/GET` or API Gateway's key `~1health/GET`) allowed to turn logging off in production. */
    exemptMethodPaths?: string[];
}

/** A method path by API Gateway's key, so that every spelling of one method matches; as written when it is none. */
function methodKey(path: unknown): unknown {
    try {
        return methodPathOf(path, "methodPath");
    } catch {
        return path;
    }
}

/** One method's logging as a resource writes it: a MethodSettings, or an entry of the stage patch. */
interface MethodLoggingEntry {
    /** How a message names it: the resource kind, its stage and method path. */
    label: string;
    methodPath: unknown;
    /** Where the fields are, in the resource's own terms. */
    at: string;
    loggingLevel: unknown;
    dataTraceEnabled: unknown;
}

/** The method settings a resource writes; none for any other resource. */
function methodLoggingEntries(type: string, props: Record<string, unknown>, name: string): MethodLoggingEntry[] {
    if (type === METHOD_SETTINGS) {
        const methodPath = read(() => props.methodPath);
        const settings = read(() => props.settings as Record<string, unknown> | undefined);
        return [
            {
                label: `MethodSettings ${stageLabel(props, name)} ${known(methodPath) ? methodPath : ""}`,
                methodPath,
                at: "settings",
                loggingLevel: settings === UNKNOWN ? UNKNOWN : read(() => settings?.loggingLevel),
                dataTraceEnabled: settings === UNKNOWN ? UNKNOWN : read(() => settings?.dataTraceEnabled),
            },
        ];
    }
    if (type === STAGE_LOGGING_PATCH) {
        const entries = read(() => props.methodSettings as Array<Record<string, unknown>> | undefined);
        return Array.isArray(entries)
            ? entries.map((entry, i) => ({
                  label: `Stage patch ${stageLabel(props, name)} ${known(read(() => entry.key)) ? entry.key : ""}`,
                  methodPath: read(() => entry.key),
                  at: `methodSettings[${i}]`,
                  loggingLevel: read(() => entry.loggingLevel),
                  dataTraceEnabled: read(() => entry.dataTraceEnabled),
              }))
            : [];
    }
    return [];
}

export function methodLoggingInProduction(stack: StackInfo): ResourceValidationPolicy {
    return {
        name: "apigateway-method-logging-in-production",
        description: `Method settings in a production stack log at ERROR or INFO, never OFF. ${PRODUCTION_NOTE}`,
        enforcementLevel: "mandatory",
        configSchema: {
            properties: { ...production, exemptMethodPaths: { type: "array", items: { type: "string" }, default: [] } },
        },
        validateResource: (args, reportViolation) => {
            const config = args.getConfig<MethodLoggingConfig>();
            if (!isProductionStack(stack, config)) {
                return;
            }
            const exempt = (config.exemptMethodPaths ?? []).map(methodKey);
            for (const entry of methodLoggingEntries(args.type, args.props, args.name)) {
                const level = entry.loggingLevel;
                if ((known(entry.methodPath) && exempt.includes(methodKey(entry.methodPath))) || level === UNKNOWN || level === "ERROR" || level === "INFO") {
                    continue;
                }
                reportViolation(
                    `${entry.label}: ` +
                        line(
                            `${entry.at}.loggingLevel`,
                            level,
                            `turns execution logging off in production stack "${stack.name}" (allowed: ERROR, INFO; ` +
                                "unset is OFF); exempt a method path deliberately with this policy's exemptMethodPaths",
                        ),
                );
            }
        },
    };
}

export function dataTraceInProduction(stack: StackInfo): ResourceValidationPolicy {
    return {
        name: "apigateway-data-trace-in-production",
        description: `Method settings in a production stack do not turn on data trace (full request/response logging). ${PRODUCTION_NOTE}`,
        enforcementLevel: "mandatory",
        configSchema: { properties: { ...production } },
        validateResource: (args, reportViolation) => {
            if (!isProductionStack(stack, args.getConfig<{ production?: boolean }>())) {
                return;
            }
            for (const entry of methodLoggingEntries(args.type, args.props, args.name)) {
                if (entry.dataTraceEnabled === true) {
                    reportViolation(
                        `${entry.label}: ` +
                            line(
                                `${entry.at}.dataTraceEnabled`,
                                true,
                                `is refused in production stack "${stack.name}": full request/response logs record sensitive data ` +
                                    "(headers, bodies, tokens). Turn it off, or lower this policy's enforcement level for stacks that accept that",
                            ),
                    );
                }
            }
        },
    };
}

export interface RetentionConfig {
    production?: boolean;
    /** Production only: the shortest retention allowed. A CloudWatch retention value. */
    minimumRetentionInDays?: number;
}

export function logGroupRetention(stack: StackInfo): ResourceValidationPolicy {
    const name = "cloudwatch-log-group-retention";
    return {
        name,
        description:
            "Every CloudWatch log group has a retention CloudWatch accepts, and in a production stack at least minimumRetentionInDays " +
            `(default ${DEFAULT_PRODUCTION_MINIMUM_RETENTION_DAYS}). ${PRODUCTION_NOTE}`,
        enforcementLevel: "mandatory",
        configSchema: {
            properties: {
                ...production,
                minimumRetentionInDays: {
                    type: "integer",
                    enum: [...CLOUDWATCH_RETENTION_DAYS],
                    default: DEFAULT_PRODUCTION_MINIMUM_RETENTION_DAYS,
                },
            },
        },
        validateResource: (args, reportViolation) => {
            if (args.type !== LOG_GROUP) {
                return;
            }
            const days = read(() => args.props.retentionInDays);
            if (days === UNKNOWN) {
                return;
            }
            const label = `Log group ${args.name}`;
            if (days === undefined || days === null || days === 0) {
                reportViolation(`${label}: ${line("retentionInDays", days, "keeps the logs forever (and bills for them forever); set a CloudWatch retention")}`);
                return;
            }
            const refused = refusal(() => retention(days, "retentionInDays"));
            if (refused) {
                reportViolation(`${label}: ${refused.message}`);
                return;
            }
            const config = args.getConfig<RetentionConfig>();
            if (isProductionStack(stack, config)) {
                const minimum = config.minimumRetentionInDays ?? DEFAULT_PRODUCTION_MINIMUM_RETENTION_DAYS;
                const problem = belowProductionMinimum(days as number, minimum, `policy ${name}, minimumRetentionInDays`);
                if (problem) {
                    reportViolation(`${label}: ${line("retentionInDays", days, problem)}`);
                }
            }
        },
    };
}

export const KMS_REQUIREMENTS = ["never", "production", "always"] as const;
export interface KmsConfig {
    production?: boolean;
    /** Which stacks must encrypt log groups with a KMS key. Defaults to "never". */
    requireKms?: (typeof KMS_REQUIREMENTS)[number];
}

export function logGroupKms(stack: StackInfo): ResourceValidationPolicy {
    return {
        name: "cloudwatch-log-group-kms",
        description: `Log groups are encrypted with a KMS key (kmsKeyId) in the stacks requireKms names: never (default), production or always. ${PRODUCTION_NOTE}`,
        enforcementLevel: "mandatory",
        configSchema: { properties: { ...production, requireKms: { type: "string", enum: [...KMS_REQUIREMENTS], default: "never" } } },
        validateResource: (args, reportViolation) => {
            if (args.type !== LOG_GROUP) {
                return;
            }
            const config = args.getConfig<KmsConfig>();
            const requireKms = config.requireKms ?? "never";
            if (requireKms === "never" || (requireKms === "production" && !isProductionStack(stack, config))) {
                return;
            }
            const key = read(() => args.props.kmsKeyId);
            if (key !== UNKNOWN && !known(key)) {
                reportViolation(
                    `Log group ${args.name}: ${line("kmsKeyId", key, `is required in stack "${stack.name}" (policy config requireKms: ${requireKms})`)}; ` +
                        "with StageLogging set logging.accessLogs.kmsKeyArn and logging.executionLogs.kmsKeyArn (a delivered group takes that key unless executionLogs.logGroup.kmsKeyArn says otherwise)",
                );
            }
        },
    };
}

const FIREHOSE_ARN = /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/(.+)$/;

export function firehoseAccessLogStream(): ResourceValidationPolicy {
    return {
        name: "firehose-access-log-stream",
        description:
            `A stage's Firehose access-log destination is a stream named ${FIREHOSE_STREAM_PREFIX}..., and every ${FIREHOSE_STREAM_PREFIX}... ` +
            "stream is encrypted at rest (serverSideEncryption.enabled).",
        enforcementLevel: "mandatory",
        validateResource: [
            (args, reportViolation) => {
                if (args.type !== STAGE) {
                    return;
                }
                const arn = read(() => (args.props.accessLogSettings as Record<string, unknown> | undefined)?.destinationArn);
                const stream = known(arn) ? FIREHOSE_ARN.exec(arn)?.[1] : undefined;
                if (stream === undefined) {
                    return;
                }
                const refused = refusal(() => firehoseStreamName(stream, "accessLogSettings.destinationArn"));
                if (refused) {
                    reportViolation(`Stage ${stageLabel(args.props, args.name)}: ${line(refused.path, arn, `names stream ${describe(stream)}, which ${refused.problem}`)}`);
                }
            },
            (args, reportViolation) => {
                // API Gateway sends access logs only to streams named so: each such stream is one.
                const stream = args.type === FIREHOSE_STREAM ? read(() => args.props.name) : undefined;
                if (!known(stream) || !stream.startsWith(FIREHOSE_STREAM_PREFIX)) {
                    return;
                }
                const enabled = read(() => (args.props.serverSideEncryption as Record<string, unknown> | undefined)?.enabled);
                if (enabled !== UNKNOWN && enabled !== true) {
                    reportViolation(
                        `Firehose stream ${stream}: ` +
                            line(
                                "serverSideEncryption.enabled",
                                enabled,
                                "must be true: access logs hold callers' IPs and identities; encrypt them at rest " +
                                    '(serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } or a CUSTOMER_MANAGED_CMK)',
                            ),
                    );
                }
            },
        ],
    };
}

export interface StageMethodSettingsConfig {
    /** Stages whose method settings another stack manages: `restApiId/stageName`, or the Stage's resource name. */
    exemptStages?: string[];
}

/** Whether two resources name the same value for `key`: by value, else by the resource it came from. */
function same(a: PolicyResource, b: PolicyResource, key: string): boolean | typeof UNKNOWN {
    const left = read(() => a.props[key]);
    const right = read(() => b.props[key]);
    if (left !== UNKNOWN && right !== UNKNOWN) {
        return left === right;
    }
    // In a preview, both ids come from the same RestApi; a stage name from the stage itself.
    const from = (r: PolicyResource) => (r.propertyDependencies[key] ?? []).map((d) => d.urn);
    const shared = from(a).some((urn) => from(b).includes(urn)) || from(b).includes(a.urn);
    return shared ? true : UNKNOWN;
}

/**
 * Whether an EXECUTION_LOGS delivery source in the stack names `stage`: by its resource ARN
 * (`…:/restapis/{id}/stages/{name}`), or, in a preview that does not know the ARN yet, by the REST
 * API both came from (then the verdict waits for `pulumi up`, which knows it).
 */
function deliveredStage(stage: PolicyResource, sources: PolicyResource[]): boolean {
    return sources.some((source) => {
        if (read(() => source.props.logType) !== EXECUTION_LOGS_LOG_TYPE) {
            return false;
        }
        const arn = read(() => source.props.resourceArn);
        if (known(arn)) {
            const match = /:\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(arn);
            const api = read(() => stage.props.restApi);
            const name = read(() => stage.props.stageName);
            return match !== null && (!known(api) || api === match[1]) && (!known(name) || name === match[2]) && (known(api) || known(name));
        }
        const from = (r: PolicyResource, key: string) => (r.propertyDependencies[key] ?? []).map((d) => d.urn);
        return from(source, "resourceArn").some((urn) => from(stage, "restApi").includes(urn));
    });
}

export function stageMethodSettings(): StackValidationPolicy {
    const configSchema: PolicyConfigSchema = {
        properties: { exemptStages: { type: "array", items: { type: "string" }, default: [] } },
    };
    return {
        name: "apigateway-stage-method-settings",
        description:
            'Every REST API stage in the stack has a MethodSettings for the same REST API and stage with methodPath "*/*" and ' +
            "loggingLevel ERROR or INFO, so execution logging is on, or a CloudWatch Logs delivery of its EXECUTION_LOGS (AWS creates " +
            "that delivery source only for a stage logging at ERROR or INFO). Stages in other stacks cannot be seen.",
        enforcementLevel: "mandatory",
        configSchema,
        validateStack: (args, reportViolation) => {
            const exempt = args.getConfig<StageMethodSettingsConfig>().exemptStages ?? [];
            const methodSettings = args.resources.filter((r) => r.type === METHOD_SETTINGS);
            const sources = args.resources.filter((r) => r.type === DELIVERY_SOURCE);
            for (const stage of args.resources.filter((r) => r.type === STAGE)) {
                const label = stageLabel(stage.props, stage.name);
                // By resource name too: a new REST API's id is unknown in a preview.
                if (exempt.includes(label) || exempt.includes(stage.name)) {
                    continue;
                }
                const matches = methodSettings
                    .filter((m) => read(() => m.props.methodPath) === "*/*")
                    .map((m) => ({ m, restApi: same(stage, m, "restApi"), stageName: same(stage, m, "stageName") }));
                const covering = matches.filter((x) => x.restApi === true && x.stageName === true).map((x) => x.m);
                if (covering.length === 0) {
                    // Method settings whose target cannot be told yet are checked again after `pulumi up`.
                    // A delivered stage logs: its method settings are managed where the stage is.
                    if (!matches.some((x) => x.restApi !== false && x.stageName !== false) && !deliveredStage(stage, sources)) {
                        reportViolation(
                            `Stage ${label} has no MethodSettings with methodPath "*/*" in this stack, so its execution logging is off ` +
                                "(API Gateway's default). Add one with loggingLevel ERROR or INFO (StageLogging does), or list the stage in " +
                                "this policy's exemptStages if another stack manages its method settings",
                            stage.urn,
                        );
                    }
                    continue;
                }
                const levels = covering.map((m) => read(() => (m.props.settings as Record<string, unknown> | undefined)?.loggingLevel));
                if (!levels.some((level) => level === UNKNOWN || level === "ERROR" || level === "INFO")) {
                    reportViolation(
                        `Stage ${label}: ${line('MethodSettings "*/*" settings.loggingLevel', levels[0], "turns its execution logging off (allowed: ERROR, INFO; unset is OFF)")}`,
                        stage.urn,
                    );
                }
            }
        },
    };
}

const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)$/;
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];

/** The stack's resources of `type` that configure `bucket`: by name, or by the bucket they came from. */
function settingsOf(resources: PolicyResource[], type: string, bucket: PolicyResource, bucketName: string): PolicyResource[] {
    return resources.filter((r) => {
        if (r.type !== type) {
            return false;
        }
        const value = read(() => r.props.bucket);
        return value === bucketName || (r.propertyDependencies.bucket ?? []).some((d) => d.urn === bucket.urn);
    });
}

/** Whether a bucket policy lets anyone (Principal "*") in: S3's "public" policy. */
function grantsEveryone(policy: unknown): boolean {
    let document: unknown = policy;
    if (typeof policy === "string") {
        try {
            document = JSON.parse(policy);
        } catch {
            return false;
        }
    }
    const statements = (document as { Statement?: unknown } | undefined)?.Statement;
    return (Array.isArray(statements) ? statements : [statements]).some((st) => {
        const s = st as { Effect?: string; Principal?: unknown } | undefined;
        const principal = s?.Principal;
        const everyone = principal === "*" || (typeof principal === "object" && principal !== null && ((principal as { AWS?: unknown }).AWS === "*" || ([] as unknown[]).concat((principal as { AWS?: unknown }).AWS).includes("*")));
        return s?.Effect === "Allow" && everyone;
    });
}

export function logDeliveryBucket(): StackValidationPolicy {
    return {
        name: "log-delivery-bucket-private-encrypted",
        description:
            "An S3 bucket of this stack that CloudWatch Logs delivers logs to (a delivery destination, e.g. a stage's execution logs) " +
            "blocks all public access, has no public ACL or policy, and has a server-side encryption configuration. Buckets in other stacks cannot be seen.",
        enforcementLevel: "mandatory",
        validateStack: (args, reportViolation) => {
            const buckets = args.resources.filter((r) => r.type === BUCKET);
            for (const destination of args.resources.filter((r) => r.type === DELIVERY_DESTINATION)) {
                const arn = read(() => (destination.props.deliveryDestinationConfiguration as Record<string, unknown> | undefined)?.destinationResourceArn);
                const name = known(arn) ? S3_ARN.exec(arn)?.[1] : undefined;
                const bucket = buckets.find((b) =>
                    name !== undefined
                        ? read(() => b.props.bucket) === name
                        : (destination.propertyDependencies.deliveryDestinationConfiguration ?? []).some((d) => d.urn === b.urn),
                );
                if (!bucket) {
                    continue;
                }
                const bucketName = name ?? String(read(() => bucket.props.bucket));
                const label = `Delivery destination ${known(read(() => destination.props.name)) ? destination.props.name : destination.name} (bucket ${bucketName})`;
                const problems: string[] = [];
                const blocks = settingsOf(args.resources, BUCKET_PUBLIC_ACCESS_BLOCK, bucket, bucketName);
                const flags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
                const blocked = (b: PolicyResource) =>
                    flags.every((flag) => {
                        const value = read(() => b.props[flag]);
                        return value === true || value === UNKNOWN;
                    });
                if (!blocks.some(blocked)) {
                    problems.push(`no BucketPublicAccessBlock with ${flags.join(", ")} all true`);
                }
                const acl = read(() => bucket.props.acl);
                if (known(acl) && PUBLIC_ACLS.includes(acl)) {
                    problems.push(`the public ACL ${describe(acl)}`);
                }
                if (settingsOf(args.resources, BUCKET_POLICY, bucket, bucketName).some((p) => grantsEveryone(read(() => p.props.policy)))) {
                    problems.push('a bucket policy that allows Principal "*"');
                }
                const encryption = settingsOf(args.resources, BUCKET_ENCRYPTION, bucket, bucketName);
                const inline = read(() => bucket.props.serverSideEncryptionConfiguration);
                if (encryption.length === 0 && (inline === undefined || inline === null)) {
                    problems.push("no server-side encryption configuration (BucketServerSideEncryptionConfiguration, SSE-S3 or SSE-KMS)");
                }
                if (problems.length > 0) {
                    reportViolation(
                        `${label}: logs are delivered to a bucket with ${problems.join(", and ")}. Delivered logs hold request data: ` +
                            "deliver to a private, encrypted bucket (StageLogging's executionLogs.s3.bucket creates one)",
                        destination.urn,
                    );
                }
            }
        },
    };
}

/** Every rule of the pack, for the stack being checked. */
export function apigwLoggingPolicies(stack: StackInfo): (ResourceValidationPolicy | StackValidationPolicy)[] {
    return [
        stageAccessLogs(),
        accessLogFormat(),
        methodLoggingInProduction(stack),
        dataTraceInProduction(stack),
        logGroupRetention(stack),
        logGroupKms(stack),
        firehoseAccessLogStream(),
        stageMethodSettings(),
        logDeliveryBucket(),
    ];
}
