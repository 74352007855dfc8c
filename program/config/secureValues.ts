// Which `secure:` values of a stack file the program must use as text, and where Pulumi shows a
// secret value in plain text whatever the program does. Pulumi decrypts every secret before the
// program runs and tells it only which top-level keys hold one (isConfigSecret); the stack file says
// which values were `secure:`. A value that only reaches resource inputs (SECRETABLE_SETTINGS) is
// handed on as `pulumi.secret` (secrets.ts). Any other (a choice, a switch, a stage's name, the
// format, a method path, aws:region) decides which resources exist, their Pulumi names or how they
// are made, so the program needs its text: it marks secret every resource input and output that
// holds it (program/secretText.ts). Either way Pulumi keeps some things in plain text: URNs,
// resource types, resource options and ids (a log group's id is its name; an id cannot be made
// secret: pulumi/pulumi#2717, #8946). For a value that shows there, the program warns once, naming
// the key and where, so that nobody takes a `secure:` marker for more than it is.

import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_SHAPE, SECRETABLE_SETTINGS } from "./declarations.generated";

const SECRETABLE = new Set(SECRETABLE_SETTINGS);

/**
 * The declaration's path of the setting at `parts` (list indices dropped): a stage entry's logging
 * settings are declared once, under `logging`; a map's values are `{}`; a value inside a setting the
 * declaration does not go into (a format's fields) is that setting's.
 */
export function declaredSetting(parts: string[]): string | undefined {
    const segments: string[] = [];
    for (const part of parts) {
        if (/^\d+$/.test(part)) {
            segments[segments.length - 1] += "[]";
        } else {
            segments.push(part);
        }
    }
    const declared = (path: string) => (CONFIG_SHAPE.settings[path] ? path : undefined);
    for (let n = segments.length; n > 0; n--) {
        const path = segments.slice(0, n).join(".");
        const found =
            declared(path) ?? (path.startsWith("stages[].") ? declared(path.replace(/^stages\[\]\./, "logging.")) : undefined) ?? declared(path.replace(/\[\]$/, ""));
        if (found) {
            return n === segments.length - 1 && CONFIG_SHAPE.settings[found].kind === "map" ? `${found}{}` : found;
        }
    }
    return undefined;
}

/** Whether the setting is a Pulumi secret end to end when secure (it only reaches resource inputs). */
export function isSecretable(setting: string): boolean {
    return SECRETABLE.has(setting);
}

/** Whether the setting holds settings rather than a value: an object, a list, a map, or a choice of `false` and an object (`sampleApi`). */
export function holdsSettings(setting: string): boolean {
    const kind = CONFIG_SHAPE.settings[setting];
    switch (kind?.kind) {
        case "object":
        case "list":
        case "map":
            return true;
        case "union":
            return !kind.of.some((k) => k.kind === "string"); // a format may be a string
        default:
            return false;
    }
}

/**
 * Where Pulumi shows the setting's value in plain text even when it is secret, or undefined when
 * nowhere: every resource input and output holding it is secret, so a value that reaches only those
 * (or none, as a rule like `minimumRetentionInDays`) stays secret.
 */
export function shownInPlainText(setting: string): string | undefined {
    const relative = setting.replace(/^(logging|stages\[\])\./, "");
    if (STAYS_SECRET.has(setting) || STAYS_SECRET.has(relative)) {
        return undefined;
    }
    const kind = CONFIG_SHAPE.settings[setting]?.kind;
    return SHOWN[setting] ?? SHOWN[relative] ?? (kind === "enum" || kind === "boolean" || kind === "false" || holdsSettings(setting) ? DECIDES_RESOURCES : undefined);
}

/** Choices, switches and rules that reach only resource inputs (or none): secret wherever they go. */
const STAYS_SECRET = new Set([
    "methodSettings.dataTraceEnabled",
    "methodSettings.metricsEnabled",
    "methodSettings.overrides[].dataTraceEnabled",
    "methodSettings.overrides[].metricsEnabled",
    "accessLogs.firehose.compression",
    "accessLogs.firehose.bucket.transition.storageClass",
    "executionLogs.s3.bucket.transition.storageClass",
    "executionLogs.logGroup.outputFormat",
    "executionLogs.s3.outputFormat",
    "executionLogs.firehose.outputFormat",
    "allowDataTraceInProduction",
    "minimumRetentionInDays",
]);

const DECIDES_RESOURCES = "which resources exist (their types and URNs)";
const STAGE_IDS = "the ids of the stage's log groups, stage, method settings and alarms, the stage check's warnings, and the stage's URNs unless the entry has a name";

/** Where Pulumi shows each other setting in plain text (resource ids, URNs, options, warnings); a choice or switch not here decides which resources exist. */
const SHOWN: Readonly<Record<string, string>> = {
    // The stage check compares the level with the stage's, and names both when they differ.
    "methodSettings.loggingLevel": "the stage check's warning when the stage logs at another level",
    "methodSettings.overrides[].loggingLevel": "the stage check's warning when the stage logs at another level",
    retainLogsOnDelete: "the resources' retainOnDelete option",
    "accountSetting.retainOnDelete": "the resources' retainOnDelete option",
    "alarms.latencyStatistic": "the latency alarm's id (its name)",
    "stages[].name": "the stage's URNs and the key of its stack outputs",
    "stages[].previousNames": "the aliases' URNs",
    "stages[].restApiId": STAGE_IDS,
    "stages[].stageName": STAGE_IDS,
    "stages[].apiName": "the alarms' ids (their names), and the stage check's warning when the REST API has another name",
    "sampleApi.apiName": "the alarms' ids (their names)",
    "sampleApi.stageName": "the ids of the sample stage, its log groups and alarms",
    "accessLogs.format": "which saved queries exist (their URNs)",
    "methodSettings.overrides[].methodPath": "the ids of the stage's method settings, and their URNs on a stage the stack creates (the sample's)",
    "executionLogs.logGroup.name": "the group's id (its name), and which stage creates it (stages that name the same group share it)",
    "executionLogs.s3.bucket.name": "the bucket's id (its name), and which stage creates it (stages that name the same bucket share it)",
    // The engine asserts a stack reference's name is plain text (secretText.ts).
    "accountSetting.stack": "the stack reference's URN, name and id (the engine reads it by name)",
    // Names AWS gives a resource: secret in the inputs, but the name is the resource's id.
    "accessLogs.logGroupName": "the access-log group's id (its name)",
    "accessLogs.firehose.streamName": "the stream's id (its ARN)",
    "accessLogs.firehose.bucket.name": "the bucket's id (its name)",
};

/** Whether a stack file's value is a `secure:` value. */
export function isSecure(value: unknown): boolean {
    return !!value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

/** `at` as a config key: `apigw-logging:stages[0].name`. */
export function configKeyOf(at: string[]): string {
    const [key, ...rest] = at;
    return `${key}${rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("")}`;
}

/** The setting at `at` (the fully qualified key, then the path under it); undefined for another namespace's key or an unknown one. */
export function settingAt(at: string[], project: string): string | undefined {
    const [key, ...rest] = at;
    return key.startsWith(`${project}:`) ? declaredSetting([key.slice(project.length + 1), ...rest]) : undefined;
}

/** Whether the value at `at` holds settings (an object, a list, a map) rather than being one value (a list's string item is a value). */
export function holdsSettingsAt(at: string[], project: string): boolean {
    const setting = settingAt(at, project);
    if (setting === undefined) {
        return false;
    }
    const kind = CONFIG_SHAPE.settings[setting];
    if (kind === undefined) {
        return false; // a map's value (`tags{}`)
    }
    const item = kind.kind === "list" && /^\d+$/.test(at[at.length - 1]);
    return item ? kind.of.kind === "object" : holdsSettings(setting);
}

/**
 * Why a `secure:` value at `at` cannot be read at all, or undefined: below the top level, Pulumi
 * decrypts a `secure:` value to one string, which is not the object or list a container needs.
 */
export function secureContainerProblem(at: string[], project: string): string | undefined {
    if (at.length > 1 && holdsSettingsAt(at, project)) {
        const setting = settingAt(at, project)!;
        const list = CONFIG_SHAPE.settings[setting].kind === "list" && !/^\d+$/.test(at[at.length - 1]);
        return (
            `${configKeyOf(at)}: [secret] must be ${list ? "a list" : "an object"}: ` +
            "Pulumi decrypts a secure: value inside a key to one string; put secure: on the values inside it, or on the whole key"
        );
    }
    return undefined;
}

/** Every `secure:` value of a stack file's config: its path (the fully qualified key, then the path under it) and its ciphertext. */
export function secureEntriesIn(config: unknown, project: string): Array<{ at: string[]; cipher: string }> {
    const entries: Array<{ at: string[]; cipher: string }> = [];
    const walk = (value: unknown, at: string[]): void => {
        if (isSecure(value)) {
            entries.push({ at, cipher: String((value as { secure: unknown }).secure) });
        } else if (Array.isArray(value)) {
            value.forEach((item, i) => walk(item, [...at, String(i)]));
        } else if (value && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) {
                walk(v, [...at, k]);
            }
        }
    };
    if (config && typeof config === "object" && !Array.isArray(config)) {
        for (const [key, value] of Object.entries(config)) {
            walk(value, [key.includes(":") ? key : `${project}:${key}`]);
        }
    }
    return entries;
}

/** Every `secure:` value of a stack file's config, as paths: the fully qualified key, then the path under it. */
export function secureMarkersIn(config: unknown, project: string): string[][] {
    return secureEntriesIn(config, project).map((entry) => entry.at);
}

/** The `config:` of `Pulumi.<stack>.yaml` in `projectDir`; undefined without that file, or with one Pulumi itself would refuse. */
export function stackFileConfig(projectDir: string, stack: string): unknown {
    try {
        return (yaml.load(fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8")) as { config?: unknown } | undefined)?.config;
    } catch {
        return undefined;
    }
}

/**
 * The `secure:` markers of `Pulumi.<stack>.yaml` in `projectDir`, or undefined without that file (a
 * stack whose config comes from an ESC environment or --config-file).
 */
export function stackFileSecureMarkers(projectDir: string, stack: string, project: string): string[][] | undefined {
    const config = stackFileConfig(projectDir, stack);
    return config === undefined ? undefined : secureMarkersIn(config, project);
}

// Kept on the global object, so that a copy of the program from another folder (npm run plan:diff
// of an unpacked tree) sees the markers too.
const GIVEN_MARKERS = Symbol.for("apigw-logging.secureMarkers");
const given = globalThis as { [GIVEN_MARKERS]?: string[][] };

/** Makes the program take `markers` instead of reading the stack file (npm run plan, which read it already); undefined reads it again. */
export function useSecureMarkers(markers: string[][] | undefined): void {
    given[GIVEN_MARKERS] = markers;
}

/**
 * This stack's `secure:` markers: the given ones, or the stack file's in the project's folder (the
 * CLI passes it as PULUMI_NODEJS_ROOT_DIRECTORY; without it, as under mocks, the working directory,
 * where the CLI runs the program).
 */
export function secureMarkers(project: string): string[][] {
    const markers = given[GIVEN_MARKERS];
    if (markers) {
        return markers;
    }
    const root = [pulumi.runtime.getRootDirectory(), process.cwd()].find((dir) => dir && fs.existsSync(path.join(dir, "Pulumi.yaml")));
    return (root && stackFileSecureMarkers(root, pulumi.getStack(), project)) || [];
}

/** A decrypted `secure:` value the program uses as text (its setting is not secretable), or one Pulumi shows somewhere. */
export interface SecureValue {
    /** `apigw-logging:stages[0].stageName`. */
    key: string;
    /** The declared setting (`stages[].stageName`, `logging.accessLogs.destination`); `aws:region` for the region. */
    setting: string;
    /** A scalar, or a format's object of fields. */
    value: unknown;
    /** Where Pulumi shows it in plain text; undefined when nowhere. */
    shown?: string;
}

/**
 * The decrypted values behind `markers`: every scalar under each (a secure key holds an object in
 * its decrypted JSON), found in `valueOf` (a fully qualified key's decrypted value).
 */
export function secureValues(markers: readonly string[][], valueOf: (fullKey: string) => unknown, project: string): SecureValue[] {
    const found: SecureValue[] = [];
    const visit = (value: unknown, at: string[]): void => {
        const setting = at[0] === "aws:region" ? "aws:region" : settingAt(at, project);
        // A format written as an object of fields is one value: the format the stage gets.
        const whole = setting?.endsWith("accessLogs.format") && configKeyOf(at).endsWith("accessLogs.format");
        if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || (whole && value !== undefined)) {
            if (setting !== undefined) {
                const shown = setting === "aws:region" ? "the ids that are ARNs (a Firehose stream's)" : shownInPlainText(setting);
                found.push({ key: configKeyOf(at), setting, value, ...(shown ? { shown } : {}) });
            }
        } else if (Array.isArray(value)) {
            value.forEach((item, i) => visit(item, [...at, String(i)]));
        } else if (value && typeof value === "object") {
            Object.entries(value).forEach(([k, v]) => visit(v, [...at, k]));
        }
    };
    for (const [key, ...rest] of markers) {
        let value = valueOf(key);
        for (const part of rest) {
            value = value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
        }
        visit(value, [key, ...rest]);
    }
    return found;
}

/** The warning for a secret value that Pulumi shows in plain text: the key and where. */
export function shownWarning(value: SecureValue): string {
    return `${value.key} is secret: it stays secret in the resource inputs and outputs that hold it, but Pulumi shows it in plain text: ${value.shown}`;
}

/**
 * Whether Pulumi marked a key secret (the CLI passes the list as PULUMI_CONFIG_SECRET_KEYS; the mocks
 * take it in setAllConfig). The SDK's own reader is exported at run time but left out of its typings
 * (@pulumi/pulumi runtime/config.js, `@internal`): it is the one place that list is read.
 */
export function isConfigSecret(fullKey: string): boolean {
    return (pulumi.runtime as unknown as { isConfigSecret(key: string): boolean }).isConfigSecret(fullKey);
}

/**
 * When any key is secret: the `secure:` values the program uses as text (the ones that are not
 * secretable), after warning once for each value that Pulumi shows in plain text. A `secure:` object
 * or list inside a key, which Pulumi decrypts to a string, stops the program with one line each.
 * `valueOf` gives a fully qualified key's decrypted value.
 */
export function readSecureValues(keys: readonly string[], project: string, valueOf: (fullKey: string) => unknown): SecureValue[] {
    if (!keys.some(isConfigSecret)) {
        return [];
    }
    const markers = secureMarkers(project).filter(([key]) => isConfigSecret(key));
    const problems = markers.map((at) => secureContainerProblem(at, project)).filter((p): p is string => p !== undefined);
    if (problems.length > 0) {
        throw new pulumi.RunError(problems.join("\n"));
    }
    const values = secureValues(markers, valueOf, project);
    for (const value of values) {
        if (value.shown) {
            pulumi.log.warn(shownWarning(value));
        }
    }
    return values.filter((value) => !isSecretable(value.setting));
}
