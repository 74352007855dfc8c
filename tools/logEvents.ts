// Reading log events from CloudWatch Logs for `npm run logs`: every page of a FilterLogEvents scan,
// retried with backoff when CloudWatch Logs throttles (FilterLogEvents has a low per-account
// request rate), with progress on long scans and a clear message for a log group that is not there.

import { CloudWatchLogsClient, FilterLogEventsCommand, FilterLogEventsCommandOutput } from "@aws-sdk/client-cloudwatch-logs";

export interface LogEvent {
    timestamp: number;
    message: string;
    logStreamName: string;
}

export interface ScanOptions {
    logGroupName: string;
    startTime: number;
    endTime: number;
    /** A CloudWatch Logs filter pattern, e.g. `"<request id>"`. */
    filterPattern?: string;
}

export interface ReaderOptions {
    /** First retry delay; each further one doubles it, up to `maxDelayMs`. Defaults to 250 ms. */
    retryBaseMs?: number;
    maxDelayMs?: number;
    /** Attempts per request before a throttled call is given up. Defaults to 8. */
    maxAttempts?: number;
    /** A progress line at most this often during a scan. Defaults to 2000 ms. */
    progressEveryMs?: number;
    /** Where progress and retry notices go (stderr in the CLI). */
    progress: (line: string) => void;
}

/** A log group that does not exist: the stage never logged there, or the name is wrong. */
export class MissingLogGroupError extends Error {
    constructor(readonly logGroupName: string) {
        super(`log group "${logGroupName}" does not exist in this account and region`);
        this.name = "MissingLogGroupError";
    }
}

// Errors CloudWatch Logs answers when a caller goes too fast or the service is briefly unavailable.
const RETRYABLE = new Set(["ThrottlingException", "LimitExceededException", "ServiceUnavailableException", "TooManyRequestsException"]);

/** Every event a FilterLogEvents scan returns, all pages, in time order. */
export async function scanLogEvents(client: CloudWatchLogsClient, scan: ScanOptions, options: ReaderOptions): Promise<LogEvent[]> {
    const events: LogEvent[] = [];
    const started = Date.now();
    let lastProgress = started;
    let pages = 0;
    let nextToken: string | undefined;
    do {
        const page = await withRetry(
            () =>
                client.send(
                    new FilterLogEventsCommand({
                        logGroupName: scan.logGroupName,
                        startTime: scan.startTime,
                        endTime: scan.endTime,
                        filterPattern: scan.filterPattern,
                        nextToken,
                    }),
                ),
            scan.logGroupName,
            options,
        );
        pages++;
        for (const e of page.events ?? []) {
            events.push({ timestamp: e.timestamp ?? 0, message: e.message ?? "", logStreamName: e.logStreamName ?? "" });
        }
        nextToken = page.nextToken;
        const now = Date.now();
        if (nextToken && now - lastProgress >= (options.progressEveryMs ?? 2000)) {
            lastProgress = now;
            options.progress(`… ${scan.logGroupName}: ${events.length} events in ${pages} pages so far (${((now - started) / 1000).toFixed(1)} s)`);
        }
    } while (nextToken);
    return events.sort((a, b) => a.timestamp - b.timestamp);
}

async function withRetry(
    call: () => Promise<FilterLogEventsCommandOutput>,
    logGroupName: string,
    options: ReaderOptions,
): Promise<FilterLogEventsCommandOutput> {
    const maxAttempts = options.maxAttempts ?? 8;
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (error) {
            const name = (error as Error).name;
            if (name === "ResourceNotFoundException") {
                throw new MissingLogGroupError(logGroupName);
            }
            if (!RETRYABLE.has(name) || attempt >= maxAttempts) {
                throw error;
            }
            // Exponential backoff with jitter, so parallel callers do not retry in step.
            const base = Math.min((options.retryBaseMs ?? 250) * 2 ** (attempt - 1), options.maxDelayMs ?? 10000);
            const delay = Math.round(base / 2 + Math.random() * (base / 2));
            options.progress(`… ${logGroupName}: ${name} from CloudWatch Logs; retrying in ${(delay / 1000).toFixed(2)} s (attempt ${attempt + 1} of ${maxAttempts})`);
            await new Promise((resolve) => setTimeout(resolve, delay));
        }
    }
}
