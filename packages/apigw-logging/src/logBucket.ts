// An S3 bucket that holds logs: private, encrypted, versioned, expiring. The Firehose access-log sink
// and the execution-log delivery to S3 both create theirs here, so both are locked down alike.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { integerIn, object, oneOf, optional } from "./checks";
import { S3_TRANSITION_STORAGE_CLASS_VALUES, STAGE_LOGGING_KEYS as KEYS } from "./declarations.generated";
import { ValidationError } from "./errors";
import { whenAllKnown, whenKnown } from "./inputs";
import { keptDays, RetentionFloor } from "./retention";
import { earliestTransitionDay, LIFECYCLE_MAX_DAYS, s3BucketName } from "./s3Rules";
import type { S3TransitionStorageClass } from "./stageLoggingArgs";

/** A log bucket's settings, checked, with the defaults filled in: each value as given, plain or an Output. */
export interface LogBucketSettings {
    name?: pulumi.Input<string>;
    expireAfterDays: pulumi.Input<number>;
    transition?: { afterDays: pulumi.Input<number>; storageClass: S3TransitionStorageClass };
    noncurrentVersionExpireAfterDays: pulumi.Input<number>;
}

/**
 * Checks a bucket's settings (the object at `keyPath` of the arguments, reported as `path`) and fills
 * in `defaults`. `floor`: the production minimum the expiry is held to.
 */
export function resolveLogBucket(
    input: unknown,
    path: string,
    keyPath: string,
    defaults: { expireAfterDays: number; noncurrentVersionExpireAfterDays: number },
    floor?: RetentionFloor,
): LogBucketSettings {
    const raw = object(input ?? {}, path, KEYS[keyPath]);
    // S3's lifecycle rules, which the provider checks only in part (s3Rules.ts).
    const days = (min: number) => (value: unknown, at: string) => integerIn(value, at, min, LIFECYCLE_MAX_DAYS, "days");
    const expireAfterDays = keptDays(raw.expireAfterDays ?? defaults.expireAfterDays, `${path}.expireAfterDays`, days(1), floor);
    let transition: LogBucketSettings["transition"];
    if (raw.transition !== undefined) {
        const t = object(raw.transition, `${path}.transition`, KEYS[`${keyPath}.transition`]);
        const storageClass = oneOf(t.storageClass, `${path}.transition.storageClass`, S3_TRANSITION_STORAGE_CLASS_VALUES);
        const minimum = earliestTransitionDay(storageClass);
        const at = `${path}.transition.afterDays`;
        const checked = whenKnown(t.afterDays as pulumi.Input<number>, (v) =>
            integerIn(v, at, minimum, LIFECYCLE_MAX_DAYS, `days (S3 allows ${storageClass} after ${minimum} days at the earliest)`),
        );
        const afterDays = whenAllKnown<[number, number], number>([checked, expireAfterDays], ([after, expire]) => {
            if (after >= expire) {
                // S3 refuses a rule whose expiration does not come after its transitions (PutBucketLifecycleConfiguration
                // answers InvalidArgument); the provider does not compare them.
                const why = "S3 expires objects only after their last transition";
                throw new ValidationError(at, after, `must be less than ${path}.expireAfterDays (${expire}): ${why}`, `must be less than ${path}.expireAfterDays: ${why}`);
            }
            return after;
        });
        transition = { afterDays, storageClass };
    }
    return {
        ...optional("name", raw.name, (v) => whenKnown(v as pulumi.Input<string>, (n) => s3BucketName(n, `${path}.name`))),
        expireAfterDays,
        ...(transition ? { transition } : {}),
        noncurrentVersionExpireAfterDays: whenKnown((raw.noncurrentVersionExpireAfterDays ?? defaults.noncurrentVersionExpireAfterDays) as pulumi.Input<number>, (v) =>
            integerIn(v, `${path}.noncurrentVersionExpireAfterDays`, 1, LIFECYCLE_MAX_DAYS, "days"),
        ),
    };
}

export interface LogBucketArgs {
    /** The bucket's name. */
    bucketName: pulumi.Input<string>;
    settings: LogBucketSettings;
    /** SSE-KMS with this key; SSE-S3 without. */
    kmsKeyArn?: pulumi.Input<string>;
    /** The lifecycle rule's id. */
    ruleId: string;
    /** The bucket policy, from the bucket's ARN. */
    policy: (bucketArn: pulumi.Output<string>) => pulumi.Input<string>;
    retainOnDelete: boolean;
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface LogBucket {
    bucket: aws.s3.Bucket;
    /** Public access block, encryption, ownership, versioning, lifecycle and policy. */
    settings: pulumi.CustomResource[];
    name: pulumi.Output<string>;
    arn: pulumi.Output<string>;
}

/**
 * Creates the bucket and its settings as `${prefix}`, `${prefix}-public-access`, ... (`opts` carries
 * the parent). Everything is retained on delete unless `retainOnDelete` is false: a retained bucket
 * keeps its public access block, policy and encryption, since deleting those resources would strip
 * them from the bucket that stays.
 */
export function logBucket(prefix: string, args: LogBucketArgs, opts: pulumi.CustomResourceOptions): LogBucket {
    const keep = { ...opts, retainOnDelete: args.retainOnDelete };
    const b = args.settings;
    const bucket = new aws.s3.Bucket(
        prefix,
        {
            bucket: args.bucketName,
            // A throwaway stack (retainLogsOnDelete: false) must be able to delete a bucket with logs in it.
            forceDestroy: !args.retainOnDelete,
            tags: args.tags,
        },
        keep,
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${prefix}-public-access`,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        keep,
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${prefix}-encryption`,
        {
            bucket: bucket.id,
            rules: [
                {
                    applyServerSideEncryptionByDefault: args.kmsKeyArn ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn } : { sseAlgorithm: "AES256" },
                    // An S3 Bucket Key cuts KMS requests (and their cost) for many small log objects.
                    bucketKeyEnabled: args.kmsKeyArn ? true : undefined,
                },
            ],
        },
        keep,
    );
    const ownership = new aws.s3.BucketOwnershipControls(`${prefix}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, keep);
    const versioning = new aws.s3.BucketVersioning(`${prefix}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, keep);
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
        `${prefix}-lifecycle`,
        {
            bucket: bucket.id,
            rules: [
                {
                    id: args.ruleId,
                    status: "Enabled",
                    filter: {},
                    transitions: b.transition ? [{ days: b.transition.afterDays, storageClass: b.transition.storageClass }] : undefined,
                    expiration: { days: b.expireAfterDays },
                    // Versioning turns expiry into a delete marker; this removes the data itself.
                    noncurrentVersionExpiration: { noncurrentDays: b.noncurrentVersionExpireAfterDays },
                    // Log writers upload in parts; abandoned parts are billed until aborted.
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ],
        },
        // S3 versioning must be on before a rule about noncurrent versions means anything.
        { ...keep, dependsOn: [versioning] },
    );
    // PutBucketPolicy after the public access block: S3 rejects concurrent configuration changes
    // to one bucket (OperationAborted), and the block decides which policies are accepted.
    const policy = new aws.s3.BucketPolicy(`${prefix}-policy`, { bucket: bucket.id, policy: args.policy(bucket.arn) }, { ...keep, dependsOn: [publicAccessBlock] });
    return { bucket, settings: [publicAccessBlock, encryption, ownership, versioning, lifecycle, policy], name: bucket.bucket, arn: bucket.arn };
}
