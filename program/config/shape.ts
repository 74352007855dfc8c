// The config edge's first check: every key known, every value of the kind its declaration says
// (declarations.generated.ts, from declaration.ts). Values are the component's business: it checks
// them once, and the program reports its errors under the config key that set them.

import { closest, ValidationError } from "apigw-logging";

export type ShapeKind =
    | { kind: "string" | "number" | "boolean" | "any" | "resource" | "false" }
    | { kind: "enum"; name: string; values: string[] }
    | { kind: "object"; name: string }
    | { kind: "map"; of: ShapeKind }
    | { kind: "list"; of: ShapeKind }
    | { kind: "union"; of: ShapeKind[] };

export interface ConfigShape {
    /** The keys each object knows, by path ("" is the root, "[]" a list item). */
    keys: Record<string, string[]>;
    /** What each setting holds, by path. */
    settings: Record<string, ShapeKind>;
}

/**
 * Checks `value` (the setting at `shapePath` of the declaration) and everything under it. `at` names
 * the value for the user (`apigw-logging:stages[0].accessLogs`). Enum values are left to the
 * component, which says what is allowed with a "did you mean".
 */
export function checkShape(shape: ConfigShape, shapePath: string, value: unknown, at: string): void {
    if (value === undefined) {
        return;
    }
    const kind = shapePath === "" ? ({ kind: "object", name: "StackConfig" } as ShapeKind) : shape.settings[shapePath];
    if (!kind) {
        return;
    }
    checkKind(shape, kind, shapePath, value, at);
}

function checkKind(shape: ConfigShape, kind: ShapeKind, shapePath: string, value: unknown, at: string): void {
    switch (kind.kind) {
        case "string":
        case "enum":
            return expect(typeof value === "string", value, at, "must be text");
        case "number":
            return expect(typeof value === "number", value, at, "must be a number");
        case "boolean":
            return expect(typeof value === "boolean", value, at, "must be true or false");
        case "false":
            return expect(value === false, value, at, "must be false");
        case "list":
            expect(Array.isArray(value), value, at, "must be a list");
            (value as unknown[]).forEach((item, i) => checkKind(shape, kind.of, `${shapePath}[]`, item, `${at}[${i}]`));
            return;
        case "map":
            expect(isObject(value), value, at, "must be an object");
            if (kind.of.kind !== "any" && kind.of.kind !== "union") {
                for (const [key, item] of Object.entries(value as object)) {
                    checkKind(shape, kind.of, `${shapePath}{}`, item, `${at}.${key}`);
                }
            }
            return;
        case "object":
            expect(isObject(value), value, at, "must be an object");
            return checkObject(shape, shapePath, value as Record<string, unknown>, at);
        case "union": {
            const fits = kind.of.find((k) => fitsKind(k, value));
            expect(fits !== undefined, value, at, `must be ${kind.of.map(describeKind).join(" or ")}`);
            if (fits!.kind === "object") {
                checkObject(shape, shapePath, value as Record<string, unknown>, at);
            }
            return;
        }
        default:
            return;
    }
}

function checkObject(shape: ConfigShape, shapePath: string, value: Record<string, unknown>, at: string): void {
    const known = shape.keys[shapePath];
    if (!known) {
        return;
    }
    for (const [key, item] of Object.entries(value)) {
        if (!known.includes(key)) {
            const hint = closest(key, known);
            throw new ValidationError(
                `${at}.${key}`,
                item,
                `is not a known setting${hint ? `; did you mean "${hint}"?` : ""} (known: ${known.join(", ")})`,
            );
        }
        checkShape(shape, shapePath ? `${shapePath}.${key}` : key, item, `${at}.${key}`);
    }
}

function fitsKind(kind: ShapeKind, value: unknown): boolean {
    switch (kind.kind) {
        case "string":
        case "enum":
            return typeof value === "string";
        case "number":
            return typeof value === "number";
        case "boolean":
            return typeof value === "boolean";
        case "false":
            return value === false;
        case "list":
            return Array.isArray(value);
        case "map":
        case "object":
            return isObject(value);
        default:
            return true;
    }
}

function describeKind(kind: ShapeKind): string {
    switch (kind.kind) {
        case "map":
        case "object":
            return "an object";
        case "list":
            return "a list";
        case "false":
            return "false";
        case "enum":
        case "string":
            return "text";
        default:
            return `a ${kind.kind}`;
    }
}

function expect(ok: boolean, value: unknown, at: string, problem: string): void {
    if (!ok) {
        throw new ValidationError(at, value, problem);
    }
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
