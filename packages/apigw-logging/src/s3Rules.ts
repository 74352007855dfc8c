// S3's rules for the buckets the component creates or is given, and their lifecycle rules: what
// terraform-provider-aws checks (internal/service/s3/bucket.go `validBucketName`,
// bucket_lifecycle_configuration.go) and what S3 refuses only when the request is made (S3 User
// Guide, "General purpose bucket naming rules"; S3 API reference, `Transition`). Pure.

import { ValidationError } from "./errors";

/** General purpose bucket names: 3-63 characters. */
export const S3_BUCKET_NAME_MAX = 63;

/** Prefixes and suffixes S3 keeps for its own names (access point aliases, directory and table buckets...). */
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

const BUCKET_NAME_RULE = "is not an S3 bucket name (3-63 lowercase letters, digits, . or -, starting and ending with a letter or digit)";

/**
 * Why S3 would refuse `name` as a general purpose bucket's name, or undefined. The provider's
 * `validBucketName` checks the length, the characters, the IP-address form and the dots (outside
 * us-east-1); the reserved prefixes and suffixes only S3 refuses, at CreateBucket.
 */
export function s3BucketNameProblem(name: string): string | undefined {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) || name.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
        return BUCKET_NAME_RULE;
    }
    const reserved = RESERVED_PREFIXES.find((p) => name.startsWith(p)) ?? RESERVED_SUFFIXES.find((s) => name.endsWith(s));
    return reserved ? `uses "${reserved}", which S3 reserves in bucket names` : undefined;
}

export function s3BucketName(value: unknown, path: string): string {
    const problem = typeof value === "string" ? s3BucketNameProblem(value) : BUCKET_NAME_RULE;
    if (problem) {
        // For a secret, without the reserved part, which would tell some of the name.
        const secretProblem = problem === BUCKET_NAME_RULE ? problem : "uses a prefix or suffix S3 reserves in bucket names";
        throw new ValidationError(path, value, problem, secretProblem);
    }
    return value as string;
}

export function s3BucketArn(value: unknown, path: string): string {
    if (typeof value === "string" && /^arn:aws[a-z-]*:s3:::[^/]+\//.test(value)) {
        throw new ValidationError(path, value, "must be a bucket ARN without a key or prefix (set the prefix with the prefix setting)");
    }
    const match = typeof value === "string" ? /^arn:aws[a-z-]*:s3:::(.+)$/.exec(value) : null;
    if (!match) {
        throw new ValidationError(path, value, "is not an S3 bucket ARN (arn:aws:s3:::<bucket-name>)");
    }
    s3BucketName(match[1], path);
    return value as string;
}

/**
 * A lifecycle rule's days. S3 takes an expiration or a noncurrent-version expiration after 1 day at
 * the earliest (the provider: `noncurrent_days` `AtLeast(1)`), a transition after 0 days
 * (`transition.days` `AtLeast(0)`) except to the infrequent-access classes. The upper bound is
 * this component's (a hundred years), not S3's: nothing a log bucket should need.
 */
export const LIFECYCLE_MAX_DAYS = 36500;

/**
 * The earliest day S3 moves objects to `storageClass`: S3 API reference, `Transition.Days` ("If the
 * specified storage class is STANDARD_IA or ONEZONE_IA, valid values are positive integers greater
 * than 30"; the S3 User Guide, "Transitioning objects using Amazon S3 Lifecycle", says at least 30
 * days, which S3 accepts). Any other class takes 0.
 */
export function earliestTransitionDay(storageClass: string): number {
    return storageClass === "STANDARD_IA" || storageClass === "ONEZONE_IA" ? 30 : 0;
}
