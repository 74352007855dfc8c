// Execution logs in API Gateway's own group, `API-Gateway-Execution-Logs_{restApiId}/{stageName}`:
// the default destination. API Gateway creates that group on first use with no retention (logs kept,
// and paid for, forever); creating it first is the only way to give it one.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { executionLogGroupName, logGroup } from "../cloudWatchLogs";
import { fromInput } from "../inputs";
import { logGroupConsoleUrl, tailCommand } from "../logLinks";
import type { DestinationContext, ExecutionLogContext, ExecutionLogSink } from "./executionLogSink";
import type { ExecutionLogSettings, StandardDestinationSettings } from "./settings";

/** API Gateway's own group, whatever the destination: it always has a retention, and keeps the logs from before a delivery. */
export function createStandardLogGroup(settings: ExecutionLogSettings, context: ExecutionLogContext): aws.cloudwatch.LogGroup {
    const { name, restApiId, stageName } = context;
    const groupName = fromInput(restApiId, (id) => executionLogGroupName(id, stageName));
    return logGroup(
        `${name}-execution-logs`,
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
export function standardLogGroup(_settings: StandardDestinationSettings, context: DestinationContext): ExecutionLogSink {
    const { standard, region } = context;
    return {
        kind: "standard",
        standardLogGroup: standard,
        location: standard.name,
        consoleUrl: pulumi.all([region, standard.name]).apply(([r, g]) => logGroupConsoleUrl(r, g)),
        tailCommand: pulumi.all([region, standard.name]).apply(([r, g]) => tailCommand(r, g)),
        queryLogGroupNames: [standard.name],
        outputs: {},
    };
}
