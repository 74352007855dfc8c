// Validation of everything a user can set, from stack config or from TypeScript.
// Runs when the program runs, so a bad value stops `pulumi preview` with one clear line
// instead of failing halfway through `pulumi up` inside the AWS provider.

import { AccessLogFormatInput, resolveAccessLogFormat } from "./accessLogFormat";
import { closest, ValidationError } from "./errors";

/** The retention values CloudWatch Logs accepts (PutRetentionPolicy); anything else is refused by the API. */
export const CLOUDWATCH_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const LOGGING_LEVELS = ["OFF", "ERROR", "INFO"] as const;

export const ACCESS_LOG_DESTINATIONS = ["cloudwatch", "firehose"] as const;
export type AccessLogDestination = (typeof ACCESS_LOG_DESTINATIONS)[number];

/** API Gateway only logs to Firehose streams named like this (AccessLogSettings.destinationArn, API reference). */
export const FIREHOSE_STREAM_PREFIX = "amazon-apigateway-";
/** ExtendedS3DestinationConfiguration.CompressionFormat values (Firehose API reference). */
export const FIREHOSE_COMPRESSION_FORMATS = ["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"] as const;
export type FirehoseCompression = (typeof FIREHOSE_COMPRESSION_FORMATS)[number];
/** Lifecycle transition targets (S3 LifecycleRule Transition.StorageClass), cheapest-to-read first. */
export const S3_TRANSITION_STORAGE_CLASSES = ["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] as const;
export type S3TransitionStorageClass = (typeof S3_TRANSITION_STORAGE_CLASSES)[number];
export type LoggingLevel = (typeof LOGGING_LEVELS)[number];
/** Statistics the Latency alarm can watch (CloudWatch: Average, Maximum, or a percentile). */
export const LATENCY_STATISTICS = ["Average", "Maximum", "p50", "p90", "p95", "p99"] as const;
export type LatencyStatistic = (typeof LATENCY_STATISTICS)[number];

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY", "*"];

// ---------------------------------------------------------------------------------------------
// What users write (every field optional) ...

/** Where the region-wide API Gateway CloudWatch Logs role comes from. */
export type AccountSettingInput =
    /** Create the IAM role and point the region's API Gateway account setting at it. */
    | { mode: "create"; retainOnDelete?: boolean }
    /** Point the region's account setting at an existing role. */
    | { mode: "roleArn"; roleArn: string; retainOnDelete?: boolean }
    /** Another stack or team manages the account setting; create nothing. */
    | { mode: "external"; roleArn?: string }
    /** The stack `org/project/stack` manages it; read its `cloudWatchRoleArn` output. */
    | { mode: "stackReference"; stack: string };

export interface AccessLogsInput {
    /** Where API Gateway sends access logs: `"cloudwatch"` (default) or `"firehose"` (to S3). One per stage. */
    destination?: AccessLogDestination;
    /** The Firehose sink, with `destination: "firehose"` only. */
    firehose?: FirehoseInput;
    /** Days CloudWatch Logs keeps access logs. Defaults to 30. */
    retentionInDays?: number;
    /** KMS key ARN for the log group. The key policy must allow `logs.<region>.amazonaws.com`. */
    kmsKeyArn?: string;
    /** Log group name. Defaults to `API-Gateway-Access-Logs_{restApiId}/{stageName}`. */
    logGroupName?: string;
    /**
     * A preset (`"json"`, the default; `"clf"`, `"console-json"`, `"xml"`, `"csv"`), a one-line `$context`
     * format string, or an object of fields (field name → `$context` variable) written as one line of JSON.
     */
    format?: AccessLogFormatInput;
}

/** Access logs through a Firehose stream into S3, for long retention and Athena queries. */
export interface FirehoseInput {
    /** Must start with `amazon-apigateway-`. Defaults to `amazon-apigateway-{restApiId}-{stageName}`. */
    streamName?: string;
    /** Create the bucket (the default). Not with `bucketArn`. */
    bucket?: FirehoseBucketInput;
    /** An existing bucket to deliver to, managed elsewhere; nothing about the bucket is created. */
    bucketArn?: string;
    /** KMS key ARN for the objects (SSE-KMS). Defaults to SSE-S3. */
    kmsKeyArn?: string;
    /** Where the logs go in the bucket, ending in `/`. Defaults to `access-logs/{restApiId}/{stageName}/`. */
    prefix?: string;
    /** Defaults to GZIP. */
    compression?: FirehoseCompression;
    /** 1-128. Defaults to 5. */
    bufferingSizeInMBs?: number;
    /** 0-900. Defaults to 300. */
    bufferingIntervalInSeconds?: number;
    /** Days CloudWatch Logs keeps Firehose's own delivery-error log. Defaults to 30. */
    errorLogRetentionInDays?: number;
}

export interface FirehoseBucketInput {
    /** Bucket name. Defaults to `apigw-logs-{account}-{region}-{restApiId}-{stage}` (shortened with a hash if needed). */
    name?: string;
    /** Days after which log objects expire. Defaults to 365. */
    expireAfterDays?: number;
    /** Move log objects to a cheaper storage class after some days. */
    transition?: { afterDays: number; storageClass: S3TransitionStorageClass };
    /** Days a deleted or expired object's previous version is kept (the bucket is versioned). Defaults to 30. */
    noncurrentVersionExpireAfterDays?: number;
}

export interface ExecutionLogsInput {
    /** Days CloudWatch Logs keeps execution logs. Defaults to 30. */
    retentionInDays?: number;
    /** KMS key ARN for the execution log group. */
    kmsKeyArn?: string;
}

/** CloudWatch alarms on the stage's API Gateway metrics (namespace AWS/ApiGateway, dimensions ApiName and Stage). */
export interface AlarmsInput {
    /** Defaults to true in a production stack, false elsewhere. Needs `methodSettings.metricsEnabled` and the API's name. */
    enabled?: boolean;
    /** An SNS topic told when an alarm fires and when it clears. */
    snsTopicArn?: string;
    /** The 5XXError alarm fires above this share of requests answered 5xx (0-1). Defaults to 0.05. */
    serverErrorRate?: number;
    /** The Latency alarm fires above this many milliseconds. Defaults to 3000. */
    latencyThresholdMs?: number;
    /** Defaults to p99. */
    latencyStatistic?: LatencyStatistic;
    /** Seconds per datapoint, a multiple of 60. Defaults to 60. */
    periodSeconds?: number;
    /** Datapoints looked at. Defaults to 5. */
    evaluationPeriods?: number;
    /** Datapoints of those that must breach. Defaults to 3. */
    datapointsToAlarm?: number;
}

/** The saved Logs Insights queries. */
export interface QueriesInput {
    /** Defaults to true. */
    enabled?: boolean;
    /** The top folder; queries go in `{folder}/{apiName}/{stageName}/`. Defaults to "API Gateway". */
    folder?: string;
}

export interface MethodLoggingInput {
    /** OFF, ERROR or INFO. Defaults to ERROR. */
    loggingLevel?: LoggingLevel;
    /** Full request/response logging. Records sensitive data. Defaults to false. */
    dataTraceEnabled?: boolean;
    /** Detailed CloudWatch metrics per method. Defaults to true. */
    metricsEnabled?: boolean;
}

export interface MethodOverrideInput extends MethodLoggingInput {
    /** `{resourcePath}/{HTTP_METHOD}` without the leading slash, e.g. `pets/GET` or `pets/{id}/*`. */
    methodPath: string;
}

export interface MethodSettingsInput extends MethodLoggingInput {
    overrides?: MethodOverrideInput[];
}

/** Everything about one stage's logging that is a choice rather than a reference to another resource. */
export interface LoggingInput {
    accessLogs?: AccessLogsInput;
    executionLogs?: ExecutionLogsInput;
    methodSettings?: MethodSettingsInput;
    alarms?: AlarmsInput;
    queries?: QueriesInput;
    /** A production stack refuses data trace unless `allowDataTraceInProduction` is set. */
    production?: boolean;
    /** Acknowledges that full request/response logs in production record sensitive data. */
    allowDataTraceInProduction?: boolean;
    /** In a production stack, the shortest log retention allowed. Defaults to 30 days. */
    minimumRetentionInDays?: number;
    /** Keep log groups when the stack is destroyed or they are replaced. Defaults to true. */
    retainLogsOnDelete?: boolean;
    /** Tags for every taggable resource created. */
    tags?: Record<string, string>;
}

// ... and what the component works with (every field decided).

export type AccountSettingChoice =
    | { mode: "create"; retainOnDelete: boolean }
    | { mode: "roleArn"; roleArn: string; retainOnDelete: boolean }
    | { mode: "external"; roleArn?: string }
    | { mode: "stackReference"; stack: string };

export interface MethodLogging {
    loggingLevel: LoggingLevel;
    dataTraceEnabled: boolean;
    metricsEnabled: boolean;
}

export interface MethodOverride extends MethodLogging {
    methodPath: string;
}

export interface LoggingSettings {
    accessLogs: {
        destination: AccessLogDestination;
        /** Set with destination "cloudwatch"; absent with "firehose" (there is no access-log group). */
        retentionInDays?: number;
        kmsKeyArn?: string;
        logGroupName?: string;
        format: string;
        /** Set exactly when `destination` is `"firehose"`. */
        firehose?: FirehoseSettings;
    };
    executionLogs: { retentionInDays: number; kmsKeyArn?: string };
    methodSettings: MethodLogging & { overrides: MethodOverride[] };
    alarms: AlarmSettings;
    queries: { enabled: boolean; folder: string };
    production: boolean;
    allowDataTraceInProduction: boolean;
    minimumRetentionInDays: number;
    retainLogsOnDelete: boolean;
    tags: Record<string, string>;
}

export interface AlarmSettings {
    enabled: boolean;
    snsTopicArn?: string;
    serverErrorRate: number;
    latencyThresholdMs: number;
    latencyStatistic: LatencyStatistic;
    periodSeconds: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
}

/** Shaped like `FirehoseInput`, so settings passed back in as arguments validate to themselves. */
export interface FirehoseSettings {
    streamName?: string;
    /** Exactly one of `bucket` (create it) and `bucketArn` (an existing bucket) is set. */
    bucket?: {
        name?: string;
        expireAfterDays: number;
        transition?: { afterDays: number; storageClass: S3TransitionStorageClass };
        noncurrentVersionExpireAfterDays: number;
    };
    bucketArn?: string;
    kmsKeyArn?: string;
    prefix?: string;
    compression: FirehoseCompression;
    bufferingSizeInMBs: number;
    bufferingIntervalInSeconds: number;
    errorLogRetentionInDays: number;
}

export const DEFAULT_RETENTION_DAYS = 30;
export const DEFAULT_PRODUCTION_MINIMUM_RETENTION_DAYS = 30;

// ---------------------------------------------------------------------------------------------

/** The settings a stage can override on top of the stack-wide `logging` defaults. */
export const STAGE_LOGGING_KEYS = [
    "accessLogs",
    "executionLogs",
    "methodSettings",
    "alarms",
    "queries",
    "allowDataTraceInProduction",
    "retainLogsOnDelete",
    "tags",
] as const satisfies readonly (keyof LoggingInput)[];
const LOGGING_KEYS = [...STAGE_LOGGING_KEYS, "production", "minimumRetentionInDays"] as const satisfies readonly (keyof LoggingInput)[];

/** A raw value and the name the user knows it by (a config key path or an argument path). */
type Located = { value: unknown; path: string };

/** Validates component arguments and fills in the defaults. `path` prefixes every error. */
export function resolveLoggingSettings(input: unknown, path: string): LoggingSettings {
    const raw = object(input ?? {}, path, LOGGING_KEYS);
    return resolveParts(located(raw, LOGGING_KEYS, path));
}

function located<K extends string>(raw: Record<string, unknown>, keys: readonly K[], path: string): Record<K, Located> {
    return Object.fromEntries(keys.map((key) => [key, { value: raw[key], path: `${path}.${key}` }])) as Record<K, Located>;
}

function resolveParts(parts: Record<(typeof LOGGING_KEYS)[number], Located>): LoggingSettings {
    const production = optionalBoolean(parts.production.value, parts.production.path) ?? false;
    const allow = parts.allowDataTraceInProduction;
    const allowDataTraceInProduction = optionalBoolean(allow.value, allow.path) ?? false;
    const methodSettings = resolveMethodSettings(parts.methodSettings.value, parts.methodSettings.path);
    const minimum = parts.minimumRetentionInDays;
    const minimumRetentionInDays =
        minimum.value === undefined ? DEFAULT_PRODUCTION_MINIMUM_RETENTION_DAYS : retention(minimum.value, minimum.path);
    const settings: LoggingSettings = {
        accessLogs: resolveAccessLogs(parts.accessLogs.value, parts.accessLogs.path),
        executionLogs: resolveExecutionLogs(parts.executionLogs.value, parts.executionLogs.path),
        methodSettings,
        alarms: resolveAlarms(parts.alarms.value, parts.alarms.path, production),
        queries: resolveQueries(parts.queries.value, parts.queries.path),
        production,
        allowDataTraceInProduction,
        minimumRetentionInDays,
        retainLogsOnDelete: optionalBoolean(parts.retainLogsOnDelete.value, parts.retainLogsOnDelete.path) ?? true,
        tags: resolveTags(parts.tags.value, parts.tags.path),
    };

    if (settings.alarms.enabled && !methodSettings.metricsEnabled) {
        // Stricter than AWS, on purpose: API Gateway publishes the stage-level (ApiName, Stage)
        // metrics the alarms watch even without detailed metrics, which add the per-method ones
        // ("View API Gateway metrics in the CloudWatch console", API Gateway Developer Guide). An
        // alarm is only useful with the per-method metrics that say which method fails, so alarms
        // require metricsEnabled (as the issue that introduced them asks).
        const explicit = isPlainObject(parts.alarms.value) && parts.alarms.value.enabled !== undefined;
        throw explicit
            ? new ValidationError(
                  `${parts.alarms.path}.enabled`,
                  true,
                  `needs ${parts.methodSettings.path}.metricsEnabled: true (the alarms watch the stage's CloudWatch metrics)`,
              )
            : new ValidationError(
                  `${parts.methodSettings.path}.metricsEnabled`,
                  false,
                  `turns off the metrics the alarms watch, and alarms are on by default in a production stack; ` +
                      `turn metrics on, or set ${parts.alarms.path}.enabled: false`,
              );
    }
    if (production) {
        const bucket = settings.accessLogs.firehose?.bucket;
        for (const [at, value] of [
            [`${parts.accessLogs.path}.retentionInDays`, settings.accessLogs.retentionInDays],
            [`${parts.executionLogs.path}.retentionInDays`, settings.executionLogs.retentionInDays],
            [`${parts.accessLogs.path}.firehose.bucket.expireAfterDays`, bucket?.expireAfterDays],
        ] as const) {
            const problem = value === undefined ? undefined : belowProductionMinimum(value, minimumRetentionInDays, minimum.path);
            if (problem) {
                throw new ValidationError(at, value, problem);
            }
        }
    }
    if (production && !allowDataTraceInProduction) {
        const path = parts.methodSettings.path;
        const offending = [
            { at: `${path}.dataTraceEnabled`, on: methodSettings.dataTraceEnabled },
            ...methodSettings.overrides.map((o, i) => ({ at: `${path}.overrides[${i}].dataTraceEnabled`, on: o.dataTraceEnabled })),
        ].find((entry) => entry.on);
        if (offending) {
            throw new ValidationError(
                offending.at,
                true,
                "is refused in a production stack: full request/response logs record sensitive data " +
                    `(headers, bodies, tokens). Turn it off, or set ${allow.path}: true to accept that.`,
            );
        }
    }
    return settings;
}

// ---------------------------------------------------------------------------------------------
// Stack config: the keys of Pulumi.<stack>.yaml under this project's namespace.

export interface SampleApiSettings {
    apiName: string;
    stageName: string;
    logging: LoggingSettings;
}

/** One stage to log, from `stages` in stack config. */
export interface StageEntry {
    /** Names the stage's component and its children: stable while the entry exists. */
    key: string;
    restApiId: string;
    /** The REST API's name: API Gateway's metrics (and so the alarms) know the API by it. */
    apiName?: string;
    stageName: string;
    /** Keys this stage had before a rename: its resources keep their identity (Pulumi aliases). */
    previousNames: string[];
    logging: LoggingSettings;
}

export interface StackSettings {
    accountSetting: AccountSettingChoice;
    stages: StageEntry[];
    /** Undefined when the sample API is not deployed. */
    sampleApi?: SampleApiSettings;
}

export const STACK_CONFIG_KEYS = [
    "production",
    "minimumRetentionInDays",
    "accountSetting",
    "logging",
    "stages",
    "sampleApi",
] as const;
const STAGE_ENTRY_KEYS = ["name", "previousNames", "restApiId", "apiName", "stageName", ...STAGE_LOGGING_KEYS] as const;
/** Names index.ts gives its own components; a stage named so would collide with them. */
export const RESERVED_STAGE_NAMES = ["sample", "sample-logging", "account-setting"];

/**
 * Why a retention is too short for production, or undefined. `minimumSetting` names where the
 * minimum was set. Shared with the policy pack, which says it in the same words.
 */
export function belowProductionMinimum(days: number, minimumDays: number, minimumSetting: string): string | undefined {
    return days < minimumDays
        ? `is below the production minimum of ${minimumDays} days (${minimumSetting}); keep production logs longer, or lower the minimum deliberately`
        : undefined;
}

/** Stacks named like this are production unless `production: false` says otherwise. */
export function isProductionStackName(stack: string): boolean {
    return /^(prod|production)([-_.].*)?$/i.test(stack);
}

/**
 * Validates the project's stack config. `config` holds each key present (without the
 * `project:` prefix) and its parsed value. Each stage's settings are the stack-wide `logging`
 * defaults with the stage's own settings on top; an error names whichever of the two set the value.
 */
export function resolveStackConfig(config: Record<string, unknown>, project: string, stack: string): StackSettings {
    const key = (name: string) => `${project}:${name}`;
    for (const name of Object.keys(config)) {
        if (!(STACK_CONFIG_KEYS as readonly string[]).includes(name)) {
            const hint = closest(name, STACK_CONFIG_KEYS);
            throw new ValidationError(
                key(name),
                config[name],
                `is not a config key of this project${hint ? `; did you mean "${key(hint)}"?` : ""} ` +
                    `(known: ${STACK_CONFIG_KEYS.join(", ")})`,
            );
        }
    }
    const defaults = object(config.logging ?? {}, key("logging"), STAGE_LOGGING_KEYS);
    const stackWide = {
        production: { value: config.production ?? isProductionStackName(stack), path: key("production") },
        minimumRetentionInDays: { value: config.minimumRetentionInDays, path: key("minimumRetentionInDays") },
    };
    const resolveFor = (overrides: Record<string, unknown>, path: string): LoggingSettings =>
        attributed(overrides, path, key("logging"), () =>
            resolveParts({ ...located(mergeSettings(defaults, overrides), STAGE_LOGGING_KEYS, path), ...stackWide }),
        );
    // The defaults are checked on their own too, so a typo there fails even in a stack with no stage.
    const defaultSettings = resolveFor({}, key("logging"));

    const stagesRaw = config.stages ?? [];
    if (!Array.isArray(stagesRaw)) {
        throw new ValidationError(key("stages"), stagesRaw, "must be a list of { restApiId, stageName, ... }");
    }
    const stages: StageEntry[] = [];
    stagesRaw.forEach((item, i) => {
        const path = `${key("stages")}[${i}]`;
        const raw = object(item, path, STAGE_ENTRY_KEYS);
        const restApiId = restApiIdOf(raw.restApiId, `${path}.restApiId`);
        const name = stageName(raw.stageName, `${path}.stageName`);
        const entryKey = raw.name === undefined ? `${restApiId}-${name}` : resourceKey(raw.name, `${path}.name`);
        const clash = stages.find((s) => s.key === entryKey || (s.restApiId === restApiId && s.stageName === name));
        if (clash) {
            throw new ValidationError(
                path,
                { name: raw.name, restApiId, stageName: name },
                `repeats stage "${clash.key}" (${clash.restApiId}/${clash.stageName}); list each stage once, with a unique name`,
            );
        }
        const previous = raw.previousNames ?? [];
        if (!Array.isArray(previous)) {
            throw new ValidationError(`${path}.previousNames`, previous, "must be a list of the names this stage had before");
        }
        const previousNames = previous.map((p, j) => resourceKey(p, `${path}.previousNames[${j}]`));
        const apiName = raw.apiName === undefined ? undefined : restApiName(raw.apiName, `${path}.apiName`);
        const { name: _n, previousNames: _p, restApiId: _r, apiName: _a, stageName: _s, ...overrides } = raw;
        const logging = resolveFor(overrides, path);
        if (logging.alarms.enabled && apiName === undefined) {
            throw new ValidationError(`${path}.apiName`, undefined, alarmsNeedApiName(`${path}.alarms.enabled`));
        }
        stages.push({ key: entryKey, restApiId, ...(apiName === undefined ? {} : { apiName }), stageName: name, previousNames, logging });
    });

    const sampleRaw = config.sampleApi ?? (stages.length === 0 ? {} : false);
    let sampleApi: SampleApiSettings | undefined;
    if (sampleRaw !== false) {
        const sample = object(sampleRaw, key("sampleApi"), ["apiName", "stageName"]);
        const apiName = restApiName(sample.apiName ?? `${project}-sample`, key("sampleApi.apiName"));
        sampleApi = { apiName, stageName: stageName(sample.stageName ?? stack, key("sampleApi.stageName")), logging: defaultSettings };
    }
    return { accountSetting: resolveAccountSetting(config.accountSetting, key("accountSetting")), stages, sampleApi };
}

/** The defaults with a stage's settings on top: objects merge, anything else (a list, a format) replaces. */
export function mergeSettings(defaults: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
    const merged: Record<string, unknown> = { ...defaults };
    for (const [k, v] of Object.entries(overrides)) {
        const base = merged[k];
        merged[k] = isPlainObject(base) && isPlainObject(v) && k !== "format" ? mergeSettings(base, v) : v;
    }
    return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Runs `resolve` on merged settings reported under `path`; an error about a value the stage did
 * not set is re-reported under `defaultsPath`, where the user wrote it.
 */
function attributed<T>(overrides: Record<string, unknown>, path: string, defaultsPath: string, resolve: () => T): T {
    try {
        return resolve();
    } catch (error) {
        if (error instanceof ValidationError && path !== defaultsPath && error.path.startsWith(`${path}.`)) {
            const relative = error.path.slice(path.length + 1);
            if (!hasPath(overrides, relative)) {
                throw new ValidationError(`${defaultsPath}.${relative}`, error.value, error.problem);
            }
        }
        throw error;
    }
}

function hasPath(value: unknown, relative: string): boolean {
    let current = value;
    for (const part of relative.split(/\.|(?=\[)/)) {
        const index = /^\[(\d+)\]$/.exec(part);
        if (index ? !Array.isArray(current) : !isPlainObject(current)) {
            return false;
        }
        current = index ? (current as unknown[])[Number(index[1])] : (current as Record<string, unknown>)[part];
        if (current === undefined) {
            return false;
        }
    }
    return true;
}

export function resolveAccountSetting(input: unknown, path: string): AccountSettingChoice {
    const raw = object(input ?? { mode: "create" }, path, ["mode", "roleArn", "stack", "retainOnDelete"]);
    const mode = oneOf(raw.mode ?? "create", `${path}.mode`, ["create", "roleArn", "external", "stackReference"] as const);
    const retainOnDelete = optionalBoolean(raw.retainOnDelete, `${path}.retainOnDelete`) ?? true;
    if (mode !== "stackReference") {
        forbid(raw, "stack", path, 'only with mode "stackReference"');
    }
    if (mode === "external" || mode === "stackReference") {
        forbid(raw, "retainOnDelete", path, `has no effect with mode "${mode}" (this stack creates nothing region-wide)`);
    }
    switch (mode) {
        case "create":
            forbid(raw, "roleArn", path, 'only with mode "roleArn" or "external"');
            return { mode, retainOnDelete };
        case "roleArn":
            return { mode, roleArn: iamRoleArn(raw.roleArn, `${path}.roleArn`), retainOnDelete };
        case "external": {
            const roleArn = raw.roleArn === undefined ? undefined : iamRoleArn(raw.roleArn, `${path}.roleArn`);
            return roleArn === undefined ? { mode } : { mode, roleArn };
        }
        case "stackReference":
            forbid(raw, "roleArn", path, 'only with mode "roleArn" or "external" (stackReference reads it)');
            if (typeof raw.stack !== "string" || !/^[\w.-]+\/[\w.-]+\/[\w.-]+$/.test(raw.stack)) {
                throw new ValidationError(
                    `${path}.stack`,
                    raw.stack,
                    'must name the stack that manages the account setting as "org/project/stack"',
                );
            }
            return { mode, stack: raw.stack };
    }
}

function resolveAccessLogs(input: unknown, path: string): LoggingSettings["accessLogs"] {
    const raw = object(input ?? {}, path, ["retentionInDays", "kmsKeyArn", "logGroupName", "format", "destination", "firehose"]);
    const destination = oneOf(raw.destination ?? "cloudwatch", `${path}.destination`, ACCESS_LOG_DESTINATIONS);
    if (destination === "firehose") {
        // A stage has one access-log destination, so the log-group settings would silently do nothing.
        for (const key of ["retentionInDays", "kmsKeyArn", "logGroupName"]) {
            forbid(raw, key, path, 'is a CloudWatch Logs setting and has no effect with destination "firehose" (see accessLogs.firehose)');
        }
    } else {
        forbid(raw, "firehose", path, `needs ${path}.destination: firehose (a stage has one access-log destination)`);
    }
    const format = resolveAccessLogFormat(raw.format, `${path}.format`);
    if (destination === "firehose") {
        return { destination, format, firehose: resolveFirehose(raw.firehose, `${path}.firehose`) };
    }
    return {
        destination,
        retentionInDays: retention(raw.retentionInDays, `${path}.retentionInDays`),
        ...optional("kmsKeyArn", raw.kmsKeyArn, (v) => kmsKeyArn(v, `${path}.kmsKeyArn`)),
        ...optional("logGroupName", raw.logGroupName, (v) => logGroupName(v, `${path}.logGroupName`)),
        format,
    };
}

const FIREHOSE_KEYS = [
    "streamName", "bucket", "bucketArn", "kmsKeyArn", "prefix", "compression",
    "bufferingSizeInMBs", "bufferingIntervalInSeconds", "errorLogRetentionInDays",
] as const satisfies readonly (keyof FirehoseInput)[];

export function resolveFirehose(input: unknown, path: string): FirehoseSettings {
    const raw = object(input ?? {}, path, FIREHOSE_KEYS);
    if (raw.bucket !== undefined && raw.bucketArn !== undefined) {
        throw new ValidationError(`${path}.bucketArn`, raw.bucketArn, `conflicts with ${path}.bucket: give either bucket (create one) or bucketArn (use an existing one)`);
    }
    return {
        ...optional("streamName", raw.streamName, (v) => firehoseStreamName(v, `${path}.streamName`)),
        ...(raw.bucketArn !== undefined
            ? { bucketArn: s3BucketArn(raw.bucketArn, `${path}.bucketArn`) }
            : { bucket: resolveFirehoseBucket(raw.bucket, `${path}.bucket`) }),
        ...optional("kmsKeyArn", raw.kmsKeyArn, (v) => firehoseKmsKeyArn(v, `${path}.kmsKeyArn`)),
        ...optional("prefix", raw.prefix, (v) => s3Prefix(v, `${path}.prefix`)),
        compression: oneOf(raw.compression ?? "GZIP", `${path}.compression`, FIREHOSE_COMPRESSION_FORMATS),
        // BufferingHints limits for an S3 destination (Firehose API reference): 1-128 MiB, 0-900 s.
        bufferingSizeInMBs: integerIn(raw.bufferingSizeInMBs ?? 5, `${path}.bufferingSizeInMBs`, 1, 128, "MiB"),
        bufferingIntervalInSeconds: integerIn(raw.bufferingIntervalInSeconds ?? 300, `${path}.bufferingIntervalInSeconds`, 0, 900, "seconds"),
        errorLogRetentionInDays: retention(raw.errorLogRetentionInDays, `${path}.errorLogRetentionInDays`),
    };
}

function resolveFirehoseBucket(input: unknown, path: string): NonNullable<FirehoseSettings["bucket"]> {
    const raw = object(input ?? {}, path, ["name", "expireAfterDays", "transition", "noncurrentVersionExpireAfterDays"]);
    const expireAfterDays = integerIn(raw.expireAfterDays ?? 365, `${path}.expireAfterDays`, 1, 36500, "days");
    let transition: { afterDays: number; storageClass: S3TransitionStorageClass } | undefined;
    if (raw.transition !== undefined) {
        const t = object(raw.transition, `${path}.transition`, ["afterDays", "storageClass"]);
        const storageClass = oneOf(t.storageClass, `${path}.transition.storageClass`, S3_TRANSITION_STORAGE_CLASSES);
        // S3 refuses transitions to the IA classes before 30 days (Transitioning objects, S3 User Guide).
        const minimum = storageClass === "STANDARD_IA" || storageClass === "ONEZONE_IA" ? 30 : 0;
        const afterDays = integerIn(t.afterDays, `${path}.transition.afterDays`, minimum, 36500, `days (S3 allows ${storageClass} after ${minimum} days at the earliest)`);
        if (afterDays >= expireAfterDays) {
            // S3 refuses a rule whose expiration does not come after its transitions.
            throw new ValidationError(`${path}.transition.afterDays`, afterDays, `must be less than ${path}.expireAfterDays (${expireAfterDays}): S3 expires objects only after their last transition`);
        }
        transition = { afterDays, storageClass };
    }
    return {
        ...optional("name", raw.name, (v) => s3BucketName(v, `${path}.name`)),
        expireAfterDays,
        ...(transition ? { transition } : {}),
        noncurrentVersionExpireAfterDays: integerIn(raw.noncurrentVersionExpireAfterDays ?? 30, `${path}.noncurrentVersionExpireAfterDays`, 1, 36500, "days"),
    };
}

function resolveExecutionLogs(input: unknown, path: string): LoggingSettings["executionLogs"] {
    const raw = object(input ?? {}, path, ["retentionInDays", "kmsKeyArn"]);
    return {
        retentionInDays: retention(raw.retentionInDays, `${path}.retentionInDays`),
        ...optional("kmsKeyArn", raw.kmsKeyArn, (v) => kmsKeyArn(v, `${path}.kmsKeyArn`)),
    };
}

function resolveMethodSettings(input: unknown, path: string): LoggingSettings["methodSettings"] {
    const raw = object(input ?? {}, path, ["loggingLevel", "dataTraceEnabled", "metricsEnabled", "overrides"]);
    const base: MethodLogging = {
        loggingLevel: oneOf(raw.loggingLevel ?? "ERROR", `${path}.loggingLevel`, LOGGING_LEVELS),
        dataTraceEnabled: optionalBoolean(raw.dataTraceEnabled, `${path}.dataTraceEnabled`) ?? false,
        metricsEnabled: optionalBoolean(raw.metricsEnabled, `${path}.metricsEnabled`) ?? true,
    };
    const overrides = raw.overrides ?? [];
    if (!Array.isArray(overrides)) {
        throw new ValidationError(`${path}.overrides`, overrides, "must be a list of { methodPath, loggingLevel, ... }");
    }
    const seen = new Set<string>();
    const resolved = overrides.map((item, i) => {
        const at = `${path}.overrides[${i}]`;
        const o = object(item, at, ["methodPath", "loggingLevel", "dataTraceEnabled", "metricsEnabled"]);
        const methodPath = methodPathOf(o.methodPath, `${at}.methodPath`);
        if (seen.has(methodPath)) {
            throw new ValidationError(`${at}.methodPath`, methodPath, "is listed twice; give each method path once");
        }
        seen.add(methodPath);
        return {
            methodPath,
            loggingLevel: o.loggingLevel === undefined ? base.loggingLevel : oneOf(o.loggingLevel, `${at}.loggingLevel`, LOGGING_LEVELS),
            dataTraceEnabled: optionalBoolean(o.dataTraceEnabled, `${at}.dataTraceEnabled`) ?? base.dataTraceEnabled,
            metricsEnabled: optionalBoolean(o.metricsEnabled, `${at}.metricsEnabled`) ?? base.metricsEnabled,
        };
    });
    if (base.dataTraceEnabled && base.loggingLevel === "OFF") {
        throw new ValidationError(
            `${path}.dataTraceEnabled`,
            true,
            "needs loggingLevel ERROR or INFO: API Gateway writes data trace to the execution log, which OFF disables",
        );
    }
    return { ...base, overrides: resolved };
}

function resolveAlarms(input: unknown, path: string, production: boolean): AlarmSettings {
    const raw = object(input ?? {}, path, [
        "enabled", "snsTopicArn", "serverErrorRate", "latencyThresholdMs", "latencyStatistic",
        "periodSeconds", "evaluationPeriods", "datapointsToAlarm",
    ]);
    const serverErrorRate = raw.serverErrorRate ?? 0.05;
    if (typeof serverErrorRate !== "number" || !(serverErrorRate > 0 && serverErrorRate <= 1)) {
        throw new ValidationError(`${path}.serverErrorRate`, serverErrorRate, "must be a share of requests above 0 and at most 1 (0.05 is 5%)");
    }
    const periodSeconds = integerIn(raw.periodSeconds ?? 60, `${path}.periodSeconds`, 60, 86400, "seconds");
    if (periodSeconds % 60 !== 0) {
        // API Gateway publishes its metrics once a minute, so CloudWatch takes periods in whole minutes.
        throw new ValidationError(`${path}.periodSeconds`, periodSeconds, "must be a multiple of 60 (API Gateway publishes metrics every minute)");
    }
    const evaluationPeriods = integerIn(raw.evaluationPeriods ?? 5, `${path}.evaluationPeriods`, 1, 100, "datapoints");
    const datapointsToAlarm = integerIn(raw.datapointsToAlarm ?? Math.min(3, evaluationPeriods), `${path}.datapointsToAlarm`, 1, evaluationPeriods, `datapoints (at most ${path}.evaluationPeriods)`);
    return {
        enabled: optionalBoolean(raw.enabled, `${path}.enabled`) ?? production,
        ...optional("snsTopicArn", raw.snsTopicArn, (v) => snsTopicArn(v, `${path}.snsTopicArn`)),
        serverErrorRate,
        latencyThresholdMs: integerIn(raw.latencyThresholdMs ?? 3000, `${path}.latencyThresholdMs`, 1, 300000, "milliseconds"),
        latencyStatistic: oneOf(raw.latencyStatistic ?? "p99", `${path}.latencyStatistic`, LATENCY_STATISTICS),
        periodSeconds,
        evaluationPeriods,
        datapointsToAlarm,
    };
}

function resolveQueries(input: unknown, path: string): LoggingSettings["queries"] {
    const raw = object(input ?? {}, path, ["enabled", "folder"]);
    const folder = raw.folder ?? "API Gateway";
    // A saved query's name is at most 255 characters; "/" separates the console's folders.
    if (typeof folder !== "string" || !/^[^/]([^]{0,126}[^/])?$/.test(folder) || folder.includes("//")) {
        throw new ValidationError(`${path}.folder`, folder, 'must be 1-128 characters, not starting or ending with "/" nor containing "//"');
    }
    return { enabled: optionalBoolean(raw.enabled, `${path}.enabled`) ?? true, folder };
}

function resolveTags(input: unknown, path: string): Record<string, string> {
    if (input === undefined) {
        return {};
    }
    const raw = object(input, path, null);
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (typeof value !== "string") {
            throw new ValidationError(`${path}.${key}`, value, "must be a string (AWS tag values are strings)");
        }
        if (key.toLowerCase().startsWith("aws:")) {
            throw new ValidationError(`${path}.${key}`, value, 'uses the reserved "aws:" tag prefix');
        }
        tags[key] = value;
    }
    return tags;
}

// ---------------------------------------------------------------------------------------------
// Field checks, shared by every part of the settings.

export function retention(value: unknown, path: string): number {
    if (value === undefined) {
        return DEFAULT_RETENTION_DAYS;
    }
    if (typeof value !== "number" || !(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(value)) {
        throw new ValidationError(
            path,
            value,
            `is not a CloudWatch Logs retention value (allowed: ${CLOUDWATCH_RETENTION_DAYS.join(", ")})`,
        );
    }
    return value;
}

export function snsTopicArn(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(value)) {
        throw new ValidationError(path, value, "is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)");
    }
    return value;
}

export function iamRoleArn(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/.test(value)) {
        throw new ValidationError(path, value, "is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)");
    }
    return value;
}

export function kmsKeyArn(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w\/-]+$/.test(value)) {
        throw new ValidationError(
            path,
            value,
            "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>); CloudWatch Logs needs the full ARN",
        );
    }
    return value;
}

export function logGroupName(value: unknown, path: string): string {
    // CloudWatch Logs: 1-512 characters of a-z, A-Z, 0-9, '_', '-', '/', '.', '#'.
    if (typeof value !== "string" || !/^[\w\-\/.#]{1,512}$/.test(value)) {
        throw new ValidationError(
            path,
            value,
            "is not a CloudWatch Logs log group name (1-512 characters: letters, digits, _ - / . #)",
        );
    }
    if (value.startsWith("API-Gateway-Execution-Logs_")) {
        throw new ValidationError(path, value, "is the execution log group's name pattern; pick another name for access logs");
    }
    return value;
}

export function firehoseStreamName(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
        throw new ValidationError(path, value, "is not a Firehose stream name (1-64 letters, digits, _ . or -)");
    }
    if (!value.startsWith(FIREHOSE_STREAM_PREFIX)) {
        const suggestion = `${FIREHOSE_STREAM_PREFIX}${value}`;
        throw new ValidationError(
            path,
            value,
            `must start with "${FIREHOSE_STREAM_PREFIX}": API Gateway refuses to send access logs to a Firehose stream with any other name` +
                (suggestion.length <= 64 ? `; did you mean "${suggestion}"?` : ""),
        );
    }
    if (value.length === FIREHOSE_STREAM_PREFIX.length) {
        throw new ValidationError(path, value, `needs a name after "${FIREHOSE_STREAM_PREFIX}"`);
    }
    return value;
}

export function s3BucketName(value: unknown, path: string): string {
    // General purpose bucket naming rules (S3 User Guide): 3-63 lowercase letters, digits, dots and
    // hyphens; a letter or digit at both ends; no "..", no IP address form, and a few reserved affixes.
    const rule = "is not an S3 bucket name (3-63 lowercase letters, digits, . or -, starting and ending with a letter or digit)";
    if (typeof value !== "string" || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) || value.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(value)) {
        throw new ValidationError(path, value, rule);
    }
    const reserved = ["xn--", "sthree-", "amzn-s3-demo-"].find((p) => value.startsWith(p)) ?? ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((s) => value.endsWith(s));
    if (reserved) {
        throw new ValidationError(path, value, `uses "${reserved}", which S3 reserves in bucket names`);
    }
    return value;
}

export function s3BucketArn(value: unknown, path: string): string {
    if (typeof value === "string" && /^arn:aws[a-z-]*:s3:::[^/]+\//.test(value)) {
        throw new ValidationError(path, value, "must be a bucket ARN without a key or prefix (set the prefix with the prefix setting)");
    }
    const match = typeof value === "string" ? /^arn:aws[a-z-]*:s3:::(.+)$/.exec(value) : null;
    if (!match) {
        throw new ValidationError(path, value, "is not an S3 bucket ARN (arn:aws:s3:::<bucket-name>)");
    }
    s3BucketName(match[1], path);
    return value as string;
}

export function firehoseKmsKeyArn(value: unknown, path: string): string {
    // A key ARN, not an alias: IAM matches kms: actions against the key's ARN, so an alias in the
    // role policy would grant nothing and delivery would fail with AccessDenied.
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/.test(value)) {
        throw new ValidationError(path, value, "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>; an alias does not work in the Firehose role's policy)");
    }
    return value;
}

export function s3Prefix(value: unknown, path: string): string {
    if (typeof value === "string" && value.includes("!{")) {
        throw new ValidationError(path, value, "must not contain !{...} expressions: the component appends the year=/month=/day=/hour= partitions itself");
    }
    if (typeof value !== "string" || !/^[A-Za-z0-9!_.*'()\/=-]{1,400}$/.test(value)) {
        throw new ValidationError(path, value, "is not an S3 key prefix (1-400 letters, digits and ! _ . * ' ( ) / = -)");
    }
    if (value.startsWith("/") || !value.endsWith("/") || value.includes("//")) {
        throw new ValidationError(path, value, 'must end with "/" and neither start with "/" nor contain "//" (e.g. "access-logs/orders/")');
    }
    return value;
}

function integerIn(value: unknown, path: string, min: number, max: number, unit: string): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        throw new ValidationError(path, value, `must be a whole number from ${min} to ${max} ${unit}`);
    }
    return value;
}

export function stageName(value: unknown, path: string): string {
    // API Gateway: stage names are letters, digits, hyphens and underscores, up to 128 characters.
    if (typeof value !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(value)) {
        throw new ValidationError(path, value, "is not an API Gateway stage name (1-128 letters, digits, - or _)");
    }
    return value;
}

export function restApiName(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^.{1,1024}$/.test(value)) {
        throw new ValidationError(path, value, "must be a REST API name (1-1024 characters)");
    }
    return value;
}

/** Why an alarm cannot be made without the API's name. */
export function alarmsNeedApiName(switchPath: string): string {
    return (
        "is needed for alarms: API Gateway's metrics name the API by its name (dimension ApiName), not its id; " +
        `give the REST API's name, or set ${switchPath}: false`
    );
}

export function restApiIdOf(value: unknown, path: string): string {
    // REST API ids are 10 lowercase letters and digits, e.g. the "a1b2c3d4e5" in a1b2c3d4e5.execute-api...
    if (typeof value !== "string" || !/^[a-z0-9]{10}$/.test(value)) {
        throw new ValidationError(path, value, "is not a REST API id (10 lowercase letters and digits, as in <id>.execute-api.<region>.amazonaws.com)");
    }
    return value;
}

function resourceKey(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(value)) {
        throw new ValidationError(path, value, "must be 1-63 letters, digits, - or _ (it names this stage's resources)");
    }
    if (RESERVED_STAGE_NAMES.includes(value)) {
        throw new ValidationError(path, value, `is reserved (${RESERVED_STAGE_NAMES.join(", ")} name this program's own resources)`);
    }
    return value;
}

function methodPathOf(value: unknown, path: string): string {
    if (typeof value !== "string") {
        throw new ValidationError(path, value, 'must be a string like "pets/GET", "pets/{id}/*" or "*/*"');
    }
    if (value.startsWith("/")) {
        throw new ValidationError(path, value, `must not start with "/" (API Gateway method paths drop it: "${value.slice(1)}")`);
    }
    const slash = value.lastIndexOf("/");
    const method = value.slice(slash + 1);
    if (slash <= 0 || !HTTP_METHODS.includes(method)) {
        throw new ValidationError(
            path,
            value,
            `must be "{resourcePath}/{HTTP method}" where the method is one of ${HTTP_METHODS.join(", ")}, e.g. "pets/GET"`,
        );
    }
    return value;
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
        const hint = typeof value === "string" ? closest(value, allowed) : undefined;
        throw new ValidationError(
            path,
            value,
            `is not allowed (allowed: ${allowed.join(", ")})${hint ? `; did you mean "${hint}"?` : ""}`,
        );
    }
    return value as T;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || typeof value === "boolean") {
        return value;
    }
    throw new ValidationError(path, value, "must be true or false");
}

/** Checks a plain object and refuses unknown keys, so a typo never silently falls back to a default. */
export function object(value: unknown, path: string, known: readonly string[] | null): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new ValidationError(path, value, "must be an object");
    }
    if (known) {
        for (const key of Object.keys(value)) {
            if (!known.includes(key)) {
                const hint = closest(key, known);
                throw new ValidationError(
                    `${path}.${key}`,
                    (value as Record<string, unknown>)[key],
                    `is not a known setting${hint ? `; did you mean "${hint}"?` : ""} (known: ${known.join(", ")})`,
                );
            }
        }
    }
    return value as Record<string, unknown>;
}

function forbid(raw: Record<string, unknown>, key: string, path: string, why: string): void {
    if (raw[key] !== undefined) {
        throw new ValidationError(`${path}.${key}`, raw[key], why);
    }
}

function optional<K extends string, T>(key: K, value: unknown, check: (v: unknown) => T): { [P in K]?: T } {
    return (value === undefined ? {} : { [key]: check(value) }) as { [P in K]?: T };
}
