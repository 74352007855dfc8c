// The execution-log arguments of `StageLogging` (`executionLogs` and its destinations), part of the
// one declaration of every setting in stageLoggingArgs.ts, which re-exports them. Each setting's
// rule lives in executionLogs/rules.ts and rules.ts, under the same path.

import * as pulumi from "@pulumi/pulumi";
import type { ExecutionLogDestination, ExecutionLogFirehoseFormat, ExecutionLogGroupFormat, ExecutionLogS3Format } from "../choices";
import type { S3TransitionArgs } from "../stageLoggingArgs";

/**
 * Where the execution logs go. API Gateway's own group `API-Gateway-Execution-Logs_{restApiId}/{stageName}`
 * is always created first, so that it has a retention; with a delivery it keeps the logs from before.
 */
export interface ExecutionLogsArgs {
    /**
     * Days CloudWatch Logs keeps the logs in API Gateway's own execution log group.
     * @default 30
     */
    retentionInDays?: pulumi.Input<number>;
    /** KMS key ARN for API Gateway's own execution log group. The key policy must allow `logs.<region>.amazonaws.com`. */
    kmsKeyArn?: pulumi.Input<string>;
    /**
     * Where API Gateway sends new execution logs: its own group (`standard`), or a CloudWatch Logs
     * delivery (vended logs, events up to 1 MB instead of cut at 1 KB) to a `logGroup`, `s3` or
     * `firehose` (settings under the same name). A delivery needs `methodSettings.loggingLevel` ERROR
     * or INFO; while it exists API Gateway stops writing to its own group, which is kept.
     * @default "standard"
     */
    destination?: ExecutionLogDestination;
    /** The log group a delivery writes to (destination `logGroup` only). */
    logGroup?: ExecutionLogGroupArgs;
    /** The S3 bucket a delivery writes to (destination `s3` only). */
    s3?: ExecutionLogS3Args;
    /** The Firehose stream a delivery writes to (destination `firehose` only). */
    firehose?: ExecutionLogFirehoseArgs;
}

/** Execution logs delivered to a CloudWatch Logs log group. */
export interface ExecutionLogGroupArgs {
    /**
     * The group to create. Defaults to `/aws/vendedlogs/apigateway/{restApiId}/{stageName}/execution-logs`.
     * Stages of one stack that name the same group share it: the first creates it. Plain text (never
     * secret): it decides which stage creates the group.
     */
    name?: string;
    /**
     * An existing group to deliver to, managed elsewhere: nothing about it is created, and its resource
     * policy must let `delivery.logs.amazonaws.com` write to it. Not with `name`.
     */
    arn?: pulumi.Input<string>;
    /** Days CloudWatch Logs keeps the delivered logs. Defaults to `executionLogs.retentionInDays`. */
    retentionInDays?: pulumi.Input<number>;
    /** KMS key ARN for the delivered group. Defaults to `executionLogs.kmsKeyArn`. */
    kmsKeyArn?: pulumi.Input<string>;
    /**
     * How each event is written: `json` (one object per event) or `plain` (the fields in one line).
     * @default "json"
     */
    outputFormat?: ExecutionLogGroupFormat;
}

/** Execution logs delivered to S3, for long retention and Athena. */
export interface ExecutionLogS3Args {
    /** The bucket to create (the default when `bucketArn` is not given). */
    bucket?: ExecutionLogBucketArgs;
    /**
     * An existing bucket to deliver to, managed elsewhere: nothing about it is created, and its policy
     * must let `delivery.logs.amazonaws.com` write under `AWSLogs/{account}/`. Not with `bucket`.
     */
    bucketArn?: pulumi.Input<string>;
    /** KMS key ARN (not an alias) for a created bucket's objects (SSE-KMS); its key policy must allow `delivery.logs.amazonaws.com`. Without it, SSE-S3. */
    kmsKeyArn?: pulumi.Input<string>;
    /**
     * How the objects are written.
     * @default "json"
     */
    outputFormat?: ExecutionLogS3Format;
}

/** The S3 bucket execution logs are delivered to, when this component creates it. */
export interface ExecutionLogBucketArgs {
    /**
     * The bucket's name. Defaults to `apigw-execution-logs-{account}-{region}-{restApiId}-{stage}`,
     * shortened with a hash if needed. Stages of one stack that name the same bucket share it: the first creates it.
     * Plain text (never secret): it decides which stage creates the bucket.
     */
    name?: string;
    /**
     * Days after which log objects expire.
     * @default 365
     */
    expireAfterDays?: pulumi.Input<number>;
    /** Move log objects to a cheaper storage class after some days. */
    transition?: ExecutionLogBucketTransitionArgs;
    /**
     * Days a deleted or expired object's previous version is kept (the bucket is versioned).
     * @default 30
     */
    noncurrentVersionExpireAfterDays?: pulumi.Input<number>;
}

/** A lifecycle transition of the delivered execution-log objects. */
export interface ExecutionLogBucketTransitionArgs extends S3TransitionArgs {}

/** Execution logs delivered to an existing Firehose stream (to Splunk, OpenSearch, S3, ...). */
export interface ExecutionLogFirehoseArgs {
    /** The stream's ARN. Managed elsewhere; CloudWatch Logs tags it `LogDeliveryEnabled: true` when the delivery is made. */
    streamArn?: pulumi.Input<string>;
    /**
     * How each record is written.
     * @default "json"
     */
    outputFormat?: ExecutionLogFirehoseFormat;
}

