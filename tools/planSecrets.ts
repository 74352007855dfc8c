// `secure:` values in a stack file, for `npm run plan`, which cannot decrypt them. A key holding one
// is marked secret, as the CLI marks it, and the program gets a stand-in its checks accept. A value
// the program hands on as a secret (program/config/secrets.ts) shows as `[secret]` wherever it goes,
// never the ciphertext nor the stand-in. A value the program must use as text (a choice, a stage's
// name, the format) gets a stand-in too, which the program keeps secret wherever it lands
// (program/secretText.ts); since it can change which resources the plan shows, the plan says which
// stand-in it used. Only a `secure:` object or list inside a key is refused: Pulumi decrypts it to a
// string.

import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ACCOUNT_SETTING_DEFAULTS, partitionOf, STAGE_LOGGING_DEFAULTS as DEFAULTS } from "apigw-logging";
import { CONFIG_SHAPE } from "../program/config/declarations.generated";
import { configKeyOf, holdsSettingsAt, isSecretable, isSecure, secureContainerProblem, secureEntriesIn, settingAt, stackFileConfig } from "../program/config/secureValues";
import type { ShapeKind } from "../program/config/shape";
import { MOCK_ACCOUNT_ID, SECRET_MASK } from "./mockRuntime";

export class SecureValueError extends Error {}

/**
 * `value` (a stack file's value at `at`: the fully qualified key, then the path under it) with every
 * `secure:` value replaced by its stand-in; `planned` gets a line for each stand-in the plan's
 * resources may depend on.
 */
export function replaceSecure(value: unknown, at: string[], region: string, project: string, planned: string[] = []): unknown {
    if (isSecure(value)) {
        const standing = standIn(at, region, project);
        if (standing.shown) {
            planned.push(`${configKeyOf(at)} is secret, and npm run plan cannot decrypt it: planned as ${JSON.stringify(standing.value)}; the stack's own value may plan otherwise`);
        }
        return standing.value;
    }
    if (Array.isArray(value)) {
        return value.map((item, i) => replaceSecure(item, [...at, String(i)], region, project, planned));
    }
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v, [...at, k], region, project, planned)]));
    }
    return value;
}

/** `value` as the plan shows it: `[secret]` for every `secure:` value; `secret` when it held one. */
export function maskSecure(value: unknown): { value: unknown; secret: boolean } {
    if (isSecure(value)) {
        return { value: SECRET_MASK, secret: true };
    }
    if (Array.isArray(value)) {
        const inner = value.map(maskSecure);
        return { value: inner.map((i) => i.value), secret: inner.some((i) => i.secret) };
    }
    if (value && typeof value === "object") {
        const inner = Object.entries(value).map(([k, v]) => [k, maskSecure(v)] as const);
        return { value: Object.fromEntries(inner.map(([k, i]) => [k, i.value])), secret: inner.some(([, i]) => i.secret) };
    }
    return { value, secret: false };
}

/**
 * What the program gets for a `secure:` value at `at`: a stand-in of the setting's kind (`shown`
 * when the program uses it as text, so that the plan's resources may depend on it), or a refusal of
 * a `secure:` object or list inside a key.
 */
export function standIn(at: string[], region: string, project: string): { value: unknown; shown?: boolean } {
    const [key, ...rest] = at;
    const problem = secureContainerProblem(at, project);
    if (problem) {
        throw new SecureValueError(`${problem} (npm run plan cannot decrypt it)`);
    }
    if (key === "aws:region") {
        return { value: region, shown: true };
    }
    if (key.startsWith("aws:")) {
        // The provider's own settings (credentials, default tags): the program reads none as text but the region.
        return { value: key === "aws:defaultTags" ? "stand-in" : SECRET_MASK };
    }
    const setting = settingAt(at, project);
    if (setting === undefined) {
        // Not a setting of this project: the program refuses it by name, with a "did you mean".
        return { value: SECRET_MASK };
    }
    const indices = rest.filter((part) => /^\d+$/.test(part));
    const suffix = indices.map((i) => `-${i}`).join("");
    if (isSecretable(setting)) {
        return { value: standInValue(setting, region, suffix) };
    }
    const kind = CONFIG_SHAPE.settings[setting];
    if (holdsSettingsAt(at, project)) {
        // A whole key of settings, secure: planned on its defaults.
        return { value: kind.kind === "list" ? [] : kind.kind === "union" ? false : {}, shown: true };
    }
    return { value: textStandIn(setting, suffix, indices), shown: true };
}

/**
 * A stand-in for a value the program uses as text: the declared default, or a value its rule
 * accepts. A stage's names carry its index, so that stages keep distinct names.
 */
export function textStandIn(setting: string, suffix: string, indices: string[]): unknown {
    const kind = CONFIG_SHAPE.settings[setting];
    const values: Record<string, unknown> = {
        // 10 lowercase letters and digits, as API Gateway makes REST API ids.
        "stages[].restApiId": `standin${(indices[0] ?? "0").padStart(3, "0").slice(-3)}`,
        "stages[].stageName": `stand-in${suffix}`,
        "stages[].name": `stand-in${suffix}`,
        "stages[].previousNames": `stand-in-before${suffix}`,
        "stages[].apiName": `stand-in${suffix}`,
        "sampleApi.apiName": "stand-in",
        "sampleApi.stageName": "stand-in",
        "accountSetting.stack": "organization/stand-in/stand-in",
        "methodSettings.overrides[].methodPath": `/stand-in${suffix}/GET`,
        "executionLogs.logGroup.name": `stand-in${suffix}`,
        "executionLogs.s3.bucket.name": `stand-in-bucket${suffix}`,
        // The shortest retention CloudWatch Logs keeps: any plain retention meets it.
        minimumRetentionInDays: 1,
    };
    const relative = setting.replace(/^(logging|stages\[\])\./, "");
    const value = values[setting] ?? values[relative] ?? declaredDefault(relative);
    if (value !== undefined) {
        return value;
    }
    if (kind?.kind === "enum") {
        return kind.values[0];
    }
    if (kind?.kind === "boolean" || kind?.kind === "false") {
        return false;
    }
    // A setting the program uses as text without a stand-in here: a bug of this tool, not of the stack file.
    throw new Error(`npm run plan has no stand-in for the setting ${setting}`);
}

/**
 * The components' default for a setting (`accessLogs.destination` → "cloudwatch"); a method
 * override's, the stage-wide one it inherits.
 */
function declaredDefault(relative: string): unknown {
    const account = relative.startsWith("accountSetting.");
    let value: unknown = account ? ACCOUNT_SETTING_DEFAULTS : DEFAULTS;
    const path = account ? relative.slice("accountSetting.".length) : relative.replace("methodSettings.overrides[].", "methodSettings.");
    for (const part of path.replace(/\[\]/g, "").split(".")) {
        value = value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
    }
    return value !== null && typeof value === "object" ? undefined : value;
}

/**
 * A stand-in its rule accepts, with the other settings it is checked against: the longest retention
 * and expiry (above any production minimum, after any transition), a transition after 30 days (the
 * earliest every storage class allows), the shortest alarm period and one datapoint (within any
 * evaluation range); otherwise the declared default, or a value of its kind in the stack's region.
 */
export function standInValue(setting: string, region: string, suffix = ""): string | number {
    const name = setting.replace(/\{\}$/, "").split(".").pop()!;
    const arn = (service: string, resource: string, regional = true) => `arn:${partitionOf(region)}:${service}:${regional ? region : ""}:${MOCK_ACCOUNT_ID}:${resource}`;
    const a = DEFAULTS.alarms;
    const values: Record<string, string | number> = {
        kmsKeyArn: arn("kms", "key/00000000-0000-0000-0000-000000000000"),
        snsTopicArn: arn("sns", "stand-in"),
        roleArn: arn("iam", "role/stand-in", false),
        bucketArn: `arn:${partitionOf(region)}:s3:::stand-in-bucket${suffix}`,
        arn: arn("logs", `log-group:/stand-in${suffix}`),
        streamArn: arn("firehose", `deliverystream/stand-in${suffix}`),
        retentionInDays: 3653,
        errorLogRetentionInDays: 3653,
        expireAfterDays: 36500,
        afterDays: 30,
        noncurrentVersionExpireAfterDays: DEFAULTS.accessLogs.firehose.bucket.noncurrentVersionExpireAfterDays,
        logGroupName: `stand-in${suffix}`,
        streamName: `amazon-apigateway-stand-in${suffix}`,
        name: `stand-in-bucket${suffix}`,
        prefix: `stand-in${suffix}/`,
        bufferingSizeInMBs: DEFAULTS.accessLogs.firehose.bufferingSizeInMBs,
        bufferingIntervalInSeconds: DEFAULTS.accessLogs.firehose.bufferingIntervalInSeconds,
        serverErrorRate: a.serverErrorRate,
        latencyThresholdMs: a.latencyThresholdMs,
        periodSeconds: 60,
        // The default 5 looks at most five days back with any period: within every evaluation range.
        evaluationPeriods: a.evaluationPeriods,
        datapointsToAlarm: 1,
        folder: DEFAULTS.queries.folder,
    };
    const value = setting.endsWith("{}") ? "stand-in" : values[name];
    const kind = CONFIG_SHAPE.settings[setting.replace(/\{\}$/, "")];
    const expected = setting.endsWith("{}") ? (kind as { of: ShapeKind }).of.kind : kind?.kind;
    if (value === undefined || typeof value !== expected) {
        // A setting made secretable without a stand-in here: a bug of this tool, not of the stack file.
        throw new Error(`npm run plan has no ${expected} stand-in for the secretable setting ${setting}`);
    }
    return value;
}

/**
 * The region a plan stands in for a secure `aws:region`: the one the stack file's plain regional
 * ARNs name (a KMS key, an SNS topic), which the checks hold to the stack's region; else us-east-1.
 */
export function regionStandIn(config: unknown): string {
    const found: string[] = [];
    const walk = (value: unknown): void => {
        if (typeof value === "string") {
            const region = /^arn:[^:]+:[^:]+:([a-z]{2}(?:-[a-z]+)+-\d+):/.exec(value)?.[1];
            if (region) found.push(region);
        } else if (value && typeof value === "object" && !isSecure(value)) {
            Object.values(value).forEach(walk);
        }
    };
    walk(config);
    return found[0] ?? "us-east-1";
}

/**
 * For `npm run plan:diff`: the `secure:` values of `Pulumi.<stack>.yaml` whose ciphertext differs
 * between the projects at `baseDir` and `headDir` (or that only one side has), each as a note. Both
 * sides plan on the same stand-in, so the diff cannot show what such a change does. The CLI encrypts
 * with a fresh nonce, so a value set again reads as changed even when it is the same.
 */
export function rewrittenSecrets(baseDir: string, headDir: string, stack: string): string[] {
    const base = secureCiphers(baseDir, stack);
    const head = secureCiphers(headDir, stack);
    const keys = [...new Set([...base.keys(), ...head.keys()])].filter((key) => base.get(key) !== head.get(key));
    return keys.map(
        (key) =>
            `${key}: its secure: value was ${!base.has(key) ? "added" : !head.has(key) ? "removed" : "rewritten"}, so it may hold another value; ` +
            "plan:diff cannot decrypt it and plans both sides on the same stand-in: what that changes is not in this diff (pulumi preview shows it)",
    );
}

/** Each `secure:` value of a project's stack file, by config key, with its ciphertext; none without the file. */
function secureCiphers(dir: string, stack: string): Map<string, string> {
    const config = stackFileConfig(dir, stack);
    const project = fs.existsSync(path.join(dir, "Pulumi.yaml")) ? (yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name?: string } | undefined)?.name : undefined;
    if (config === undefined || project === undefined) {
        return new Map(); // no project or stack file on that side: everything there is added or removed anyway
    }
    return new Map(secureEntriesIn(config, project).map(({ at, cipher }) => [configKeyOf(at), cipher]));
}
