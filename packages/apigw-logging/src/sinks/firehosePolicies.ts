// The Firehose sink's pure parts: the names AWS requires or we choose, the S3 layout, and the IAM and
// bucket policies, narrowed to one stream, bucket, prefix and key. Tested without mocks.

import * as crypto from "crypto";
import { FIREHOSE_STREAM_NAME_MAX as STREAM_NAME_MAX, FIREHOSE_STREAM_PREFIX } from "../firehoseRules";
import { AutonamedIamName, IAM_ROLE_NAME_MAX, IAM_ROLE_POLICY_NAME_MAX } from "../iamRules";
import { S3_BUCKET_NAME_MAX as BUCKET_NAME_MAX, s3BucketNameProblem } from "../s3Rules";

/**
 * The delivery role and its inline policy, which Pulumi names from their resources' names
 * (`{component}-firehose-role`, `{component}-firehose-role-policy`): the component's name must leave
 * room for IAM's limits (iamRules.ts).
 */
export const FIREHOSE_ROLE: AutonamedIamName = { what: "the Firehose delivery role", suffix: "-firehose-role", max: IAM_ROLE_NAME_MAX };
export const FIREHOSE_ROLE_POLICY: AutonamedIamName = { what: "the Firehose delivery role's policy", suffix: "-firehose-role-policy", max: IAM_ROLE_POLICY_NAME_MAX };
export const FIREHOSE_IAM_NAMES: readonly AutonamedIamName[] = [FIREHOSE_ROLE, FIREHOSE_ROLE_POLICY];

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
 * `{prefix}-{account}-{region}-{restApiId}-{stage}` (`apigw-logs-…` for access logs). Bucket names are
 * global, so the account and region keep ours from colliding with anyone's; the name depends only on
 * what is logged, so nothing but a new REST API or stage changes it (a changed bucket name replaces
 * the bucket). A stage name S3 would refuse (capitals, underscores), too long, or ending in a suffix
 * S3 reserves (`-s3alias`, `--x-s3`, ...: s3Rules.ts) is lowercased, cut and followed by a hash.
 */
export function defaultBucketName(accountId: string, region: string, restApiId: string, stageName: string, prefix = "apigw-logs"): string {
    const base = `${prefix}-${accountId}-${region}-${restApiId.toLowerCase()}-`;
    const safe = stageName.toLowerCase().replace(/_/g, "-");
    if (safe === stageName && base.length + safe.length <= BUCKET_NAME_MAX && s3BucketNameProblem(base + safe) === undefined) {
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

