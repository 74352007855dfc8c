// The config edge: this stack's config (`apigw-logging:<key>`) turned into the components'
// arguments. It checks what is the stack's own business (known keys and their kinds, stage names,
// duplicates, renames) and merges the stack-wide defaults into each stage; the components check the
// values themselves, once, and `configErrors` reports their errors under the config key the user wrote.

import * as pulumi from "@pulumi/pulumi";
import { AccountSettingArgs, closest, isPlainObject, isProductionStackName, oneOf, resolveAccessLogFormat, StageLoggingArgs, ValidationError } from "apigw-logging";
import { CONFIG_SHAPE } from "./declarations.generated";
import { checkShape } from "./shape";

/** Names the program gives its own components; a stage named so would collide with them. */
export const RESERVED_STAGE_NAMES = ["sample", "sample-logging", "account-setting"];

/** A stage's logging arguments, less the role ARN the program adds from its account setting. */
export type StageChoices = Omit<StageLoggingArgs, "cloudWatchRoleArn">;

/** One stage to log, from `stages` in stack config. */
export interface StageEntry {
    /** Names the stage's component and its children: stable while the entry exists. */
    key: string;
    /** Keys this stage had before a rename: its resources keep their identity (Pulumi aliases). */
    previousNames: string[];
    args: StageChoices;
    /** Where each argument came from, for error messages. */
    source: ConfigSource;
}

/** Where a stage's arguments were written: the stage's own entry, or the stack-wide `logging`. */
export interface ConfigSource {
    project: string;
    /** `stages[<i>]`, or undefined for the sample API's stage (it takes the defaults only). */
    entryPath?: string;
    /** What the entry set itself (its keys under the `logging` names). */
    entry: Record<string, unknown>;
    /** The stack-wide `logging` defaults. */
    defaults: Record<string, unknown>;
}

export interface StackSettings {
    production: boolean;
    accountSetting: AccountSettingArgs;
    stages: StageEntry[];
    /** Undefined when the sample API is not deployed. */
    sampleApi?: { apiName: string; stageName: string; args: Omit<StageChoices, "restApiId" | "apiName" | "stageName">; source: ConfigSource };
}

/**
 * Reads every key of this project's namespace (structured values with `getObject`) and turns them
 * into arguments. A bad value stops the program with one line naming the key, the value and what
 * is allowed.
 */
export function readStackSettings(): StackSettings {
    const project = pulumi.getProject();
    const config = new pulumi.Config(project);
    const prefix = `${project}:`;
    const present: Record<string, unknown> = {};
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        if (fullKey.startsWith(prefix)) {
            const key = fullKey.slice(prefix.length);
            present[key] = structuredOrPlain(config, key);
        }
    }
    return configErrors(() => resolveStackConfig(present, project, pulumi.getStack()));
}

/** Structured values (objects, numbers, booleans) parsed; anything else kept as the plain string. */
function structuredOrPlain(config: pulumi.Config, key: string): unknown {
    try {
        return config.getObject<unknown>(key);
    } catch {
        return config.get(key);
    }
}

/** Runs `body`; a ValidationError ends the program as one line (Pulumi prints a RunError without a stack trace). */
export function configErrors<T>(body: () => T): T {
    try {
        return body();
    } catch (error) {
        throw error instanceof ValidationError ? new pulumi.RunError(error.message) : error;
    }
}

/**
 * The project's stack config turned into arguments. `config` holds each key present (without the
 * `project:` prefix) and its parsed value. Each stage's arguments are the stack-wide `logging`
 * defaults with the stage's own settings on top.
 */
export function resolveStackConfig(config: Record<string, unknown>, project: string, stack: string): StackSettings {
    const key = (name: string) => `${project}:${name}`;
    const known = CONFIG_SHAPE.keys[""];
    for (const name of Object.keys(config)) {
        if (!known.includes(name)) {
            const hint = closest(name, known);
            throw new ValidationError(
                key(name),
                config[name],
                `is not a config key of this project${hint ? `; did you mean "${key(hint)}"?` : ""} (known: ${known.join(", ")})`,
            );
        }
    }
    if (config.stages !== undefined && !Array.isArray(config.stages)) {
        throw new ValidationError(key("stages"), config.stages, "must be a list of { restApiId, stageName, ... }");
    }
    for (const name of known) {
        checkShape(CONFIG_SHAPE, name, config[name], key(name));
    }
    const production = (config.production as boolean | undefined) ?? isProductionStackName(stack);
    const policy = {
        production,
        ...(config.minimumRetentionInDays === undefined ? {} : { minimumRetentionInDays: config.minimumRetentionInDays as number }),
    };
    const defaults = (config.logging ?? {}) as Record<string, unknown>;
    const toArgs = (entry: Record<string, unknown>, at: string): StageChoices => {
        const { allowDataTraceInProduction, ...settings } = mergeSettings(defaults, entry);
        const accessLogs = settings.accessLogs as Record<string, unknown> | undefined;
        const formatAt = hasPath(entry, "accessLogs.format") ? `${at}.accessLogs.format` : key("logging.accessLogs.format");
        return {
            ...settings,
            ...(accessLogs?.format !== undefined && typeof accessLogs.format !== "string"
                ? { accessLogs: { ...accessLogs, format: resolveAccessLogFormat(accessLogs.format, formatAt) } }
                : {}),
            policy: { ...policy, ...(allowDataTraceInProduction === undefined ? {} : { allowDataTraceInProduction: allowDataTraceInProduction as boolean }) },
        } as StageChoices;
    };

    const stages: StageEntry[] = [];
    ((config.stages ?? []) as Record<string, unknown>[]).forEach((item, i) => {
        const path = `${key("stages")}[${i}]`;
        const { name, previousNames = [], restApiId, apiName, stageName, stageOwner, ...entry } = item;
        const entryKey = name === undefined ? `${restApiId}-${stageName}` : resourceKey(name, `${path}.name`);
        if (stageOwner !== undefined) {
            // The stack creates no stage from config, so "component" is not an owner here.
            oneOf(stageOwner, `${path}.stageOwner`, (CONFIG_SHAPE.settings["stages[].stageOwner"] as { values: readonly string[] }).values);
        }
        const clash = stages.find((s) => s.key === entryKey || (s.args.restApiId === restApiId && s.args.stageName === stageName));
        if (clash) {
            throw new ValidationError(
                path,
                { name, restApiId, stageName },
                `repeats stage "${clash.key}" (${clash.args.restApiId}/${clash.args.stageName}); list each stage once, with a unique name`,
            );
        }
        stages.push({
            key: entryKey,
            previousNames: (previousNames as unknown[]).map((p, j) => resourceKey(p, `${path}.previousNames[${j}]`)),
            args: {
                ...toArgs(entry, path),
                restApiId: restApiId as string,
                stageName: stageName as string,
                ...(apiName === undefined ? {} : { apiName: apiName as string }),
                ...(stageOwner === undefined ? {} : { stageOwner: stageOwner as StageChoices["stageOwner"] }),
            },
            source: { project, entryPath: path, entry, defaults },
        });
    });

    const sampleRaw = config.sampleApi ?? (stages.length === 0 ? {} : false);
    const sample = sampleRaw === false ? undefined : (sampleRaw as { apiName?: string; stageName?: string });
    const source: ConfigSource = { project, entry: {}, defaults };
    return {
        production,
        accountSetting: (config.accountSetting ?? {}) as AccountSettingArgs,
        stages,
        sampleApi: sample && {
            apiName: sample.apiName ?? `${project}-sample`,
            stageName: sample.stageName ?? stack,
            args: toArgs({}, key("logging")),
            source,
        },
    };
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

/**
 * The config key behind a component argument's path (`args.accessLogs.retentionInDays`): the stage
 * entry's when the entry set it, else the stack-wide `logging` default's; the policy's stack-wide
 * keys are top-level keys.
 */
export function configPathOf(argsPath: string, source: ConfigSource, unwrittenIn: "stage" | "logging" = "stage"): string {
    const relative = argsPath.replace(/^args\.?/, "");
    const key = (name: string) => `${source.project}:${name}`;
    if (relative === "policy.production" || relative === "policy.minimumRetentionInDays") {
        return key(relative.slice("policy.".length));
    }
    const written = relative.startsWith("policy.") ? relative.slice("policy.".length) : relative;
    const identity = /^(restApiId|stageName|apiName|stageOwner)$/.test(written.split(/[.[]/)[0]);
    if (!source.entryPath) {
        return identity ? key(`sampleApi.${written}`) : key(`logging.${written}`);
    }
    if (identity || hasPath(source.entry, written)) {
        return `${source.entryPath}.${written}`;
    }
    // A value the stage inherited is reported where it was written; one nobody wrote (a setting the
    // message suggests) beside the value the message is about.
    return hasPath(source.defaults, written) || unwrittenIn === "logging" ? key(`logging.${written}`) : `${source.entryPath}.${written}`;
}

/** Runs `body` (a component's construction), reporting a bad argument under its config key. */
export function withConfigPaths<T>(source: ConfigSource, body: () => T): T {
    try {
        return body();
    } catch (error) {
        const message = (error as Error | undefined)?.message;
        if (error instanceof ValidationError || (error instanceof pulumi.ResourceError && message?.startsWith("args."))) {
            const paths = /\bargs(\.[A-Za-z]\w*(\[\d+\])?)+/g;
            const subject = configPathOf(message!.match(paths)?.[0] ?? "args", source);
            const near = subject.startsWith(`${source.project}:logging.`) ? "logging" : "stage";
            throw new pulumi.RunError(message!.replace(paths, (path) => configPathOf(path, source, near)));
        }
        throw error;
    }
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
