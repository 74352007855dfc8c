// Access logs to a CloudWatch Logs log group: the default destination.

import { accessLogGroupName, logGroup, logGroupLinks } from "../cloudWatchLogs";
import { fromInput } from "../inputs";
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
        ...logGroupLinks(region, groupName),
        logGroup: group,
        outputs: { accessLogGroupName: groupName, accessLogGroupArn: group.arn },
    };
}
