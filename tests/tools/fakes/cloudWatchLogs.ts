// A local HTTP server that speaks CloudWatch Logs' JSON protocol (awsJson1_1: POST /,
// X-Amz-Target: Logs_20140328.<Operation>) for the real SDK client pointed at it, on 127.0.0.1 only.
// FilterLogEvents (time window, quoted-term patterns `"a"` and `?"a" ?"b"`, pages, throttling),
// DescribeLogGroups / DeleteLogGroup and DescribeQueryDefinitions / DeleteQueryDefinition.
// `groups` and `queries` are live: a test can add events or groups while the server runs.

import * as http from "http";
import { AddressInfo } from "net";

export interface FixtureEvent {
    timestamp: number;
    message: string;
}

export interface FixtureGroup {
    retentionInDays?: number;
    creationTime?: number;
}

export interface FixtureQuery {
    queryDefinitionId: string;
    name: string;
}

export interface ServerOptions {
    pageSize?: number;
    /** Answer this many calls per log group with ThrottlingException before serving it. */
    throttle?: Record<string, number>;
    /** Settings of groups (retention), by name; every key of `groups` is a group. */
    groupSettings?: Record<string, FixtureGroup>;
    queries?: FixtureQuery[];
}

export interface Received {
    target: string;
    body: {
        logGroupName?: string;
        logGroupNamePrefix?: string;
        queryDefinitionNamePrefix?: string;
        queryDefinitionId?: string;
        filterPattern?: string;
        nextToken?: string;
        startTime?: number;
        endTime?: number;
    };
}

export async function cloudWatchLogsServer(groups: Record<string, FixtureEvent[]>, options: ServerOptions = {}) {
    const received: Received[] = [];
    const throttle = { ...options.throttle };
    const queries = options.queries ?? [];
    const size = options.pageSize ?? 1000;
    const page = <T>(items: T[], token: string | undefined) => {
        const offset = Number(token ?? 0);
        return { items: items.slice(offset, offset + size), nextToken: offset + size < items.length ? String(offset + size) : undefined };
    };
    const server = http.createServer((req, res) => {
        let text = "";
        req.on("data", (chunk) => (text += chunk));
        req.on("end", () => {
            const target = String(req.headers["x-amz-target"]);
            const body = JSON.parse(text) as Received["body"];
            received.push({ target, body });
            const reply = (status: number, payload: unknown, errorType?: string) => {
                res.writeHead(status, {
                    "content-type": "application/x-amz-json-1.1",
                    "x-amzn-requestid": `local-${received.length}`,
                    ...(errorType ? { "x-amzn-errortype": errorType } : {}),
                });
                res.end(JSON.stringify(payload));
            };
            const notFound = () => reply(400, { __type: "ResourceNotFoundException", message: "The specified log group does not exist." }, "ResourceNotFoundException");
            switch (target) {
                case "Logs_20140328.FilterLogEvents": {
                    const name = body.logGroupName!;
                    if ((throttle[name] ?? 0) > 0) {
                        throttle[name]--;
                        return reply(400, { __type: "ThrottlingException", message: "Rate exceeded" }, "ThrottlingException");
                    }
                    const events = groups[name];
                    if (!events) {
                        return notFound();
                    }
                    const terms = [...(body.filterPattern ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]);
                    const matching = events.filter(
                        (e) =>
                            (body.startTime === undefined || e.timestamp >= body.startTime) &&
                            (body.endTime === undefined || e.timestamp <= body.endTime) &&
                            (terms.length === 0 || terms.some((t) => e.message.includes(t))),
                    );
                    const offset = Number(body.nextToken ?? 0);
                    const { items, nextToken } = page(matching, body.nextToken);
                    return reply(200, {
                        events: items.map((e, i) => ({ ...e, logStreamName: "stream-1", eventId: `${offset + i}`, ingestionTime: e.timestamp })),
                        ...(nextToken ? { nextToken } : {}),
                    });
                }
                case "Logs_20140328.DescribeLogGroups": {
                    const names = Object.keys(groups)
                        .filter((n) => n.startsWith(body.logGroupNamePrefix ?? ""))
                        .sort();
                    const { items, nextToken } = page(names, body.nextToken);
                    return reply(200, {
                        logGroups: items.map((logGroupName) => ({ logGroupName, arn: `arn:aws:logs:eu-west-1:123456789012:log-group:${logGroupName}:*`, ...options.groupSettings?.[logGroupName] })),
                        ...(nextToken ? { nextToken } : {}),
                    });
                }
                case "Logs_20140328.DeleteLogGroup": {
                    if (!groups[body.logGroupName!]) {
                        return notFound();
                    }
                    delete groups[body.logGroupName!];
                    return reply(200, {});
                }
                case "Logs_20140328.DescribeQueryDefinitions": {
                    const matching = queries.filter((q) => q.name.startsWith(body.queryDefinitionNamePrefix ?? ""));
                    const { items, nextToken } = page(matching, body.nextToken);
                    return reply(200, { queryDefinitions: items, ...(nextToken ? { nextToken } : {}) });
                }
                case "Logs_20140328.DeleteQueryDefinition": {
                    const index = queries.findIndex((q) => q.queryDefinitionId === body.queryDefinitionId);
                    if (index < 0) {
                        return reply(400, { __type: "ResourceNotFoundException", message: "Query definition not found" }, "ResourceNotFoundException");
                    }
                    queries.splice(index, 1);
                    return reply(200, { success: true });
                }
                default:
                    return reply(400, { __type: "UnknownOperationException" }, "UnknownOperationException");
            }
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        received,
        groups,
        queries,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

export type LogsServer = Awaited<ReturnType<typeof cloudWatchLogsServer>>;

/** Runs `use` against a server over `groups`, and stops the server however `use` ends. */
export async function withServer(groups: Record<string, FixtureEvent[]>, options: ServerOptions, use: (server: LogsServer) => Promise<void>): Promise<void> {
    const server = await cloudWatchLogsServer(groups, options);
    try {
        await use(server);
    } finally {
        await server.close();
    }
}

/** Credentials the SDK signs with for the local servers (never sent anywhere else). */
export const LOCAL_CREDENTIALS = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local" };
