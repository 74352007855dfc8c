// One interface for every place execution logs can go. The component asks the sink where new
// execution logs land and what users need to find them; it never branches on the destination. A new
// destination is a new file here and one entry in EXECUTION_LOG_SINKS.
//
// API Gateway's own group `API-Gateway-Execution-Logs_{restApiId}/{stageName}` is created whatever
// the destination: before the stage logs, so that it has a retention, and kept while a delivery
// exists, because it holds the logs from before (API Gateway stops writing to it while a delivery
// exists and resumes once the delivery is deleted: "Delete a log delivery for REST API execution logs").

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { executionLogGroupName } from "../cloudWatchLogs";
import { fromInput } from "../inputs";
import type { AccessLogSinkContext } from "../sinks/accessLogSink";
import type { ExecutionLogDestination } from "../stageLoggingArgs";
import { deliveryFirehose } from "./deliveryFirehose";
import { deliveryLogGroup } from "./deliveryLogGroup";
import { deliveryS3 } from "./deliveryS3";
import type { ExecutionLogDestinationSettings, ExecutionLogSettings } from "./settings";
import { createStandardLogGroup, standardLogGroup } from "./standardLogGroup";

/**
 * What a destination is told about the stage it serves: what an access-log sink is told, with
 * `adoptLogGroup` meaning API Gateway's own execution log group (`adoptLogGroups.execution`).
 */
export type ExecutionLogContext = AccessLogSinkContext;

/** A destination's context: the stage's, and API Gateway's own group, already created. */
export interface DestinationContext extends ExecutionLogContext {
    standard: aws.cloudwatch.LogGroup;
    /** Its name as given: plain text when the REST API id is. */
    standardName: pulumi.Input<string>;
}

/** What a delivery destination hands the delivery: the destination, and what must be in place first. */
export interface DeliveryTarget {
    destination: aws.cloudwatch.LogDeliveryDestination;
    /** Resource policies and bucket settings the service needs before it delivers. */
    ready: pulumi.Resource[];
}

export interface ExecutionLogSink {
    readonly kind: ExecutionLogDestination;
    /** API Gateway's own group: created before the stage logs, kept whatever the destination. */
    readonly standardLogGroup: aws.cloudwatch.LogGroup;
    /** Its name as given: plain text when the REST API id is. */
    readonly standardLogGroupName: pulumi.Input<string>;
    /** Where new execution logs land: a log group's name, `s3://{bucket}/AWSLogs/{account}/`, or a stream's ARN (plain text when known now). */
    readonly location: pulumi.Input<string>;
    /** Where a user opens the new execution logs in the console (plain text when known now). */
    readonly consoleUrl: pulumi.Input<string>;
    /** `aws logs tail …`, when new execution logs land in CloudWatch Logs (plain text when known now). */
    readonly tailCommand?: pulumi.Input<string>;
    /** The groups the saved queries read for execution logs: where new ones land first, then API Gateway's own group. */
    readonly queryLogGroupNames: pulumi.Output<string>[];
    /** The stack outputs this destination adds, by their names in the output contract (plain text when known now). */
    readonly outputs: Readonly<Record<string, pulumi.Input<string>>>;
    /** What the delivery connects to; unset when the logs stay in API Gateway's own group. */
    readonly delivery?: DeliveryTarget;
    /** A group or bucket this destination created, which other stages may deliver to as well. */
    readonly created?: { logGroup?: aws.cloudwatch.LogGroup; bucket?: aws.s3.Bucket };
}

/** What a destination makes: the sink, but for API Gateway's own group's name, which `executionLogSink` knows. */
export type DestinationSink = Omit<ExecutionLogSink, "standardLogGroupName">;

type SinkFactories = {
    [K in ExecutionLogDestinationSettings["kind"]]: (
        settings: Extract<ExecutionLogDestinationSettings, { kind: K }>,
        context: DestinationContext,
    ) => DestinationSink;
};

export const EXECUTION_LOG_SINKS: SinkFactories = {
    standard: standardLogGroup,
    logGroup: deliveryLogGroup,
    s3: deliveryS3,
    firehose: deliveryFirehose,
};

/** API Gateway's own group, then the destination `settings` describes, as children of the calling component. */
export function executionLogSink(settings: ExecutionLogSettings, context: ExecutionLogContext): ExecutionLogSink {
    const { restApiId, stageName } = context;
    const standardName = fromInput(restApiId, (id) => executionLogGroupName(id, stageName));
    const standard = createStandardLogGroup(settings, context, standardName);
    const create = EXECUTION_LOG_SINKS[settings.destination.kind] as (
        s: ExecutionLogDestinationSettings,
        c: DestinationContext,
    ) => DestinationSink;
    return { ...create(settings.destination, { ...context, standard, standardName }), standardLogGroupName: standardName };
}
