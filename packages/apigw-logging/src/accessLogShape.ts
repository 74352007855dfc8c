// What a raw access-log format promises by its look: one that starts with "{" promises JSON, "<"
// XML, and one whose variables are separated by commas only promises CSV. API Gateway writes each
// variable's value into the format as it is, without quoting or escaping anything, so a format can
// look right and still make every line unreadable: the saved queries, `npm run logs` and Athena
// then silently lose their fields. These checks are exact: each refuses only what breaks every line
// (or, for CSV, a value AWS documents as free text that can hold the separator). Pure functions.

import { CONTEXT_VARIABLE, lookupContextVariable } from "./contextVariables";

/** The format's variables, each with the literal text before it (and the text after the last). */
function tokens(format: string): { literals: string[]; variables: string[] } {
    return { literals: format.split(CONTEXT_VARIABLE), variables: format.match(CONTEXT_VARIABLE) ?? [] };
}

/** Why `format` is not what it looks like, or undefined. */
export function formatShapeProblem(format: string): string | undefined {
    const start = format.trimStart()[0];
    if (start === "{") {
        return jsonProblem(format);
    }
    if (start === "<") {
        return xmlProblem(format);
    }
    return csvProblem(format);
}

/**
 * A format that starts with "{" must be one JSON object once API Gateway fills in the variables:
 * text variables inside quotes, numbers and `$context.error.messageString` (which API Gateway writes
 * with its own quotes) outside them, and every brace closed.
 */
function jsonProblem(format: string): string | undefined {
    const { literals, variables } = tokens(format);
    let line = "";
    let inString = false;
    for (let i = 0; i < literals.length; i++) {
        const literal = literals[i];
        for (let j = 0; j < literal.length; j++) {
            if (inString && literal[j] === "\\") {
                j++;
            } else if (literal[j] === '"') {
                inString = !inString;
            }
        }
        line += literal;
        const variable = variables[i];
        if (variable === undefined) {
            break;
        }
        const info = lookupContextVariable(variable);
        if (info?.preQuoted) {
            if (inString) {
                return `puts ${variable} inside quotes, but API Gateway writes it with its own quotes: every line would be invalid JSON; write it without quotes (or use $context.error.message inside them)`;
            }
            line += info.example;
        } else if (inString) {
            line += JSON.stringify(info?.example ?? "x").slice(1, -1);
        } else if (info?.type === "number") {
            line += info.example;
        } else {
            return `writes ${variable} outside quotes, but its value is text: every line would be invalid JSON; put it in quotes ("${variable}")`;
        }
    }
    const unbalanced = unbalancedBrackets(format);
    if (unbalanced) {
        return `looks like JSON but ${unbalanced}: every line would be invalid JSON, and the saved queries would find none of its fields`;
    }
    try {
        const parsed: unknown = JSON.parse(line);
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
            return undefined;
        }
    } catch {
        // reported below
    }
    return "looks like JSON but is not one JSON object once API Gateway fills in the variables: every line would be invalid JSON, and the saved queries would find none of its fields";
}

/** "{" and "[" outside strings, each closed by its own kind, in order. */
function unbalancedBrackets(format: string): string | undefined {
    const open: string[] = [];
    let inString = false;
    for (let i = 0; i < format.length; i++) {
        const ch = format[i];
        if (inString) {
            if (ch === "\\") {
                i++;
            } else if (ch === '"') {
                inString = false;
            }
        } else if (ch === '"') {
            inString = true;
        } else if (ch === "{" || ch === "[") {
            open.push(ch);
        } else if (ch === "}" || ch === "]") {
            const expected = open.pop() === "{" ? "}" : "]";
            if (ch !== expected) {
                return `has a "${ch}" that closes nothing (at character ${i + 1})`;
            }
        }
    }
    if (inString) {
        return "has a quote that is never closed";
    }
    return open.length > 0 ? `leaves ${open.length} "${open[open.length - 1]}" unclosed` : undefined;
}

/** A format that starts with "<" must be well-formed XML: every element closed, in order. */
function xmlProblem(format: string): string | undefined {
    const open: string[] = [];
    const tag = /<(\/?)([A-Za-z_][\w.-]*)(?:\s+[^<>]*?)?(\/?)>|<[^>]*$/g;
    for (const match of format.matchAll(tag)) {
        const [whole, closing, name, selfClosing] = match;
        if (name === undefined) {
            return `looks like XML but ${JSON.stringify(whole.slice(0, 20))} is a tag that is never closed with ">": no line would be well-formed XML`;
        }
        if (selfClosing) {
            continue;
        }
        if (!closing) {
            open.push(name);
        } else if (open[open.length - 1] !== name) {
            const expected = open[open.length - 1];
            return `looks like XML but </${name}> closes ${expected ? `<${expected}>` : "nothing"}: no line would be well-formed XML`;
        } else {
            open.pop();
        }
    }
    return open.length > 0 ? `looks like XML but <${open[open.length - 1]}> is never closed: no line would be well-formed XML` : undefined;
}

/**
 * A format whose variables are separated by commas alone (the csv preset's shape) is read as CSV:
 * a variable whose value is free text (AWS documents it as a message, a list or a distinguished
 * name) would add columns whenever the text holds a comma.
 */
function csvProblem(format: string): string | undefined {
    const { literals, variables } = tokens(format.trim());
    const separators = literals.slice(1, -1);
    if (variables.length < 2 || separators.some((text) => text !== ",") || literals[0] !== "" || literals[literals.length - 1] !== "") {
        return undefined;
    }
    const freeText = variables.find((v) => lookupContextVariable(v)?.freeText);
    return freeText
        ? `is comma-separated, but ${freeText} is free text that can hold commas: a line with one would have extra columns; ` +
              "log it in a JSON format (json), or leave it out"
        : undefined;
}
