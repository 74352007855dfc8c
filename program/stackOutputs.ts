// The stack outputs other Pulumi projects read with StackReference: a versioned contract.
// Bump the minor version when adding an output, the major version when renaming or removing one.

import * as pulumi from "@pulumi/pulumi";
import { LoggingLevel, StageLogging } from "apigw-logging";

export const OUTPUT_CONTRACT_VERSION = "1.1";

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
    executionLogGroupName: string;
    accessLogFormat: string;
    methodSettings: { loggingLevel: LoggingLevel; dataTraceEnabled: boolean; metricsEnabled: boolean };
    /** Only for stages this stack created. */
    invokeUrl?: string;
    /** Since 1.1: the access logs in the console (the log group, or with Firehose the S3 prefix). */
    accessLogConsoleUrl: string;
    /** Since 1.1. */
    executionLogConsoleUrl: string;
    /** Since 1.1: `aws logs tail <access-log group> --follow …`; unset with Firehose. */
    accessLogTailCommand?: string;
    /** Since 1.1. */
    executionLogTailCommand: string;
    /** Since 1.1: the saved Logs Insights queries' names (folders are the parts before the last "/"). */
    queryNames: string[];
    /** Since 1.1: the 5XXError and Latency alarms, when alarms are on. */
    alarmNames: string[];
}

export function stageOutputs(logging: StageLogging): pulumi.Output<StageOutputs> {
    const hasLogGroup = logging.accessLogSink.logGroup !== undefined;
    return pulumi.output({
        restApiId: logging.restApiId,
        stageName: logging.stageName,
        accessLogSettings: logging.accessLogSettings,
        ...logging.accessLogSink.outputs,
        executionLogGroupName: logging.executionLogGroupName,
        accessLogFormat: logging.accessLogFormat,
        methodSettings: logging.methodLogging,
        ...(logging.invokeUrl ? { invokeUrl: logging.invokeUrl } : {}),
        accessLogConsoleUrl: logging.accessLogConsoleUrl,
        executionLogConsoleUrl: logging.executionLogConsoleUrl,
        ...(hasLogGroup ? { accessLogTailCommand: logging.accessLogTailCommand } : {}),
        executionLogTailCommand: logging.executionLogTailCommand,
        queryNames: logging.queryDefinitions.map((q) => q.name),
        alarmNames: logging.alarms.map((a) => a.name),
    }) as pulumi.Output<StageOutputs>;
}
