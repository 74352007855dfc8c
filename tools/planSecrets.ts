// `secure:` values in a stack file, for `npm run plan`, which cannot decrypt them. A key holding one
// is marked secret, as the CLI marks it, and the program gets a stand-in its checks accept: it hands
// the value on as a secret (program/config/secrets.ts), so the plan shows `[secret]` wherever it
// goes, and neither the ciphertext nor the stand-in. A setting the program must use in plain text
// (it decides which resources exist, or their names, which Pulumi shows in plain text) is refused
// with the reason, instead of planned on a made-up value.

import { partitionOf, STAGE_LOGGING_DEFAULTS as DEFAULTS } from "apigw-logging";
import { CONFIG_SHAPE } from "../program/config/declarations.generated";
import { configKeyOf, declaredSetting, isSecure, whyNotSecret } from "../program/config/secureValues";
import type { ShapeKind } from "../program/config/shape";
import { MOCK_ACCOUNT_ID, SECRET_MASK } from "./mockRuntime";

export class SecureValueError extends Error {}

/** `value` (a stack file's value at `at`: the fully qualified key, then the path under it) with every `secure:` value replaced by its stand-in. */
export function replaceSecure(value: unknown, at: string[], region: string, project: string): unknown {
    if (isSecure(value)) {
        return standIn(at, region, project);
    }
    if (Array.isArray(value)) {
        return value.map((item, i) => replaceSecure(item, [...at, String(i)], region, project));
    }
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v, [...at, k], region, project)]));
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
 * What the program gets for a `secure:` value at `at`: a stand-in of the setting's kind, or a
 * refusal naming the key and why it cannot be secret.
 */
export function standIn(at: string[], region: string, project: string): string | number {
    const [key, ...rest] = at;
    const why = whyNotSecret(at, project);
    if (why) {
        throw new SecureValueError(`${configKeyOf(at)}: ${SECRET_MASK} cannot be secret: ${why} (npm run plan cannot decrypt it)`);
    }
    if (key.startsWith("aws:")) {
        // The provider's own settings (credentials, default tags): the program reads none as text but the region.
        return key === "aws:defaultTags" ? "stand-in" : SECRET_MASK;
    }
    const setting = declaredSetting([key.slice(project.length + 1), ...rest]);
    if (setting === undefined) {
        // Not a setting of this project: the program refuses it by name, with a "did you mean".
        return SECRET_MASK;
    }
    const suffix = rest.filter((part) => /^\d+$/.test(part)).map((i) => `-${i}`).join("");
    return standInValue(setting, region, suffix);
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
