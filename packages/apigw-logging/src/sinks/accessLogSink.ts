// One interface for every place access logs can go. The component asks the sink for the ARN the
// stage writes to and for what users need to find the logs; it never branches on the destination.
// A new destination is a new file here and one entry in ACCESS_LOG_SINKS.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccessLogSinkSettings } from "../settings";
import { cloudWatchLogsSink } from "./cloudWatchLogsSink";
import { firehoseSink } from "./firehoseSink";

/** What a sink (of access logs, or of execution logs) is told about the stage it serves. */
export interface AccessLogSinkContext {
    /** The component's name: children are named `${name}-…`. */
    name: string;
    restApiId: pulumi.Input<string>;
    stageName: string;
    /** The region and account of the component's AWS provider. */
    region: pulumi.Input<string>;
    accountId: () => pulumi.Output<string>;
    retainOnDelete: boolean;
    /** Adopt the destination's existing log group (`adoptLogGroups.access`, `.firehoseErrors` or `.execution`); its name is then a plain string. */
    adoptLogGroup: boolean;
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** `{ parent }` of every child. */
    opts: pulumi.CustomResourceOptions;
}

export interface AccessLogSink {
    /** What the stage's `accessLogSettings.destinationArn` names. */
    readonly destinationArn: pulumi.Output<string>;
    /** Where a user opens the access logs in the console (plain text when known now). */
    readonly consoleUrl: pulumi.Input<string>;
    /** `aws logs tail …`, when the logs are in CloudWatch Logs (plain text when known now). */
    readonly tailCommand?: pulumi.Input<string>;
    /** The log group the saved queries read, when the logs are in CloudWatch Logs. */
    readonly logGroup?: aws.cloudwatch.LogGroup;
    /** The stack outputs this destination adds, by their names in the output contract (plain text when known now). */
    readonly outputs: Readonly<Record<string, pulumi.Input<string>>>;
}

type SinkFactories = {
    [K in AccessLogSinkSettings["kind"]]: (settings: Extract<AccessLogSinkSettings, { kind: K }>, context: AccessLogSinkContext) => AccessLogSink;
};

export const ACCESS_LOG_SINKS: SinkFactories = {
    cloudwatch: cloudWatchLogsSink,
    firehose: firehoseSink,
};

/** The sink `settings` describes, created as children of the calling component. */
export function accessLogSink(settings: AccessLogSinkSettings, context: AccessLogSinkContext): AccessLogSink {
    const create = ACCESS_LOG_SINKS[settings.kind] as (s: AccessLogSinkSettings, c: AccessLogSinkContext) => AccessLogSink;
    return create(settings, context);
}
