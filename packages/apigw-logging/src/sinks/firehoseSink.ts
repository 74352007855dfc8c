// Access logs through a Kinesis Data Firehose stream into S3, laid out for Athena. Execution logs
// still go to CloudWatch Logs; only the access-log destination moves.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { plainValue } from "../inputs";
import { logBucket } from "../logBucket";
import { s3ConsoleUrl } from "../logLinks";
import type { FirehoseSinkSettings } from "../settings";
import type { AccessLogSink, AccessLogSinkContext } from "./accessLogSink";
import {
    defaultBucketName,
    defaultPrefix,
    defaultStreamName,
    ERROR_LOG_STREAM_NAME,
    ERROR_PREFIX_ROOT,
    errorLogGroupName,
    FIREHOSE_ROLE,
    FIREHOSE_ROLE_POLICY,
    errorOutputPrefix,
    firehoseDeliveryPolicy,
    firehoseTrustPolicy,
    timePartitionedPrefix,
    tlsOnlyBucketPolicy,
} from "./firehosePolicies";

/** The Firehose destination: the stream, its S3 bucket, role and error log. */
export interface FirehoseSink extends AccessLogSink {
    readonly kind: "firehose";
    bucket?: aws.s3.Bucket;
    /** Public access block, encryption, ownership, versioning, lifecycle and policy of a created bucket. */
    bucketSettings: pulumi.CustomResource[];
    role: aws.iam.Role;
    rolePolicy: aws.iam.RolePolicy;
    errorLogGroup: aws.cloudwatch.LogGroup;
    errorLogStream: aws.cloudwatch.LogStream;
    stream: aws.kinesis.FirehoseDeliveryStream;
    bucketName: pulumi.Output<string>;
    bucketArn: pulumi.Output<string>;
    /** The stream's S3 prefix, with its `!{timestamp:...}` expressions. */
    prefix: pulumi.Output<string>;
    errorOutputPrefix: pulumi.Output<string>;
    /** The prefix above the partitions. */
    basePrefix: pulumi.Output<string>;
    /** `s3://bucket/prefix/` above the partitions: an Athena table's LOCATION. */
    s3Location: pulumi.Output<string>;
    streamName: pulumi.Output<string>;
    streamArn: pulumi.Output<string>;
}

/**
 * Creates the sink as children of the calling component (`opts` carries `parent`). Everything that
 * holds logs or carries them is retained on delete unless `retainOnDelete` is false: a created
 * bucket and its settings (a retained bucket keeps its public access block, policy and encryption,
 * since deleting those resources would strip them from the bucket that stays), the error log group
 * and stream, and the stream with its role and role policy. A stage this program does not own may
 * still name the stream after the stack is destroyed or the stage removed: deleting the stream would
 * drop its access logs and the records it buffered, and deleting the role would stop its delivery.
 */
export function firehoseSink(settings: FirehoseSinkSettings, context: AccessLogSinkContext): FirehoseSink {
    const { name, stageName, region, tags, opts } = context;
    const restApiId = pulumi.output(context.restApiId);
    const keep = { ...opts, retainOnDelete: context.retainOnDelete };
    const accountId = context.accountId();

    const streamName = settings.streamName ? pulumi.output(settings.streamName) : restApiId.apply((id) => defaultStreamName(id, stageName));
    // Adopting the error log group needs its name now: checkStageLoggingArgs made sure it is plain text.
    const adoptedErrorLogGroup = context.adoptLogGroup
        ? errorLogGroupName(plainValue(settings.streamName) ?? defaultStreamName(context.restApiId as string, stageName))
        : undefined;
    const base = settings.prefix ? pulumi.output(settings.prefix) : restApiId.apply((id) => defaultPrefix(id, stageName));

    let bucket: aws.s3.Bucket | undefined;
    const bucketSettings: pulumi.CustomResource[] = [];
    let bucketName: pulumi.Output<string>;
    let bucketArn: pulumi.Output<string>;
    if (settings.bucketArn !== undefined) {
        bucketArn = pulumi.output(settings.bucketArn);
        bucketName = bucketArn.apply((arn) => arn.slice(arn.indexOf(":::") + 3));
    } else {
        const created = logBucket(
            `${name}-access-log-bucket`,
            {
                bucketName:
                    settings.bucket!.name ?? pulumi.all([accountId, region, restApiId]).apply(([account, r, id]) => defaultBucketName(account, r, id, stageName)),
                settings: settings.bucket!,
                kmsKeyArn: settings.kmsKeyArn,
                ruleId: "expire-access-logs",
                policy: (arn) => arn.apply((a) => JSON.stringify(tlsOnlyBucketPolicy(a))),
                retainOnDelete: context.retainOnDelete,
                tags,
            },
            opts,
        );
        bucket = created.bucket;
        bucketName = created.name;
        bucketArn = created.arn;
        bucketSettings.push(...created.settings);
    }

    const errorLogGroup = new aws.cloudwatch.LogGroup(
        `${name}-firehose-errors`,
        { name: adoptedErrorLogGroup ?? streamName.apply(errorLogGroupName), retentionInDays: settings.errorLogRetentionInDays, tags },
        adoptedErrorLogGroup === undefined ? keep : { ...keep, import: adoptedErrorLogGroup },
    );
    // A retained group keeps its stream too; the provider imports a log stream as "group:stream".
    const errorLogStream = new aws.cloudwatch.LogStream(
        `${name}-firehose-errors-stream`,
        { logGroupName: errorLogGroup.name, name: ERROR_LOG_STREAM_NAME },
        adoptedErrorLogGroup === undefined ? keep : { ...keep, import: `${adoptedErrorLogGroup}:${ERROR_LOG_STREAM_NAME}` },
    );

    const role = new aws.iam.Role(
        `${name}${FIREHOSE_ROLE.suffix}`,
        {
            description: "Lets Kinesis Data Firehose deliver this stage's API Gateway access logs to S3",
            assumeRolePolicy: accountId.apply((account) => JSON.stringify(firehoseTrustPolicy(account))),
            tags,
        },
        keep,
    );
    const rolePolicy = new aws.iam.RolePolicy(
        `${name}${FIREHOSE_ROLE_POLICY.suffix}`,
        {
            role: role.id,
            policy: pulumi
                .all([bucketArn, base, errorLogStream.arn, region, settings.kmsKeyArn])
                .apply(([arn, prefix, logStreamArn, r, kmsKeyArn]) =>
                    JSON.stringify(
                        firehoseDeliveryPolicy({
                            bucketArn: arn,
                            prefixes: [prefix, `${ERROR_PREFIX_ROOT}${prefix}`],
                            logStreamArn,
                            region: r,
                            kmsKeyArn,
                        }),
                    ),
                ),
        },
        keep,
    );

    const prefix = base.apply(timePartitionedPrefix);
    const errorPrefix = base.apply(errorOutputPrefix);
    // Firehose checks its role when the stream is created, and the first object should land in a
    // bucket that is already locked down: wait for the role policy and every bucket setting.
    const stream = new aws.kinesis.FirehoseDeliveryStream(
        `${name}-firehose`,
        {
            name: streamName,
            destination: "extended_s3",
            serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
            extendedS3Configuration: {
                roleArn: role.arn,
                bucketArn,
                prefix,
                errorOutputPrefix: errorPrefix,
                bufferingSize: settings.bufferingSizeInMBs,
                bufferingInterval: settings.bufferingIntervalInSeconds,
                compressionFormat: settings.compression,
                kmsKeyArn: settings.kmsKeyArn,
                // API Gateway sends each access-log line as one record with no line break, and Firehose
                // concatenates records: without a delimiter Athena sees one huge line per object.
                processingConfiguration: { enabled: true, processors: [{ type: "AppendDelimiterToRecord" }] },
                cloudwatchLoggingOptions: { enabled: true, logGroupName: errorLogGroup.name, logStreamName: errorLogStream.name },
            },
            tags,
        },
        { ...keep, dependsOn: [rolePolicy, ...bucketSettings] },
    );

    return {
        kind: "firehose",
        destinationArn: stream.arn,
        consoleUrl: pulumi.all([region, bucketName, base]).apply(([r, b, p]) => s3ConsoleUrl(r, b, p)),
        outputs: {
            accessLogBucketName: bucketName,
            accessLogPrefix: prefix,
            accessLogS3Location: pulumi.interpolate`s3://${bucketName}/${base}`,
            accessLogStreamName: stream.name,
            accessLogStreamArn: stream.arn,
        },
        bucket,
        bucketSettings,
        role,
        rolePolicy,
        errorLogGroup,
        errorLogStream,
        stream,
        bucketName,
        bucketArn,
        prefix,
        errorOutputPrefix: errorPrefix,
        basePrefix: base,
        s3Location: pulumi.interpolate`s3://${bucketName}/${base}`,
        streamName: stream.name,
        streamArn: stream.arn,
    };
}
