// `npm run logs`'s command line: its flags (with --help), read into LogsArgs, and the errors the
// command reports in one line (LogsError).

import { PRESET_NAMES } from "apigw-logging";
import { Command, Flags, readFlags } from "./cliArgs";

export class LogsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "LogsError";
    }
}

const USAGE =
    "usage: npm run logs -- --stack <name> [--stage <key>] [--request-id <id> | --since <15m|2h|1d>] [--status <5xx|4xx|502>] " +
    "[--limit <n>] [--show-secrets] [--outputs-file <file>] [--access-log-group <name>] [--execution-log-group <name>] [--format <preset|format>] " +
    "[--region <region>] [--endpoint <url>]";

export interface LogsArgs {
    stack?: string;
    stage?: string;
    requestId?: string;
    /** Milliseconds back from now. */
    sinceMs?: number;
    status?: string;
    limit: number;
    outputsFile?: string;
    /** Read the stack's secret outputs in plain text (`pulumi stack output --show-secrets`). */
    showSecrets?: boolean;
    accessLogGroup?: string;
    executionLogGroup?: string;
    format?: string;
    region?: string;
    endpoint?: string;
}

const LOGS_COMMAND = {
    usage: USAGE,
    summary: "Finds a stage's access-log lines and prints each followed by that request's execution-log lines, in time order.",
    flags: {
        stack: { type: "string", short: "s", value: "<name>", description: "read the log groups and the format from this stack's outputs (pulumi stack output)" },
        stage: { type: "string", value: "<key>", description: "the stage's key in the outputs' stages (needed when the stack logs several)" },
        "request-id": { type: "string", value: "<id>", description: "one request: both log groups searched for its id (a day back unless --since)" },
        since: { type: "string", value: "<15m|2h|1d>", description: "how far back to look: a number and s, m, h or d (default 15m; 1d with --request-id)" },
        status: { type: "string", value: "<5xx|4xx|502>", description: "with a scan: only requests of this status class or status" },
        limit: { type: "string", value: "<n>", description: "at most n requests, the most recent (default 20)" },
        "show-secrets": { type: "boolean", description: "read the stage's outputs when they are secret (its config has a secure: value): pulumi stack output --show-secrets" },
        "outputs-file": { type: "string", value: "<file>", description: "the outputs from a file (pulumi stack output --json, or a plan's JSON) instead of the CLI" },
        "access-log-group": { type: "string", value: "<name>", description: "the access-log group, instead of the one in the outputs" },
        "execution-log-group": { type: "string", value: "<name>", description: "the execution log group, instead of the one in the outputs" },
        format: { type: "string", value: "<preset|format>", description: `the access-log format, a preset (${PRESET_NAMES.join(", ")}) or a format string, instead of the outputs'` },
        region: { type: "string", value: "<region>", description: "the AWS region (default: the stage's, from its access-log destination)" },
        endpoint: { type: "string", value: "<url>", description: "a CloudWatch Logs endpoint override (a local emulator)" },
    },
    // Values may start with "-": a format string can.
    dashValues: true,
} satisfies Command<Flags>;

export function parseLogsArgs(argv: string[]): LogsArgs | { help: string } {
    const parsed = readFlags(argv, LOGS_COMMAND, (message) => new LogsError(message));
    if (parsed.help !== undefined) {
        return { help: parsed.help };
    }
    const flags = parsed.values;
    const raw = {
        stack: flags.stack,
        stage: flags.stage,
        requestId: flags["request-id"],
        since: flags.since,
        status: flags.status,
        limit: flags.limit,
        outputsFile: flags["outputs-file"],
        showSecrets: flags["show-secrets"],
        accessLogGroup: flags["access-log-group"],
        executionLogGroup: flags["execution-log-group"],
        format: flags.format,
        region: flags.region,
        endpoint: flags.endpoint,
    };
    if (raw.requestId !== undefined && raw.status !== undefined) {
        throw new LogsError("--status filters a scan (--since); with --request-id there is one request to show");
    }
    if (raw.status !== undefined && !/^([1-5]xx|[1-5]\d\d)$/.test(raw.status)) {
        throw new LogsError(`--status: "${raw.status}" is not a status or class (e.g. 5xx, 4xx, 502)`);
    }
    if (raw.stack === undefined && (raw.accessLogGroup === undefined && raw.executionLogGroup === undefined) && raw.outputsFile === undefined) {
        throw new LogsError(`--stack is required unless the log groups are given (${USAGE})`);
    }
    const limit = raw.limit === undefined ? 20 : Number(raw.limit);
    if (!Number.isInteger(limit) || limit < 1) {
        throw new LogsError(`--limit: "${raw.limit}" must be a whole number of requests, 1 or more`);
    }
    const { since, limit: _l, ...rest } = raw;
    const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as Omit<LogsArgs, "limit" | "sinceMs">;
    return { ...given, limit, ...(since === undefined ? {} : { sinceMs: parseDuration(since) }) };
}

/** "90s", "15m", "2h", "7d" → milliseconds. */
export function parseDuration(text: string): number {
    const match = /^(\d+)(s|m|h|d)$/.exec(text);
    if (!match || Number(match[1]) === 0) {
        throw new LogsError(`--since: "${text}" is not a duration (a number and s, m, h or d, e.g. 15m)`);
    }
    return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "s" | "m" | "h" | "d"];
}
