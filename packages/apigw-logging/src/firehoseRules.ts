// Firehose's rules for the access-log stream the component creates (an `extended_s3` destination):
// what terraform-provider-aws checks (internal/service/firehose/delivery_stream.go) and what
// Firehose or API Gateway refuse only when the stream or the stage is made. Pure.

import { integerIn } from "./checks";
import { ValidationError } from "./errors";

/** API Gateway only logs to Firehose streams named like this (AccessLogSettings.destinationArn, API reference). */
export const FIREHOSE_STREAM_PREFIX = "amazon-apigateway-";

/** Stream names: 1-64 (delivery_stream.go `name`: `StringLenBetween(1, 64)`; CreateDeliveryStream). */
export const FIREHOSE_STREAM_NAME_MAX = 64;

/**
 * `BufferingHints` of an S3 destination (Firehose API reference): SizeInMBs 1-128, IntervalInSeconds
 * 0-900. The provider checks neither for `extended_s3_configuration` (its `buffering_size` and
 * `buffering_interval` there have no validator), so without this Firehose refuses them at
 * CreateDeliveryStream, halfway through a deploy.
 */
export const FIREHOSE_BUFFERING = { sizeInMBs: { min: 1, max: 128 }, intervalInSeconds: { min: 0, max: 900 } } as const;

/**
 * The prefix this component takes: at most 400 characters, so that with the partitions it appends
 * (86 characters) and the error prefix's `errors/` and `!{firehose:error-output-type}/` both stay
 * within Firehose's 1024 (`Prefix`, `ErrorOutputPrefix`: 0-1024, Firehose API reference; the
 * provider: `error_output_prefix` `StringLenBetween(0, 1024)`), and an object's key (prefix and
 * Firehose's suffix of stream name, version, time and id) within S3's 1024 bytes. The characters
 * are S3's "safe characters" for object keys, and `=` for the Hive partitions.
 */
export const FIREHOSE_PREFIX_MAX = 400;

export function firehoseStreamName(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
        throw new ValidationError(path, value, "is not a Firehose stream name (1-64 letters, digits, _ . or -)");
    }
    if (!value.startsWith(FIREHOSE_STREAM_PREFIX)) {
        const suggestion = `${FIREHOSE_STREAM_PREFIX}${value}`;
        const problem = `must start with "${FIREHOSE_STREAM_PREFIX}": API Gateway refuses to send access logs to a Firehose stream with any other name`;
        // For a secret, without the suggestion, which would tell the name.
        throw new ValidationError(path, value, problem + (suggestion.length <= FIREHOSE_STREAM_NAME_MAX ? `; did you mean "${suggestion}"?` : ""), problem);
    }
    if (value.length === FIREHOSE_STREAM_PREFIX.length) {
        throw new ValidationError(path, value, `needs a name after "${FIREHOSE_STREAM_PREFIX}"`);
    }
    return value;
}

export function firehoseKmsKeyArn(value: unknown, path: string): string {
    // A key ARN, not an alias: IAM matches kms: actions against the key's ARN, so an alias in the
    // role policy would grant nothing and delivery would fail with AccessDenied. (The provider's
    // `kms_key_arn` takes any ARN: `verify.ValidARN`.)
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/.test(value)) {
        throw new ValidationError(path, value, "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>; an alias does not work in the Firehose role's policy)");
    }
    return value;
}

/**
 * The stream's S3 prefix, above the partitions the component appends. Expressions (`!{…}`) are
 * refused: Firehose evaluates them ("Custom prefixes for Amazon S3 objects"), and a
 * `!{firehose:error-output-type}` in the data prefix is refused by Firehose.
 */
export function firehosePrefix(value: unknown, path: string): string {
    if (typeof value === "string" && value.includes("!{")) {
        throw new ValidationError(path, value, "must not contain !{...} expressions: the component appends the year=/month=/day=/hour= partitions itself");
    }
    if (typeof value !== "string" || value.length > FIREHOSE_PREFIX_MAX || !/^[A-Za-z0-9!_.*'()\/=-]+$/.test(value)) {
        throw new ValidationError(path, value, `is not an S3 key prefix (1-${FIREHOSE_PREFIX_MAX} letters, digits and ! _ . * ' ( ) / = -)`);
    }
    if (value.startsWith("/") || !value.endsWith("/") || value.includes("//")) {
        throw new ValidationError(path, value, 'must end with "/" and neither start with "/" nor contain "//" (e.g. "access-logs/orders/")');
    }
    return value;
}

export function bufferingSizeInMBs(value: unknown, path: string): number {
    const { min, max } = FIREHOSE_BUFFERING.sizeInMBs;
    return integerIn(value, path, min, max, "MiB");
}

export function bufferingIntervalInSeconds(value: unknown, path: string): number {
    const { min, max } = FIREHOSE_BUFFERING.intervalInSeconds;
    return integerIn(value, path, min, max, "seconds");
}

/** @deprecated The former name of `firehosePrefix`, kept for the package's importers. */
export const s3Prefix = firehosePrefix;
