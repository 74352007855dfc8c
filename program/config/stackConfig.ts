// The config edge: this stack's config (`apigw-logging:<key>`, and the `aws:` keys that decide where
// logs go) turned into the components' arguments. It checks what is the stack's own business (known
// keys and their kinds, stage names, duplicates, renames, the region the ARNs must be in) and merges
// the stack-wide defaults into each stage; the components check the values themselves, once, and
// `configErrors` reports their errors under the config key the user wrote. Values of secret keys
// stay secret (secrets.ts).

import * as pulumi from "@pulumi/pulumi";
import {
    AccountSettingArgs,
    closest,
    customAutonaming,
    isPlainObject,
    isProductionStackName,
    oneOf,
    resolveAccessLogFormat,
    resolveStageLogging,
    SECRET_VALUE,
    StageLoggingArgs,
    tagCount,
    ValidationError,
} from "apigw-logging";
import { checkArn, checkAwsConfig, checkStageArns } from "./awsConfig";
import { checkStageRoleNames } from "./roleNames";
import { CONFIG_SHAPE } from "./declarations.generated";
import { ACCOUNT_SETTING_SECRETABLE, STAGE_SECRETABLE, topKeyOf, withSecrets } from "./secrets";
import { isConfigSecret, readSecureValues, SecureValue } from "./secureValues";
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
    /** The component's arguments: a value of a secret key that can stay secret is a `pulumi.secret`. */
    args: StageChoices;
    /**
     * The same arguments in plain text, when some are secret: the program checks them before the
     * component gets them, so a bad secret is refused at once, under its config key, as `[secret]`.
     */
    known?: StageChoices;
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
    /** The project's top-level keys whose value is secret: an error about a value in one says `[secret]`. */
    secretKeys?: ReadonlySet<string>;
}

type SampleChoices = Omit<StageChoices, "restApiId" | "apiName" | "stageName">;

export interface StackSettings {
    production: boolean;
    accountSetting: { args: AccountSettingArgs; known?: AccountSettingArgs; source: ConfigSource };
    stages: StageEntry[];
    /** Undefined when the sample API is not deployed (it is deployed only when `sampleApi` is set). */
    sampleApi?: { apiName: string; stageName: string; args: SampleChoices; known?: SampleChoices; source: ConfigSource };
    /** The `secure:` values the program uses as text (secureValues.ts), to keep secret wherever they land (program/secretText.ts). */
    secureTexts?: SecureValue[];
}

/** What the config edge knows besides the project's keys. */
export interface StackContext {
    /** `aws:region`: the ARNs the config names must be usable there. Unset: not checked. */
    region?: string;
    /** The keys of the AWS provider's default tags, which count toward AWS's tag limit. */
    defaultTagKeys?: readonly string[];
    /** The project's top-level keys whose value is secret (without the `project:` prefix). */
    secretKeys?: Iterable<string>;
    /**
     * The stack sets `pulumi:autonaming`: the engine names the roles Pulumi names by the stack's
     * pattern, so a stage's key does not decide their length. Unset: Pulumi's default names.
     */
    customAutonaming?: boolean;
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
    const all = pulumi.runtime.allConfig();
    const present: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const fullKey of Object.keys(all)) {
        if (fullKey.startsWith(prefix)) {
            const key = fullKey.slice(prefix.length);
            present[key] = structuredOrPlain(config, key);
            if (isConfigSecret(fullKey)) {
                secretKeys.push(key);
            }
        }
    }
    const valueOf = (fullKey: string) => (fullKey.startsWith(prefix) ? present[fullKey.slice(prefix.length)] : all[fullKey]);
    const secureTexts = readSecureValues(Object.keys(all), project, valueOf);
    const settings = configErrors(() => resolveStackConfig(present, project, pulumi.getStack(), { ...checkAwsConfig(all), secretKeys, customAutonaming: customAutonaming(all) }));
    return { ...settings, secureTexts };
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
export function resolveStackConfig(config: Record<string, unknown>, project: string, stack: string, context: StackContext = {}): StackSettings {
    const secretKeys: ReadonlySet<string> = new Set(context.secretKeys ?? []);
    try {
        return resolve(config, project, stack, context, secretKeys);
    } catch (error) {
        // An error about a value of a secret key never prints the value.
        throw error instanceof ValidationError && secretKeys.has(topKeyOf(error.path)) ? error.redacted() : error;
    }
}

function resolve(config: Record<string, unknown>, project: string, stack: string, context: StackContext, secretKeys: ReadonlySet<string>): StackSettings {
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

    // Where each value came from decides whether it is secret and which key an error names.
    const sourceOf = (entryPath: string | undefined, entry: Record<string, unknown>): ConfigSource => ({ project, entryPath, entry, defaults, secretKeys });
    const secretIn = (source: ConfigSource) => (segments: string[]) => secretKeys.has(topKeyOf(configKeyOf(segments, source)));
    /** The stage's arguments as the component gets them, and in plain text when some are secret. */
    const secured = <T extends object>(args: T, source: ConfigSource, secretable: readonly string[]): { args: T; known?: T } => {
        if (secretKeys.size === 0) {
            return { args };
        }
        const secret = withSecrets(args, secretable, secretIn(source));
        return secret === args ? { args } : { args: secret, known: args };
    };
    /** The stack's own checks of a stage's plain arguments: its ARNs' region, and its tags with the provider's. */
    const checkStage = (args: Record<string, unknown>, source: ConfigSource) => {
        const at = (path: string) => configKeyOf(path.split("."), source);
        const isSecret = (path: string) => secretIn(source)(path.split("."));
        if (context.region !== undefined) {
            checkStageArns(args, context.region, at, isSecret);
        }
        const tags = isPlainObject(args.tags) ? Object.keys(args.tags) : [];
        const extra = (context.defaultTagKeys ?? []).filter((k) => !tags.includes(k));
        if (tags.length > 0 && extra.length > 0) {
            tagCount(tags.length + extra.length, isSecret("tags") ? SECRET_VALUE : args.tags, at("tags"), ` with the ${extra.length} of aws:defaultTags the provider adds`);
        }
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
        const source = sourceOf(path, entry);
        const args: StageChoices = {
            ...toArgs(entry, path),
            restApiId: restApiId as string,
            stageName: stageName as string,
            ...(apiName === undefined ? {} : { apiName: apiName as string }),
            ...(stageOwner === undefined ? {} : { stageOwner: stageOwner as StageChoices["stageOwner"] }),
        };
        checkStage(args as unknown as Record<string, unknown>, source);
        checkStageRoleNames(args, entryKey, name !== undefined, path, context.customAutonaming ?? false);
        stages.push({
            key: entryKey,
            previousNames: (previousNames as unknown[]).map((p, j) => resourceKey(p, `${path}.previousNames[${j}]`)),
            ...secured(args, source, STAGE_SECRETABLE),
            source,
        });
    });

    // The sample is a public REST API: deployed only when `sampleApi` asks for it, never by default.
    const sample = config.sampleApi === undefined || config.sampleApi === false ? undefined : (config.sampleApi as { apiName?: string; stageName?: string });
    const sampleSource = sourceOf(undefined, {});
    const sampleArgs = sample && toArgs({}, key("logging"));
    if (sampleArgs) {
        checkStage(sampleArgs as unknown as Record<string, unknown>, sampleSource);
    }

    if (stages.length === 0 && !sample) {
        // Nothing else would check them: the `logging` defaults and the policy, on their own.
        try {
            resolveStageLogging(toArgs({}, key("logging")), "args");
        } catch (error) {
            throw error instanceof ValidationError ? atConfigKeys(error, sampleSource) : error;
        }
    }

    const accountPath = key("accountSetting");
    const accountArgs = (config.accountSetting ?? {}) as AccountSettingArgs;
    const accountSource: ConfigSource = { project, entryPath: accountPath, entry: accountArgs as Record<string, unknown>, defaults: {}, secretKeys };
    if (context.region !== undefined) {
        checkArn(accountArgs.roleArn, "iam", context.region, false, `${accountPath}.roleArn`, secretKeys.has("accountSetting"));
    }
    return {
        production,
        accountSetting: { ...secured(accountArgs, accountSource, ACCOUNT_SETTING_SECRETABLE), source: accountSource },
        stages,
        sampleApi: sample && {
            apiName: sample.apiName ?? `${project}-sample`,
            stageName: sample.stageName ?? stack,
            ...secured(sampleArgs!, sampleSource, STAGE_SECRETABLE),
            source: sampleSource,
        },
    };
}

/** The config key of a setting (path segments relative to a stage's settings) as `configPathOf` names it. */
function configKeyOf(segments: string[], source: ConfigSource): string {
    // A map's key may hold a dot (a tag "cost.center"): look it up as written, not as a path.
    const [first, ...rest] = segments;
    if (source.entryPath && first === "tags" && rest.length === 1) {
        const own = source.entry.tags;
        return isPlainObject(own) && rest[0] in own ? `${source.entryPath}.tags.${rest[0]}` : `${source.project}:logging.tags.${rest[0]}`;
    }
    return configPathOf(`args.${segments.join(".")}`, source);
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

const ARGS_PATHS = /\bargs(\.[A-Za-z]\w*(\[\d+\])?)+/g;

/** Runs `body` (a component's construction), reporting a bad argument under its config key. */
export function withConfigPaths<T>(source: ConfigSource, body: () => T): T {
    try {
        return body();
    } catch (error) {
        throw underConfigKeys(error, source);
    }
}

/**
 * What to throw for `error`, raised while a component was constructed from `source`: a bad
 * argument as a RunError under its config key; anything else as it is. (The stage loop catches
 * and calls this itself rather than through withConfigPaths: the SDK records and source-maps the
 * call stack of every resource, and each frame more costs it, per resource; docs/performance.md.)
 */
export function underConfigKeys(error: unknown, source: ConfigSource): unknown {
    // The components keep their ValidationError as the cause of the error they throw.
    const validation = error instanceof ValidationError ? error : (error as { cause?: unknown } | undefined)?.cause;
    if (validation instanceof ValidationError) {
        return new pulumi.RunError(atConfigKeys(validation, source).message);
    }
    const message = (error as Error | undefined)?.message;
    if (error instanceof pulumi.ResourceError && message?.startsWith("args.")) {
        const subject = configPathOf(message.match(ARGS_PATHS)?.[0] ?? "args", source);
        const near = subject.startsWith(`${source.project}:logging.`) ? "logging" : "stage";
        return new pulumi.RunError(message.replace(ARGS_PATHS, (path) => configPathOf(path, source, near)));
    }
    return error;
}

/**
 * A component's error about its arguments (`args.x`), told with the config keys the user wrote;
 * without the value when it belongs to a secret key.
 */
export function atConfigKeys(error: ValidationError, source: ConfigSource): ValidationError {
    const subject = configPathOf(error.path, source);
    const near = subject.startsWith(`${source.project}:logging.`) ? "logging" : "stage";
    const rename = (text: string) => text.replace(ARGS_PATHS, (path) => configPathOf(path, source, near));
    const secret = source.secretKeys?.has(topKeyOf(subject)) ?? false;
    const problem = rename(secret ? error.secretProblem : error.problem);
    return new ValidationError(rename(error.path), secret ? SECRET_VALUE : error.value, problem, rename(error.secretProblem));
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
