// The access-log settings of StageLogging, checked and decided: the format, and the destination (a
// CloudWatch Logs log group, or a Firehose stream into S3) with every default filled in from the
// declaration. Part of the component's one check of its arguments (settings.ts). Pure.

import * as pulumi from "@pulumi/pulumi";
import { resolveAccessLogFormat } from "../accessLogFormat";
import { forbid, object, oneOf, optional } from "../checks";
import {
    ACCESS_LOG_DESTINATION_VALUES,
    FIREHOSE_COMPRESSION_VALUES,
    STAGE_LOGGING_DEFAULTS as DEFAULTS,
    STAGE_LOGGING_KEYS as KEYS,
} from "../declarations.generated";
import { ValidationError } from "../errors";
import { plainValue, whenKnown } from "../inputs";
import { LogBucketSettings, resolveLogBucket } from "../logBucket";
import { bufferingIntervalInSeconds, bufferingSizeInMBs, firehoseKmsKeyArn, firehosePrefix, firehoseStreamName } from "../firehoseRules";
import { keptDays, RetentionFloor } from "../retention";
import { kmsKeyArn, logGroupName, retention } from "../rules";
import { s3BucketArn } from "../s3Rules";
import type { StageLoggingSettings } from "../settings";
import type { FirehoseCompression } from "../stageLoggingArgs";

// Every value that only reaches a resource's input is kept as given, plain or an Output (a secret
// stays one): stageLoggingArgs.ts says which.

/** Access logs to a CloudWatch Logs log group. */
export interface CloudWatchLogsSinkSettings {
    kind: "cloudwatch";
    retentionInDays: pulumi.Input<number>;
    kmsKeyArn?: pulumi.Input<string>;
    /** Unset: the default name, derived from the REST API id and the stage. */
    logGroupName?: pulumi.Input<string>;
}

/** Access logs through a Firehose stream into S3. */
export interface FirehoseSinkSettings {
    kind: "firehose";
    streamName?: pulumi.Input<string>;
    /** Exactly one of `bucket` (create it) and `bucketArn` (an existing bucket). */
    bucket?: LogBucketSettings;
    bucketArn?: pulumi.Input<string>;
    kmsKeyArn?: pulumi.Input<string>;
    prefix?: pulumi.Input<string>;
    compression: FirehoseCompression;
    bufferingSizeInMBs: pulumi.Input<number>;
    bufferingIntervalInSeconds: pulumi.Input<number>;
    errorLogRetentionInDays: pulumi.Input<number>;
}

export type AccessLogSinkSettings = CloudWatchLogsSinkSettings | FirehoseSinkSettings;

/** Checks `accessLogs` and fills in the defaults. `path` prefixes every error; `floor`: the production minimum retention. */
export function resolveAccessLogs(input: unknown, path: string, floor?: RetentionFloor): StageLoggingSettings["accessLogs"] {
    const raw = object(input ?? {}, path, KEYS.accessLogs);
    const d = DEFAULTS.accessLogs;
    const destination = oneOf(raw.destination ?? d.destination, `${path}.destination`, ACCESS_LOG_DESTINATION_VALUES);
    const format = resolveAccessLogFormat(raw.format ?? d.format, `${path}.format`);
    if (destination === "firehose") {
        // A stage has one access-log destination, so the log-group settings would silently do nothing.
        for (const key of ["retentionInDays", "kmsKeyArn", "logGroupName"]) {
            forbid(raw, key, path, 'is a CloudWatch Logs setting and has no effect with destination "firehose" (see accessLogs.firehose)');
        }
        return { format, sink: resolveFirehose(raw.firehose, `${path}.firehose`, floor) };
    }
    forbid(raw, "firehose", path, `needs ${path}.destination: firehose (a stage has one access-log destination)`);
    return {
        format,
        sink: {
            kind: "cloudwatch",
            retentionInDays: keptDays(raw.retentionInDays ?? d.retentionInDays, `${path}.retentionInDays`, retention, floor),
            ...optional("kmsKeyArn", raw.kmsKeyArn, (v) => whenKnown(v as pulumi.Input<string>, (k) => kmsKeyArn(k, `${path}.kmsKeyArn`))),
            ...optional("logGroupName", raw.logGroupName, (v) => whenKnown(v as pulumi.Input<string>, (n) => logGroupName(n, `${path}.logGroupName`))),
        },
    };
}

function resolveFirehose(input: unknown, path: string, floor: RetentionFloor | undefined): FirehoseSinkSettings {
    const raw = object(input ?? {}, path, KEYS["accessLogs.firehose"]);
    const d = DEFAULTS.accessLogs.firehose;
    if (raw.bucket !== undefined && raw.bucketArn !== undefined) {
        throw new ValidationError(`${path}.bucketArn`, plainValue(raw.bucketArn), `conflicts with ${path}.bucket: give either bucket (create one) or bucketArn (use an existing one)`);
    }
    const known = <T>(value: unknown, check: (plain: unknown) => T) => whenKnown(value as pulumi.Input<T>, check);
    return {
        kind: "firehose",
        ...optional("streamName", raw.streamName, (v) => known(v, (n) => firehoseStreamName(n, `${path}.streamName`))),
        ...(raw.bucketArn !== undefined
            ? { bucketArn: known(raw.bucketArn, (v) => s3BucketArn(v, `${path}.bucketArn`)) }
            : { bucket: resolveLogBucket(raw.bucket, `${path}.bucket`, "accessLogs.firehose.bucket", d.bucket, floor) }),
        ...optional("kmsKeyArn", raw.kmsKeyArn, (v) => known(v, (k) => firehoseKmsKeyArn(k, `${path}.kmsKeyArn`))),
        ...optional("prefix", raw.prefix, (v) => known(v, (p) => firehosePrefix(p, `${path}.prefix`))),
        compression: oneOf(raw.compression ?? d.compression, `${path}.compression`, FIREHOSE_COMPRESSION_VALUES),
        // Firehose's BufferingHints limits, which the provider does not check for extended_s3 (firehoseRules.ts).
        bufferingSizeInMBs: known(raw.bufferingSizeInMBs ?? d.bufferingSizeInMBs, (v) => bufferingSizeInMBs(v, `${path}.bufferingSizeInMBs`)),
        bufferingIntervalInSeconds: known(raw.bufferingIntervalInSeconds ?? d.bufferingIntervalInSeconds, (v) => bufferingIntervalInSeconds(v, `${path}.bufferingIntervalInSeconds`)),
        // Firehose's own delivery-error log: not the access logs, so not held to the production minimum.
        errorLogRetentionInDays: keptDays(raw.errorLogRetentionInDays ?? d.errorLogRetentionInDays, `${path}.errorLogRetentionInDays`, retention, undefined),
    };
}
