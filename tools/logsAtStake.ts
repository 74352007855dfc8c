// What a change means for the logs a resource holds: the lines plan:diff prints under a log group,
// log stream, bucket or Firehose stream that is replaced, deleted or no longer retained.

import type { ResourceChange } from "./planDiff";

/**
 * Resources that hold logs. Replacing or deleting one is where this product loses data: a new log
 * group or bucket starts empty, and the old one keeps its logs only when it is retained on delete.
 */
export const HOLDS_LOGS: Readonly<Record<string, string>> = {
    "aws:cloudwatch/logGroup:LogGroup": "log group",
    "aws:cloudwatch/logStream:LogStream": "log stream",
    "aws:s3/bucket:Bucket": "bucket",
    // Records API Gateway sent that the stream has not written to S3 yet (up to its buffering interval).
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "Firehose stream",
};

/** What losing or moving logs means for this change, or nothing when no logs are at stake. */
export function logWarning(change: ResourceChange): string | undefined {
    const what = change.holdsLogs;
    if (!what) {
        return undefined;
    }
    if (what === "Firehose stream") {
        return streamWarning(change);
    }
    const old = change.oldRetained
        ? `the old ${what} is retained (Pulumi forgets it, AWS keeps it and its logs)`
        : `the old ${what} is DELETED with its logs`;
    if (change.kind === "replace") {
        return `holds logs: replacing it starts a new, empty ${what}; ${old}`;
    }
    if (change.kind === "delete") {
        return change.oldRetained ? `holds logs: retained, so AWS keeps it and its logs` : `holds logs: deleting it DELETES its logs`;
    }
    return noLongerRetained(change);
}

/**
 * A stream holds what API Gateway sent and Firehose has not yet written to S3 (up to its buffering
 * interval), and a stage that still names it keeps sending to it.
 */
function streamWarning(change: ResourceChange): string | undefined {
    if (change.kind === "replace") {
        return change.oldRetained
            ? "holds buffered access logs: a new stream is created and the old one is retained, so it still writes what it buffered to S3 " +
                  "and takes the logs of a stage that still names it (delete it once no stage does)"
            : `holds buffered access logs: the old stream is DELETED${change.deleteBeforeReplace ? " first" : ""}, with the records ` +
                  "it has not written to S3 yet: those access logs are LOST, and a stage that still names it logs nowhere until it names the new one";
    }
    if (change.kind === "delete") {
        return change.oldRetained
            ? "holds buffered access logs: retained, so AWS keeps it (and the logs of a stage that still names it keep reaching S3)"
            : "holds buffered access logs: deleting it LOSES what it has not written to S3, and a stage that still names it drops its access logs";
    }
    return noLongerRetained(change);
}

function noLongerRetained(change: ResourceChange): string | undefined {
    const retain = change.options.find((o) => o.path === "retainOnDelete");
    if (retain && retain.new === false) {
        return `holds logs: no longer retained, so a later delete or replace DELETES its logs`;
    }
    return undefined;
}

