// The Pulumi resource types the policy pack's rules look at, by their type tokens.

import { STAGE_LOGGING_PATCH_TYPE } from "apigw-logging/pure";

export const STAGE = "aws:apigateway/stage:Stage";
export const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";
/** The component's patch of the logging fields of a stage it does not create: one entry per method. */
export const STAGE_LOGGING_PATCH = STAGE_LOGGING_PATCH_TYPE;
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const FIREHOSE_STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
export const DELIVERY_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
export const DELIVERY_DESTINATION = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination";
export const BUCKET = "aws:s3/bucket:Bucket";
export const BUCKET_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
export const BUCKET_ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
