// The CloudWatch Logs Insights queries saved with each stage: the questions users ask of their
// logs, written against the fields the stage's access-log format actually has. Pure: the component
// turns each into an `aws.cloudwatch.QueryDefinition`.

import { AccessLogField, AccessLogLayout, accessLogLayout, fieldOf } from "./accessLogFields";
import { variablesIn } from "./accessLogFormat";

/** Which of the stage's log groups a query reads. */
export type QueryLogGroup = "access" | "execution";

export interface LogInsightsQuery {
    /** Names the query's resource: stable while the query exists. */
    key: QueryKey;
    /** The query's name in its folder. */
    title: string;
    queryString: string;
    logGroups: QueryLogGroup[];
}

export interface QueryPlan {
    queries: LogInsightsQuery[];
    /** Queries left out, and why: a query naming a field the format lacks would silently return nothing. */
    skipped: { key: QueryKey; title: string; reason: string }[];
}

/** What the "everything for one request" query searches for until the user puts a real id in. */
export const REQUEST_ID_PLACEHOLDER = "REPLACE-WITH-REQUEST-ID";

export const QUERY_TITLES = {
    "5xx-errors": "5xx errors by resource path",
    "4xx-errors": "4xx errors by resource path",
    "slowest-requests": "Slowest requests (latency p50, p90, p99)",
    "top-client-ips": "Top client IPs",
    "one-request": "Everything for one request id",
} as const;
export type QueryKey = keyof typeof QUERY_TITLES;

/** A saved query's name: the console shows each part before a "/" as a folder. */
export function queryName(folder: string, api: string, stageName: string, title: string): string {
    return `${folder}/${api}/${stageName}/${title}`;
}

const LATENCY_VARIABLES = ["$context.responseLatency", "$context.integrationLatency", "$context.integration.latency"];

/**
 * The queries for a stage whose access logs are written with `format` to a CloudWatch Logs group
 * (`hasAccessLogGroup`), or go elsewhere (Firehose: only the execution log group is queried).
 */
export function logInsightsQueries(format: string, hasAccessLogGroup: boolean): QueryPlan {
    const plan: QueryPlan = { queries: [], skipped: [] };
    const layout = accessLogLayout(format);
    const status = fieldOf(layout, "$context.status");
    const path = fieldOf(layout, "$context.resourcePath");
    const method = fieldOf(layout, "$context.httpMethod");
    const ip = fieldOf(layout, "$context.identity.sourceIp");
    const latency = fieldOf(layout, ...LATENCY_VARIABLES);

    const accessQuery = (key: QueryKey, needs: Record<string, AccessLogField | undefined>, body: () => string[]) => {
        const title = QUERY_TITLES[key];
        if (!hasAccessLogGroup) {
            plan.skipped.push({ key, title, reason: "access logs go to Firehose, not to a CloudWatch Logs group (query them with Athena)" });
            return;
        }
        const missing = Object.entries(needs).filter(([, field]) => field === undefined).map(([variable]) => variable);
        if (missing.length > 0) {
            plan.skipped.push({ key, title, reason: `the access-log format has no field of its own for ${missing.join(" or ")}` });
            return;
        }
        plan.queries.push({ key, title, queryString: [...parseStep(layout!), ...body()].join("\n| "), logGroups: ["access"] });
    };

    // Only called once the query's needs are met, so the resource path is there.
    const byPath = () => (method ? `${name(method)}, ${name(path!)}` : name(path!));
    for (const [key, digit] of [["5xx-errors", 5], ["4xx-errors", 4]] as const) {
        accessQuery(key, { "$context.status": status, "$context.resourcePath": path }, () => [
            `filter ${statusClass(status!, digit)}`,
            `stats count(*) as requests by ${byPath()}`,
            "sort requests desc",
            "limit 100",
        ]);
    }
    accessQuery("slowest-requests", { [LATENCY_VARIABLES.join(" or ")]: latency, "$context.resourcePath": path }, () => {
        const l = name(latency!);
        return [
            `stats count(*) as requests, pct(${l}, 50) as p50, pct(${l}, 90) as p90, pct(${l}, 99) as p99, max(${l}) as slowest by ${byPath()}`,
            "sort p99 desc",
            "limit 100",
        ];
    });
    accessQuery("top-client-ips", { "$context.identity.sourceIp": ip }, () => [
        `stats count(*) as requests by ${name(ip!)}`,
        "sort requests desc",
        "limit 100",
    ]);

    // Execution log lines start with "(<requestId>) " (a delivered record carries the same text in its
    // payload), so one text match finds both sides of a request; the id only has to be somewhere in
    // the access-log line, not in a field of its own. The component points "execution" at the group
    // new execution logs land in and at API Gateway's own group, which holds the older ones.
    if (hasAccessLogGroup && !variablesIn(format).includes("$context.requestId")) {
        plan.skipped.push({
            key: "one-request",
            title: QUERY_TITLES["one-request"],
            reason: "the access-log format has no $context.requestId, the id execution log lines carry",
        });
    } else {
        plan.queries.push({
            key: "one-request",
            title: QUERY_TITLES["one-request"],
            queryString: [
                "fields @timestamp, @log, @message",
                `filter @message like "${REQUEST_ID_PLACEHOLDER}"`,
                "sort @timestamp asc",
                "limit 1000",
            ].join("\n| "),
            logGroups: hasAccessLogGroup ? ["access", "execution"] : ["execution"],
        });
    }
    return plan;
}

/** A `parse` command for formats Logs Insights cannot read by itself; nothing for JSON. */
function parseStep(layout: AccessLogLayout): string[] {
    if (layout.kind === "json") {
        return [];
    }
    return [`parse @message ${quote(layout.glob)} as ${layout.fields.map(name).join(", ")}`];
}

function statusClass(status: AccessLogField, digit: 4 | 5): string {
    // A quoted status is text: compare it by pattern rather than rely on conversion.
    return status.numeric ? `${name(status)} >= ${digit}00 and ${name(status)} <= ${digit}99` : `${name(status)} like /^${digit}\\d\\d$/`;
}

/** A field name as Logs Insights wants it: backquoted unless plain letters, digits, `_`, `.` and `@`. */
function name(field: AccessLogField): string {
    return /^[A-Za-z_@][A-Za-z0-9_.@]*$/.test(field.field) ? field.field : `\`${field.field.replace(/`/g, "``")}\``;
}

/** A Logs Insights string literal: single quotes unless the text has one, then escaped double quotes. */
function quote(text: string): string {
    if (!text.includes("'")) {
        return `'${text.replace(/\\/g, "\\\\")}'`;
    }
    return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
