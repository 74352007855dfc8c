// The pure parts of a CloudWatch Logs delivery of execution logs: the source's ARN and log type, the
// names, and the resource policies the destinations need for the log delivery service. Tested
// without mocks.
//
// Sources: API Gateway Developer Guide, "Create a log delivery for REST API execution logs" (the
// resource ARN and log type); CloudWatch Logs User Guide, "Enable logging from AWS services" (the
// statements for `delivery.logs.amazonaws.com`, with the aws:SourceAccount and aws:SourceArn
// conditions those pages show).

import * as crypto from "crypto";
import { partitionOf } from "../partition";
import { tlsOnlyBucketPolicy } from "../sinks/firehosePolicies";

/** The log type API Gateway's REST API execution logs are delivered as. */
export const EXECUTION_LOGS_LOG_TYPE = "EXECUTION_LOGS";

/** The service principal CloudWatch Logs delivers vended logs as. */
export const LOG_DELIVERY_SERVICE = "delivery.logs.amazonaws.com";

/** Delivery source and destination names: 1-60 characters (terraform-provider-aws, internal/service/logs/delivery_source.go). */
const DELIVERY_NAME_MAX = 60;

/**
 * The delivery source's resource: the stage, as the API Gateway guide writes it, with the account
 * (unlike the stage's own ARN, `arn:aws:apigateway:{region}::/restapis/…`, which has none).
 */
export function executionLogSourceArn(region: string, accountId: string, restApiId: string, stageName: string): string {
    return `arn:${partitionOf(region)}:apigateway:${region}:${accountId}:/restapis/${restApiId}/stages/${stageName}`;
}

function shortHash(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/** `base`, or its start and a hash of the whole when it is longer than a delivery name may be. */
function deliveryName(base: string): string {
    return base.length <= DELIVERY_NAME_MAX ? base : `${base.slice(0, DELIVERY_NAME_MAX - 9).replace(/[-_]+$/, "")}-${shortHash(base)}`;
}

/** `apigw-exec-{restApiId}-{stageName}`: one delivery source per stage. */
export function deliverySourceName(restApiId: string, stageName: string): string {
    return deliveryName(`apigw-exec-${restApiId}-${stageName}`);
}

/**
 * `apigw-exec-{restApiId}-{stageName}-{kind}-{format}`. The provider replaces a destination whose
 * name or output format changes, or whose resource moves to another service (delivery_destination.go:
 * RequiresReplace, requiresReplaceIfARNServiceChanges), and PutDeliveryDestination overwrites a
 * destination of the same name: with the kind and the format in the name, the replacement is a new
 * destination beside the old one, not the old one overwritten and then deleted.
 */
export function deliveryDestinationName(restApiId: string, stageName: string, kind: string, outputFormat: string): string {
    return deliveryName(`apigw-exec-${restApiId}-${stageName}-${kind.toLowerCase()}-${outputFormat}`);
}

/** The group a delivery to a log group creates by default: beside the other vended logs' groups. */
export function defaultDeliveredLogGroupName(restApiId: string, stageName: string): string {
    return `/aws/vendedlogs/apigateway/${restApiId}/${stageName}/execution-logs`;
}

/**
 * Where CloudWatch Logs writes delivered objects in a bucket: under `AWSLogs/{account}/` (the
 * prefix the bucket policy of "Enable logging from AWS services" grants; the provider's
 * `s3DeliveryConfiguration` docs say AWS prepends it to any suffix path).
 */
export function deliveredS3Prefix(accountId: string): string {
    return `AWSLogs/${accountId}/`;
}

export interface DeliveryPolicyScope {
    accountId: string;
    region: string;
}

/** Only the log delivery service, only for this account's deliveries in this region. */
function deliveryConditions({ accountId, region }: DeliveryPolicyScope): object {
    return {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:${partitionOf(region)}:logs:${region}:${accountId}:*` },
    };
}

/**
 * The log group's resource policy: the log delivery service may create streams and put events in
 * this group only ("Logs sent to CloudWatch Logs"). Attached to the group itself (PutResourcePolicy
 * with resourceArn, "currently only supports LogGroup ARN"), so it uses none of the 10 account-wide
 * resource policies a region allows and holds no other group's statement.
 */
export function logGroupDeliveryPolicy(logGroupArn: string, scope: DeliveryPolicyScope): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY_SERVICE },
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${logGroupArn.replace(/:\*$/, "")}:log-stream:*`,
                Condition: deliveryConditions(scope),
            },
        ],
    };
}

/**
 * The delivery bucket's policy: TLS only, and the log delivery service may put objects under
 * `AWSLogs/{account}/` with the bucket owner in full control, and read the bucket's ACL to check
 * that ("Logs sent to Amazon S3"). The ACL check is what the page's first statement grants; CDK's
 * vended-logs support leaves it out for services on the newer ("V2") permissions, and no stored page
 * says which API Gateway's execution logs use, so it is granted: it lets the service read the
 * bucket's ACL, nothing else.
 */
export function s3DeliveryBucketPolicy(bucketArn: string, scope: DeliveryPolicyScope): object {
    const tls = tlsOnlyBucketPolicy(bucketArn) as { Statement: object[] };
    const conditions = deliveryConditions(scope) as { StringEquals: Record<string, string>; ArnLike: object };
    return {
        Version: "2012-10-17",
        Statement: [
            ...tls.Statement,
            {
                Sid: "AWSLogDeliveryAclCheck",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY_SERVICE },
                Action: "s3:GetBucketAcl",
                Resource: bucketArn,
                Condition: conditions,
            },
            {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY_SERVICE },
                Action: "s3:PutObject",
                Resource: `${bucketArn}/${deliveredS3Prefix(scope.accountId)}*`,
                Condition: { ...conditions, StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...conditions.StringEquals } },
            },
        ],
    };
}

/**
 * The statement a customer managed key's policy needs before the log delivery service can write
 * SSE-KMS objects to a bucket ("Amazon S3 bucket server-side encryption", the same page). This
 * component never edits key policies: put it in the key's policy.
 */
export function deliveryKmsKeyStatement(scope: DeliveryPolicyScope): object {
    return {
        Sid: "Allow Logs Delivery to use the key",
        Effect: "Allow",
        Principal: { Service: [LOG_DELIVERY_SERVICE] },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: "*",
        Condition: deliveryConditions(scope),
    };
}
