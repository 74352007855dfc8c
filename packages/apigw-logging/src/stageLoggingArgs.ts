// The arguments of `StageLogging`: the one declaration of every setting's type, documentation and
// default (`@default`, read by `npm run generate` into defaults.generated.ts and the config
// reference). Each setting's rule lives in rules.ts, under the same path.
//
// The shapes are the ones Pulumi's component schema can express, so the package serves every Pulumi
// language (`pulumi package add`): a choice between alternatives is a string enum plus one object per
// alternative, checked at preview, rather than a TypeScript union of objects.
//
// Which settings are `pulumi.Input<…>`: every one whose value only flows into resource inputs (a
// retention, a name AWS gives a log group, stream or bucket, a prefix, a buffering hint, a lifecycle
// day count, an alarm threshold or period), so that a `pulumi.secret` stays secret in the resources,
// the state and the outputs made from it; each is checked when its value is known (inputs.ts). A
// setting stays plain when it decides which resources exist, their Pulumi names or how they are
// made: the choices (enums) and switches (booleans), the stage's name, the access-log format (it
// decides which saved queries exist), the method overrides' paths (which method settings exist),
// and the names that stages of one stack share a delivered log group or bucket by
// (`executionLogs.logGroup.name`, `executionLogs.s3.bucket.name`). Pulumi shows those in plain text.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccessLogDestination, FirehoseCompression, LatencyStatistic, LoggingLevel, S3TransitionStorageClass, StageOwner } from "./choices";
import type { ExecutionLogsArgs } from "./executionLogs/args";

// The choices (string enums) and the execution-log arguments live in their own files; every name is
// still exported from here.
export * from "./choices";
export * from "./executionLogs/args";

/** Everything that makes one REST API stage log. */
export interface StageLoggingArgs {
    /** The REST API's id: 10 lowercase letters and digits, as in `<id>.execute-api.<region>.amazonaws.com`. */
    restApiId: pulumi.Input<string>;
    /** The stage's name. Plain text: it is part of the execution log group's name, which API Gateway fixes. */
    stageName: string;
    /**
     * The REST API's name. API Gateway's metrics know the API by its name (dimension ApiName), so the
     * alarms need it; it also names the saved queries' folder (the id does otherwise).
     */
    apiName?: pulumi.Input<string>;
    /**
     * The region's API Gateway CloudWatch Logs role, as the region's one `AccountSetting` exports it
     * (`accountSetting.cloudWatchRoleArn`). The account setting is region-wide, so this component never
     * creates one; the stage and its method settings wait for this value, because API Gateway refuses
     * to log before the region's setting names a role.
     */
    cloudWatchRoleArn: pulumi.Input<string>;
    /** Create the stage here: this component then owns it and writes its access-log settings. */
    stage?: StageArgs;
    /**
     * With `stage` omitted, the stage resource when the same program creates it, so the method settings
     * are made after it. Leave unset when the stage was deployed earlier or by another program.
     */
    existingStage?: pulumi.Input<aws.apigateway.Stage>;
    /**
     * Who owns the stage, which decides what this component writes to it and what removing the
     * component puts back. `component`: created here (`stage`), with its access-log settings and
     * method settings; removed with the component. `iac`: another IaC program, or another part of this
     * one (`existingStage`), owns it: that owner puts `accessLogSettings` on the stage, and this
     * component only patches the logging fields of its method settings (logging level, data trace,
     * metrics), restoring what they were when it is removed. `none`: nothing owns it (made in the
     * console or by a script): as `iac`, and this component also sets the stage's access-log settings,
     * restoring them when removed. Defaults to `component` with `stage`, `iac` without.
     */
    stageOwner?: StageOwner;
    /** The access logs: one line per request. */
    accessLogs?: AccessLogsArgs;
    /**
     * The execution logs: API Gateway's own group `API-Gateway-Execution-Logs_{restApiId}/{stageName}`,
     * or a CloudWatch Logs delivery to a log group, S3 or Firehose.
     */
    executionLogs?: ExecutionLogsArgs;
    /** The stage's method settings: logging level, data trace and metrics, stage-wide and per method. */
    methodSettings?: MethodSettingsArgs;
    /** CloudWatch alarms on the stage's 5XXError rate and latency. */
    alarms?: AlarmsArgs;
    /** Saved Logs Insights queries over the stage's log groups. */
    queries?: QueriesArgs;
    /** The rules of the environment the stage runs in: production, the shortest retention, data trace. */
    policy?: LoggingPolicyArgs;
    /**
     * Keep what holds logs (log groups, a Firehose bucket) when the stack is destroyed or they are
     * replaced: Pulumi forgets them, AWS keeps them and their logs.
     * @default true
     */
    retainLogsOnDelete?: boolean;
    /**
     * Log groups that exist already, to adopt (Pulumi's `import` resource option, by the group's name)
     * instead of creating them: a stage that logged before (API Gateway creates its execution log
     * group on the first execution log), or groups kept by a destroyed stack, a removed stage or a
     * rename. Needs `restApiId` as a plain string. Remove it after the update that adopted them.
     */
    adoptLogGroups?: AdoptLogGroupsArgs;
    /** Tags for every taggable resource created. Keys must not start with `aws:`. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** Which of the stage's log groups exist already and are adopted by the next `pulumi up`. */
export interface AdoptLogGroupsArgs {
    /**
     * Adopt the execution log group `API-Gateway-Execution-Logs_{restApiId}/{stageName}`.
     * @default false
     */
    execution?: boolean;
    /**
     * Adopt the access-log group (destination `cloudwatch`).
     * @default false
     */
    access?: boolean;
    /**
     * Adopt Firehose's delivery-error log group `/aws/kinesisfirehose/{stream}` and its log stream
     * `DestinationDelivery` (destination `firehose`).
     * @default false
     */
    firehoseErrors?: boolean;
}

/** The stage to create, when this component owns it. */
export interface StageArgs {
    /** The deployment the stage serves. */
    deploymentId: pulumi.Input<string>;
    /** The stage's description. */
    description?: pulumi.Input<string>;
    /**
     * X-Ray tracing for the stage.
     * @default false
     */
    xrayTracingEnabled?: pulumi.Input<boolean>;
    /** Stage variables. */
    variables?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** Where the access logs go and what each line holds. */
export interface AccessLogsArgs {
    /**
     * Where API Gateway sends access logs: a CloudWatch Logs log group, or a Firehose stream into S3
     * (settings under `firehose`). A stage has one access-log destination.
     * @default "cloudwatch"
     */
    destination?: AccessLogDestination;
    /**
     * A preset (`json`, `clf`, `console-json`, `xml`, `csv`) or one line of `$context` variables, for
     * example built with `jsonFormat()` from typed `contextVariables`.
     * @default "json"
     */
    format?: string;
    /**
     * Days CloudWatch Logs keeps the access logs (destination `cloudwatch`).
     * @default 30
     */
    retentionInDays?: pulumi.Input<number>;
    /** KMS key ARN for the access-log group (destination `cloudwatch`). The key policy must allow `logs.<region>.amazonaws.com`. */
    kmsKeyArn?: pulumi.Input<string>;
    /** The access-log group's name (destination `cloudwatch`). Defaults to `API-Gateway-Access-Logs_{restApiId}/{stageName}`. */
    logGroupName?: pulumi.Input<string>;
    /** The Firehose stream and its S3 bucket (destination `firehose` only). */
    firehose?: FirehoseArgs;
}

/** Access logs through a Firehose stream into S3, for long retention and Athena queries. */
export interface FirehoseArgs {
    /** The stream's name; must start with `amazon-apigateway-`. Defaults to `amazon-apigateway-{restApiId}-{stageName}`. */
    streamName?: pulumi.Input<string>;
    /** The bucket to create (the default when `bucketArn` is not given). */
    bucket?: FirehoseBucketArgs;
    /** An existing bucket to deliver to, managed elsewhere: nothing about the bucket is created. Not with `bucket`. */
    bucketArn?: pulumi.Input<string>;
    /** KMS key ARN (not an alias) for the objects (SSE-KMS). Without it, SSE-S3. */
    kmsKeyArn?: pulumi.Input<string>;
    /** Where the logs go in the bucket, ending in `/`. Defaults to `access-logs/{restApiId}/{stageName}/`. */
    prefix?: pulumi.Input<string>;
    /**
     * The objects' compression.
     * @default "GZIP"
     */
    compression?: FirehoseCompression;
    /**
     * MiB Firehose buffers before it writes an object (1-128).
     * @default 5
     */
    bufferingSizeInMBs?: pulumi.Input<number>;
    /**
     * Seconds Firehose buffers before it writes an object (0-900).
     * @default 300
     */
    bufferingIntervalInSeconds?: pulumi.Input<number>;
    /**
     * Days CloudWatch Logs keeps Firehose's own delivery-error log.
     * @default 30
     */
    errorLogRetentionInDays?: pulumi.Input<number>;
}

/** The S3 bucket Firehose writes to, when this component creates it. */
export interface FirehoseBucketArgs {
    /** The bucket's name. Defaults to `apigw-logs-{account}-{region}-{restApiId}-{stage}`, shortened with a hash if needed. */
    name?: pulumi.Input<string>;
    /**
     * Days after which log objects expire.
     * @default 365
     */
    expireAfterDays?: pulumi.Input<number>;
    /** Move log objects to a cheaper storage class after some days. */
    transition?: S3TransitionArgs;
    /**
     * Days a deleted or expired object's previous version is kept (the bucket is versioned).
     * @default 30
     */
    noncurrentVersionExpireAfterDays?: pulumi.Input<number>;
}

/** A lifecycle transition of the log objects. */
export interface S3TransitionArgs {
    /** Days after creation. */
    afterDays: pulumi.Input<number>;
    /** The storage class to move to. */
    storageClass: S3TransitionStorageClass;
}

/** What a method logs: the stage-wide `*` `/` `*` entry, or one method's override. */
export interface MethodLoggingArgs {
    /**
     * The execution-log level.
     * @default "ERROR"
     */
    loggingLevel?: LoggingLevel;
    /**
     * Full request and response logging. Records sensitive data (headers, bodies, tokens).
     * @default false
     */
    dataTraceEnabled?: boolean;
    /**
     * Detailed CloudWatch metrics per method.
     * @default true
     */
    metricsEnabled?: boolean;
}

/** The stage-wide method settings and per-method overrides. */
export interface MethodSettingsArgs extends MethodLoggingArgs {
    /** Methods that log differently from the stage; what an override leaves unset comes from the stage-wide settings. */
    overrides?: MethodOverrideArgs[];
}

/** One method's logging. */
export interface MethodOverrideArgs extends MethodLoggingArgs {
    /**
     * The method: its resource path and HTTP method as the console or an OpenAPI file shows them
     * (`/orders/items/GET`, `orders/{id}/GET`, `orders/*` for every method of `/orders`), or API
     * Gateway's own key for it (`~1orders~1items/GET`). The component sends API Gateway's key.
     */
    methodPath: string;
}

/** CloudWatch alarms on the stage's API Gateway metrics (namespace AWS/ApiGateway, dimensions ApiName and Stage). */
export interface AlarmsArgs {
    /** Create the alarms. Needs `methodSettings.metricsEnabled` and `apiName`. Defaults to `policy.production`. */
    enabled?: boolean;
    /** An SNS topic told when an alarm fires and when it clears. */
    snsTopicArn?: pulumi.Input<string>;
    /**
     * The 5XXError alarm fires above this share of requests answered 5xx (above 0, at most 1).
     * @default 0.05
     */
    serverErrorRate?: pulumi.Input<number>;
    /**
     * The Latency alarm fires above this many milliseconds.
     * @default 3000
     */
    latencyThresholdMs?: pulumi.Input<number>;
    /**
     * The latency statistic the alarm watches.
     * @default "p99"
     */
    latencyStatistic?: LatencyStatistic;
    /**
     * Seconds per datapoint, a multiple of 60.
     * @default 60
     */
    periodSeconds?: pulumi.Input<number>;
    /**
     * Datapoints looked at.
     * @default 5
     */
    evaluationPeriods?: pulumi.Input<number>;
    /** Datapoints of those that must breach. Defaults to 3, or `evaluationPeriods` when that is smaller. */
    datapointsToAlarm?: pulumi.Input<number>;
}

/** The saved Logs Insights queries. */
export interface QueriesArgs {
    /**
     * Save the queries.
     * @default true
     */
    enabled?: boolean;
    /**
     * The top folder; queries go in `{folder}/{apiName}/{stageName}/`.
     * @default "API Gateway"
     */
    folder?: pulumi.Input<string>;
}

/** Rules of the environment, the same for every stage of a stack. */
export interface LoggingPolicyArgs {
    /**
     * A production stage: data trace is refused unless acknowledged, retention is held to
     * `minimumRetentionInDays`, and alarms are on by default.
     * @default false
     */
    production?: boolean;
    /**
     * In production, the shortest log retention allowed (days).
     * @default 30
     */
    minimumRetentionInDays?: number;
    /**
     * Acknowledges that full request/response logs in production record sensitive data.
     * @default false
     */
    allowDataTraceInProduction?: boolean;
}
