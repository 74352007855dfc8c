// The stack outputs other Pulumi projects read with StackReference: a versioned contract.
// Bump the minor version when adding an output, the major version when renaming or removing one.

import * as pulumi from "@pulumi/pulumi";
import { LoggingLevel, StageLogging } from "apigw-logging";

export const OUTPUT_CONTRACT_VERSION = "1.2";

/** What `stages.<key>` holds for each logged stage. */
export interface StageOutputs {
    restApiId: string;
    stageName: string;
    /** Put this on the stage (it is what makes the stage write access logs). */
    accessLogSettings: { destinationArn: string; format: string };
    /** With the CloudWatch Logs sink. */
    accessLogGroupName?: string;
    accessLogGroupArn?: string;
    /** With the Firehose sink: where an Athena table finds the logs. */
    accessLogBucketName?: string;
    accessLogPrefix?: string;
    accessLogS3Location?: string;
    accessLogStreamName?: string;
    accessLogStreamArn?: string;
    /** API Gateway's own execution log group (kept, with the older logs, when a delivery is on). */
    executionLogGroupName: string;
    /** Since 1.2: where new execution logs go: `standard` (the group above), `logGroup`, `s3` or `firehose`. */
    executionLogDestination: "standard" | "logGroup" | "s3" | "firehose";
    /** Since 1.2: where new execution logs land: a log group's name, `s3://{bucket}/AWSLogs/{account}/`, or a stream's ARN. */
    executionLogLocation: string;
    /** Since 1.2, with a delivery to a log group: that group. */
    executionLogDeliveryGroupName?: string;
    executionLogDeliveryGroupArn?: string;
    /** Since 1.2, with a delivery to S3: the bucket, and where the logs are in it. */
    executionLogBucketName?: string;
    executionLogS3Location?: string;
    /** Since 1.2, with a delivery to Firehose: the stream. */
    executionLogStreamArn?: string;
    accessLogFormat: string;
    methodSettings: { loggingLevel: LoggingLevel; dataTraceEnabled: boolean; metricsEnabled: boolean };
    /** Only for stages this stack created. */
    invokeUrl?: string;
    /** Since 1.1: the access logs in the console (the log group, or with Firehose the S3 prefix). */
    accessLogConsoleUrl: string;
    /** Since 1.1: the new execution logs in the console (since 1.2 the delivered group, S3 prefix or stream when delivered). */
    executionLogConsoleUrl: string;
    /** Since 1.1: `aws logs tail <access-log group> --follow …`; unset with Firehose. */
    accessLogTailCommand?: string;
    /** Since 1.1: `aws logs tail <group new execution logs land in> --follow …`; since 1.2 unset when they are delivered to S3 or Firehose. */
    executionLogTailCommand?: string;
    /** Since 1.1: the saved Logs Insights queries' names (folders are the parts before the last "/"). */
    queryNames: string[];
    /** Since 1.1: the 5XXError and Latency alarms, when alarms are on. */
    alarmNames: string[];
}

export function stageOutputs(logging: StageLogging): pulumi.Output<StageOutputs> {
    // Plain text where the component knows it now (a stage listed in config), Outputs only for what
    // AWS decides (ARNs): one Output per value would cost the SDK a chain of promises each, per
    // stage (docs/performance.md). A secret value stays an Output, so the stage's outputs stay secret.
    const known = logging.knownValues;
    const access = logging.accessLogSink;
    const execution = logging.executionLogSink;
    return pulumi.output({
        restApiId: known.restApiId,
        stageName: known.stageName,
        accessLogSettings: logging.accessLogSettings,
        ...access.outputs,
        executionLogGroupName: known.executionLogGroupName,
        executionLogDestination: execution.kind,
        executionLogLocation: execution.location,
        ...execution.outputs,
        accessLogFormat: logging.settings.accessLogs.format,
        methodSettings: logging.methodLogging,
        ...(logging.invokeUrl ? { invokeUrl: logging.invokeUrl } : {}),
        accessLogConsoleUrl: access.consoleUrl,
        executionLogConsoleUrl: execution.consoleUrl,
        ...(access.tailCommand ? { accessLogTailCommand: access.tailCommand } : {}),
        ...(execution.tailCommand ? { executionLogTailCommand: execution.tailCommand } : {}),
        queryNames: known.queryNames,
        alarmNames: logging.alarms.map((a) => a.name),
    }) as pulumi.Output<StageOutputs>;
}
