// `executionLogs` of StageLoggingArgs → the decided execution-log settings: API Gateway's own group,
// and where a CloudWatch Logs delivery sends new execution logs. Pure: tested without mocks.

import * as pulumi from "@pulumi/pulumi";
import { forbid, object, oneOf, optional } from "../checks";
import {
    EXECUTION_LOG_DESTINATION_VALUES,
    EXECUTION_LOG_FIREHOSE_FORMAT_VALUES,
    EXECUTION_LOG_GROUP_FORMAT_VALUES,
    EXECUTION_LOG_S3_FORMAT_VALUES,
    STAGE_LOGGING_DEFAULTS as DEFAULTS,
    STAGE_LOGGING_KEYS as KEYS,
} from "../declarations.generated";
import { ValidationError } from "../errors";
import { plainValue, whenKnown } from "../inputs";
import { LogBucketSettings, resolveLogBucket } from "../logBucket";
import { keptDays, RetentionFloor } from "../retention";
import { kmsKeyArn, retention } from "../rules";
import { s3BucketArn } from "../s3Rules";
import type {
    ExecutionLogDestination,
    ExecutionLogFirehoseFormat,
    ExecutionLogGroupFormat,
    ExecutionLogS3Format,
    LoggingLevel,
} from "../stageLoggingArgs";
import { deliveredLogGroupName, firehoseStreamArn, logGroupArn } from "./rules";

/** New execution logs stay in API Gateway's own group. */
export interface StandardDestinationSettings {
    kind: "standard";
}

/** A delivery to a log group: one this stack creates (`name`, or the default), or an existing one (`arn`). */
export interface LogGroupDestinationSettings {
    kind: "logGroup";
    name?: string;
    arn?: pulumi.Input<string>;
    /** Only for a group this stack creates. */
    retentionInDays?: pulumi.Input<number>;
    kmsKeyArn?: pulumi.Input<string>;
    outputFormat: ExecutionLogGroupFormat;
}

/** A delivery to S3: a bucket this stack creates (`bucket`), or an existing one (`bucketArn`). */
export interface S3DestinationSettings {
    kind: "s3";
    bucket?: LogBucketSettings;
    bucketArn?: pulumi.Input<string>;
    kmsKeyArn?: pulumi.Input<string>;
    outputFormat: ExecutionLogS3Format;
}

/** A delivery to an existing Firehose stream. */
export interface FirehoseDestinationSettings {
    kind: "firehose";
    streamArn: pulumi.Input<string>;
    outputFormat: ExecutionLogFirehoseFormat;
}

export type ExecutionLogDestinationSettings =
    | StandardDestinationSettings
    | LogGroupDestinationSettings
    | S3DestinationSettings
    | FirehoseDestinationSettings;

/** The execution logs, decided. */
export interface ExecutionLogSettings {
    /** API Gateway's own group: created whatever the destination, so it always has a retention. */
    retentionInDays: pulumi.Input<number>;
    kmsKeyArn?: pulumi.Input<string>;
    destination: ExecutionLogDestinationSettings;
}

/** The deliveries, each with its settings under its own name. */
const DELIVERIES: readonly Exclude<ExecutionLogDestination, "standard">[] = ["logGroup", "s3", "firehose"];

/**
 * Checks `executionLogs` (reported as `path`) and fills in the defaults. A delivery needs the stage
 * to log: API Gateway refuses to create the delivery source of a stage whose `loggingLevel` is
 * neither ERROR nor INFO ("Create a log delivery for REST API execution logs", API Gateway Developer
 * Guide, Prerequisites), so `loggingLevel` (the stage-wide one, set at `loggingLevelPath`) is checked
 * here, at preview, rather than by a failed `pulumi up`. `floor`: the production minimum retention.
 */
export function resolveExecutionLogs(input: unknown, path: string, loggingLevel: LoggingLevel, loggingLevelPath: string, floor?: RetentionFloor): ExecutionLogSettings {
    const raw = object(input ?? {}, path, KEYS.executionLogs);
    const d = DEFAULTS.executionLogs;
    const retentionInDays = keptDays(raw.retentionInDays ?? d.retentionInDays, `${path}.retentionInDays`, retention, floor);
    const key = optional("kmsKeyArn", raw.kmsKeyArn, (v) => whenKnown(v as pulumi.Input<string>, (k) => kmsKeyArn(k, `${path}.kmsKeyArn`)));
    const kind = oneOf(raw.destination ?? d.destination, `${path}.destination`, EXECUTION_LOG_DESTINATION_VALUES);
    // A stage has one execution-log destination: settings for another would silently do nothing.
    for (const delivery of DELIVERIES.filter((d) => d !== kind)) {
        forbid(raw, delivery, path, `needs ${path}.destination: ${delivery} (the stage's execution logs go to ${kind === "standard" ? "API Gateway's own group" : kind})`);
    }
    if (kind !== "standard" && loggingLevel === "OFF") {
        throw new ValidationError(
            `${path}.destination`,
            kind,
            `needs ${loggingLevelPath} ERROR or INFO (it is OFF): API Gateway refuses to create the delivery source of a stage that does not log; ` +
                `turn execution logging on, or keep ${path}.destination: standard`,
        );
    }
    const at = (setting: string) => `${path}.${setting}`;
    let destination: ExecutionLogDestinationSettings;
    switch (kind) {
        case "logGroup":
            destination = resolveLogGroup(raw.logGroup, at("logGroup"), { retentionInDays, ...key }, floor);
            break;
        case "s3":
            destination = resolveS3(raw.s3, at("s3"), floor);
            break;
        case "firehose":
            destination = resolveFirehose(raw.firehose, at("firehose"));
            break;
        default:
            destination = { kind: "standard" };
    }
    return { retentionInDays, ...key, destination };
}

function resolveLogGroup(
    input: unknown,
    path: string,
    standard: { retentionInDays: pulumi.Input<number>; kmsKeyArn?: pulumi.Input<string> },
    floor: RetentionFloor | undefined,
): LogGroupDestinationSettings {
    const raw = object(input ?? {}, path, KEYS["executionLogs.logGroup"]);
    const outputFormat = oneOf(raw.outputFormat ?? DEFAULTS.executionLogs.logGroup.outputFormat, `${path}.outputFormat`, EXECUTION_LOG_GROUP_FORMAT_VALUES);
    if (raw.arn !== undefined) {
        if (raw.name !== undefined) {
            throw new ValidationError(`${path}.arn`, plainValue(raw.arn), `conflicts with ${path}.name: give either name (create the group) or arn (deliver to an existing one)`);
        }
        // Nothing about an existing group is created: its retention and key are its owner's.
        for (const setting of ["retentionInDays", "kmsKeyArn"]) {
            forbid(raw, setting, path, `sets up a group this stack creates; ${path}.arn names an existing one, whose ${setting} is its owner's`);
        }
        return { kind: "logGroup", arn: whenKnown(raw.arn as pulumi.Input<string>, (v) => logGroupArn(v, `${path}.arn`)), outputFormat };
    }
    const key = raw.kmsKeyArn === undefined ? standard.kmsKeyArn : whenKnown(raw.kmsKeyArn as pulumi.Input<string>, (k) => kmsKeyArn(k, `${path}.kmsKeyArn`));
    return {
        kind: "logGroup",
        ...optional("name", raw.name, (v) => deliveredLogGroupName(v, `${path}.name`)),
        // Unset, the standard group's retention, checked already.
        retentionInDays: raw.retentionInDays === undefined ? standard.retentionInDays : keptDays(raw.retentionInDays, `${path}.retentionInDays`, retention, floor),
        ...(key === undefined ? {} : { kmsKeyArn: key }),
        outputFormat,
    };
}

function resolveS3(input: unknown, path: string, floor: RetentionFloor | undefined): S3DestinationSettings {
    const raw = object(input ?? {}, path, KEYS["executionLogs.s3"]);
    const outputFormat = oneOf(raw.outputFormat ?? DEFAULTS.executionLogs.s3.outputFormat, `${path}.outputFormat`, EXECUTION_LOG_S3_FORMAT_VALUES);
    if (raw.bucketArn !== undefined) {
        if (raw.bucket !== undefined) {
            throw new ValidationError(`${path}.bucketArn`, plainValue(raw.bucketArn), `conflicts with ${path}.bucket: give either bucket (create one) or bucketArn (use an existing one)`);
        }
        forbid(raw, "kmsKeyArn", path, `encrypts a bucket this stack creates; ${path}.bucketArn names an existing one, whose encryption is its owner's`);
        return { kind: "s3", bucketArn: whenKnown(raw.bucketArn as pulumi.Input<string>, (v) => s3BucketArn(v, `${path}.bucketArn`)), outputFormat };
    }
    return {
        kind: "s3",
        bucket: resolveLogBucket(raw.bucket, `${path}.bucket`, "executionLogs.s3.bucket", DEFAULTS.executionLogs.s3.bucket, floor),
        ...optional("kmsKeyArn", raw.kmsKeyArn, (v) => whenKnown(v as pulumi.Input<string>, (k) => kmsKeyArn(k, `${path}.kmsKeyArn`))),
        outputFormat,
    };
}

function resolveFirehose(input: unknown, path: string): FirehoseDestinationSettings {
    const raw = object(input ?? {}, path, KEYS["executionLogs.firehose"]);
    if (raw.streamArn === undefined) {
        throw new ValidationError(`${path}.streamArn`, undefined, "is required: the ARN of the Firehose stream to deliver the execution logs to");
    }
    return {
        kind: "firehose",
        streamArn: whenKnown(raw.streamArn as pulumi.Input<string>, (v) => firehoseStreamArn(v, `${path}.streamArn`)),
        outputFormat: oneOf(raw.outputFormat ?? DEFAULTS.executionLogs.firehose.outputFormat, `${path}.outputFormat`, EXECUTION_LOG_FIREHOSE_FORMAT_VALUES),
    };
}
