// The policy pack's rules about where logs are kept: log group retention and KMS encryption, the
// Firehose stream a stage sends access logs to, and the S3 bucket CloudWatch Logs delivers logs to.

import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    belowProductionMinimum,
    CLOUDWATCH_RETENTION_DAYS,
    describeValue as describe,
    FIREHOSE_STREAM_PREFIX,
    firehoseStreamName,
    retention,
    STAGE_LOGGING_DEFAULTS,
} from "apigw-logging/pure";
import { known, line, read, refusal, stageLabel, UNKNOWN } from "./props";
import { BUCKET, BUCKET_ENCRYPTION, BUCKET_POLICY, BUCKET_PUBLIC_ACCESS_BLOCK, DELIVERY_DESTINATION, FIREHOSE_STREAM, LOG_GROUP, STAGE } from "./resourceTypes";
import { isProductionStack, production, PRODUCTION_NOTE, StackInfo } from "./stack";

const DEFAULT_PRODUCTION_MINIMUM_RETENTION_DAYS = STAGE_LOGGING_DEFAULTS.policy.minimumRetentionInDays;

export interface RetentionConfig {
    production?: boolean;
    /** Production only: the shortest retention allowed. A CloudWatch retention value. */
    minimumRetentionInDays?: number;
}

export function logGroupRetention(stack: StackInfo): ResourceValidationPolicy {
    const name = "cloudwatch-log-group-retention";
    return {
        name,
        description:
            "Every CloudWatch log group has a retention CloudWatch accepts, and in a production stack at least minimumRetentionInDays " +
            `(default ${DEFAULT_PRODUCTION_MINIMUM_RETENTION_DAYS}). ${PRODUCTION_NOTE}`,
        enforcementLevel: "mandatory",
        configSchema: {
            properties: {
                ...production,
                minimumRetentionInDays: {
                    type: "integer",
                    enum: [...CLOUDWATCH_RETENTION_DAYS],
                    default: DEFAULT_PRODUCTION_MINIMUM_RETENTION_DAYS,
                },
            },
        },
        validateResource: (args, reportViolation) => {
            if (args.type !== LOG_GROUP) {
                return;
            }
            const days = read(() => args.props.retentionInDays);
            if (days === UNKNOWN) {
                return;
            }
            const label = `Log group ${args.name}`;
            if (days === undefined || days === null || days === 0) {
                reportViolation(`${label}: ${line("retentionInDays", days, "keeps the logs forever (and bills for them forever); set a CloudWatch retention")}`);
                return;
            }
            const refused = refusal(() => retention(days, "retentionInDays"));
            if (refused) {
                reportViolation(`${label}: ${refused.message}`);
                return;
            }
            const config = args.getConfig<RetentionConfig>();
            if (isProductionStack(stack, config)) {
                const minimum = config.minimumRetentionInDays ?? DEFAULT_PRODUCTION_MINIMUM_RETENTION_DAYS;
                const problem = belowProductionMinimum(days as number, minimum, `policy ${name}, minimumRetentionInDays`);
                if (problem) {
                    reportViolation(`${label}: ${line("retentionInDays", days, problem)}`);
                }
            }
        },
    };
}

export const KMS_REQUIREMENTS = ["never", "production", "always"] as const;
export interface KmsConfig {
    production?: boolean;
    /** Which stacks must encrypt log groups with a KMS key. Defaults to "never". */
    requireKms?: (typeof KMS_REQUIREMENTS)[number];
}

export function logGroupKms(stack: StackInfo): ResourceValidationPolicy {
    return {
        name: "cloudwatch-log-group-kms",
        description: `Log groups are encrypted with a KMS key (kmsKeyId) in the stacks requireKms names: never (default), production or always. ${PRODUCTION_NOTE}`,
        enforcementLevel: "mandatory",
        configSchema: { properties: { ...production, requireKms: { type: "string", enum: [...KMS_REQUIREMENTS], default: "never" } } },
        validateResource: (args, reportViolation) => {
            if (args.type !== LOG_GROUP) {
                return;
            }
            const config = args.getConfig<KmsConfig>();
            const requireKms = config.requireKms ?? "never";
            if (requireKms === "never" || (requireKms === "production" && !isProductionStack(stack, config))) {
                return;
            }
            const key = read(() => args.props.kmsKeyId);
            if (key !== UNKNOWN && !known(key)) {
                reportViolation(
                    `Log group ${args.name}: ${line("kmsKeyId", key, `is required in stack "${stack.name}" (policy config requireKms: ${requireKms})`)}; ` +
                        "with StageLogging set logging.accessLogs.kmsKeyArn and logging.executionLogs.kmsKeyArn (a delivered group takes that key unless executionLogs.logGroup.kmsKeyArn says otherwise)",
                );
            }
        },
    };
}

const FIREHOSE_ARN = /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/(.+)$/;

export function firehoseAccessLogStream(): ResourceValidationPolicy {
    return {
        name: "firehose-access-log-stream",
        description:
            `A stage's Firehose access-log destination is a stream named ${FIREHOSE_STREAM_PREFIX}..., and every ${FIREHOSE_STREAM_PREFIX}... ` +
            "stream is encrypted at rest (serverSideEncryption.enabled).",
        enforcementLevel: "mandatory",
        validateResource: [
            (args, reportViolation) => {
                if (args.type !== STAGE) {
                    return;
                }
                const arn = read(() => (args.props.accessLogSettings as Record<string, unknown> | undefined)?.destinationArn);
                const stream = known(arn) ? FIREHOSE_ARN.exec(arn)?.[1] : undefined;
                if (stream === undefined) {
                    return;
                }
                const refused = refusal(() => firehoseStreamName(stream, "accessLogSettings.destinationArn"));
                if (refused) {
                    reportViolation(`Stage ${stageLabel(args.props, args.name)}: ${line(refused.path, arn, `names stream ${describe(stream)}, which ${refused.problem}`)}`);
                }
            },
            (args, reportViolation) => {
                // API Gateway sends access logs only to streams named so: each such stream is one.
                const stream = args.type === FIREHOSE_STREAM ? read(() => args.props.name) : undefined;
                if (!known(stream) || !stream.startsWith(FIREHOSE_STREAM_PREFIX)) {
                    return;
                }
                const enabled = read(() => (args.props.serverSideEncryption as Record<string, unknown> | undefined)?.enabled);
                if (enabled !== UNKNOWN && enabled !== true) {
                    reportViolation(
                        `Firehose stream ${stream}: ` +
                            line(
                                "serverSideEncryption.enabled",
                                enabled,
                                "must be true: access logs hold callers' IPs and identities; encrypt them at rest " +
                                    '(serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } or a CUSTOMER_MANAGED_CMK)',
                            ),
                    );
                }
            },
        ],
    };
}
const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)$/;
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];

/** The stack's resources of `type` that configure `bucket`: by name, or by the bucket they came from. */
function settingsOf(resources: PolicyResource[], type: string, bucket: PolicyResource, bucketName: string): PolicyResource[] {
    return resources.filter((r) => {
        if (r.type !== type) {
            return false;
        }
        const value = read(() => r.props.bucket);
        return value === bucketName || (r.propertyDependencies.bucket ?? []).some((d) => d.urn === bucket.urn);
    });
}

/** Whether a bucket policy lets anyone (Principal "*") in: S3's "public" policy. */
function grantsEveryone(policy: unknown): boolean {
    let document: unknown = policy;
    if (typeof policy === "string") {
        try {
            document = JSON.parse(policy);
        } catch {
            return false;
        }
    }
    const statements = (document as { Statement?: unknown } | undefined)?.Statement;
    return (Array.isArray(statements) ? statements : [statements]).some((st) => {
        const s = st as { Effect?: string; Principal?: unknown } | undefined;
        const principal = s?.Principal;
        const everyone = principal === "*" || (typeof principal === "object" && principal !== null && ((principal as { AWS?: unknown }).AWS === "*" || ([] as unknown[]).concat((principal as { AWS?: unknown }).AWS).includes("*")));
        return s?.Effect === "Allow" && everyone;
    });
}

export function logDeliveryBucket(): StackValidationPolicy {
    return {
        name: "log-delivery-bucket-private-encrypted",
        description:
            "An S3 bucket of this stack that CloudWatch Logs delivers logs to (a delivery destination, e.g. a stage's execution logs) " +
            "blocks all public access, has no public ACL or policy, and has a server-side encryption configuration. Buckets in other stacks cannot be seen.",
        enforcementLevel: "mandatory",
        validateStack: (args, reportViolation) => {
            const buckets = args.resources.filter((r) => r.type === BUCKET);
            for (const destination of args.resources.filter((r) => r.type === DELIVERY_DESTINATION)) {
                const arn = read(() => (destination.props.deliveryDestinationConfiguration as Record<string, unknown> | undefined)?.destinationResourceArn);
                const name = known(arn) ? S3_ARN.exec(arn)?.[1] : undefined;
                const bucket = buckets.find((b) =>
                    name !== undefined
                        ? read(() => b.props.bucket) === name
                        : (destination.propertyDependencies.deliveryDestinationConfiguration ?? []).some((d) => d.urn === b.urn),
                );
                if (!bucket) {
                    continue;
                }
                const bucketName = name ?? String(read(() => bucket.props.bucket));
                const label = `Delivery destination ${known(read(() => destination.props.name)) ? destination.props.name : destination.name} (bucket ${bucketName})`;
                const problems: string[] = [];
                const blocks = settingsOf(args.resources, BUCKET_PUBLIC_ACCESS_BLOCK, bucket, bucketName);
                const flags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
                const blocked = (b: PolicyResource) =>
                    flags.every((flag) => {
                        const value = read(() => b.props[flag]);
                        return value === true || value === UNKNOWN;
                    });
                if (!blocks.some(blocked)) {
                    problems.push(`no BucketPublicAccessBlock with ${flags.join(", ")} all true`);
                }
                const acl = read(() => bucket.props.acl);
                if (known(acl) && PUBLIC_ACLS.includes(acl)) {
                    problems.push(`the public ACL ${describe(acl)}`);
                }
                if (settingsOf(args.resources, BUCKET_POLICY, bucket, bucketName).some((p) => grantsEveryone(read(() => p.props.policy)))) {
                    problems.push('a bucket policy that allows Principal "*"');
                }
                const encryption = settingsOf(args.resources, BUCKET_ENCRYPTION, bucket, bucketName);
                const inline = read(() => bucket.props.serverSideEncryptionConfiguration);
                if (encryption.length === 0 && (inline === undefined || inline === null)) {
                    problems.push("no server-side encryption configuration (BucketServerSideEncryptionConfiguration, SSE-S3 or SSE-KMS)");
                }
                if (problems.length > 0) {
                    reportViolation(
                        `${label}: logs are delivered to a bucket with ${problems.join(", and ")}. Delivered logs hold request data: ` +
                            "deliver to a private, encrypted bucket (StageLogging's executionLogs.s3.bucket creates one)",
                        destination.urn,
                    );
                }
            }
        },
    };
}
