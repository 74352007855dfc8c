// Access logs to a CloudWatch Logs log group: the default destination.

import * as pulumi from "@pulumi/pulumi";
import { accessLogGroupName, logGroup } from "../cloudWatchLogs";
import { fromInput, whenAllKnown } from "../inputs";
import { logGroupConsoleUrl, tailCommand } from "../logLinks";
import type { CloudWatchLogsSinkSettings } from "../settings";
import type { AccessLogSink, AccessLogSinkContext } from "./accessLogSink";

export function cloudWatchLogsSink(settings: CloudWatchLogsSinkSettings, context: AccessLogSinkContext): AccessLogSink {
    const { name, restApiId, stageName, region } = context;
    const groupName = settings.logGroupName ?? fromInput(restApiId, (id) => accessLogGroupName(id, stageName));
    const group = logGroup(
        `${name}-access-logs`,
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
    return {
        destinationArn: group.arn,
        // From the name the group is given: plain text when the REST API id and the region are known.
        consoleUrl: whenAllKnown<[string, string], string>([region, groupName], ([r, g]) => logGroupConsoleUrl(r, g)),
        tailCommand: whenAllKnown<[string, string], string>([region, groupName], ([r, g]) => tailCommand(r, g)),
        logGroup: group,
        outputs: { accessLogGroupName: groupName, accessLogGroupArn: group.arn },
    };
}
