// Reading one execution-log event, whichever way it arrived. API Gateway's own group holds lines that
// start with the request id in parentheses: "(8e0a…) Method request path: {}". A CloudWatch Logs
// delivery writes records instead, whose fields for API Gateway's EXECUTION_LOGS are the resource
// ARN, the event timestamp, the stage and the payload (the log type's record fields, as AWS's CDK
// mixins for it list them: RESOURCE_ARN, EVENT_TIMESTAMP, STAGE, PAYLOAD): one JSON object per event
// in the `json` format, the fields in one line in `plain`. No stored AWS page shows a delivered
// event or spells the fields' keys, so this reads them by name in any case and with or without `_`,
// and looks for the request id where a standard line has it: a "(id)" at the start of the payload,
// or a requestId key when the payload is itself an object. Pure: tested without mocks.

/** What one event says: its request id, when it names one, and its text as a standard line reads. */
export interface ExecutionLogEvent {
    requestId?: string;
    /** The standard line, or the payload of a delivered record. */
    text: string;
    /** How the event was written. */
    format: "standard" | "json" | "plain";
}

// "(<requestId>) <message>": API Gateway's standard execution-log line.
const STANDARD_LINE = /^\(([^)\s]+)\) /;
// The same, inside a plain record after the fields before the payload.
const PLAIN_PAYLOAD = /(?:^|[\s,|;\t])\(([^)\s]+)\) /;

/** A key as written, reduced so `event_timestamp`, `eventTimestamp` and `EVENT-TIMESTAMP` compare equal. */
function keyOf(key: string): string {
    return key.toLowerCase().replace(/[_\-\s]/g, "");
}

function field(record: Record<string, unknown>, ...names: string[]): unknown {
    const wanted = names.map(keyOf);
    const key = Object.keys(record).find((k) => wanted.includes(keyOf(k)));
    return key === undefined ? undefined : record[key];
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads one event's message, as CloudWatch Logs returns it. */
export function parseExecutionLogEvent(message: string): ExecutionLogEvent {
    const line = message.trimEnd();
    const standard = STANDARD_LINE.exec(line);
    if (standard) {
        return { requestId: standard[1], text: line, format: "standard" };
    }
    if (line.startsWith("{")) {
        let record: unknown;
        try {
            record = JSON.parse(line);
        } catch {
            record = undefined;
        }
        if (isRecord(record)) {
            const payload = field(record, "payload", "message");
            return payload === undefined ? { text: line, format: "json" } : { ...fromPayload(payload), format: "json" };
        }
    }
    const plain = PLAIN_PAYLOAD.exec(line);
    if (plain) {
        const start = plain.index + plain[0].indexOf("(");
        return { requestId: plain[1], text: line.slice(start), format: "plain" };
    }
    return { text: line, format: "plain" };
}

function fromPayload(payload: unknown): Omit<ExecutionLogEvent, "format"> {
    if (typeof payload === "string") {
        const text = payload.trimEnd();
        const standard = STANDARD_LINE.exec(text);
        if (standard) {
            return { requestId: standard[1], text };
        }
        if (text.startsWith("{")) {
            try {
                return fromPayload(JSON.parse(text));
            } catch {
                return { text };
            }
        }
        return { text };
    }
    if (isRecord(payload)) {
        const id = field(payload, "requestId", "request_id");
        const message = field(payload, "message");
        const text = typeof message === "string" ? message : JSON.stringify(payload);
        return typeof id === "string" ? { requestId: id, text: text.startsWith(`(${id})`) ? text : `(${id}) ${text}` } : { text };
    }
    return { text: JSON.stringify(payload) };
}
