// Generic checks of a value's shape: the helpers every rule and resolver uses. Each throws a
// ValidationError naming the input, the value and what is allowed.

import { closest, ValidationError } from "./errors";

/** `secretProblem`: what to say instead when the bounds come from a secret value (errors.ts). */
export function integerIn(value: unknown, path: string, min: number, max: number, unit: string, secretProblem?: string): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        throw new ValidationError(path, value, `must be a whole number from ${min} to ${max} ${unit}`, secretProblem);
    }
    return value;
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
        const hint = typeof value === "string" ? closest(value, allowed) : undefined;
        throw new ValidationError(
            path,
            value,
            `is not allowed (allowed: ${allowed.join(", ")})${hint ? `; did you mean "${hint}"?` : ""}`,
        );
    }
    return value as T;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || typeof value === "boolean") {
        return value;
    }
    throw new ValidationError(path, value, "must be true or false");
}

/** Checks a plain object and refuses unknown keys, so a typo never silently falls back to a default. */
export function object(value: unknown, path: string, known: readonly string[] | null): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new ValidationError(path, value, "must be an object");
    }
    if (known) {
        for (const key of Object.keys(value)) {
            if (!known.includes(key)) {
                const hint = closest(key, known);
                throw new ValidationError(
                    `${path}.${key}`,
                    (value as Record<string, unknown>)[key],
                    `is not a known setting${hint ? `; did you mean "${hint}"?` : ""} (known: ${known.join(", ")})`,
                );
            }
        }
    }
    return value as Record<string, unknown>;
}

export function forbid(raw: Record<string, unknown>, key: string, path: string, why: string): void {
    if (raw[key] !== undefined) {
        throw new ValidationError(`${path}.${key}`, raw[key], why);
    }
}

export function optional<K extends string, T>(key: K, value: unknown, check: (v: unknown) => T): { [P in K]?: T } {
    return (value === undefined ? {} : { [key]: check(value) }) as { [P in K]?: T };
}


export function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
