// The Firehose sink: API Gateway access logs through a Kinesis Data Firehose stream into S3, laid
// out for Athena. Execution logs still go to CloudWatch Logs; only the access-log destination moves.

import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FIREHOSE_STREAM_PREFIX, type FirehoseSettings } from "./validation";

/** Firehose stream names: 1-64 characters (CreateDeliveryStream, Firehose API reference). */
const STREAM_NAME_MAX = 64;
/** S3 general purpose bucket names: 3-63 characters. */
const BUCKET_NAME_MAX = 63;

/** Firehose writes failed records under here, outside the access-log prefix so Athena never reads them. */
export const ERROR_PREFIX_ROOT = "errors/";
/** The log stream Firehose writes its S3 delivery errors to (the name the Firehose console uses). */
export const ERROR_LOG_STREAM_NAME = "DestinationDelivery";

const TIME_PARTITIONS = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

function shortHash(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/**
 * `amazon-apigateway-{restApiId}-{stageName}`: API Gateway only logs to streams with that prefix.
 * A stage name too long for the 64-character limit is cut and followed by a hash of the whole name.
 */
export function defaultStreamName(restApiId: string, stageName: string): string {
    const full = `${FIREHOSE_STREAM_PREFIX}${restApiId}-${stageName}`;
    if (full.length <= STREAM_NAME_MAX) {
        return full;
    }
    const room = STREAM_NAME_MAX - `${FIREHOSE_STREAM_PREFIX}${restApiId}-`.length - 9;
    return `${FIREHOSE_STREAM_PREFIX}${restApiId}-${stageName.slice(0, room).replace(/[-_.]+$/, "")}-${shortHash(stageName)}`;
}

/**
 * `apigw-logs-{account}-{region}-{restApiId}-{stage}`. Bucket names are global, so the account and
 * region keep ours from colliding with anyone's; the name depends only on what is logged, so nothing
 * but a new REST API or stage changes it (a changed bucket name replaces the bucket). A stage name
 * S3 would refuse (capitals, underscores) or too long is lowercased, cut and followed by a hash.
 */
export function defaultBucketName(accountId: string, region: string, restApiId: string, stageName: string): string {
    const base = `apigw-logs-${accountId}-${region}-${restApiId.toLowerCase()}-`;
    const safe = stageName.toLowerCase().replace(/_/g, "-");
    if (safe === stageName && !safe.endsWith("-") && base.length + safe.length <= BUCKET_NAME_MAX) {
        return base + safe;
    }
    const room = BUCKET_NAME_MAX - base.length - 9;
    const kept = room > 0 ? safe.slice(0, room).replace(/-+$/, "") : "";
    return `${base}${kept ? `${kept}-` : ""}${shortHash(stageName)}`;
}

/** Where a stage's access logs go in the bucket when no prefix is configured. */
export function defaultPrefix(restApiId: string, stageName: string): string {
    return `access-logs/${restApiId}/${stageName}/`;
}

/**
 * Hive-style hour partitions under `base`, so Athena can prune by time (partition projection or
 * MSCK REPAIR TABLE). Firehose fills the timestamp in from the oldest record in each object, in UTC.
 */
export function timePartitionedPrefix(base: string): string {
    return `${base}${TIME_PARTITIONS}`;
}

/**
 * Firehose rules for an S3 destination (Custom prefixes for Amazon S3 objects, Firehose developer
 * guide): a prefix with expressions needs an ErrorOutputPrefix, and an ErrorOutputPrefix with
 * expressions must contain `!{firehose:error-output-type}` (which the data prefix must not).
 */
export function errorOutputPrefix(base: string): string {
    return `${ERROR_PREFIX_ROOT}${base}!{firehose:error-output-type}/${TIME_PARTITIONS}`;
}

/** The log group the Firehose console would create for the stream's delivery errors. */
export function errorLogGroupName(streamName: string): string {
    return `/aws/kinesisfirehose/${streamName}`;
}

/**
 * Only Firehose may assume the role, and only for a stream in this account (the confused-deputy
 * guard). Firehose sets `sts:ExternalId` to the stream's account when it assumes a delivery role:
 * that is the condition its own guides put in the trust policy (CloudWatch Logs User Guide, "Create
 * a Firehose delivery stream"), so it is required. `aws:SourceAccount` is the IAM User Guide's
 * cross-service confused deputy key; no Firehose page found says Firehose sends it on AssumeRole,
 * and a plain StringEquals on a missing key denies, so it is checked whenever it is present.
 */
export function firehoseTrustPolicy(accountId: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "firehose.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "sts:ExternalId": accountId },
                    StringEqualsIfExists: { "aws:SourceAccount": accountId },
                },
            },
        ],
    };
}

export interface DeliveryPolicyInputs {
    bucketArn: string;
    /** Base key prefixes Firehose writes under (data and errors); object access stops there. */
    prefixes: string[];
    logStreamArn: string;
    region: string;
    kmsKeyArn?: string;
}

/**
 * The S3, KMS and CloudWatch Logs actions the Firehose developer guide lists for an S3 destination
 * ("Grant Firehose access to an Amazon S3 destination"), narrowed to one bucket, our prefixes, one
 * key and one log stream.
 */
export function firehoseDeliveryPolicy(p: DeliveryPolicyInputs): object {
    const statements: object[] = [
        {
            Sid: "BucketLevel",
            Effect: "Allow",
            Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
            Resource: p.bucketArn,
        },
        {
            Sid: "WriteLogObjects",
            Effect: "Allow",
            Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
            Resource: p.prefixes.map((prefix) => `${p.bucketArn}/${prefix}*`),
        },
        {
            Sid: "DeliveryErrorLog",
            Effect: "Allow",
            Action: "logs:PutLogEvents",
            Resource: p.logStreamArn,
        },
    ];
    if (p.kmsKeyArn) {
        statements.push({
            Sid: "EncryptLogObjects",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: p.kmsKeyArn,
            // Only through S3, only for this bucket. With an S3 Bucket Key the encryption context is the
            // bucket's ARN, without one the object's, so both forms are allowed.
            Condition: {
                StringEquals: { "kms:ViaService": `s3.${p.region}.amazonaws.com` },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [p.bucketArn, `${p.bucketArn}/*`] },
            },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** Refuses every request to the bucket that is not over TLS (S3 User Guide, security best practices). */
export function tlsOnlyBucketPolicy(bucketArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

export interface FirehoseSinkArgs {
    settings: FirehoseSettings;
    restApiId: pulumi.Output<string>;
    stageName: string;
    region: string;
    retainOnDelete: boolean;
    tags: Record<string, string>;
}

export interface FirehoseSink {
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
 * holds logs (a created bucket and its settings, the error log group and stream) is retained on
 * delete unless `retainOnDelete` is false: a retained bucket keeps its public access block, policy
 * and encryption, since deleting those resources would strip them from the bucket that stays.
 */
export function firehoseSink(name: string, args: FirehoseSinkArgs, opts: pulumi.CustomResourceOptions): FirehoseSink {
    const { settings, restApiId, stageName, region, tags } = args;
    const keep = { ...opts, retainOnDelete: args.retainOnDelete };
    const accountId = aws.getCallerIdentityOutput({}, { parent: opts.parent }).accountId;

    const streamName = settings.streamName ? pulumi.output(settings.streamName) : restApiId.apply((id) => defaultStreamName(id, stageName));
    const base = settings.prefix ? pulumi.output(settings.prefix) : restApiId.apply((id) => defaultPrefix(id, stageName));

    let bucket: aws.s3.Bucket | undefined;
    const bucketSettings: pulumi.CustomResource[] = [];
    let bucketName: pulumi.Output<string>;
    let bucketArn: pulumi.Output<string>;
    if (settings.bucketArn) {
        bucketArn = pulumi.output(settings.bucketArn);
        bucketName = pulumi.output(settings.bucketArn.slice(settings.bucketArn.indexOf(":::") + 3));
    } else {
        const b = settings.bucket!;
        bucket = new aws.s3.Bucket(
            `${name}-access-log-bucket`,
            {
                bucket: b.name ?? pulumi.all([accountId, restApiId]).apply(([account, id]) => defaultBucketName(account, region, id, stageName)),
                // A throwaway stack (retainLogsOnDelete: false) must be able to delete a bucket with logs in it.
                forceDestroy: !args.retainOnDelete,
                tags,
            },
            keep,
        );
        bucketName = bucket.bucket;
        bucketArn = bucket.arn;
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${name}-access-log-bucket-public-access`,
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            keep,
        );
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-access-log-bucket-encryption`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: settings.kmsKeyArn
                            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: settings.kmsKeyArn }
                            : { sseAlgorithm: "AES256" },
                        // An S3 Bucket Key cuts KMS requests (and their cost) for many small log objects.
                        bucketKeyEnabled: settings.kmsKeyArn ? true : undefined,
                    },
                ],
            },
            keep,
        );
        const ownership = new aws.s3.BucketOwnershipControls(
            `${name}-access-log-bucket-ownership`,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            keep,
        );
        const versioning = new aws.s3.BucketVersioning(
            `${name}-access-log-bucket-versioning`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            keep,
        );
        const lifecycle = new aws.s3.BucketLifecycleConfiguration(
            `${name}-access-log-bucket-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        transitions: b.transition ? [{ days: b.transition.afterDays, storageClass: b.transition.storageClass }] : undefined,
                        expiration: { days: b.expireAfterDays },
                        // Versioning turns expiry into a delete marker; this removes the data itself.
                        noncurrentVersionExpiration: { noncurrentDays: b.noncurrentVersionExpireAfterDays },
                        // Firehose writes with multipart uploads; abandoned parts are billed until aborted.
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            // S3 versioning must be on before a rule about noncurrent versions means anything.
            { ...keep, dependsOn: [versioning] },
        );
        // PutBucketPolicy after the public access block: S3 rejects concurrent configuration changes
        // to one bucket (OperationAborted), and the block decides which policies are accepted.
        const policy = new aws.s3.BucketPolicy(
            `${name}-access-log-bucket-policy`,
            { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))) },
            { ...keep, dependsOn: [publicAccessBlock] },
        );
        bucketSettings.push(publicAccessBlock, encryption, ownership, versioning, lifecycle, policy);
    }

    const errorLogGroup = new aws.cloudwatch.LogGroup(
        `${name}-firehose-errors`,
        { name: streamName.apply(errorLogGroupName), retentionInDays: settings.errorLogRetentionInDays, tags },
        keep,
    );
    const errorLogStream = new aws.cloudwatch.LogStream(
        `${name}-firehose-errors-stream`,
        { logGroupName: errorLogGroup.name, name: ERROR_LOG_STREAM_NAME },
        keep,
    );

    const role = new aws.iam.Role(
        `${name}-firehose-role`,
        {
            description: "Lets Kinesis Data Firehose deliver this stage's API Gateway access logs to S3",
            assumeRolePolicy: accountId.apply((account) => JSON.stringify(firehoseTrustPolicy(account))),
            tags,
        },
        opts,
    );
    const rolePolicy = new aws.iam.RolePolicy(
        `${name}-firehose-role-policy`,
        {
            role: role.id,
            policy: pulumi
                .all([bucketArn, base, errorLogStream.arn])
                .apply(([arn, prefix, logStreamArn]) =>
                    JSON.stringify(
                        firehoseDeliveryPolicy({
                            bucketArn: arn,
                            prefixes: [prefix, `${ERROR_PREFIX_ROOT}${prefix}`],
                            logStreamArn,
                            region,
                            kmsKeyArn: settings.kmsKeyArn,
                        }),
                    ),
                ),
        },
        opts,
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
        { ...opts, dependsOn: [rolePolicy, ...bucketSettings] },
    );

    return {
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
