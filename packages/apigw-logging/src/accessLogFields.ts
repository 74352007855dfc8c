// Where each `$context` variable's value lands in one access-log line, read back from the format
// itself. The saved Logs Insights queries name these fields, and `npm run logs` parses lines with
// them, so a query or a join never refers to a field the stage's format does not write.

import { variablesIn } from "./accessLogFormat";
import { CONTEXT_VARIABLE, lookupContextVariable } from "./contextVariables";

/** One `$context` variable written on its own, as a field a query can name. */
export interface AccessLogField {
    variable: string;
    /** The Logs Insights field: a JSON path (`a.b`) or a name given to a `parse` capture. */
    field: string;
    /** Written unquoted as a number, so a query can compare it numerically. */
    numeric: boolean;
}

/**
 * A JSON format: Logs Insights discovers the fields of a JSON line by itself (nested keys joined
 * with dots). Any other format (CLF, CSV, XML, custom text): fields are read with `parse` and the
 * format's own literal text as the glob, so every two variables must be separated by some text.
 */
export type AccessLogLayout =
    | { kind: "json"; fields: AccessLogField[] }
    | { kind: "pattern"; fields: AccessLogField[]; glob: string; line: RegExp };

// Stand-ins for variables while the JSON skeleton is parsed: private-use characters, which are
// valid inside JSON strings and never appear in a format.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const VARIABLE_AT = new RegExp(CONTEXT_VARIABLE.source, "y");

/**
 * The layout of `format` (as written to AWS), or undefined when no field can be told apart (two
 * variables with nothing between them). A variable mixed with other text in one JSON value is not a
 * field of its own, and is left out.
 */
export function accessLogLayout(format: string): AccessLogLayout | undefined {
    if (format.trimStart().startsWith("{")) {
        const json = jsonLayout(format);
        if (json) {
            return json;
        }
    }
    return patternLayout(format);
}

function jsonLayout(format: string): AccessLogLayout | undefined {
    const variables: { name: string; bare: boolean }[] = [];
    let skeleton = "";
    let inString = false;
    for (let i = 0; i < format.length; ) {
        const ch = format[i];
        if (inString && ch === "\\") {
            skeleton += format.slice(i, i + 2);
            i += 2;
            continue;
        }
        VARIABLE_AT.lastIndex = i;
        const match = ch === "$" ? VARIABLE_AT.exec(format) : null;
        if (match) {
            const token = `${OPEN}${variables.length}${CLOSE}`;
            variables.push({ name: match[0], bare: !inString });
            skeleton += inString ? token : JSON.stringify(token);
            i += match[0].length;
            continue;
        }
        if (ch === '"') {
            inString = !inString;
        }
        skeleton += ch;
        i++;
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(skeleton);
    } catch {
        return undefined;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return undefined;
    }
    const fields: AccessLogField[] = [];
    const whole = new RegExp(`^${OPEN}(\\d+)${CLOSE}$`);
    const walk = (value: unknown, path: string[]): void => {
        if (typeof value === "string") {
            const index = whole.exec(value)?.[1];
            // A key with a dot in it cannot be told from nesting in a Logs Insights field name.
            if (index !== undefined && !path.some((p) => p.includes("."))) {
                const { name, bare } = variables[Number(index)];
                add(fields, { variable: name, field: path.join("."), numeric: bare && lookupContextVariable(name)?.type === "number" });
            }
        } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
            for (const [key, inner] of Object.entries(value)) {
                walk(inner, [...path, key]);
            }
        }
    };
    walk(parsed, []);
    return { kind: "json", fields };
}

function patternLayout(format: string): AccessLogLayout | undefined {
    const variables = variablesIn(format);
    const literals = format.split(CONTEXT_VARIABLE);
    if (variables.length === 0 || literals.slice(1, -1).some((text) => text === "")) {
        return undefined;
    }
    // Named after the variable's last part (`$context.identity.sourceIp` → sourceIp), or its whole
    // path where two variables share a last part.
    const last = (v: string) => v.slice(v.lastIndexOf(".") + 1);
    const fields: AccessLogField[] = [];
    const used = new Set<string>();
    variables.forEach((variable) => {
        const shared = variables.some((other) => other !== variable && last(other) === last(variable));
        const base = shared ? variable.slice("$context.".length).replace(/\./g, "_") : last(variable);
        let field = base;
        for (let n = 2; used.has(field); n++) {
            field = `${base}_${n}`;
        }
        used.add(field);
        fields.push({ variable, field, numeric: false });
    });
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return { kind: "pattern", fields, glob: literals.join("*"), line: new RegExp(`^${literals.map(escape).join("(.*?)")}$`, "s") };
}

function add(fields: AccessLogField[], field: AccessLogField): void {
    // The first field holding a variable is the one queries use.
    if (!fields.some((f) => f.variable === field.variable)) {
        fields.push(field);
    }
}

/** The field holding the first of `variables` the layout has, in the order given. */
export function fieldOf(layout: AccessLogLayout | undefined, ...variables: string[]): AccessLogField | undefined {
    for (const variable of variables) {
        const found = layout?.fields.find((f) => f.variable === variable);
        if (found) {
            return found;
        }
    }
    return undefined;
}

/**
 * Reads one access-log line back into `$context` variable → value (as text; "-" where API Gateway
 * had no value). Undefined when the line does not have the format's shape.
 */
export function parseAccessLogLine(layout: AccessLogLayout, line: string): Record<string, string> | undefined {
    const text = line.replace(/\r?\n$/, "");
    if (layout.kind === "json") {
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch {
            return undefined;
        }
        const values: Record<string, string> = {};
        for (const { variable, field } of layout.fields) {
            let value: unknown = parsed;
            for (const key of field.split(".")) {
                value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
            }
            if (value !== undefined && value !== null && typeof value !== "object") {
                values[variable] = String(value);
            }
        }
        return values;
    }
    const match = layout.line.exec(text);
    if (!match) {
        return undefined;
    }
    const values: Record<string, string> = {};
    layout.fields.forEach(({ variable }, i) => {
        values[variable] ??= match[i + 1];
    });
    return values;
}
