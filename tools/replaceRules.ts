// When the AWS provider replaces a resource instead of updating it, for every resource type this
// project creates. @pulumi/aws 7.x bridges terraform-provider-aws 6.x, so an input forces a
// replacement when the Terraform schema marks its field `ForceNew: true` (or, for resources written
// with the plugin framework, `RequiresReplace()`). Each row names the file of
// hashicorp/terraform-provider-aws it was read from, and the commit read; the Pulumi names are the
// Terraform ones in camelCase, except where @pulumi/aws renames a field (`rest_api_id` is `restApi`,
// a metric alarm's `alarm_name` is `name`). Pure data and functions: tested without mocks.

/** Inputs (dotted paths into nested objects) whose change replaces the resource. */
export const REPLACE_ON_CHANGES: Readonly<Record<string, readonly string[]>> = {
    // internal/service/logs/group.go (0073593): name, name_prefix, log_group_class.
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "logGroupClass"],
    // internal/service/logs/stream.go (1468653): log_group_name, name.
    "aws:cloudwatch/logStream:LogStream": ["name", "logGroupName"],
    // internal/service/logs/query_definition.go (0ac6a8e): none; PutQueryDefinition updates in place.
    "aws:cloudwatch/queryDefinition:QueryDefinition": [],
    // internal/service/cloudwatch/metric_alarm.go (055611a): alarm_name. Every other field goes
    // through PutMetricAlarm in place; a new name is a new alarm, without the old one's state or history.
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["name"],
    // internal/service/apigateway/rest_api.go (00a3530): none, not even the name.
    "aws:apigateway/restApi:RestApi": [],
    // internal/service/apigateway/account.go (184cd1a): none; the region's setting is one object.
    "aws:apigateway/account:Account": [],
    // internal/service/apigateway/stage.go (050ac11): rest_api_id, stage_name.
    "aws:apigateway/stage:Stage": ["restApi", "stageName"],
    // internal/service/apigateway/method_settings.go (1037711): rest_api_id, stage_name, method_path.
    "aws:apigateway/methodSettings:MethodSettings": ["restApi", "stageName", "methodPath"],
    // internal/service/apigateway/method.go (0657871): http_method, resource_id, rest_api_id.
    "aws:apigateway/method:Method": ["restApi", "resourceId", "httpMethod"],
    // internal/service/apigateway/integration.go (0196297, and the same set in a later aws-sdk-go-v2
    // version): credentials, http_method, integration_http_method, passthrough_behavior, resource_id, rest_api_id, type.
    "aws:apigateway/integration:Integration": [
        "restApi",
        "resourceId",
        "httpMethod",
        "type",
        "credentials",
        "integrationHttpMethod",
        "passthroughBehavior",
    ],
    // internal/service/apigateway/method_response.go (0657871): http_method, resource_id, rest_api_id;
    // status_code is not ForceNew.
    "aws:apigateway/methodResponse:MethodResponse": ["restApi", "resourceId", "httpMethod"],
    // internal/service/apigateway/integration_response.go (0903448): rest_api_id, resource_id,
    // http_method; status_code is not ForceNew.
    "aws:apigateway/integrationResponse:IntegrationResponse": ["restApi", "resourceId", "httpMethod"],
    // internal/service/apigateway/deployment.go (00a3530): rest_api_id, triggers, variables.
    "aws:apigateway/deployment:Deployment": ["restApi", "triggers", "variables"],
    // internal/service/iam/role.go (0040ea6): name, name_prefix, path.
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    // internal/service/iam/role_policy.go (02f97af): name, name_prefix, role.
    "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
    // internal/service/iam/role_policy_attachment.go (04c7984): role, policy_arn.
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
    // internal/service/firehose/delivery_stream.go (010f59d): name, destination,
    // kinesis_source_configuration, msk_source_configuration, and under extended_s3_configuration
    // only dynamic_partitioning_configuration (buffering, prefixes, role, compression, processing
    // and logging options update in place).
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": [
        "name",
        "destination",
        "kinesisSourceConfiguration",
        "mskSourceConfiguration",
        "extendedS3Configuration.dynamicPartitioningConfiguration",
    ],
    // internal/service/logs/delivery_source.go, delivery_destination.go, delivery.go (framework
    // resources: RequiresReplace), read for issue 17: the delivery source's name, log type and
    // resource; the destination's name and output format (moving its resource to another service,
    // log group to S3, replaces it too, which a key list cannot say); the delivery's two ends.
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": ["name", "logType", "resourceArn"],
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": ["name", "outputFormat"],
    "aws:cloudwatch/logDelivery:LogDelivery": ["deliveryDestinationArn", "deliverySourceName"],
    // internal/service/logs/resource_policy.go: policy_name (ForceNew); resource_arn as the scope.
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": ["policyName", "resourceArn"],
    // internal/service/s3/bucket.go: bucket, bucket_prefix (0070bcd), and object_lock_enabled, which
    // later versions add at the top level, ForceNew.
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
    // internal/service/s3/bucket_policy.go (0073593): bucket.
    "aws:s3/bucketPolicy:BucketPolicy": ["bucket"],
    // internal/service/s3/bucket_public_access_block.go (0160692): bucket.
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ["bucket"],
    // internal/service/s3/bucket_ownership_controls.go (01c0800): bucket.
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ["bucket"],
    // internal/service/s3/bucket_versioning.go (01c0800): bucket, expected_bucket_owner.
    "aws:s3/bucketVersioning:BucketVersioning": ["bucket", "expectedBucketOwner"],
    // internal/service/s3/bucket_server_side_encryption_configuration.go (0160692): bucket, expected_bucket_owner.
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ["bucket", "expectedBucketOwner"],
    // internal/service/s3/bucket_lifecycle_configuration.go (0160692, plugin framework): bucket and
    // expected_bucket_owner carry stringplanmodifier.RequiresReplace().
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ["bucket", "expectedBucketOwner"],
    // Not an AWS resource: a read of another stack's outputs, by the stack's name.
    "pulumi:pulumi:StackReference": ["name"],
    // The component's own dynamic resource (packages/apigw-logging/src/stagePatch/provider.ts): the
    // stage patch's diff replaces it when it would patch another stage (region, REST API, stage).
    "pulumi-nodejs:dynamic/apigw-logging:StageLoggingPatch": ["region", "restApiId", "stageName"],
};

/**
 * Types with no per-resource `region`: IAM is global ("Enhanced Region Support" guide of
 * terraform-provider-aws 6, "Global services"), and @pulumi/aws 7.48.0 declares a `region` input on
 * every other AWS type above. Every other AWS resource is regional.
 */
const GLOBAL_TYPE_PREFIXES = ["aws:iam/"];

/**
 * Whether a change of the provider's region (`aws:region` in the stack config) replaces a resource of
 * `type`. terraform-provider-aws 6 sets an unset `region` to the provider's region when it plans
 * (defaultRegion) and forces a replacement when that value changes (forceNewIfRegionChanges,
 * internal/provider/sdkv2/region.go at 0073593); @pulumi/aws 7 no longer cascades the provider's
 * replacement itself (pulumi/pulumi-aws#5656), so it is each resource's own `region` that replaces it.
 */
export function isRegional(type: string): boolean {
    return type.startsWith("aws:") && !GLOBAL_TYPE_PREFIXES.some((prefix) => type.startsWith(prefix));
}

/**
 * The property Pulumi fills in with a random name when the program leaves it unset ("If omitted, the
 * provider will assign a random, unique name" in @pulumi/aws's docs; a metric alarm's and a stream's
 * name are optional in @pulumi/aws although Terraform requires them, because Pulumi names them).
 */
export const AUTONAMED: Readonly<Record<string, string>> = {
    "aws:cloudwatch/logGroup:LogGroup": "name",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "name",
    "aws:iam/role:Role": "name",
    "aws:iam/rolePolicy:RolePolicy": "name",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "name",
    "aws:s3/bucket:Bucket": "bucket",
};

/**
 * Whether Pulumi replaces the resource by deleting the old one first: the Terraform bridge asks for
 * delete-before-replace when the program set an autonamed property itself (the name could not exist
 * twice), pulumi-terraform-bridge pkg/tfbridge nameRequiresDeleteBeforeReplace. Otherwise the new
 * resource is created first and the old one deleted at the end.
 */
export function deletesBeforeReplace(type: string, inputs: Record<string, unknown>): boolean {
    const property = AUTONAMED[type];
    return property !== undefined && inputs[property] !== undefined;
}

/**
 * Whether a change at `path` (`name`, `extendedS3Configuration.dynamicPartitioningConfiguration.enabled`)
 * replaces a resource of `type`. A change inside a ForceNew block forces it too; so does adding or
 * removing an object that holds a ForceNew field (`before`/`after` are the values at `path`).
 */
export function forcesReplacement(type: string, path: string, before?: unknown, after?: unknown): boolean {
    return (REPLACE_ON_CHANGES[type] ?? []).some((field) => {
        if (path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`)) {
            return true;
        }
        if (!field.startsWith(`${path}.`)) {
            return false;
        }
        const rest = field.slice(path.length + 1).split(".");
        return [before, after].some((value) => at(value, rest) !== undefined);
    });
}

/** Whether `type`'s replacement rules are known here; `pulumi preview` has the last word on the others. */
export function hasReplaceRules(type: string): boolean {
    return Object.prototype.hasOwnProperty.call(REPLACE_ON_CHANGES, type);
}

function at(value: unknown, keys: string[]): unknown {
    let current = value;
    for (const key of keys) {
        if (typeof current !== "object" || current === null) {
            return undefined;
        }
        current = (current as Record<string, unknown>)[key];
    }
    return current;
}
