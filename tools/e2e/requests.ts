// Calling a stage and finding that one request in its logs, through the code of `npm run logs`
// (tools/logs.ts: the same arguments, the same choice of log groups from the stack outputs, the same
// FilterLogEvents scan and the same access/execution join).

import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { ReaderOptions } from "../logEvents";
import { findRequests, parseLogsArgs, RequestLogs, resolveTarget } from "../logs";
import { CheckResult, done, pending } from "./wait";

export interface Call {
    url: string;
    status: number;
    /** API Gateway's request id: the `x-amzn-RequestId` header (also `$context.requestId` in the logs). */
    requestId: string;
}

/** One GET; pending (with why) until the stage answers 200 with a request id: a new API's host name takes a moment. */
export async function callStage(url: string, fetchImpl: typeof fetch = fetch): Promise<CheckResult<Call>> {
    let response: Response;
    try {
        response = await fetchImpl(url, { headers: { accept: "application/json" } });
    } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        return pending(`GET ${url} failed: ${(error as Error).message}${cause ? ` (${cause})` : ""}`);
    }
    const body = await response.text();
    if (response.status !== 200) {
        return pending(`GET ${url} answered ${response.status}: ${body.slice(0, 200)}`);
    }
    const requestId = response.headers.get("x-amzn-requestid") ?? requestIdInBody(body);
    if (!requestId) {
        return pending(`GET ${url} answered 200 with no x-amzn-RequestId header and no requestId in the body`);
    }
    return done({ url, status: response.status, requestId });
}

function requestIdInBody(body: string): string | undefined {
    try {
        const id = (JSON.parse(body) as { requestId?: unknown }).requestId;
        return typeof id === "string" && id ? id : undefined;
    } catch {
        return undefined;
    }
}

export interface Lookup {
    /** The stack's outputs (`stack.outputs()` values), as `npm run logs` reads them. */
    outputs: Record<string, unknown>;
    /** The stage's key in the `stages` output. */
    stage: string;
    requestId: string;
    /** How far back to search; the request was made within it. */
    sinceMs: number;
    reader?: Partial<ReaderOptions>;
    now?: () => number;
}

export interface Found {
    request?: RequestLogs;
    /** What `npm run logs` would have said on stderr (a missing execution log group, say). */
    notices: string[];
}

/** `npm run logs -- --stage <stage> --request-id <id> --since <window>`, with the outputs given rather than read by the CLI. */
export async function lookUpRequest(client: CloudWatchLogsClient, lookup: Lookup): Promise<Found> {
    const argv = ["--stack", "(e2e)", "--stage", lookup.stage, "--request-id", lookup.requestId, "--since", `${Math.max(1, Math.ceil(lookup.sinceMs / 1000))}s`];
    const parsed = parseLogsArgs(argv);
    if ("help" in parsed) {
        throw new Error("e2e: the logs lookup asked for help instead of a request (a flag name changed?)");
    }
    const args = parsed;
    const target = resolveTarget(args, lookup.outputs);
    const notices: string[] = [];
    const io = { out: () => undefined, err: (line: string) => notices.push(line), now: lookup.now };
    const requests = await findRequests(client, args, target, { progress: (line) => notices.push(line), ...lookup.reader }, io);
    // One request id, one access line (several only if API Gateway logged it twice).
    const request = requests.find((r) => r.access) ?? requests[0];
    return { request, notices };
}

export interface Expect {
    access: boolean;
    execution: boolean;
}

/** Done when the request has what is expected (an access-log line, execution-log lines); else says what is missing. */
export function requestCheck(found: Found, expect: Expect): CheckResult<RequestLogs> {
    const { request } = found;
    const access = Boolean(request?.access);
    const execution = request?.execution.length ?? 0;
    if (request && (!expect.access || access) && (!expect.execution || execution > 0)) {
        return done(request);
    }
    const parts = [
        ...(expect.access ? [`access-log line ${access ? "found" : "not found"}`] : []),
        ...(expect.execution ? [`${execution} execution-log lines`] : []),
        ...found.notices.filter((n) => !n.startsWith("…")).map((n) => `notice: ${n}`),
    ];
    return pending(parts.join("; "));
}
