// Secret stack config stays secret. Pulumi decrypts `secure:` values before the program runs and
// tells it only which top-level keys are secret (`pulumi.runtime.isConfigSecret`): a key whose
// object holds one `secure:` value anywhere is one secure value as a whole (pulumi/pulumi,
// sdk/go/common/resource/config/value.go: an object value is secure when it contains a secure
// value). So every value of a secret key that the components take as `pulumi.Input<…>`
// (SECRETABLE_SETTINGS, from the declaration: every setting that only reaches resource inputs, such
// as retentions, names, prefixes, thresholds, tag values and ARNs) is handed on as
// `pulumi.secret(...)`: the resources' inputs, the state and every output derived from it are
// secret. The key's other values (choices, switches, the stage's name, the format) decide what is
// created and how it is named, and the components take them as text: the ones the stack file marks
// `secure:` stay secret in every input and output that holds them (secureValues.ts, secretText.ts).

import * as pulumi from "@pulumi/pulumi";
import { isPlainObject } from "apigw-logging";
import { SECRETABLE_SETTINGS } from "./declarations.generated";

/** The secretable settings of a stage, relative to its settings (`tags{}`, `accessLogs.retentionInDays`). */
export const STAGE_SECRETABLE = relativeTo("logging");
/** The secretable settings of the account setting (`roleArn`, `tags{}`). */
export const ACCOUNT_SETTING_SECRETABLE = relativeTo("accountSetting");

function relativeTo(key: string): string[] {
    return SECRETABLE_SETTINGS.filter((p) => p.startsWith(`${key}.`)).map((p) => p.slice(key.length + 1));
}

/** The top-level key of a config key (`apigw-logging:stages[1].tags.owner` → `stages`). */
export function topKeyOf(configKey: string): string {
    return configKey.slice(configKey.indexOf(":") + 1).split(/[.[]/)[0];
}

/**
 * `settings` with each value at a `secretable` path (relative, `{}` for each value of a map) that
 * `isSecret(segments)` says came from a secret key wrapped in `pulumi.secret`; the rest as it was.
 * Only strings and numbers are wrapped: anything else there has the wrong kind, and is left for the
 * component's check to refuse in plain words.
 */
export function withSecrets<T>(settings: T, secretable: readonly string[], isSecret: (segments: string[]) => boolean): T {
    let result: unknown = settings;
    for (const setting of secretable) {
        result = wrapAt(result, setting.split("."), [], isSecret);
    }
    return result as T;
}

function wrapAt(value: unknown, parts: string[], at: string[], isSecret: (segments: string[]) => boolean): unknown {
    if (!isPlainObject(value)) {
        return value;
    }
    const [head, ...rest] = parts;
    const key = head.replace(/\{\}$/, "");
    const inner = value[key];
    if (head.endsWith("{}")) {
        if (!isPlainObject(inner)) {
            return value;
        }
        const wrapped = Object.fromEntries(
            Object.entries(inner).map(([k, v]) => [k, isScalar(v) && isSecret([...at, key, k]) ? pulumi.secret(v) : v]),
        );
        return { ...value, [key]: wrapped };
    }
    if (rest.length === 0) {
        return isScalar(inner) && isSecret([...at, key]) ? { ...value, [key]: pulumi.secret(inner) } : value;
    }
    return inner === undefined ? value : { ...value, [key]: wrapAt(inner, rest, [...at, key], isSecret) };
}

function isScalar(value: unknown): value is string | number {
    return typeof value === "string" || typeof value === "number";
}
