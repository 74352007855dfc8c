// What the stage patch writes to a stage it does not own, and what it puts back: API Gateway
// UpdateStage patch operations on the logging fields only (`/{key}/logging/loglevel`,
// `/{key}/logging/dataTrace`, `/{key}/metrics/enabled`) and, for a stage nothing owns, on
// `/accessLogSettings/destinationArn` and `/accessLogSettings/format` (PatchOperation, API Gateway
// API reference). Throttling and caching are never named, so whatever the owner set there stays.
// Pure: the provider (provider.ts) reads the stage, asks these functions, and sends the result.

import type { LoggingLevel } from "../choices";

/** The three fields of a method setting this component writes. */
export interface MethodLoggingFields {
    loggingLevel: LoggingLevel;
    dataTraceEnabled: boolean;
    metricsEnabled: boolean;
}

/** One method setting to write: API Gateway's key (`*` `/` `*`, `~1orders/GET`) and its logging fields. */
export interface MethodLoggingPatch extends MethodLoggingFields {
    key: string;
}

export interface AccessLogSettingsValue {
    destinationArn: string;
    format: string;
}

/** The inputs of a stage patch: which stage, and what to write to it. */
export interface StagePatchInputs {
    region: string;
    restApiId: string;
    stageName: string;
    methodSettings: MethodLoggingPatch[];
    /** Only for a stage nothing owns (`stageOwner: "none"`). */
    accessLogSettings?: AccessLogSettingsValue;
}

/**
 * What the stage held before the patch changed it: per key the logging fields, or null where the key
 * had no entry; the access-log settings (null: none), when the patch writes them.
 */
export interface ReplacedValues {
    methodSettings: Record<string, MethodLoggingFields | null>;
    accessLogSettings?: AccessLogSettingsValue | null;
}

/** The stage patch's state: its inputs and what it replaced. */
export interface StagePatchOutputs extends StagePatchInputs {
    replaced: ReplacedValues;
}

/** The part of GetStage's answer the patch reads. */
export interface LiveStage {
    methodSettings?: Record<string, { loggingLevel?: string; dataTraceEnabled?: boolean; metricsEnabled?: boolean }>;
    accessLogSettings?: { destinationArn?: string; format?: string };
}

export interface PatchOperation {
    op: "replace" | "remove";
    path: string;
    value?: string;
}

/**
 * What a stage without a `*` `/` `*` entry logs: nothing, no data trace, no detailed metrics (the
 * defaults of MethodSetting, API Gateway API reference). Restoring a stage-wide entry that did not
 * exist writes these rather than removing the entry, which may by then hold the owner's throttling.
 */
export const STAGE_WIDE_DEFAULTS: MethodLoggingFields = { loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false };

const STAGE_WIDE_KEY = "*/*";

/** The logging fields of `key` in the live stage, or null when the stage has no entry for it. */
export function liveFields(stage: LiveStage, key: string): MethodLoggingFields | null {
    const entry = stage.methodSettings?.[key];
    if (!entry) {
        return null;
    }
    return {
        loggingLevel: (entry.loggingLevel ?? "OFF") as LoggingLevel,
        dataTraceEnabled: entry.dataTraceEnabled ?? false,
        metricsEnabled: entry.metricsEnabled ?? false,
    };
}

/** The live access-log settings, or null when the stage has none. */
export function liveAccessLogSettings(stage: LiveStage): AccessLogSettingsValue | null {
    const settings = stage.accessLogSettings;
    return settings?.destinationArn ? { destinationArn: settings.destinationArn, format: settings.format ?? "" } : null;
}

/** What `keys` (and the access-log settings, when `accessLogs`) hold now: remembered before writing. */
export function snapshot(stage: LiveStage, keys: readonly string[], accessLogs: boolean): ReplacedValues {
    return {
        methodSettings: Object.fromEntries(keys.map((key) => [key, liveFields(stage, key)])),
        ...(accessLogs ? { accessLogSettings: liveAccessLogSettings(stage) } : {}),
    };
}

/** Writes the wanted logging fields and, when given, the access-log settings. */
export function applyOperations(inputs: Pick<StagePatchInputs, "methodSettings" | "accessLogSettings">): PatchOperation[] {
    const ops: PatchOperation[] = inputs.methodSettings.flatMap((m) => fieldOperations(m.key, m));
    if (inputs.accessLogSettings) {
        ops.push(
            { op: "replace", path: "/accessLogSettings/destinationArn", value: inputs.accessLogSettings.destinationArn },
            { op: "replace", path: "/accessLogSettings/format", value: inputs.accessLogSettings.format },
        );
    }
    return ops;
}

/**
 * Puts back what the patch replaced, for `keys` (and the access-log settings, when `accessLogs`), but
 * only where the stage still holds what the patch wrote: a value its owner changed since is theirs.
 * A per-method entry that did not exist is removed again; the stage-wide entry gets its defaults.
 */
export function restoreOperations(
    written: Pick<StagePatchOutputs, "methodSettings" | "accessLogSettings" | "replaced">,
    live: LiveStage,
    keys: readonly string[],
    accessLogs: boolean,
): PatchOperation[] {
    const ops: PatchOperation[] = [];
    for (const key of keys) {
        const ours = written.methodSettings.find((m) => m.key === key);
        const now = liveFields(live, key);
        const before = written.replaced.methodSettings[key];
        if (!ours || !now || before === undefined) {
            continue; // not written by this patch, or the entry is gone already
        }
        if (before === null && key !== STAGE_WIDE_KEY) {
            if (sameFields(now, ours)) {
                ops.push({ op: "remove", path: `/${key}` });
            }
            continue;
        }
        const previous = before ?? STAGE_WIDE_DEFAULTS;
        for (const field of FIELDS) {
            if (now[field] === ours[field] && previous[field] !== ours[field]) {
                ops.push(fieldOperation(key, field, previous[field]));
            }
        }
    }
    const before = written.replaced.accessLogSettings;
    const ours = written.accessLogSettings;
    const now = liveAccessLogSettings(live);
    if (accessLogs && ours && before !== undefined && now?.destinationArn === ours.destinationArn) {
        if (before === null) {
            ops.push({ op: "remove", path: "/accessLogSettings" });
        } else {
            ops.push(
                { op: "replace", path: "/accessLogSettings/destinationArn", value: before.destinationArn },
                { op: "replace", path: "/accessLogSettings/format", value: before.format },
            );
        }
    }
    return ops;
}

const FIELDS = ["loggingLevel", "dataTraceEnabled", "metricsEnabled"] as const;

function fieldOperations(key: string, fields: MethodLoggingFields): PatchOperation[] {
    return FIELDS.map((field) => fieldOperation(key, field, fields[field]));
}

function fieldOperation(key: string, field: (typeof FIELDS)[number], value: string | boolean): PatchOperation {
    const suffix = { loggingLevel: "logging/loglevel", dataTraceEnabled: "logging/dataTrace", metricsEnabled: "metrics/enabled" }[field];
    // `key` is already escaped (`~1orders/GET`), so the path is a JSON pointer: /~1orders/GET/logging/loglevel.
    return { op: "replace", path: `/${key}/${suffix}`, value: String(value) };
}

function sameFields(a: MethodLoggingFields, b: MethodLoggingFields): boolean {
    return FIELDS.every((field) => a[field] === b[field]);
}
