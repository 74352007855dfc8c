// The choices among StageLogging's settings (destinations, levels, formats, owners), for
// stageLoggingArgs.ts, which re-exports them: each setting that takes one is declared there.
//
// Each choice is declared as a constant object and the union of its values: the type is the same
// string-literal union as `type X = "a" | "b"`, and the object is what Pulumi's schema analyzer
// reads as an enum (it refuses a bare union of literals), with a description for every value.

/** Where API Gateway sends a stage's access logs. */
export const AccessLogDestination = {
    /** A CloudWatch Logs log group (`API-Gateway-Access-Logs_{restApiId}/{stageName}` unless named). */
    CloudWatch: "cloudwatch",
    /** A Firehose stream (`amazon-apigateway-…`) delivering to S3. */
    Firehose: "firehose",
} as const;
/** Where API Gateway sends a stage's access logs. */
export type AccessLogDestination = (typeof AccessLogDestination)[keyof typeof AccessLogDestination];

/** The execution-log level of a method (API Gateway `loggingLevel`). */
export const LoggingLevel = {
    /** No execution logs. */
    Off: "OFF",
    /** Errors only. */
    Error: "ERROR",
    /** Errors and informational events. */
    Info: "INFO",
} as const;
/** The execution-log level of a method (API Gateway `loggingLevel`). */
export type LoggingLevel = (typeof LoggingLevel)[keyof typeof LoggingLevel];

/** The compression of Firehose's S3 objects (ExtendedS3DestinationConfiguration.CompressionFormat). */
export const FirehoseCompression = {
    /** Not compressed. */
    Uncompressed: "UNCOMPRESSED",
    /** gzip (Athena reads it). */
    Gzip: "GZIP",
    /** zip. */
    Zip: "ZIP",
    /** Snappy, framed. */
    Snappy: "Snappy",
    /** Snappy, Hadoop-compatible. */
    HadoopSnappy: "HADOOP_SNAPPY",
} as const;
/** The compression of Firehose's S3 objects (ExtendedS3DestinationConfiguration.CompressionFormat). */
export type FirehoseCompression = (typeof FirehoseCompression)[keyof typeof FirehoseCompression];

/** Lifecycle transition targets (S3 LifecycleRule Transition.StorageClass), cheapest to read first. */
export const S3TransitionStorageClass = {
    /** S3 Standard-Infrequent Access. */
    StandardIa: "STANDARD_IA",
    /** S3 One Zone-Infrequent Access. */
    OnezoneIa: "ONEZONE_IA",
    /** S3 Intelligent-Tiering. */
    IntelligentTiering: "INTELLIGENT_TIERING",
    /** S3 Glacier Instant Retrieval. */
    GlacierIr: "GLACIER_IR",
    /** S3 Glacier Flexible Retrieval. */
    Glacier: "GLACIER",
    /** S3 Glacier Deep Archive. */
    DeepArchive: "DEEP_ARCHIVE",
} as const;
/** Lifecycle transition targets (S3 LifecycleRule Transition.StorageClass), cheapest to read first. */
export type S3TransitionStorageClass = (typeof S3TransitionStorageClass)[keyof typeof S3TransitionStorageClass];

/** Where a stage's execution logs go: API Gateway's own group, or a CloudWatch Logs delivery. */
export const ExecutionLogDestination = {
    /** API Gateway's own group, `API-Gateway-Execution-Logs_{restApiId}/{stageName}`. */
    Standard: "standard",
    /** A CloudWatch Logs delivery to a log group. */
    LogGroup: "logGroup",
    /** A CloudWatch Logs delivery to an S3 bucket. */
    S3: "s3",
    /** A CloudWatch Logs delivery to a Firehose stream. */
    Firehose: "firehose",
} as const;
/**
 * Where a stage's execution logs go: API Gateway's own group (`standard`), or a CloudWatch Logs
 * delivery to a log group, an S3 bucket or a Firehose stream.
 */
export type ExecutionLogDestination = (typeof ExecutionLogDestination)[keyof typeof ExecutionLogDestination];

/** The formats CloudWatch Logs delivers API Gateway execution logs in to a log group. */
export const ExecutionLogGroupFormat = {
    /** One JSON object per event. */
    Json: "json",
    /** The event as text. */
    Plain: "plain",
} as const;
/** The formats CloudWatch Logs delivers API Gateway execution logs in to a log group. */
export type ExecutionLogGroupFormat = (typeof ExecutionLogGroupFormat)[keyof typeof ExecutionLogGroupFormat];

/** The formats CloudWatch Logs delivers API Gateway execution logs in to S3. */
export const ExecutionLogS3Format = {
    /** One JSON object per event. */
    Json: "json",
    /** The event as text. */
    Plain: "plain",
    /** W3C extended log format. */
    W3c: "w3c",
    /** Apache Parquet. */
    Parquet: "parquet",
} as const;
/** The formats CloudWatch Logs delivers API Gateway execution logs in to S3. */
export type ExecutionLogS3Format = (typeof ExecutionLogS3Format)[keyof typeof ExecutionLogS3Format];

/** The formats CloudWatch Logs delivers API Gateway execution logs in to Firehose. */
export const ExecutionLogFirehoseFormat = {
    /** One JSON object per event. */
    Json: "json",
    /** The event as text. */
    Plain: "plain",
    /** The record as the service wrote it. */
    Raw: "raw",
} as const;
/** The formats CloudWatch Logs delivers API Gateway execution logs in to Firehose. */
export type ExecutionLogFirehoseFormat = (typeof ExecutionLogFirehoseFormat)[keyof typeof ExecutionLogFirehoseFormat];

/** Statistics the Latency alarm can watch: Average, Maximum, or a percentile. */
export const LatencyStatistic = {
    /** The mean latency. */
    Average: "Average",
    /** The highest latency. */
    Maximum: "Maximum",
    /** The median. */
    P50: "p50",
    /** The 90th percentile. */
    P90: "p90",
    /** The 95th percentile. */
    P95: "p95",
    /** The 99th percentile. */
    P99: "p99",
} as const;
/** Statistics the Latency alarm can watch: Average, Maximum, or a percentile. */
export type LatencyStatistic = (typeof LatencyStatistic)[keyof typeof LatencyStatistic];

/** Who owns a stage this component does not create. */
export const ExternalStageOwner = {
    /** Another IaC program (Pulumi, CloudFormation, Terraform): it puts the exported access-log settings on the stage. */
    Iac: "iac",
    /** Nothing (the console, a script): this component also sets the stage's access-log settings, and puts them back on delete. */
    None: "none",
} as const;
/** Who owns a stage this component does not create: another IaC program, or nothing (console, scripts). */
export type ExternalStageOwner = (typeof ExternalStageOwner)[keyof typeof ExternalStageOwner];

/** Who owns the stage. */
export const StageOwner = {
    /** This component: it creates the stage (the `stage` argument). */
    Component: "component",
    /** Another IaC program (Pulumi, CloudFormation, Terraform): it puts the exported access-log settings on the stage. */
    Iac: "iac",
    /** Nothing (the console, a script): this component also sets the stage's access-log settings, and puts them back on delete. */
    None: "none",
} as const;
/** Who owns the stage: this component (it creates it), another IaC program, or nothing. */
export type StageOwner = (typeof StageOwner)[keyof typeof StageOwner];
