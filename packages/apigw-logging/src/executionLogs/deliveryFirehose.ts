// Execution logs delivered to an existing Firehose stream (on to Splunk, OpenSearch, S3, ...).
// Firehose has no resource policies: CloudWatch Logs writes through its service-linked role
// AWSServiceRoleForLogDelivery, which may put records only to streams tagged
// `LogDeliveryEnabled: true`, and tags the stream itself when the delivery is set up ("Logs sent to
// Kinesis Data Firehose", CloudWatch Logs User Guide): the deploying identity needs
// firehose:TagDeliveryStream and, the first time, iam:CreateServiceLinkedRole.

import * as pulumi from "@pulumi/pulumi";
import { firehoseConsoleUrl } from "../logLinks";
import { deliveryDestination } from "./delivery";
import type { DestinationContext, DestinationSink } from "./executionLogSink";
import type { FirehoseDestinationSettings } from "./settings";

export function deliveryFirehose(settings: FirehoseDestinationSettings, context: DestinationContext): DestinationSink {
    const { region } = context;
    const streamArn = pulumi.output(settings.streamArn);
    const destination = deliveryDestination(context, "fh", settings.outputFormat, streamArn);
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
