// Reading a resource's properties in a rule: values unknown during preview, labels and the
// component's own one-line messages.

import * as policySdk from "@pulumi/policy";
import { ValidationError } from "apigw-logging/pure";

// A value computed from a resource not created yet is unknown during `pulumi preview`, and
// @pulumi/policy throws UnknownValueError when a rule reads it. The engine runs every rule again
// during `pulumi up` with the real values, so a rule skips what it cannot see yet.
const { UnknownValueError } = policySdk as unknown as { UnknownValueError: new (...args: never[]) => Error };
export const UNKNOWN: unique symbol = Symbol("unknown during preview");

export function read<T>(get: () => T): T | typeof UNKNOWN {
    try {
        return get();
    } catch (error) {
        if (error instanceof UnknownValueError) {
            return UNKNOWN;
        }
        throw error;
    }
}

export const known = (value: unknown): value is string => typeof value === "string" && value !== "";

/** `restApiId/stageName` where both are known, else the Pulumi resource name. */
export function stageLabel(props: Record<string, unknown>, name: string): string {
    const api = read(() => props.restApi ?? props.restApiId);
    const stage = read(() => props.stageName);
    return known(api) && known(stage) ? `${api}/${stage}` : name;
}

/** The ValidationError a component check throws, or undefined when the value passes it. */
export function refusal(check: () => unknown): ValidationError | undefined {
    try {
        check();
        return undefined;
    } catch (error) {
        if (error instanceof ValidationError) {
            return error;
        }
        throw error;
    }
}

/** A ValidationError's one-line message for `problem`, about `value` at `path`. */
export const line = (path: string, value: unknown, problem: string) => new ValidationError(path, value, problem).message;
