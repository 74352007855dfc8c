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
import { kmsKeyArn, logGroupName, retention } from "../rules";
import { s3BucketArn } from "../s3Rules";
import type { StageLoggingSettings } from "../settings";
import type { FirehoseCompression } from "../stageLoggingArgs";

/** Access logs to a CloudWatch Logs log group. */
export interface CloudWatchLogsSinkSettings {
    kind: "cloudwatch";
    retentionInDays: number;
    kmsKeyArn?: pulumi.Input<string>;
    /** Unset: the default name, derived from the REST API id and the stage. */
    logGroupName?: string;
}

/** Access logs through a Firehose stream into S3. */
export interface FirehoseSinkSettings {
    kind: "firehose";
    streamName?: string;
    /** Exactly one of `bucket` (create it) and `bucketArn` (an existing bucket). */
    bucket?: LogBucketSettings;
    bucketArn?: pulumi.Input<string>;
    kmsKeyArn?: pulumi.Input<string>;
    prefix?: string;
    compression: FirehoseCompression;
    bufferingSizeInMBs: number;
    bufferingIntervalInSeconds: number;
    errorLogRetentionInDays: number;
}

export type AccessLogSinkSettings = CloudWatchLogsSinkSettings | FirehoseSinkSettings;

/** Checks `accessLogs` and fills in the defaults. `path` prefixes every error. */
export function resolveAccessLogs(input: unknown, path: string): StageLoggingSettings["accessLogs"] {
    const raw = object(input ?? {}, path, KEYS.accessLogs);
    const d = DEFAULTS.accessLogs;
    const destination = oneOf(raw.destination ?? d.destination, `${path}.destination`, ACCESS_LOG_DESTINATION_VALUES);
    const format = resolveAccessLogFormat(raw.format ?? d.format, `${path}.format`);
    if (destination === "firehose") {
        // A stage has one access-log destination, so the log-group settings would silently do nothing.
        for (const key of ["retentionInDays", "kmsKeyArn", "logGroupName"]) {
            forbid(raw, key, path, 'is a CloudWatch Logs setting and has no effect with destination "firehose" (see accessLogs.firehose)');
        }
        return { format, sink: resolveFirehose(raw.firehose, `${path}.firehose`) };
    }
    forbid(raw, "firehose", path, `needs ${path}.destination: firehose (a stage has one access-log destination)`);
    return {
        format,
        sink: {
            kind: "cloudwatch",
            retentionInDays: raw.retentionInDays === undefined ? d.retentionInDays : retention(raw.retentionInDays, `${path}.retentionInDays`),
            ...optional("kmsKeyArn", raw.kmsKeyArn, (v) => whenKnown(v as pulumi.Input<string>, (k) => kmsKeyArn(k, `${path}.kmsKeyArn`))),
            ...optional("logGroupName", raw.logGroupName, (v) => logGroupName(v, `${path}.logGroupName`)),
        },
    };
}

function resolveFirehose(input: unknown, path: string): FirehoseSinkSettings {
    const raw = object(input ?? {}, path, KEYS["accessLogs.firehose"]);
    const d = DEFAULTS.accessLogs.firehose;
    if (raw.bucket !== undefined && raw.bucketArn !== undefined) {
        throw new ValidationError(`${path}.bucketArn`, plainValue(raw.bucketArn), `conflicts with ${path}.bucket: give either bucket (create one) or bucketArn (use an existing one)`);
    }
    return {
        kind: "firehose",
        ...optional("streamName", raw.streamName, (v) => firehoseStreamName(v, `${path}.streamName`)),
        ...(raw.bucketArn !== undefined
            ? { bucketArn: whenKnown(raw.bucketArn as pulumi.Input<string>, (v) => s3BucketArn(v, `${path}.bucketArn`)) }
            : { bucket: resolveLogBucket(raw.bucket, `${path}.bucket`, "accessLogs.firehose.bucket", d.bucket) }),
        ...optional("kmsKeyArn", raw.kmsKeyArn, (v) => whenKnown(v as pulumi.Input<string>, (k) => firehoseKmsKeyArn(k, `${path}.kmsKeyArn`))),
        ...optional("prefix", raw.prefix, (v) => firehosePrefix(v, `${path}.prefix`)),
        compression: oneOf(raw.compression ?? d.compression, `${path}.compression`, FIREHOSE_COMPRESSION_VALUES),
        // Firehose's BufferingHints limits, which the provider does not check for extended_s3 (firehoseRules.ts).
        bufferingSizeInMBs: bufferingSizeInMBs(raw.bufferingSizeInMBs ?? d.bufferingSizeInMBs, `${path}.bufferingSizeInMBs`),
        bufferingIntervalInSeconds: bufferingIntervalInSeconds(raw.bufferingIntervalInSeconds ?? d.bufferingIntervalInSeconds, `${path}.bufferingIntervalInSeconds`),
        errorLogRetentionInDays: raw.errorLogRetentionInDays === undefined ? d.errorLogRetentionInDays : retention(raw.errorLogRetentionInDays, `${path}.errorLogRetentionInDays`),
    };
}
