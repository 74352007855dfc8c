// Execution logs in API Gateway's own group, `API-Gateway-Execution-Logs_{restApiId}/{stageName}`:
// the default destination. API Gateway creates that group on first use with no retention (logs kept,
// and paid for, forever); creating it first is the only way to give it one.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logGroup, logGroupLinks } from "../cloudWatchLogs";
import type { DestinationContext, DestinationSink, ExecutionLogContext } from "./executionLogSink";
import type { ExecutionLogSettings, StandardDestinationSettings } from "./settings";

/** API Gateway's own group, whatever the destination: it always has a retention, and keeps the logs from before a delivery. */
export function createStandardLogGroup(settings: ExecutionLogSettings, context: ExecutionLogContext, groupName: pulumi.Input<string>): aws.cloudwatch.LogGroup {
    return logGroup(
        `${context.name}-execution-logs`,
        {
            name: groupName,
            retentionInDays: settings.retentionInDays,
            kmsKeyArn: settings.kmsKeyArn,
            retainOnDelete: context.retainOnDelete,
            tags: context.tags,
            adopt: context.adoptLogGroup,
        },
        context.opts,
    );
}

/** New execution logs keep landing in API Gateway's own group. */
export function standardLogGroup(_settings: StandardDestinationSettings, context: DestinationContext): DestinationSink {
    // From the group's name as it is given: plain text when the REST API id and the region are known.
    const { standard, region, standardName: groupName } = context;
    return {
        kind: "standard",
        standardLogGroup: standard,
        location: groupName,
        // From the name the group is given: plain text when the REST API id and the region are known.
        ...logGroupLinks(region, groupName),
        queryLogGroupNames: [standard.name],
        outputs: {},
    };
}
