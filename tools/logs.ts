// `npm run logs`: "what happened to this request?" Finds a stage's access-log lines and prints each
// followed by that request's execution-log lines, in time order, so nobody copies request ids from
// one log group into the other by hand.
//
//   npm run logs -- --stack dev [--stage KEY] [--request-id ID | --since 15m] [--status 5xx] [--limit 20]
//
// The log group names and the access-log format come from the stack's outputs (`pulumi stack output`),
// from --outputs-file, or from --access-log-group / --execution-log-group / --format.

import { CloudWatchLogsClient, CloudWatchLogsClientConfig } from "@aws-sdk/client-cloudwatch-logs";
import { execFile } from "child_process";
import * as fs from "fs";
import { AccessLogLayout, accessLogLayout, parseAccessLogLine, parseExecutionLogEvent } from "apigw-logging";
import { resolveAccessLogFormat } from "apigw-logging";
import { ValidationError } from "apigw-logging";
import { LogEvent, MissingLogGroupError, ReaderOptions, scanLogEvents } from "./logEvents";
import { LogsArgs, LogsError, parseLogsArgs } from "./logsArgs";

// The command line is logsArgs.ts's; its names are exported from here too.
export { LogsError, parseDuration, parseLogsArgs } from "./logsArgs";
export type { LogsArgs } from "./logsArgs";

/** The stage whose logs are read: its log groups, its format, its region. */
export interface LogsTarget {
    stage: string;
    /** Unset when the access logs go to Firehose (`accessLogS3Location` says where). */
    accessLogGroupName?: string;
    accessLogS3Location?: string;
    /** Where execution logs are read: the delivered group first, then API Gateway's own group (older logs). */
    executionLogGroupNames: string[];
    /** Where new execution logs land when that is not CloudWatch Logs (an S3 location, a Firehose stream). */
    executionLogsElsewhere?: string;
    format: string;
    region?: string;
}

type StageOutput = {
    accessLogGroupName?: string;
    accessLogS3Location?: string;
    executionLogGroupName?: string;
    /** Contract 1.2: where new execution logs go, and the delivered group when it is one. */
    executionLogDestination?: string;
    executionLogLocation?: string;
    executionLogDeliveryGroupName?: string;
    accessLogFormat?: string;
    accessLogSettings?: { destinationArn?: string };
};

/** Picks the stage from the stack outputs (`stages.<key>`, contract 1.x), flags overriding. */
export function resolveTarget(args: LogsArgs, outputs: Record<string, unknown> | undefined): LogsTarget {
    let stage: StageOutput = {};
    let key = args.stage ?? "(flags)";
    if (outputs) {
        const stages = (outputs.stages ?? {}) as Record<string, StageOutput>;
        const keys = Object.keys(stages);
        if (args.stage !== undefined && !stages[args.stage]) {
            throw new LogsError(`--stage: "${args.stage}" is not a stage of this stack (stages: ${keys.join(", ") || "none"})`);
        }
        if (args.stage === undefined && keys.length !== 1) {
            throw new LogsError(`this stack logs ${keys.length} stages; pick one with --stage (${keys.join(", ") || "none"})`);
        }
        key = args.stage ?? keys[0];
        stage = stages[key];
        if (typeof stage === "string" && !(args.accessLogGroup || args.executionLogGroup)) {
            // `pulumi stack output --json` prints a secret as "[secret]": a stage whose config has a secure: value.
            throw new LogsError(`stage "${key}": its outputs are secret (its config has a secure: value); pass --show-secrets to read them, or --access-log-group and --execution-log-group`);
        }
    }
    let format: string;
    try {
        format = resolveAccessLogFormat(args.format ?? stage.accessLogFormat, "--format");
    } catch (error) {
        throw error instanceof ValidationError ? new LogsError(error.message) : error;
    }
    const arnRegion = stage.accessLogSettings?.destinationArn?.split(":")[3];
    const delivered = stage.executionLogDestination === "s3" || stage.executionLogDestination === "firehose";
    const target: LogsTarget = {
        stage: key,
        accessLogGroupName: args.accessLogGroup ?? stage.accessLogGroupName,
        accessLogS3Location: args.accessLogGroup ? undefined : stage.accessLogS3Location,
        executionLogGroupNames: args.executionLogGroup
            ? [args.executionLogGroup]
            : [stage.executionLogDeliveryGroupName, stage.executionLogGroupName].filter((g): g is string => Boolean(g)),
        ...(delivered && !args.executionLogGroup ? { executionLogsElsewhere: `${stage.executionLogDestination === "s3" ? "S3" : "Firehose"} (${stage.executionLogLocation})` } : {}),
        format,
        region: args.region ?? (arnRegion || undefined),
    };
    if (!target.accessLogGroupName && target.executionLogGroupNames.length === 0) {
        throw new LogsError(`stage "${key}" has neither an access-log group nor an execution log group in the outputs`);
    }
    return target;
}

/** `pulumi stack output --json`, or the outputs in a file (that command's output, or a plan JSON). */
export async function readOutputs(args: LogsArgs): Promise<Record<string, unknown> | undefined> {
    if (args.outputsFile) {
        const parsed = JSON.parse(fs.readFileSync(args.outputsFile, "utf8")) as Record<string, unknown>;
        return (Array.isArray(parsed.resources) && parsed.outputs ? parsed.outputs : parsed) as Record<string, unknown>;
    }
    if (!args.stack || (args.accessLogGroup && args.executionLogGroup)) {
        return undefined;
    }
    return new Promise((resolve, reject) => {
        execFile("pulumi", ["stack", "output", "--json", "--stack", args.stack!, ...(args.showSecrets ? ["--show-secrets"] : [])], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
            if (error) {
                const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
                reject(
                    new LogsError(
                        missing
                            ? "cannot read the stack's outputs: the pulumi CLI is not installed here; pass --outputs-file, or --access-log-group and --execution-log-group"
                            : `pulumi stack output --stack ${args.stack} failed: ${stderr.trim().split("\n")[0] || error.message}`,
                    ),
                );
                return;
            }
            resolve(JSON.parse(stdout) as Record<string, unknown>);
        });
    });
}

/** One request: its access-log line (when the access logs are in CloudWatch) and its execution-log lines. */
export interface RequestLogs {
    requestId: string;
    timestamp: number;
    access?: LogEvent;
    fields: Record<string, string>;
    execution: ExecutionEvent[];
}

// What the execution logs say a request was answered with.
const EXECUTION_STATUS = /Method completed with status: (\d{3})/;

/** An execution-log event as printed: its standard-line text, and the request it is about. */
interface ExecutionEvent extends LogEvent {
    requestId?: string;
}

export interface LogsIo {
    out: (line: string) => void;
    err: (line: string) => void;
    /** For tests: an endpoint, credentials. */
    clientConfig?: CloudWatchLogsClientConfig;
    reader?: Partial<ReaderOptions>;
    now?: () => number;
}

/** Runs the command; returns the exit code. */
export async function runLogs(argv: string[], io: LogsIo): Promise<number> {
    try {
        const args = parseLogsArgs(argv);
        if ("help" in args) {
            io.out(args.help);
            return 0;
        }
        const target = resolveTarget(args, await readOutputs(args));
        const client = new CloudWatchLogsClient({
            // Our own retry loop says when it is throttled; the SDK's would retry silently first.
            maxAttempts: 1,
            ...(target.region ? { region: target.region } : {}),
            ...(args.endpoint ? { endpoint: args.endpoint } : {}),
            ...io.clientConfig,
        });
        const reader: ReaderOptions = { progress: io.err, ...io.reader };
        const requests = await findRequests(client, args, target, reader, io);
        for (const request of requests) {
            io.out(formatRequest(request));
        }
        if (requests.length === 0) {
            io.err(args.requestId ? `no log lines for request ${args.requestId} in the window searched` : "no matching requests in the window searched");
        }
        return 0;
    } catch (error) {
        const known = error instanceof LogsError || error instanceof MissingLogGroupError;
        io.err(`error: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}`);
        return 1;
    }
}

/** The requests a run of the command would print (the e2e suite looks request ids up through this). */
export async function findRequests(client: CloudWatchLogsClient, args: LogsArgs, target: LogsTarget, reader: ReaderOptions, io: LogsIo): Promise<RequestLogs[]> {
    const now = (io.now ?? Date.now)();
    // One request is searched a day back by default; a scan looks at the last 15 minutes.
    const startTime = now - (args.sinceMs ?? (args.requestId ? 86_400_000 : 900_000));
    const layout = accessLogLayout(target.format);
    if (target.executionLogsElsewhere) {
        io.err(
            `stage "${target.stage}" delivers its new execution logs to ${target.executionLogsElsewhere}: ` +
                "read them there; showing the execution logs in CloudWatch Logs only (API Gateway's own group, from before the delivery).",
        );
    }
    if (!target.accessLogGroupName) {
        io.err(
            `stage "${target.stage}" sends its access logs to Firehose` +
                (target.accessLogS3Location ? ` (${target.accessLogS3Location}): query them with Athena.` : ".") +
                " Showing execution logs only.",
        );
    }

    if (args.requestId) {
        const filterPattern = JSON.stringify(args.requestId);
        const access = target.accessLogGroupName
            ? await scanLogEvents(client, { logGroupName: target.accessLogGroupName, startTime, endTime: now, filterPattern }, reader)
            : [];
        const execution = await executionEvents(client, target, { startTime, endTime: now, filterPattern }, reader, io);
        if (access.length === 0 && execution.length === 0) {
            return [];
        }
        const lines = access.length > 0 ? access : [undefined];
        return lines.map((line) => ({
            requestId: args.requestId!,
            timestamp: line?.timestamp ?? execution[0].timestamp,
            access: line,
            fields: line && layout ? (parseAccessLogLine(layout, line.message) ?? {}) : {},
            execution: execution.filter((e) => e.requestId === args.requestId || e.message.includes(args.requestId!)),
        }));
    }

    const wanted = args.status === undefined ? undefined : new RegExp(`^${args.status.replace(/x/g, "\\d")}$`);
    const matchesStatus = (status: string | undefined) => wanted === undefined || (status !== undefined && wanted.test(status));

    let requests: RequestLogs[];
    if (target.accessLogGroupName) {
        const access = await scanLogEvents(client, { logGroupName: target.accessLogGroupName, startTime, endTime: now }, reader);
        requests = access
            .map((event) => requestFromAccessLine(event, layout))
            .filter((r): r is RequestLogs => r !== undefined && matchesStatus(r.fields["$context.status"]))
            .slice(-args.limit);
        io.err(`${access.length} access-log lines in ${target.accessLogGroupName}; showing ${requests.length}`);
        await attachExecution(client, target, requests, reader, io);
    } else {
        const execution = await executionEvents(client, target, { startTime, endTime: now }, reader, io);
        const byId = groupExecution(execution);
        requests = [...byId.entries()]
            .map(([requestId, events]) => ({
                requestId,
                timestamp: events[0].timestamp,
                fields: { "$context.status": events.map((e) => EXECUTION_STATUS.exec(e.message)?.[1]).find(Boolean) ?? "" },
                execution: events,
            }))
            .filter((r) => matchesStatus(r.fields["$context.status"] || undefined))
            .slice(-args.limit);
    }
    return requests;
}

function requestFromAccessLine(event: LogEvent, layout: AccessLogLayout | undefined): RequestLogs | undefined {
    const fields = layout ? parseAccessLogLine(layout, event.message) : undefined;
    const requestId = fields?.["$context.requestId"];
    if (!fields || !requestId) {
        return undefined;
    }
    return { requestId, timestamp: event.timestamp, access: event, fields, execution: [] };
}

/** Fetches the chosen requests' execution lines: a few ids per FilterLogEvents call (`?"a" ?"b"` matches either). */
async function attachExecution(client: CloudWatchLogsClient, target: LogsTarget, requests: RequestLogs[], reader: ReaderOptions, io: LogsIo): Promise<void> {
    if (requests.length === 0 || target.executionLogGroupNames.length === 0) {
        return;
    }
    const byId = new Map(requests.map((r) => [r.requestId, r]));
    // Execution lines come a little before the access line (written when the response is sent).
    const startTime = Math.min(...requests.map((r) => r.timestamp)) - 5 * 60_000;
    const endTime = Math.max(...requests.map((r) => r.timestamp)) + 5 * 60_000;
    const ids = [...byId.keys()];
    for (let i = 0; i < ids.length; i += 10) {
        const filterPattern = ids.slice(i, i + 10).map((id) => `?${JSON.stringify(id)}`).join(" ");
        const events = await executionEvents(client, target, { startTime, endTime, filterPattern }, reader, io);
        for (const [id, lines] of groupExecution(events)) {
            byId.get(id)?.execution.push(...lines);
        }
    }
}

/**
 * Execution events from each of the stage's groups, in time order, each read as a standard line
 * whether API Gateway wrote it to its own group or a delivery wrote it as a record; none (with a
 * notice) from a group the stage has never written to.
 */
async function executionEvents(
    client: CloudWatchLogsClient,
    target: LogsTarget,
    window: { startTime: number; endTime: number; filterPattern?: string },
    reader: ReaderOptions,
    io: LogsIo,
): Promise<ExecutionEvent[]> {
    const events: ExecutionEvent[] = [];
    for (const logGroupName of target.executionLogGroupNames) {
        try {
            for (const event of await scanLogEvents(client, { logGroupName, ...window }, reader)) {
                const { requestId, text } = parseExecutionLogEvent(event.message);
                events.push({ ...event, message: text, ...(requestId ? { requestId } : {}) });
            }
        } catch (error) {
            if (error instanceof MissingLogGroupError) {
                io.err(`no execution logs: ${error.message} (the stage has not logged yet, or its loggingLevel is OFF)`);
                continue;
            }
            throw error;
        }
    }
    return events.sort((a, b) => a.timestamp - b.timestamp);
}

function groupExecution(events: ExecutionEvent[]): Map<string, ExecutionEvent[]> {
    const byId = new Map<string, ExecutionEvent[]>();
    for (const event of events) {
        const id = event.requestId;
        if (id) {
            const lines = byId.get(id) ?? [];
            lines.push(event);
            byId.set(id, lines);
        }
    }
    return byId;
}

export function formatRequest(request: RequestLogs): string {
    const f = request.fields;
    const summary = [f["$context.httpMethod"], f["$context.resourcePath"], f["$context.status"]].filter((v) => v && v !== "-").join(" ");
    const lines = [`── ${new Date(request.timestamp).toISOString()}  request ${request.requestId}${summary ? `  ${summary}` : ""}`];
    if (request.access) {
        lines.push(`   access     ${request.access.message.trimEnd()}`);
    }
    for (const event of [...request.execution].sort((a, b) => a.timestamp - b.timestamp)) {
        lines.push(`   execution  ${new Date(event.timestamp).toISOString().slice(11, 23)}  ${event.message.trimEnd()}`);
    }
    if (request.execution.length === 0) {
        lines.push("   (no execution-log lines: the method logs at OFF or ERROR level, or they fell outside the window)");
    }
    return lines.join("\n");
}

if (require.main === module) {
    void runLogs(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) }).then((code) => {
        process.exitCode = code;
    });
}
