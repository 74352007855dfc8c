// The rule of each setting, in AWS's terms: what API Gateway, CloudWatch Logs, Firehose, S3, KMS
// and SNS accept. Pure functions of a plain value; `RULE_DESCRIPTIONS` says each in a few words for
// the config reference, under the setting's path in the component's arguments. Firehose's, S3's and
// IAM's rules have their own files (firehoseRules.ts, s3Rules.ts, iamRules.ts), exported from here too.

import { ValidationError } from "./errors";
import { EXECUTION_LOG_RULE_DESCRIPTIONS } from "./executionLogs/rules";
import { FIREHOSE_STREAM_PREFIX } from "./firehoseRules";
import { methodSettingKey } from "./methodSettingKeys";

export * from "./firehoseRules";
export * from "./iamRules";
export * from "./s3Rules";

/** The retention values CloudWatch Logs accepts (PutRetentionPolicy); anything else is refused by the API. */
export const CLOUDWATCH_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;


/** Stacks named like this are production unless their config says otherwise. */
export function isProductionStackName(stack: string): boolean {
    return /^(prod|production)([-_.].*)?$/i.test(stack);
}

export function retention(value: unknown, path: string): number {
    if (typeof value !== "number" || !(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(value)) {
        throw new ValidationError(
            path,
            value,
            `is not a CloudWatch Logs retention value (allowed: ${CLOUDWATCH_RETENTION_DAYS.join(", ")})`,
        );
    }
    return value;
}

export function snsTopicArn(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(value)) {
        throw new ValidationError(path, value, "is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)");
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

export function restApiName(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^.{1,1024}$/.test(value)) {
        throw new ValidationError(path, value, "must be a REST API name (1-1024 characters)");
    }
    return value;
}

/** Why an alarm cannot be made without the API's name. */
export function alarmsNeedApiName(switchPath: string): string {
    return (
        "is needed for alarms: API Gateway's metrics name the API by its name (dimension ApiName), not its id; " +
        `give the REST API's name, or set ${switchPath}: false`
    );
}

export function restApiIdOf(value: unknown, path: string): string {
    // REST API ids are 10 lowercase letters and digits, e.g. the "a1b2c3d4e5" in a1b2c3d4e5.execute-api...
    if (typeof value !== "string" || !/^[a-z0-9]{10}$/.test(value)) {
        throw new ValidationError(path, value, "is not a REST API id (10 lowercase letters and digits, as in <id>.execute-api.<region>.amazonaws.com)");
    }
    return value;
}


/**
 * A method override's path, as API Gateway keys it in the stage's method settings: `/orders/items/GET`
 * and `~1orders~1items/GET` both give `~1orders~1items/GET` (methodSettingKeys.ts says why).
 */
export function methodPathOf(value: unknown, path: string): string {
    return methodSettingKey(value, path);
}


/**
 * AWS tags ("Tag naming limits and requirements", Tagging AWS Resources; the same for CloudWatch Logs,
 * CloudWatch, IAM, S3 and Firehose): at most 50 per resource, keys 1-128 and values 0-256 Unicode
 * characters of letters, digits, spaces and `_ . : / = + - @`, no `aws:` key prefix. The provider
 * checks none of this (its `tags` schema has no validator); AWS refuses the request.
 */
export const MAX_TAGS = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS = "letters, digits, spaces and _ . : / = + - @";

export function tagCount(count: number, value: unknown, path: string, from = ""): void {
    if (count > MAX_TAGS) {
        throw new ValidationError(path, value, `has ${count} tags${from}; AWS allows at most ${MAX_TAGS} on a resource`);
    }
}

export function tagKey(key: string, value: unknown, path: string): void {
    const length = [...key].length;
    if (length < 1 || length > 128 || !TAG_TEXT.test(key)) {
        throw new ValidationError(path, value, `has a key AWS refuses: tag keys are 1-128 ${TAG_CHARACTERS}`);
    }
    if (key.toLowerCase().startsWith("aws:")) {
        throw new ValidationError(path, value, 'uses the reserved "aws:" tag prefix');
    }
}

export function tagValue(value: unknown, path: string): string {
    if (typeof value !== "string") {
        throw new ValidationError(path, value, "must be a string (AWS tag values are strings)");
    }
    if ([...value].length > 256 || !TAG_TEXT.test(value)) {
        throw new ValidationError(path, value, `is not a tag value AWS accepts (0-256 ${TAG_CHARACTERS})`);
    }
    return value;
}

/**
 * A saved Logs Insights query's name (PutQueryDefinition): 1-255 characters; the provider refuses
 * ":" and "*", and "/" at either end or twice in a row (terraform-provider-aws,
 * internal/service/logs/query_definition.go).
 */
export function queryDefinitionNameProblem(name: string): string | undefined {
    if (name.length < 1 || name.length > 255) {
        return `would make a saved query's name ${name.length} characters long (Logs Insights allows 255)`;
    }
    if (!/^([^:*/]+\/?)*[^:*/]+$/.test(name)) {
        return 'would make a saved query\'s name that Logs Insights refuses (no ":" or "*", no "/" at either end or twice in a row)';
    }
    return undefined;
}

/** A CloudWatch alarm's name (PutMetricAlarm AlarmName): 1-255 characters. */
export function alarmNameProblem(name: string): string | undefined {
    return name.length > 255 ? `would make an alarm's name ${name.length} characters long (CloudWatch allows 255)` : undefined;
}

/**
 * PutMetricAlarm: "An alarm's total current evaluation period can be no longer than seven days, so
 * Period multiplied by EvaluationPeriods can't be more than 604,800 seconds. For alarms with a period
 * of less than one hour (3,600 seconds), the total evaluation period can't be longer than one day."
 */
export function evaluationRangeProblem(periodSeconds: number, evaluationPeriods: number): string | undefined {
    // (The same without the numbers, for a secret: EVALUATION_RANGE_SECRET_PROBLEM.)
    const limit = periodSeconds < 3600 ? 86400 : 604800;
    const total = periodSeconds * evaluationPeriods;
    return total > limit
        ? `makes the alarms look at ${total} seconds (periodSeconds × evaluationPeriods); CloudWatch allows ${limit} (${limit === 86400 ? "one day for periods under an hour" : "seven days"})`
        : undefined;
}

/** What `evaluationRangeProblem` says, without the seconds that would tell a secret period or count. */
export const EVALUATION_RANGE_SECRET_PROBLEM =
    "makes the alarms look at more than CloudWatch allows (periodSeconds × evaluationPeriods: one day for periods under an hour, seven days otherwise)";

/** A region's name as AWS writes it (`eu-west-1`, `us-gov-west-1`, `cn-north-1`). */
export function regionName(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(value)) {
        throw new ValidationError(path, value, "is not an AWS region name (like eu-west-1)");
    }
    return value;
}

/**
 * Why a retention is too short for production, or undefined. `minimumSetting` names where the
 * minimum was set. Shared with the policy pack, which says it in the same words.
 */
export function belowProductionMinimum(days: number, minimumDays: number, minimumSetting: string): string | undefined {
    return days < minimumDays
        ? `is below the production minimum of ${minimumDays} days (${minimumSetting}); keep production logs longer, or lower the minimum deliberately`
        : undefined;
}

/**
 * Each checked setting's rule in a few words, by its path in `StageLoggingArgs` (and `AccountSettingArgs`
 * under `accountSetting.`): the "Allowed" column of the config reference. Enums and booleans say
 * their values themselves.
 */
export const RULE_DESCRIPTIONS: Readonly<Record<string, string>> = {
    restApiId: "10 lowercase letters and digits",
    stageName: "1-128 letters, digits, - or _",
    apiName: "1-1024 characters",
    "accessLogs.format": "one line, at most 3 KB, documented `$context` variables, with `$context.requestId`",
    "accessLogs.retentionInDays": `a CloudWatch Logs retention: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`,
    "accessLogs.kmsKeyArn": "a KMS key ARN (`arn:aws:kms:<region>:<account>:key/<id>`)",
    "accessLogs.logGroupName": "1-512 of letters, digits, _ - / . #; not `API-Gateway-Execution-Logs_…`",
    "accessLogs.firehose.streamName": `1-64 letters, digits, _ . -, starting with \`${FIREHOSE_STREAM_PREFIX}\``,
    "accessLogs.firehose.bucketArn": "an S3 bucket ARN without a key (`arn:aws:s3:::<bucket>`)",
    "accessLogs.firehose.kmsKeyArn": "a KMS key ARN, not an alias",
    "accessLogs.firehose.prefix": "1-400 of letters, digits, ! _ . * ' ( ) / = -; ends with `/`; no `!{…}`",
    "accessLogs.firehose.bufferingSizeInMBs": "1-128",
    "accessLogs.firehose.bufferingIntervalInSeconds": "0-900",
    "accessLogs.firehose.errorLogRetentionInDays": "a CloudWatch Logs retention",
    "accessLogs.firehose.bucket.name": "an S3 bucket name: 3-63 lowercase letters, digits, . -",
    "accessLogs.firehose.bucket.expireAfterDays": "1-36500, after any transition",
    "accessLogs.firehose.bucket.transition.afterDays": "0-36500 (30 at least for the IA classes), before expiry",
    "accessLogs.firehose.bucket.noncurrentVersionExpireAfterDays": "1-36500",
    "executionLogs.retentionInDays": "a CloudWatch Logs retention",
    "executionLogs.kmsKeyArn": "a KMS key ARN",
    ...EXECUTION_LOG_RULE_DESCRIPTIONS,
    "methodSettings.dataTraceEnabled": "needs loggingLevel ERROR or INFO; refused in production unless acknowledged",
    "methodSettings.overrides[].methodPath": "`/resource/path/METHOD` as the console shows it (`/orders/{id}/GET`, `orders/*`) or API Gateway's key (`~1orders~1{id}/GET`); each method once",
    stageOwner: "`iac` (another program owns the stage) or `none` (nothing does: this stack sets its access logs)",
    "alarms.enabled": "needs `methodSettings.metricsEnabled` and `apiName`",
    "alarms.snsTopicArn": "an SNS topic ARN",
    "alarms.serverErrorRate": "above 0, at most 1",
    "alarms.latencyThresholdMs": "1-300000",
    "alarms.periodSeconds": "60-86400, a multiple of 60",
    "alarms.evaluationPeriods": "1-100; × `periodSeconds` at most one day (seven days with periods of an hour or more)",
    "alarms.datapointsToAlarm": "1 to `evaluationPeriods`",
    "queries.folder": "1-128 characters, no `:` or `*`, no leading, trailing or double `/`",
    tags: "at most 50; keys 1-128 and values 0-256 of letters, digits, spaces, `_ . : / = + - @`; no `aws:` key",
    minimumRetentionInDays: "a CloudWatch Logs retention",
    "accountSetting.roleArn": "an IAM role ARN (`arn:aws:iam::<account>:role/<name>`)",
    "accountSetting.stack": "`org/project/stack`",
    "stages[].name": "1-63 letters, digits, - or _; unique",
    "stages[].previousNames": "names as for `name`",
};
