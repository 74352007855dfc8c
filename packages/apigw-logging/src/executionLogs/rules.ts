// The rules of the execution-log delivery settings, in AWS's terms. Pure functions of a plain value;
// `EXECUTION_LOG_RULE_DESCRIPTIONS` joins the config reference's "Allowed" column (rules.ts).

import { ValidationError } from "../errors";

/** API Gateway names its own execution log groups so; a delivery writes to another group. */
export const STANDARD_EXECUTION_LOG_GROUP_PREFIX = "API-Gateway-Execution-Logs_";

/** A log group to deliver to: a CloudWatch Logs name that is not API Gateway's own group's. */
export function deliveredLogGroupName(value: unknown, path: string): string {
    // CloudWatch Logs: 1-512 characters of a-z, A-Z, 0-9, '_', '-', '/', '.', '#'.
    if (typeof value !== "string" || !/^[\w\-\/.#]{1,512}$/.test(value)) {
        throw new ValidationError(path, value, "is not a CloudWatch Logs log group name (1-512 characters: letters, digits, _ - / . #)");
    }
    if (value.startsWith(STANDARD_EXECUTION_LOG_GROUP_PREFIX)) {
        throw new ValidationError(
            path,
            value,
            `is API Gateway's own execution log group's name pattern: that group is kept and written to with destination "standard"; deliver to another group`,
        );
    }
    return value;
}

const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([\w\-\/.#]{1,512}?)(:\*)?$/;

/** A log group's ARN, with or without the `:*` some APIs append. */
export function logGroupArn(value: unknown, path: string): string {
    const match = typeof value === "string" ? LOG_GROUP_ARN.exec(value) : null;
    if (!match) {
        throw new ValidationError(path, value, "is not a CloudWatch Logs log group ARN (arn:aws:logs:<region>:<account>:log-group:<name>)");
    }
    deliveredLogGroupName(match[1], path);
    return value as string;
}

/** The group's ARN without a trailing `:*`: what a delivery destination names. */
export function bareLogGroupArn(arn: string): string {
    return arn.replace(/:\*$/, "");
}

/** The group's name in its ARN. */
export function logGroupNameOfArn(arn: string): string {
    return bareLogGroupArn(arn).slice(arn.indexOf(":log-group:") + ":log-group:".length);
}

export function firehoseStreamArn(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/[A-Za-z0-9_.-]{1,64}$/.test(value)) {
        throw new ValidationError(path, value, "is not a Firehose stream ARN (arn:aws:firehose:<region>:<account>:deliverystream/<name>)");
    }
    return value;
}

/** The execution-log settings' rules in a few words, by their path in `StageLoggingArgs`. */
export const EXECUTION_LOG_RULE_DESCRIPTIONS: Readonly<Record<string, string>> = {
    "executionLogs.destination": "a delivery needs `methodSettings.loggingLevel` ERROR or INFO",
    "executionLogs.logGroup.name": "1-512 of letters, digits, _ - / . #; not `API-Gateway-Execution-Logs_…`; not with `arn`",
    "executionLogs.logGroup.arn": "a log group ARN (`arn:aws:logs:<region>:<account>:log-group:<name>`); not with `name`",
    "executionLogs.logGroup.retentionInDays": "a CloudWatch Logs retention",
    "executionLogs.logGroup.kmsKeyArn": "a KMS key ARN",
    "executionLogs.s3.bucketArn": "an S3 bucket ARN without a key (`arn:aws:s3:::<bucket>`); not with `bucket`",
    "executionLogs.s3.kmsKeyArn": "a KMS key ARN; only with a created bucket",
    "executionLogs.s3.bucket.name": "an S3 bucket name: 3-63 lowercase letters, digits, . -",
    "executionLogs.s3.bucket.expireAfterDays": "1-36500, after any transition",
    "executionLogs.s3.bucket.transition.afterDays": "0-36500 (30 at least for the IA classes), before expiry",
    "executionLogs.s3.bucket.noncurrentVersionExpireAfterDays": "1-36500",
    "executionLogs.firehose.streamArn": "required: a Firehose stream ARN",
};
