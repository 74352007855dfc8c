// StageLoggingArgs → StageLoggingSettings: the component's one check of its arguments, with every
// default filled in from the declaration (declarations.generated.ts). Values not known yet (Outputs)
// are let through here and checked when they resolve. Pure: tested without mocks.

import * as pulumi from "@pulumi/pulumi";
import { checkAdoptedNamesKnown, resolveAdoptLogGroups } from "./adoption";
import { integerIn, isPlainObject, object, oneOf, optional, optionalBoolean } from "./checks";
import { ExecutionLogSettings, resolveExecutionLogs } from "./executionLogs/settings";
import { plainValue, whenAllKnown, whenKnown } from "./inputs";
import {
    LATENCY_STATISTIC_VALUES,
    LOGGING_LEVEL_VALUES,
    STAGE_LOGGING_DEFAULTS as DEFAULTS,
    STAGE_LOGGING_KEYS as KEYS,
} from "./declarations.generated";
import { ValidationError } from "./errors";
import { STAGE_WIDE_KEY } from "./methodSettingKeys";
import { resolveStageOwner } from "./stageOwnership";
import {
    alarmsNeedApiName,
    EVALUATION_RANGE_SECRET_PROBLEM,
    evaluationRangeProblem,
    iamRoleArn,
    restApiIdOf,
    restApiName,
    stageName as checkStageName,
    methodPathOf,
    retention,
    snsTopicArn,
    tagCount,
    tagKey,
    tagValue,
} from "./rules";
import { AccessLogSinkSettings, resolveAccessLogs } from "./sinks/accessLogSettings";
import { stageNamesProblem } from "./stageNames";
import type {
    LatencyStatistic,
    LoggingLevel,
    StageLoggingArgs,
    StageOwner,
} from "./stageLoggingArgs";

/** What a method logs, decided: every default filled in. */
export interface MethodLogging {
    /** The execution-log level. */
    loggingLevel: LoggingLevel;
    /** Full request and response logging. */
    dataTraceEnabled: boolean;
    /** Detailed CloudWatch metrics per method. */
    metricsEnabled: boolean;
}

export interface MethodOverride extends MethodLogging {
    methodPath: string;
}

// The access-log destination settings and their checks are sinks/accessLogSettings.ts's; its types are
// exported from here too.
export type { AccessLogSinkSettings, CloudWatchLogsSinkSettings, FirehoseSinkSettings } from "./sinks/accessLogSettings";

/** The alarms, decided: each threshold and period as given, plain or an Output (a secret stays one). */
export interface AlarmSettings {
    enabled: boolean;
    snsTopicArn?: pulumi.Input<string>;
    serverErrorRate: pulumi.Input<number>;
    latencyThresholdMs: pulumi.Input<number>;
    latencyStatistic: LatencyStatistic;
    periodSeconds: pulumi.Input<number>;
    evaluationPeriods: pulumi.Input<number>;
    datapointsToAlarm: pulumi.Input<number>;
}

/** Everything about one stage's logging, decided. */
export interface StageLoggingSettings {
    accessLogs: { format: string; sink: AccessLogSinkSettings };
    executionLogs: ExecutionLogSettings;
    methodSettings: MethodLogging & { overrides: MethodOverride[] };
    alarms: AlarmSettings;
    queries: { enabled: boolean; folder: pulumi.Input<string> };
    policy: { production: boolean; minimumRetentionInDays: number; allowDataTraceInProduction: boolean };
    retainLogsOnDelete: boolean;
    /** The log groups to adopt (the `import` resource option) instead of create. */
    adoptLogGroups: { execution: boolean; access: boolean; firehoseErrors: boolean };
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The references among the arguments: what is logged, and what it waits for. */
const REFERENCE_KEYS = ["restApiId", "stageName", "apiName", "cloudWatchRoleArn", "stage", "existingStage", "stageOwner"] as const;

/** The part of the arguments `resolveStageLogging` decides: the choices, not the references. */
export type StageLoggingChoices = Omit<StageLoggingArgs, (typeof REFERENCE_KEYS)[number]>;

const CHOICE_KEYS = KEYS[""].filter((key) => !(REFERENCE_KEYS as readonly string[]).includes(key));

/** `StageLoggingArgs`, checked: the settings, and the references with the checks their values need. */
export interface CheckedStageLoggingArgs {
    settings: StageLoggingSettings;
    restApiId: pulumi.Input<string>;
    cloudWatchRoleArn: pulumi.Input<string>;
    /** Who owns the stage (stageOwnership.ts). */
    stageOwner: StageOwner;
}

/**
 * The component's one check of its arguments (`path` prefixes every error): the references that are
 * known now, and every choice, with the defaults filled in.
 */
export function checkStageLoggingArgs(args: StageLoggingArgs, path: string): CheckedStageLoggingArgs {
    const { restApiId, apiName, stageName, cloudWatchRoleArn, stage: _stage, existingStage: _existing, stageOwner: _owner, ...choices } = args;
    checkStageName(stageName, `${path}.stageName`);
    const stageOwner = resolveStageOwner(args, path);
    const settings = resolveStageLogging(choices, path);
    if (cloudWatchRoleArn === undefined) {
        throw new ValidationError(
            `${path}.cloudWatchRoleArn`,
            undefined,
            "is required: pass the region's AccountSetting role (accountSetting.cloudWatchRoleArn); the account setting is region-wide, so this component never creates one",
        );
    }
    const folder = settings.queries.folder;
    if (apiName !== undefined) {
        // The saved queries' and the alarms' names carry the API's name: checked with it.
        whenAllKnown<[unknown, string], string>([apiName, folder], ([v, f]) => {
            const name = restApiName(v, `${path}.apiName`);
            const found = stageNamesProblem(name, stageName, f, settings);
            if (found) {
                const fix = `; rename the API, or set ${path}.${found.switch}: false`;
                throw new ValidationError(`${path}.apiName`, name, found.problem + fix, found.secretProblem + fix);
            }
            return name;
        });
    } else if (settings.alarms.enabled) {
        throw new ValidationError(`${path}.apiName`, undefined, alarmsNeedApiName(`${path}.alarms.enabled`));
    } else {
        // Unnamed, the queries' folder takes the REST API's id (always 10 characters).
        whenKnown(folder, (f) => {
            const found = stageNamesProblem("a1b2c3d4e5", stageName, f as string, settings);
            if (found) {
                const fix = `; shorten it, or set ${path}.${found.switch}: false`;
                throw new ValidationError(`${path}.queries.folder`, f, found.problem + fix, found.secretProblem + fix);
            }
            return f as string;
        });
    }
    checkAdoptedNamesKnown(settings, restApiId, path);
    return {
        settings,
        restApiId: whenKnown(restApiId, (v) => restApiIdOf(v, `${path}.restApiId`)),
        cloudWatchRoleArn: checkedRoleArn(cloudWatchRoleArn, `${path}.cloudWatchRoleArn`),
        stageOwner,
    };
}

// Every stage of a region gets the same role ARN Output (the region's AccountSetting's): it is
// checked once, and the stages wait for the account setting through one Output (stageLogging.ts).
const checkedRoleArns = new WeakMap<object, Map<string, pulumi.Input<string>>>();

function checkedRoleArn(value: pulumi.Input<string>, path: string): pulumi.Input<string> {
    if (typeof value !== "object" || value === null) {
        return whenKnown(value, (v) => iamRoleArn(v, path));
    }
    const byPath = checkedRoleArns.get(value) ?? checkedRoleArns.set(value, new Map()).get(value)!;
    return byPath.get(path) ?? byPath.set(path, whenKnown(value, (v) => iamRoleArn(v, path))).get(path)!;
}

/** Checks the choices of `StageLoggingArgs` and fills in the defaults. `path` prefixes every error. */
export function resolveStageLogging(input: StageLoggingChoices | undefined, path: string): StageLoggingSettings {
    const raw = object(input ?? {}, path, CHOICE_KEYS);
    const at = (key: string) => (path ? `${path}.${key}` : key);
    const policy = resolvePolicy(raw.policy, at("policy"));
    // In production every retention is held to the minimum, checked with its own rule: a secret one when it resolves.
    const floor = policy.production ? { days: policy.minimumRetentionInDays, setting: `${at("policy")}.minimumRetentionInDays` } : undefined;
    const methodSettings = resolveMethodSettings(raw.methodSettings, at("methodSettings"));
    const settings: StageLoggingSettings = {
        accessLogs: resolveAccessLogs(raw.accessLogs, at("accessLogs"), floor),
        executionLogs: resolveExecutionLogs(raw.executionLogs, at("executionLogs"), methodSettings.loggingLevel, `${at("methodSettings")}.loggingLevel`, floor),
        methodSettings,
        alarms: resolveAlarms(raw.alarms, at("alarms"), policy.production),
        queries: resolveQueries(raw.queries, at("queries")),
        policy,
        retainLogsOnDelete: optionalBoolean(raw.retainLogsOnDelete, at("retainLogsOnDelete")) ?? DEFAULTS.retainLogsOnDelete,
        adoptLogGroups: { execution: false, access: false, firehoseErrors: false },
        tags: resolveTags(raw.tags, at("tags")),
    };
    settings.adoptLogGroups = resolveAdoptLogGroups(raw.adoptLogGroups, at("adoptLogGroups"), settings.accessLogs.sink.kind);
    if (settings.alarms.enabled && !methodSettings.metricsEnabled) {
        // Stricter than AWS, on purpose: API Gateway publishes the stage-level (ApiName, Stage)
        // metrics the alarms watch even without detailed metrics, which add the per-method ones
        // ("View API Gateway metrics in the CloudWatch console", API Gateway Developer Guide). An
        // alarm is only useful with the per-method metrics that say which method fails.
        const explicit = isPlainObject(raw.alarms) && raw.alarms.enabled !== undefined;
        throw explicit
            ? new ValidationError(`${at("alarms")}.enabled`, true, `needs ${at("methodSettings")}.metricsEnabled: true (the alarms watch the stage's CloudWatch metrics)`)
            : new ValidationError(
                  `${at("methodSettings")}.metricsEnabled`,
                  false,
                  "turns off the metrics the alarms watch, and alarms are on by default in a production stack; " +
                      `turn metrics on, or set ${at("alarms")}.enabled: false`,
              );
    }
    if (policy.production) {
        checkProduction(settings, path);
    }
    return settings;
}

/** Production's rule on data trace (its retention minimum is checked with each retention). */
function checkProduction(settings: StageLoggingSettings, path: string): void {
    if (!settings.policy.allowDataTraceInProduction) {
        const m = settings.methodSettings;
        const offending = [
            { at: `${path}.methodSettings.dataTraceEnabled`, on: m.dataTraceEnabled },
            ...m.overrides.map((o, i) => ({ at: `${path}.methodSettings.overrides[${i}].dataTraceEnabled`, on: o.dataTraceEnabled })),
        ].find((entry) => entry.on);
        if (offending) {
            throw new ValidationError(
                offending.at,
                true,
                "is refused in a production stack: full request/response logs record sensitive data " +
                    `(headers, bodies, tokens). Turn it off, or set ${path}.policy.allowDataTraceInProduction: true to accept that.`,
            );
        }
    }
}

function resolvePolicy(input: unknown, path: string): StageLoggingSettings["policy"] {
    const raw = object(input ?? {}, path, KEYS.policy);
    const d = DEFAULTS.policy;
    return {
        production: optionalBoolean(raw.production, `${path}.production`) ?? d.production,
        minimumRetentionInDays: raw.minimumRetentionInDays === undefined ? d.minimumRetentionInDays : retention(raw.minimumRetentionInDays, `${path}.minimumRetentionInDays`),
        allowDataTraceInProduction: optionalBoolean(raw.allowDataTraceInProduction, `${path}.allowDataTraceInProduction`) ?? d.allowDataTraceInProduction,
    };
}

function resolveMethodSettings(input: unknown, path: string): StageLoggingSettings["methodSettings"] {
    const raw = object(input ?? {}, path, KEYS.methodSettings);
    const d = DEFAULTS.methodSettings;
    const base: MethodLogging = {
        loggingLevel: oneOf(raw.loggingLevel ?? d.loggingLevel, `${path}.loggingLevel`, LOGGING_LEVEL_VALUES),
        dataTraceEnabled: optionalBoolean(raw.dataTraceEnabled, `${path}.dataTraceEnabled`) ?? d.dataTraceEnabled,
        metricsEnabled: optionalBoolean(raw.metricsEnabled, `${path}.metricsEnabled`) ?? d.metricsEnabled,
    };
    const overrides = raw.overrides ?? [];
    if (!Array.isArray(overrides)) {
        throw new ValidationError(`${path}.overrides`, overrides, "must be a list of { methodPath, loggingLevel, ... }");
    }
    // By API Gateway's key: "/pets/GET" and "~1pets/GET" are one method.
    const seen = new Map<string, string>();
    const resolved = overrides.map((item, i) => {
        const at = `${path}.overrides[${i}]`;
        const o = object(item, at, KEYS["methodSettings.overrides[]"]);
        const methodPath = methodPathOf(o.methodPath, `${at}.methodPath`);
        if (methodPath === STAGE_WIDE_KEY) {
            throw new ValidationError(`${at}.methodPath`, o.methodPath, `is the stage-wide entry: set ${path}.loggingLevel, dataTraceEnabled and metricsEnabled instead`);
        }
        const earlier = seen.get(methodPath);
        if (earlier !== undefined) {
            throw new ValidationError(`${at}.methodPath`, o.methodPath, `is the same method as ${earlier} (API Gateway's key "${methodPath}"); give each method once`);
        }
        seen.set(methodPath, `${at}.methodPath ${JSON.stringify(o.methodPath)}`);
        return {
            methodPath,
            loggingLevel: o.loggingLevel === undefined ? base.loggingLevel : oneOf(o.loggingLevel, `${at}.loggingLevel`, LOGGING_LEVEL_VALUES),
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
    const raw = object(input ?? {}, path, KEYS.alarms);
    const d = DEFAULTS.alarms;
    const at = (key: string) => `${path}.${key}`;
    const known = (value: unknown, check: (plain: unknown) => number) => whenKnown(value as pulumi.Input<number>, check);
    const serverErrorRate = known(raw.serverErrorRate ?? d.serverErrorRate, (rate) => {
        if (typeof rate !== "number" || !(rate > 0 && rate <= 1)) {
            throw new ValidationError(at("serverErrorRate"), rate, "must be a share of requests above 0 and at most 1 (0.05 is 5%)");
        }
        return rate;
    });
    const periodSeconds = known(raw.periodSeconds ?? d.periodSeconds, (v) => {
        const seconds = integerIn(v, at("periodSeconds"), 60, 86400, "seconds");
        if (seconds % 60 !== 0) {
            // API Gateway publishes its metrics once a minute, so CloudWatch takes periods in whole minutes.
            throw new ValidationError(at("periodSeconds"), seconds, "must be a multiple of 60 (API Gateway publishes metrics every minute)");
        }
        return seconds;
    });
    // The rules between them hold when all are known: now for plain values, else when they resolve.
    const evaluations = known(raw.evaluationPeriods ?? d.evaluationPeriods, (v) => integerIn(v, at("evaluationPeriods"), 1, 100, "datapoints"));
    const evaluationPeriods = whenAllKnown<[number, number], number>([periodSeconds, evaluations], ([period, count]) => {
        const range = evaluationRangeProblem(period, count);
        if (range) {
            throw new ValidationError(at("evaluationPeriods"), count, range, EVALUATION_RANGE_SECRET_PROBLEM);
        }
        return count;
    });
    const datapointsToAlarm = whenAllKnown<[unknown, number], number>([raw.datapointsToAlarm, evaluationPeriods], ([datapoints, count]) =>
        integerIn(
            datapoints ?? Math.min(3, count),
            at("datapointsToAlarm"),
            1,
            count,
            `datapoints (at most ${at("evaluationPeriods")})`,
            `must be a whole number from 1 to ${at("evaluationPeriods")}`,
        ),
    );
    return {
        enabled: optionalBoolean(raw.enabled, at("enabled")) ?? production,
        ...optional("snsTopicArn", raw.snsTopicArn, (v) => whenKnown(v as pulumi.Input<string>, (t) => snsTopicArn(t, at("snsTopicArn")))),
        serverErrorRate,
        latencyThresholdMs: known(raw.latencyThresholdMs ?? d.latencyThresholdMs, (v) => integerIn(v, at("latencyThresholdMs"), 1, 300000, "milliseconds")),
        latencyStatistic: oneOf(raw.latencyStatistic ?? d.latencyStatistic, at("latencyStatistic"), LATENCY_STATISTIC_VALUES),
        periodSeconds,
        evaluationPeriods,
        datapointsToAlarm,
    };
}

function resolveQueries(input: unknown, path: string): StageLoggingSettings["queries"] {
    const raw = object(input ?? {}, path, KEYS.queries);
    const folder = whenKnown((raw.folder ?? DEFAULTS.queries.folder) as pulumi.Input<string>, (f) => {
        // A saved query's name is at most 255 characters; "/" separates the console's folders.
        // Logs Insights refuses ":" and "*" in a query's name (rules.ts, queryDefinitionNameProblem).
        if (typeof f !== "string" || !/^[^/]([^]{0,126}[^/])?$/.test(f) || f.includes("//") || /[:*]/.test(f)) {
            throw new ValidationError(`${path}.folder`, f, 'must be 1-128 characters without ":" or "*", not starting or ending with "/" nor containing "//"');
        }
        return f;
    });
    return { enabled: optionalBoolean(raw.enabled, `${path}.enabled`) ?? DEFAULTS.queries.enabled, folder };
}

/** Checks tags against AWS's limits (a value not known yet when it resolves). Shared with AccountSetting. */
export function resolveTags(input: unknown, path: string): StageLoggingSettings["tags"] {
    if (input === undefined) {
        return {};
    }
    if (pulumi.Output.isInstance(input) || input instanceof Promise) {
        return pulumi.output(input as pulumi.Input<Record<string, string>>).apply((tags) => checkTags(tags, path));
    }
    return checkTags(input, path);
}

function checkTags(input: unknown, path: string): Record<string, pulumi.Input<string>> {
    const raw = object(input, path, null);
    tagCount(Object.keys(raw).length, raw, path);
    const checked: Record<string, pulumi.Input<string>> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (typeof value !== "string" && !pulumi.Output.isInstance(value)) {
            throw new ValidationError(`${path}.${key}`, value, "must be a string (AWS tag values are strings)");
        }
        tagKey(key, plainValue(value as pulumi.Input<string>), `${path}.${key}`);
        checked[key] = whenKnown(value as pulumi.Input<string>, (v) => tagValue(v, `${path}.${key}`));
    }
    return checked;
}
