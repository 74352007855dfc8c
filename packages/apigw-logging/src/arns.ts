// ARNs that are valid on their own but not for this region: a KMS key or an SNS topic belongs to one
// region, and a service in another region cannot use it. KMS keys are regional resources (even the
// replicas of a multi-Region key have an ARN per region), and S3 encrypts a bucket's objects only
// with a key of the bucket's region; a CloudWatch alarm's actions must be in the alarm's region
// (PutMetricAlarm answers "ValidationError: Invalid region ca-central-1 specified. Only us-west-2 is
// supported.", as quoted in cds-snc/notification-terraform#128). Any ARN belongs to one partition
// (aws, aws-cn, aws-us-gov), and nothing crosses partitions. AWS refuses such a value only when the
// resource is created, halfway through a deploy.

import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "./errors";
import { partitionOf } from "./partition";
import type { StageLoggingSettings } from "./settings";

/** The parts of an ARN (`arn:partition:service:region:account:resource`). */
export interface ArnParts {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

export function parseArn(value: string): ArnParts | undefined {
    const match = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/.exec(value);
    return match ? { partition: match[1], service: match[2], region: match[3], account: match[4] ?? "", resource: match[5] } : undefined;
}

/**
 * Why `arn` cannot be used by a resource in `region`, or undefined (also for text that is not an
 * ARN: its own rule says so). `regional`: the ARN must name that very region (a KMS key, an SNS
 * topic); otherwise only the partition must match (an IAM role, an S3 bucket). The message never
 * quotes the ARN's own region or partition, so it says nothing of a secret.
 */
export function arnRegionProblem(arn: string, region: string, regional: boolean): string | undefined {
    const parts = parseArn(arn);
    if (!parts) {
        return undefined;
    }
    const partition = partitionOf(region);
    if (parts.partition !== partition) {
        return `is not in the partition of this stack's region ${region} ("${partition}"): AWS cannot use an ARN across partitions`;
    }
    if (regional && parts.region !== region) {
        return `is not in this stack's region ${region}: ${describeService(parts.service)} is regional, and AWS refuses one from another region when it creates the resource`;
    }
    return undefined;
}

function describeService(service: string): string {
    return service === "kms" ? "a KMS key" : service === "sns" ? "an SNS topic" : `a ${service} resource`;
}

/**
 * `value`, checked against the region of the component's provider once both are known: the result
 * carries the value (and its secretness) on. An error about a secret says `[secret]`.
 */
export function inRegion(value: pulumi.Input<string>, region: pulumi.Input<string>, path: string, regional: boolean): pulumi.Input<string> {
    if (typeof value === "string" && typeof region === "string") {
        // Both known now: checked now, and the value goes on as it is (no Output to pay for).
        const problem = arnRegionProblem(value, region, regional);
        if (problem) {
            throw new ValidationError(path, value, problem);
        }
        return value;
    }
    const output = pulumi.output(value);
    return pulumi.all([output, region]).apply(async ([arn, r]) => {
        const problem = arnRegionProblem(arn, r, regional);
        if (problem) {
            const error = new ValidationError(path, arn, problem);
            throw (await pulumi.isSecret(output)) ? error.redacted() : error;
        }
        return arn;
    });
}

/**
 * The settings as the resources get them: every ARN a resource of this stage would be refused for
 * checked against the provider's region. A created bucket is in that region, so its KMS key must be
 * too; an existing bucket's region is not in its ARN, so then only the partition is checked.
 */
export function regionCheckedSettings(settings: StageLoggingSettings, region: pulumi.Input<string>, path: string): StageLoggingSettings {
    const at = (key: string) => `${path}.${key}`;
    const check = (value: pulumi.Input<string> | undefined, key: string, regional: boolean) =>
        value === undefined ? {} : { [key.slice(key.lastIndexOf(".") + 1)]: inRegion(value, region, at(key), regional) };
    const sink = settings.accessLogs.sink;
    return {
        ...settings,
        accessLogs: {
            ...settings.accessLogs,
            sink:
                sink.kind === "cloudwatch"
                    ? { ...sink, ...check(sink.kmsKeyArn, "accessLogs.kmsKeyArn", true) }
                    : {
                          ...sink,
                          ...check(sink.kmsKeyArn, "accessLogs.firehose.kmsKeyArn", sink.bucketArn === undefined),
                          ...check(sink.bucketArn, "accessLogs.firehose.bucketArn", false),
                      },
        },
        executionLogs: { ...settings.executionLogs, ...check(settings.executionLogs.kmsKeyArn, "executionLogs.kmsKeyArn", true) },
        alarms: { ...settings.alarms, ...check(settings.alarms.snsTopicArn, "alarms.snsTopicArn", true) },
    };
}
