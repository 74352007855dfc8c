// Execution logs delivered to S3: a bucket this stack creates (private, encrypted, versioned,
// expiring, like the Firehose bucket) whose policy lets the log delivery service write under
// `AWSLogs/{account}/`, or an existing bucket whose owner grants that.

import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { logBucket } from "../logBucket";
import { s3ConsoleUrl } from "../logLinks";
import { defaultBucketName } from "../sinks/firehosePolicies";
import { deliveredS3Prefix, s3DeliveryBucketPolicy } from "./deliveryPolicies";
import { deliveryDestination } from "./delivery";
import type { DestinationContext, DestinationSink } from "./executionLogSink";
import type { S3DestinationSettings } from "./settings";

/** Default bucket names start so: beside, and never equal to, a Firehose access-log bucket's `apigw-logs-…`. */
export const EXECUTION_LOG_BUCKET_PREFIX = "apigw-exec-logs";

export function deliveryS3(settings: S3DestinationSettings, context: DestinationContext): DestinationSink {
    const { name, stageName, region, opts } = context;
    const restApiId = pulumi.output(context.restApiId);
    const accountId = context.accountId();
    let bucketName: pulumi.Output<string>;
    let bucketArn: pulumi.Output<string>;
    let bucket: aws.s3.Bucket | undefined;
    const ready: pulumi.Resource[] = [];
    if (settings.bucketArn !== undefined) {
        bucketArn = pulumi.output(settings.bucketArn);
        bucketName = bucketArn.apply((arn) => arn.slice(arn.indexOf(":::") + 3));
    } else {
        const created = logBucket(
            `${name}-execution-log-bucket`,
            {
                bucketName:
                    settings.bucket!.name ??
                    pulumi.all([accountId, region, restApiId]).apply(([account, r, id]) => defaultBucketName(account, r, id, stageName, EXECUTION_LOG_BUCKET_PREFIX)),
                settings: settings.bucket!,
                kmsKeyArn: settings.kmsKeyArn,
                ruleId: "expire-execution-logs",
                policy: (arn) => pulumi.all([arn, accountId, region]).apply(([a, account, r]) => JSON.stringify(s3DeliveryBucketPolicy(a, { accountId: account, region: r }))),
                retainOnDelete: context.retainOnDelete,
                tags: context.tags,
            },
            opts,
        );
        bucket = created.bucket;
        bucketName = created.name;
        bucketArn = created.arn;
        // The policy and the public access block, encryption and lifecycle: the first object lands in a bucket already locked down.
        ready.push(...created.settings);
    }
    const destination = deliveryDestination(context, "s3", settings.outputFormat, bucketArn, ready);
    const prefix = accountId.apply(deliveredS3Prefix);
    const location = pulumi.interpolate`s3://${bucketName}/${prefix}`;
    return {
        kind: "s3",
        standardLogGroup: context.standard,
        location,
        consoleUrl: pulumi.all([region, bucketName, prefix]).apply(([r, b, p]) => s3ConsoleUrl(r, b, p)),
        queryLogGroupNames: [context.standard.name],
        outputs: { executionLogBucketName: bucketName, executionLogS3Location: location },
        delivery: { destination, ready },
        ...(bucket ? { created: { bucket } } : {}),
    };
}
