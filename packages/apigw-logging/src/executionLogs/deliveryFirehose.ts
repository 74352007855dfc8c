// Execution logs delivered to an existing Firehose stream (on to Splunk, OpenSearch, S3, ...).
// Firehose has no resource policies: CloudWatch Logs writes through its service-linked role
// AWSServiceRoleForLogDelivery, which may put records only to streams tagged
// `LogDeliveryEnabled: true`, and tags the stream itself when the delivery is set up ("Logs sent to
// Kinesis Data Firehose", CloudWatch Logs User Guide): the deploying identity needs
// firehose:TagDeliveryStream and, the first time, iam:CreateServiceLinkedRole.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fromInput } from "../inputs";
import { firehoseConsoleUrl } from "../logLinks";
import { deliveryDestinationName } from "./deliveryPolicies";
import type { DestinationContext, ExecutionLogSink } from "./executionLogSink";
import type { FirehoseDestinationSettings } from "./settings";

export function deliveryFirehose(settings: FirehoseDestinationSettings, context: DestinationContext): ExecutionLogSink {
    const { name, stageName, region, opts } = context;
    const streamArn = pulumi.output(settings.streamArn);
    const destination = new aws.cloudwatch.LogDeliveryDestination(
        `${name}-execution-log-destination`,
        {
            name: fromInput(context.restApiId, (id) => deliveryDestinationName(id, stageName, "fh", settings.outputFormat)),
            outputFormat: settings.outputFormat,
            deliveryDestinationConfiguration: { destinationResourceArn: streamArn },
            tags: context.tags,
        },
        opts,
    );
    return {
        kind: "firehose",
        standardLogGroup: context.standard,
        location: streamArn,
        consoleUrl: pulumi.all([region, streamArn]).apply(([r, arn]) => firehoseConsoleUrl(r, arn.slice(arn.indexOf("deliverystream/") + "deliverystream/".length))),
        queryLogGroupNames: [context.standard.name],
        outputs: { executionLogStreamArn: streamArn },
        delivery: { destination, ready: [] },
    };
}
