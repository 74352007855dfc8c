// Execution-log destinations shared between the stages of one stack. Stages that name the same
// delivered log group (`executionLogs.logGroup.name`) or bucket (`executionLogs.s3.bucket.name`),
// typically through the stack-wide `logging` defaults, share it: the first stage (in the order of
// `stages`, the sample's last) creates it, with its resource policy; the others deliver to it by its
// ARN, which also makes their deliveries wait for it. One group's or bucket's policy admits every
// delivery of the account in the region (aws:SourceAccount / aws:SourceArn), so it serves them all.

import * as pulumi from "@pulumi/pulumi";
import { StageLogging, STAGE_LOGGING_DEFAULTS, ValidationError } from "apigw-logging";
import type { StageChoices } from "./config/stackConfig";

interface Shared {
    /** The stage that creates it. */
    owner: string;
    /** What it is created with, compared with what a later stage asks for. */
    settings: string;
    /** Whether those settings hold secrets: an error does not quote them. */
    secret: boolean;
    arn: pulumi.Output<string>;
}

type ExecutionLogs = NonNullable<StageChoices["executionLogs"]>;

export class SharedExecutionLogDestinations {
    private readonly groups = new Map<string, Shared>();
    private readonly buckets = new Map<string, Shared>();

    /**
     * `args`, delivering to a group or bucket an earlier stage creates instead of creating it again.
     * `known`: the same arguments in plain text when some of `args` are secrets (stackConfig.ts): what
     * is compared; an error then does not quote them.
     */
    share<T extends Pick<StageChoices, "executionLogs">>(args: T, known?: T): T {
        const logs = (known ?? args).executionLogs;
        const group = logs?.destination === "logGroup" ? logs.logGroup?.name : undefined;
        const bucket = logs?.destination === "s3" ? logs.s3?.bucket?.name : undefined;
        const earlierGroup = group === undefined ? undefined : this.groups.get(group);
        const earlierBucket = bucket === undefined ? undefined : this.buckets.get(bucket);
        const secret = known !== undefined;
        // The stage's own (secret) settings are left out: the shared group or bucket has the first stage's.
        const passed = args.executionLogs;
        if (earlierGroup) {
            same(earlierGroup, groupSettings(logs!), secret, "args.executionLogs.logGroup.name", group!, "retentionInDays and kmsKeyArn (or leave them to executionLogs)");
            return { ...args, executionLogs: { ...passed, logGroup: { arn: earlierGroup.arn, outputFormat: logs!.logGroup!.outputFormat } } };
        }
        if (earlierBucket) {
            same(earlierBucket, bucketSettings(logs!), secret, "args.executionLogs.s3.bucket.name", bucket!, "bucket settings and kmsKeyArn");
            return { ...args, executionLogs: { ...passed, s3: { bucketArn: earlierBucket.arn, outputFormat: logs!.s3!.outputFormat } } };
        }
        return args;
    }

    /**
     * Remembers the group or bucket `logging` (the stage `key`, made with `args`) created under a name
     * it was given; `known` as for `share`.
     */
    record(key: string, args: Pick<StageChoices, "executionLogs">, logging: StageLogging, known?: Pick<StageChoices, "executionLogs">): void {
        const logs = (known ?? args).executionLogs;
        const created = logging.executionLogSink.created;
        const secret = known !== undefined;
        if (created?.logGroup && logs?.logGroup?.name !== undefined) {
            this.groups.set(logs.logGroup.name, { owner: key, settings: groupSettings(logs), secret, arn: created.logGroup.arn });
        }
        if (created?.bucket && logs?.s3?.bucket?.name !== undefined) {
            this.buckets.set(logs.s3.bucket.name, { owner: key, settings: bucketSettings(logs), secret, arn: created.bucket.arn });
        }
    }
}

/** What a shared group is created with: its own settings, or the ones it takes from executionLogs. */
function groupSettings(logs: ExecutionLogs): string {
    const group = logs.logGroup ?? {};
    return JSON.stringify({
        retentionInDays: group.retentionInDays ?? logs.retentionInDays ?? STAGE_LOGGING_DEFAULTS.executionLogs.retentionInDays,
        kmsKeyArn: group.kmsKeyArn ?? logs.kmsKeyArn,
    });
}

function bucketSettings(logs: ExecutionLogs): string {
    return JSON.stringify({ bucket: logs.s3?.bucket, kmsKeyArn: logs.s3?.kmsKeyArn });
}

/** A later stage may share what an earlier one creates only when it asks for it as created. */
function same(earlier: Shared, settings: string, secret: boolean, path: string, name: string, what: string): void {
    if (earlier.settings !== settings) {
        const which = earlier.secret || secret ? "" : ` (${earlier.settings}, not ${settings})`;
        throw new ValidationError(path, name, `is created by stage "${earlier.owner}" with other settings${which}; stages that share it need the same ${what}`);
    }
}
