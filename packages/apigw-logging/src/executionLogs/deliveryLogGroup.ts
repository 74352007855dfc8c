// Execution logs delivered to a CloudWatch Logs group: one this stack creates (retention, key,
// retained on delete, like the access-log group) with a resource policy for the log delivery
// service, or an existing one whose owner grants that.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logGroup, logGroupLinks } from "../cloudWatchLogs";
import { fromInput } from "../inputs";
import { defaultDeliveredLogGroupName, logGroupDeliveryPolicy } from "./deliveryPolicies";
import { deliveryDestination } from "./delivery";
import type { DestinationContext, DestinationSink } from "./executionLogSink";
import { bareLogGroupArn, logGroupNameOfArn } from "./rules";
import type { LogGroupDestinationSettings } from "./settings";

export function deliveryLogGroup(settings: LogGroupDestinationSettings, context: DestinationContext): DestinationSink {
    const { name, restApiId, stageName, region, opts } = context;
    let group: aws.cloudwatch.LogGroup | undefined;
    let groupName: pulumi.Output<string>;
    let groupArn: pulumi.Output<string>;
    const ready: pulumi.Resource[] = [];
    if (settings.arn !== undefined) {
        // Managed elsewhere: its resource policy is its owner's (a group holds one resource-scoped policy).
        groupArn = pulumi.output(settings.arn).apply(bareLogGroupArn);
        groupName = groupArn.apply(logGroupNameOfArn);
    } else {
        group = logGroup(
            `${name}-delivered-execution-logs`,
            {
                name: settings.name ?? fromInput(restApiId, (id) => defaultDeliveredLogGroupName(id, stageName)),
                retentionInDays: settings.retentionInDays!,
                kmsKeyArn: settings.kmsKeyArn,
                retainOnDelete: context.retainOnDelete,
                tags: context.tags,
            },
            opts,
        );
        groupName = group.name;
        groupArn = group.arn.apply(bareLogGroupArn);
        ready.push(
            new aws.cloudwatch.LogResourcePolicy(
                `${name}-delivered-execution-logs-policy`,
                {
                    resourceArn: groupArn,
                    policyDocument: pulumi
                        .all([groupArn, context.accountId(), region])
                        .apply(([arn, accountId, r]) => JSON.stringify(logGroupDeliveryPolicy(arn, { accountId, region: r }))),
                },
                opts,
            ),
        );
    }
    const destination = deliveryDestination(context, "cwl", settings.outputFormat, groupArn, ready);
    return {
        kind: "logGroup",
        standardLogGroup: context.standard,
        location: groupName,
        // From the name the group is given: plain text when the REST API id and the region are known.
        ...logGroupLinks(region, groupName),
        queryLogGroupNames: [groupName, context.standard.name],
        outputs: { executionLogDeliveryGroupName: groupName, executionLogDeliveryGroupArn: groupArn },
        delivery: { destination, ready },
        ...(group ? { created: { logGroup: group } } : {}),
    };
}
