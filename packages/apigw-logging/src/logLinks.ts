// Where a user opens a stage's logs: console URLs and a ready `aws logs tail` command, exported with
// each stage so nobody has to click through CloudWatch to find the two log groups.

/** The console host of the China and GovCloud partitions, which serve every service from one host. */
function partitionConsoleHost(region: string): string | undefined {
    if (region.startsWith("cn-")) {
        return "console.amazonaws.cn";
    }
    if (region.startsWith("us-gov-")) {
        return "console.amazonaws-us-gov.com";
    }
    return undefined;
}

/**
 * The CloudWatch console page of a log group. The console's `#logsV2:` fragment takes the name
 * URL-encoded twice with `%` written as `$` (`/` becomes `$252F`), or it opens the wrong group.
 */
export function logGroupConsoleUrl(region: string, logGroupName: string): string {
    const encoded = encodeURIComponent(encodeURIComponent(logGroupName)).replace(/%/g, "$");
    const host = partitionConsoleHost(region) ?? `${region}.console.aws.amazon.com`;
    return `https://${host}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encoded}`;
}

/** The S3 console page of a bucket, opened at `prefix`: where Firehose delivers the access logs. */
export function s3ConsoleUrl(region: string, bucket: string, prefix: string): string {
    const host = partitionConsoleHost(region) ?? "s3.console.aws.amazon.com";
    return `https://${host}/s3/buckets/${bucket}?region=${region}&prefix=${encodeURIComponent(prefix)}`;
}

/** The Firehose console page of a stream: where execution logs delivered to Firehose go on from. */
export function firehoseConsoleUrl(region: string, streamName: string): string {
    const host = partitionConsoleHost(region) ?? `${region}.console.aws.amazon.com`;
    return `https://${host}/firehose/home?region=${region}#/details/${encodeURIComponent(streamName)}/monitoring`;
}

/** `aws logs tail` following the group, human-readable, in the stage's region. */
export function tailCommand(region: string, logGroupName: string): string {
    return `aws logs tail ${shellQuote(logGroupName)} --follow --format short --region ${region}`;
}

function shellQuote(text: string): string {
    return /^[\w\-\/.][\w\-\/.#]*$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
