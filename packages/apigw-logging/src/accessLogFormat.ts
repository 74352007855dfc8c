// The access-log format: presets, the structured (JSON) serializer, and the rules API Gateway
// enforces. Pure functions only; the component writes the result to the stage's accessLogSettings.

import { formatShapeProblem } from "./accessLogShape";
import { suggestionFor } from "./variableSuggestions";
import {
    CONTEXT_VARIABLE,
    CONTEXT_VARIABLES,
    ContextVariableInfo,
    lookupContextVariable,
    OTHER_API_TYPE_VARIABLES,
} from "./contextVariables";
import { closest, ValidationError } from "./errors";

/** One field of a structured format whose value API Gateway writes unquoted. */
export interface TypedField {
    /** Exactly one `$context` variable. */
    var: string;
    /** `"number"` writes the value unquoted (numeric variables only); `"string"` (default) quotes it. */
    type?: "string" | "number";
}

/**
 * A field's value: a string (one `$context` variable, or text mixing variables and literal text,
 * written as a JSON string), `{ var, type }`, or a nested object of fields.
 */
export type AccessLogFieldValue = string | TypedField | AccessLogFields;

/** Field name → value: serialized to one compact line of JSON. */
export interface AccessLogFields {
    readonly [field: string]: AccessLogFieldValue;
}

/** A preset name, a raw `$context` format string, or a structured format (an object of fields). */
export type AccessLogFormatInput = PresetName | AccessLogFields | (string & {});

/**
 * Our default: the console's JSON field set (without extendedRequestId) plus the error message.
 * `$context.error.messageString` is API Gateway's already-quoted form of the message, so a message
 * containing quotes cannot break the JSON line.
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

/** The console's JSON example, field for field: ours with extendedRequestId and without the error message. */
const CONSOLE_JSON_FIELDS: Readonly<Record<string, string>> = (({ requestId, errorMessage: _, ...rest }) => ({
    requestId,
    extendedRequestId: "$context.extendedRequestId",
    ...rest,
}))(DEFAULT_JSON_FIELDS);

/** Serializes a structured format to one compact line: `{"requestId":"$context.requestId",...}`. */
export function jsonFormat(fields: AccessLogFields): string {
    return serialize(fields);
}

function serialize(value: AccessLogFieldValue): string {
    if (typeof value === "string") {
        // One pre-quoted variable on its own is written bare: API Gateway supplies the quotes.
        return lookupContextVariable(value)?.preQuoted ? value : JSON.stringify(value);
    }
    if (isTypedField(value)) {
        return value.type === "number" || lookupContextVariable(value.var)?.preQuoted ? value.var : JSON.stringify(value.var);
    }
    return `{${Object.entries(value)
        .map(([name, inner]) => `${JSON.stringify(name)}:${serialize(inner)}`)
        .join(",")}}`;
}

function isTypedField(value: object): value is TypedField {
    return Object.prototype.hasOwnProperty.call(value, "var");
}

// The console's four examples (API Gateway Developer Guide, "Access logging for REST APIs" /
// "CloudWatch log formats for API Gateway"). The guide's CLF example has no space between
// "]" and the quoted request line; Common Log Format has one, so we keep it.
export const PRESETS = {
    json: jsonFormat(DEFAULT_JSON_FIELDS),
    clf:
        "$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] " +
        '"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength ' +
        "$context.requestId $context.extendedRequestId",
    "console-json": jsonFormat(CONSOLE_JSON_FIELDS),
    xml:
        '<request id="$context.requestId"> <extendedRequestId>$context.extendedRequestId</extendedRequestId> ' +
        "<ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> " +
        "<requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> " +
        "<resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> " +
        "<protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>",
    csv:
        "$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime," +
        "$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength," +
        "$context.requestId,$context.extendedRequestId",
} as const;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
export const DEFAULT_FORMAT: PresetName = "json";

/**
 * The longest format API Gateway accepts: "Access log template size: 3 KB" (Amazon API Gateway
 * Developer Guide, "Quotas for configuring and running a REST API in API Gateway"). AWS does not
 * say whether that KB is 1000 or 1024 bytes, nor whether it counts bytes or characters; we read it
 * as 3072 bytes of UTF-8. Not verified against the live API (no AWS account here): a format between
 * 3000 and 3072 bytes may still be refused by AWS.
 */
export const MAX_FORMAT_BYTES = 3 * 1024;

/**
 * Turns a preset name, raw format string or structured format into the exact string written to
 * AWS, or explains why AWS would refuse it (or accept it and log something useless).
 */
export function resolveAccessLogFormat(input: unknown, path: string): string {
    const value = input ?? DEFAULT_FORMAT;
    if (typeof value === "string") {
        return resolveString(value, path);
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        checkFields(value as Record<string, unknown>, path);
        const format = jsonFormat(value as AccessLogFields);
        checkFormat(format, value, path);
        return format;
    }
    throw new ValidationError(
        path,
        value,
        `must be a preset (${PRESET_NAMES.join(", ")}), a one-line format string, or an object of fields (field name → $context variable)`,
    );
}

const SINGLE_LINE_PROBLEM =
    "must be a single line: API Gateway refuses access-log formats with a newline anywhere but at the end " +
    "(write it on one line, or use a preset)";

/**
 * Why a final format string, as it stands on a stage, would be refused by AWS or log something
 * useless: the component's own rules and messages (newlines, unknown or misspelt variables, no
 * request id, over 3 KB); empty when it passes. The policy pack checks every stage with this, so
 * the component and the policy cannot disagree about a format.
 */
export function accessLogFormatProblems(format: string): string[] {
    if (/[\r\n]/.test(format.replace(/\r?\n$/, ""))) {
        return [SINGLE_LINE_PROBLEM];
    }
    const problems: string[] = [];
    for (const check of [checkVariables, checkShape, checkFormat]) {
        try {
            check(format, format, "format");
        } catch (error) {
            if (!(error instanceof ValidationError)) {
                throw error;
            }
            problems.push(error.problem);
        }
    }
    return problems;
}

function resolveString(value: string, path: string): string {
    // AWS: "Access Log format must be single line, new line character is allowed only at end of the format".
    // We drop that one trailing newline (YAML block scalars add it) so what AWS stores is one clean line.
    const format = value.replace(/\r?\n$/, "");
    if (Object.prototype.hasOwnProperty.call(PRESETS, format)) {
        return PRESETS[format as PresetName];
    }
    if (/^[\w-]+$/.test(format)) {
        const hint = closest(format, PRESET_NAMES);
        throw new ValidationError(
            path,
            value,
            `is neither a preset (${PRESET_NAMES.join(", ")}) nor a format (it has no $context variable)` +
                `${hint ? `; did you mean "${hint}"?` : ""}`,
        );
    }
    if (/[\r\n]/.test(format)) {
        throw new ValidationError(path, value, SINGLE_LINE_PROBLEM);
    }
    if (format.trim() === "") {
        throw new ValidationError(path, value, `must not be empty (use a preset: ${PRESET_NAMES.join(", ")})`);
    }
    checkVariables(format, value, path);
    checkShape(format, value, path);
    checkFormat(format, value, path);
    return format;
}

/** A raw format that looks like JSON, XML or CSV must be that once API Gateway fills it in (accessLogShape.ts). */
function checkShape(format: string, value: unknown, path: string): void {
    const problem = formatShapeProblem(format);
    if (problem) {
        throw new ValidationError(path, value, problem);
    }
}

/** The rules every final format string must pass, however it was written. */
function checkFormat(format: string, value: unknown, path: string): void {
    const variables = variablesIn(format);
    if (!variables.includes("$context.requestId") && !variables.includes("$context.extendedRequestId")) {
        throw new ValidationError(
            path,
            value,
            "must contain $context.requestId or $context.extendedRequestId (API Gateway requires one, " +
                "and it is what joins an access-log line to the request's execution logs)",
        );
    }
    const bytes = Buffer.byteLength(format, "utf8");
    if (bytes > MAX_FORMAT_BYTES) {
        throw new ValidationError(
            path,
            value,
            `is ${bytes} bytes long; API Gateway accepts access-log formats up to 3 KB (${MAX_FORMAT_BYTES} bytes). ` +
                "Log fewer fields or use shorter field names",
        );
    }
}

// Any other `$name`: access logs substitute `$context` variables only.
const OTHER_VARIABLE = /\$([A-Za-z][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)*)/g;

/** The `$context` variables in a format, in order of appearance. */
export function variablesIn(format: string): string[] {
    return format.match(CONTEXT_VARIABLE) ?? [];
}

const AUTHORIZER_BUILT_INS = CONTEXT_VARIABLES.map((v) => v.name)
    .filter((name) => /^\$context\.authorizer\.[A-Za-z]+$/.test(name))
    .map((name) => name.slice("$context.authorizer.".length));

/** Why a variable would log nothing useful, or undefined when it is a documented one. */
function problemWith(variable: string): string | undefined {
    const elsewhere = OTHER_API_TYPE_VARIABLES[variable];
    if (elsewhere) {
        return `uses ${variable}, which only ${elsewhere} have; a REST API stage would log "-" for it`;
    }
    if (variable === "$context.authorizer.claims") {
        return "uses $context.authorizer.claims, which AWS documents as null; name a claim: $context.authorizer.claims.<claim>";
    }
    const authorizerKey = /^\$context\.authorizer\.([A-Za-z0-9_]+)$/.exec(variable)?.[1];
    if (authorizerKey !== undefined && !AUTHORIZER_BUILT_INS.includes(authorizerKey)) {
        // Any other single name here is read as a Lambda authorizer's context key, which would hide
        // a typo of a built-in authorizer variable; refuse those that differ only by case or, for
        // the longer names, by one character.
        const typoOf = AUTHORIZER_BUILT_INS.find(
            (b) => b.toLowerCase() === authorizerKey.toLowerCase() || (b.length >= 7 && oneEditApart(b, authorizerKey)),
        );
        if (typoOf) {
            return (
                `uses ${variable}; did you mean "$context.authorizer.${typoOf}"? ` +
                `(a Lambda authorizer context key this close to a built-in authorizer variable is refused as a likely typo)`
            );
        }
    }
    if (lookupContextVariable(variable)) {
        return undefined;
    }
    const hint = suggestionFor(variable);
    return (
        `uses ${variable}, which is not a $context variable AWS documents for REST API access logs` +
        `${hint ? `; did you mean "${hint}"?` : ""} (the list: packages/apigw-logging/src/contextVariables.ts)`
    );
}

function oneEditApart(a: string, b: string): boolean {
    if (Math.abs(a.length - b.length) > 1 || a === b) {
        return false;
    }
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
}

/** Refuses unknown `$context` variables and `$` variables that are not `$context` at all. */
function checkVariables(text: string, value: unknown, path: string): void {
    for (const match of text.matchAll(OTHER_VARIABLE)) {
        const [whole, head, rest] = match;
        if (head === "context") {
            continue;
        }
        const fixed = `$context${rest}`;
        const hint = closest(head, ["context"]) ? (problemWith(fixed) === undefined ? fixed : suggestionFor(fixed)) : undefined;
        throw new ValidationError(
            path,
            value,
            `uses ${whole}, but access logs substitute only $context variables (case-sensitive)` +
                `${hint ? `; did you mean "${hint}"?` : ""}`,
        );
    }
    for (const variable of variablesIn(text)) {
        const problem = problemWith(variable);
        if (problem) {
            throw new ValidationError(path, value, problem);
        }
    }
}

const NUMERIC = CONTEXT_VARIABLES.filter((v) => v.type === "number").map((v) => v.name);

/** Checks a structured format's fields, naming the path of the field at fault. */
function checkFields(fields: Record<string, unknown>, path: string): void {
    const entries = Object.entries(fields);
    if (entries.length === 0) {
        throw new ValidationError(path, fields, "must name at least one field (field name → $context variable)");
    }
    for (const [name, value] of entries) {
        const at = `${path}.${name}`;
        if (typeof value === "string") {
            checkVariables(value, value, at);
            const preQuoted = variablesIn(value).find((v) => lookupContextVariable(v)?.preQuoted);
            if (preQuoted && value !== preQuoted) {
                throw new ValidationError(
                    at,
                    value,
                    `puts ${preQuoted} inside a string, but API Gateway writes it with its own quotes; ` +
                        "give it a field of its own (or use $context.error.message)",
                );
            }
        } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
            if (isTypedField(value)) {
                checkTypedField(value as unknown as Record<string, unknown>, at);
            } else {
                checkFields(value as Record<string, unknown>, at);
            }
        } else {
            throw new ValidationError(
                at,
                value,
                'must be a $context variable (text with variables is fine), { var: "$context.status", type: "number" }, or an object of fields',
            );
        }
    }
}

function checkTypedField(field: Record<string, unknown>, at: string): void {
    for (const key of Object.keys(field)) {
        if (key !== "var" && key !== "type") {
            throw new ValidationError(
                `${at}.${key}`,
                field[key],
                'is not allowed next to "var": a field with "var" is one value, { var, type } (to nest fields, do not use the name "var")',
            );
        }
    }
    const variable = field.var;
    if (typeof variable !== "string" || variablesIn(variable).length !== 1 || variablesIn(variable)[0] !== variable) {
        throw new ValidationError(`${at}.var`, variable, 'must be exactly one $context variable, e.g. "$context.status"');
    }
    checkVariables(variable, variable, `${at}.var`);
    const type = field.type ?? "string";
    if (type !== "string" && type !== "number") {
        const hint = typeof type === "string" ? closest(type, ["string", "number"]) : undefined;
        throw new ValidationError(`${at}.type`, type, `is not allowed (allowed: string, number)${hint ? `; did you mean "${hint}"?` : ""}`);
    }
    const info = lookupContextVariable(variable) as ContextVariableInfo;
    if (type === "number" && info.type !== "number") {
        throw new ValidationError(
            `${at}.type`,
            type,
            `is only for variables API Gateway writes as numbers (${NUMERIC.join(", ")}); ${variable} is text and must stay quoted`,
        );
    }
}

/** The format with every variable replaced by a typical value: what one log line looks like. */
export function sampleLine(format: string): string {
    return format.replace(CONTEXT_VARIABLE, (variable) => lookupContextVariable(variable)?.example ?? variable);
}
