// The access-log format: presets, the JSON serializer, and the rules API Gateway enforces.
// Pure functions only; the component writes the result to the stage's accessLogSettings.

import { ValidationError } from "./errors";

/** A preset name or a raw `$context` format string. */
export type AccessLogFormatInput = "json" | "clf" | (string & {});

/**
 * The fields teams log today (the console's JSON preset plus the error message), serialized by
 * `jsonFormat`. `$context.error.messageString` is API Gateway's already-quoted form of the message,
 * so a message containing quotes cannot break the JSON line.
 */
export const DEFAULT_JSON_FIELDS: Readonly<Record<string, string>> = {
    requestId: "$context.requestId",
    ip: "$context.identity.sourceIp",
    caller: "$context.identity.caller",
    user: "$context.identity.user",
    requestTime: "$context.requestTime",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    status: "$context.status",
    errorMessage: "$context.error.messageString",
    protocol: "$context.protocol",
    responseLength: "$context.responseLength",
};

/** Variables whose value API Gateway already writes with surrounding quotes. */
const PRE_QUOTED = new Set(["$context.error.messageString"]);

/** Serializes field name → `$context` variable to one line of JSON: `{"requestId":"$context.requestId",...}`. */
export function jsonFormat(fields: Readonly<Record<string, string>>): string {
    const members = Object.entries(fields).map(
        ([name, variable]) => `${JSON.stringify(name)}:${PRE_QUOTED.has(variable) ? variable : `"${variable}"`}`,
    );
    return `{${members.join(",")}}`;
}

export const PRESETS = {
    json: jsonFormat(DEFAULT_JSON_FIELDS),
    // The console's Common Log Format preset.
    clf:
        '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] ' +
        '"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength ' +
        "$context.requestId",
} as const;

export const DEFAULT_FORMAT: keyof typeof PRESETS = "json";

/**
 * Turns a preset name or raw format into the exact string written to AWS, or explains why AWS
 * would refuse it (or accept it and log something useless).
 */
export function resolveAccessLogFormat(input: unknown, path: string): string {
    const value = input ?? DEFAULT_FORMAT;
    if (typeof value !== "string") {
        throw new ValidationError(path, value, `must be a preset (${Object.keys(PRESETS).join(", ")}) or a format string`);
    }
    if (value in PRESETS) {
        return PRESETS[value as keyof typeof PRESETS];
    }
    // AWS: "Access Log format must be single line, new line character is allowed only at end of the format".
    // We drop that one trailing newline (YAML block scalars add it) so what AWS stores is one clean line.
    const format = value.replace(/\r?\n$/, "");
    if (/[\r\n]/.test(format)) {
        throw new ValidationError(
            path,
            value,
            "must be a single line: API Gateway refuses access-log formats with a newline anywhere but at the end " +
                "(write it on one line, or use a preset)",
        );
    }
    if (format.trim() === "") {
        throw new ValidationError(path, value, `must not be empty (use a preset: ${Object.keys(PRESETS).join(", ")})`);
    }
    if (!/\$context\.(requestId|extendedRequestId)\b/.test(format)) {
        throw new ValidationError(
            path,
            value,
            "must contain $context.requestId or $context.extendedRequestId (API Gateway requires one, " +
                "and it is what joins an access-log line to the request's execution logs)",
        );
    }
    return format;
}
