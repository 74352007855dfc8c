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
export type LoggingLevel = (typeof LOGGING_LEVELS)[number];

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
    | { mode: "external"; roleArn?: string };

export interface AccessLogsInput {
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

export interface ExecutionLogsInput {
    /** Days CloudWatch Logs keeps execution logs. Defaults to 30. */
    retentionInDays?: number;
    /** KMS key ARN for the execution log group. */
    kmsKeyArn?: string;
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
    accountSetting?: AccountSettingInput;
    accessLogs?: AccessLogsInput;
    executionLogs?: ExecutionLogsInput;
    methodSettings?: MethodSettingsInput;
    /** A production stack refuses data trace unless `allowDataTraceInProduction` is set. */
    production?: boolean;
    /** Acknowledges that full request/response logs in production record sensitive data. */
    allowDataTraceInProduction?: boolean;
    /** Keep log groups when the stack is destroyed or they are replaced. Defaults to true. */
    retainLogsOnDelete?: boolean;
    /** Tags for every taggable resource created. */
    tags?: Record<string, string>;
}

// ... and what the component works with (every field decided).

export type AccountSetting =
    | { mode: "create"; retainOnDelete: boolean }
    | { mode: "roleArn"; roleArn: string; retainOnDelete: boolean }
    | { mode: "external"; roleArn?: string };

export interface MethodLogging {
    loggingLevel: LoggingLevel;
    dataTraceEnabled: boolean;
    metricsEnabled: boolean;
}

export interface MethodOverride extends MethodLogging {
    methodPath: string;
}

export interface LoggingSettings {
    accountSetting: AccountSetting;
    accessLogs: { retentionInDays: number; kmsKeyArn?: string; logGroupName?: string; format: string };
    executionLogs: { retentionInDays: number; kmsKeyArn?: string };
    methodSettings: MethodLogging & { overrides: MethodOverride[] };
    production: boolean;
    allowDataTraceInProduction: boolean;
    retainLogsOnDelete: boolean;
    tags: Record<string, string>;
}

export const DEFAULT_RETENTION_DAYS = 30;

// ---------------------------------------------------------------------------------------------

const LOGGING_KEYS = [
    "accountSetting",
    "accessLogs",
    "executionLogs",
    "methodSettings",
    "production",
    "allowDataTraceInProduction",
    "retainLogsOnDelete",
    "tags",
] as const satisfies readonly (keyof LoggingInput)[];

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
    const settings: LoggingSettings = {
        accountSetting: resolveAccountSetting(parts.accountSetting.value, parts.accountSetting.path),
        accessLogs: resolveAccessLogs(parts.accessLogs.value, parts.accessLogs.path),
        executionLogs: resolveExecutionLogs(parts.executionLogs.value, parts.executionLogs.path),
        methodSettings,
        production,
        allowDataTraceInProduction,
        retainLogsOnDelete: optionalBoolean(parts.retainLogsOnDelete.value, parts.retainLogsOnDelete.path) ?? true,
        tags: resolveTags(parts.tags.value, parts.tags.path),
    };

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
}

export interface StackSettings {
    logging: LoggingSettings;
    sampleApi: SampleApiSettings;
}

export const STACK_CONFIG_KEYS = ["production", "accountSetting", "logging", "sampleApi"] as const;
const LOGGING_CONFIG_KEYS = [
    "accessLogs",
    "executionLogs",
    "methodSettings",
    "allowDataTraceInProduction",
    "retainLogsOnDelete",
    "tags",
] as const;

/** Stacks named like this are production unless `production: false` says otherwise. */
export function isProductionStackName(stack: string): boolean {
    return /^(prod|production)([-_.].*)?$/i.test(stack);
}

/**
 * Validates the project's stack config. `config` holds each key present (without the
 * `project:` prefix) and its parsed value.
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
    const logging = object(config.logging ?? {}, key("logging"), LOGGING_CONFIG_KEYS);
    const settings = resolveParts({
        ...located(logging, LOGGING_CONFIG_KEYS, key("logging")),
        production: { value: config.production ?? isProductionStackName(stack), path: key("production") },
        accountSetting: { value: config.accountSetting, path: key("accountSetting") },
    });
    const sample = object(config.sampleApi ?? {}, key("sampleApi"), ["apiName", "stageName"]);
    const apiName = sample.apiName ?? `${project}-sample`;
    if (typeof apiName !== "string" || !/^.{1,1024}$/.test(apiName)) {
        throw new ValidationError(key("sampleApi.apiName"), apiName, "must be a REST API name (1-1024 characters)");
    }
    return {
        logging: settings,
        sampleApi: { apiName, stageName: stageName(sample.stageName ?? stack, key("sampleApi.stageName")) },
    };
}

export function resolveAccountSetting(input: unknown, path: string): AccountSetting {
    const raw = object(input ?? { mode: "create" }, path, ["mode", "roleArn", "retainOnDelete"]);
    const mode = oneOf(raw.mode ?? "create", `${path}.mode`, ["create", "roleArn", "external"] as const);
    const retainOnDelete = optionalBoolean(raw.retainOnDelete, `${path}.retainOnDelete`) ?? true;
    switch (mode) {
        case "create":
            forbid(raw, "roleArn", path, 'only with mode "roleArn" or "external"');
            return { mode, retainOnDelete };
        case "roleArn":
            return { mode, roleArn: iamRoleArn(raw.roleArn, `${path}.roleArn`), retainOnDelete };
        case "external": {
            forbid(raw, "retainOnDelete", path, 'has no effect with mode "external" (nothing is created)');
            const roleArn = raw.roleArn === undefined ? undefined : iamRoleArn(raw.roleArn, `${path}.roleArn`);
            return roleArn === undefined ? { mode } : { mode, roleArn };
        }
    }
}

function resolveAccessLogs(input: unknown, path: string): LoggingSettings["accessLogs"] {
    const raw = object(input ?? {}, path, ["retentionInDays", "kmsKeyArn", "logGroupName", "format"]);
    return {
        retentionInDays: retention(raw.retentionInDays, `${path}.retentionInDays`),
        ...optional("kmsKeyArn", raw.kmsKeyArn, (v) => kmsKeyArn(v, `${path}.kmsKeyArn`)),
        ...optional("logGroupName", raw.logGroupName, (v) => logGroupName(v, `${path}.logGroupName`)),
        format: resolveAccessLogFormat(raw.format, `${path}.format`),
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

export function stageName(value: unknown, path: string): string {
    // API Gateway: stage names are letters, digits, hyphens and underscores, up to 128 characters.
    if (typeof value !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(value)) {
        throw new ValidationError(path, value, "is not an API Gateway stage name (1-128 letters, digits, - or _)");
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
