// The AWS provider's stack config (`aws:<key>`), as far as it decides where this stack's logs go:
// the region (every log group, stream, bucket and alarm is made there, and every regional ARN the
// stack config names must be there too) and the provider's default tags (they count toward AWS's 50
// tags per resource). The provider itself refuses an `aws:` key it does not know when it is
// configured (pulumi-terraform-bridge CheckConfig: "`aws:regoin` is not a valid configuration key
// for the aws provider"), but only once a real preview reaches it; `npm run plan` never configures a
// provider, so the program says it first, in the same terms.

import * as awsConfigVars from "@pulumi/aws/config/vars";
import { arnRegionProblem, closest, parseArn, regionName, SECRET_VALUE, ValidationError } from "apigw-logging";

/** The config keys the AWS provider knows (`aws:region`, `aws:profile`, ...), from its SDK. */
export const AWS_CONFIG_KEYS: readonly string[] = Object.keys(awsConfigVars).filter((k) => !k.startsWith("_"));

export interface AwsSettings {
    region: string;
    /** The keys of `aws:defaultTags.tags`: the provider adds them to every resource's tags. */
    defaultTagKeys: string[];
}

/** Checks the `aws:` keys of the stack's config (`all`: fully qualified keys, values as strings). */
export function checkAwsConfig(all: Readonly<Record<string, string>>): AwsSettings {
    for (const fullKey of Object.keys(all)) {
        if (!fullKey.startsWith("aws:")) {
            continue;
        }
        const key = fullKey.slice("aws:".length);
        if (!AWS_CONFIG_KEYS.includes(key)) {
            const hint = closest(key, AWS_CONFIG_KEYS);
            throw new ValidationError(
                fullKey,
                all[fullKey],
                `is not a config key of the AWS provider${hint ? `; did you mean "aws:${hint}"?` : ""} ` +
                    "(the provider refuses unknown aws: keys; a setting of this project goes under apigw-logging:)",
            );
        }
    }
    if (all["aws:region"] === undefined) {
        throw new ValidationError(
            "aws:region",
            undefined,
            "is required: it is the region whose stages this stack logs and where the logs are kept; without it the AWS " +
                "provider silently takes AWS_REGION or the profile's region (pulumi config set aws:region <region>)",
        );
    }
    return { region: regionName(all["aws:region"], "aws:region"), defaultTagKeys: defaultTagKeys(all["aws:defaultTags"]) };
}

function defaultTagKeys(text: string | undefined): string[] {
    try {
        const tags = (JSON.parse(text ?? "{}") as { tags?: unknown }).tags;
        return tags && typeof tags === "object" ? Object.keys(tags) : [];
    } catch {
        return [];
    }
}

/** The ARN settings of a stage (paths relative to its settings): the service each names, and whether it is regional. */
const STAGE_ARNS: ReadonlyArray<{ path: string; service: string; regional: (settings: Record<string, unknown>) => boolean }> = [
    { path: "accessLogs.kmsKeyArn", service: "kms", regional: () => true },
    { path: "executionLogs.kmsKeyArn", service: "kms", regional: () => true },
    { path: "alarms.snsTopicArn", service: "sns", regional: () => true },
    // A bucket the component creates is in the stack's region, so its key must be; an existing
    // bucket's ARN has no region, so then only the partition can be checked.
    { path: "accessLogs.firehose.kmsKeyArn", service: "kms", regional: (s) => valueAt(s, "accessLogs.firehose.bucketArn") === undefined },
    { path: "accessLogs.firehose.bucketArn", service: "s3", regional: () => false },
];

/**
 * Refuses an ARN of a stage's settings (plain values, as the stack config wrote them) that a resource
 * in `region` could not use. `configKey(path)` names the setting; `secret(path)` says whether its
 * value is a secret (the error then says `[secret]`).
 */
export function checkStageArns(
    settings: Record<string, unknown>,
    region: string,
    configKey: (path: string) => string,
    secret: (path: string) => boolean,
): void {
    for (const arn of STAGE_ARNS) {
        checkArn(valueAt(settings, arn.path), arn.service, region, arn.regional(settings), configKey(arn.path), secret(arn.path));
    }
}

/** The same for one ARN (the account setting's role: `iam`, partition only). */
export function checkArn(value: unknown, service: string, region: string, regional: boolean, at: string, secret: boolean): void {
    // Only an ARN of the expected service: any other value gets its own rule's message from the component.
    if (typeof value !== "string" || parseArn(value)?.service !== service) {
        return;
    }
    const problem = arnRegionProblem(value, region, regional);
    if (problem) {
        throw new ValidationError(at, secret ? SECRET_VALUE : value, problem);
    }
}

function valueAt(settings: Record<string, unknown>, path: string): unknown {
    let current: unknown = settings;
    for (const part of path.split(".")) {
        current = current && typeof current === "object" ? (current as Record<string, unknown>)[part] : undefined;
    }
    return current;
}
