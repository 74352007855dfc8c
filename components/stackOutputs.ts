// The stack outputs other Pulumi projects read with StackReference: a versioned contract.
// Bump the minor version when adding an output, the major version when renaming or removing one.

import * as pulumi from "@pulumi/pulumi";
import { StageLogging } from "./stageLogging";
import { LoggingLevel } from "./validation";

export const OUTPUT_CONTRACT_VERSION = "1.0";

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
}

export function stageOutputs(logging: StageLogging): pulumi.Output<StageOutputs> {
    const { loggingLevel, dataTraceEnabled, metricsEnabled } = logging.settings.methodSettings;
    const sink = logging.firehose
        ? {
              accessLogBucketName: logging.firehose.bucketName,
              accessLogPrefix: logging.firehose.prefix,
              accessLogS3Location: logging.firehose.s3Location,
              accessLogStreamName: logging.firehose.streamName,
              accessLogStreamArn: logging.firehose.streamArn,
          }
        : { accessLogGroupName: logging.accessLogGroupName, accessLogGroupArn: logging.accessLogGroupArn };
    return pulumi.output({
        restApiId: logging.restApiId,
        stageName: logging.stageName,
        accessLogSettings: logging.accessLogSettings,
        ...sink,
        executionLogGroupName: logging.executionLogGroupName,
        accessLogFormat: logging.accessLogFormat,
        methodSettings: { loggingLevel, dataTraceEnabled, metricsEnabled },
        ...(logging.invokeUrl ? { invokeUrl: logging.invokeUrl } : {}),
    }) as pulumi.Output<StageOutputs>;
}
