// Inputs whose value may or may not be known when the program runs: use a plain value now, an
// Output when it resolves. Checks run on known values and let unknown ones through (at preview).

import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "./errors";

/**
 * Checks an input whose value may not be known yet: a plain value now; an Output or a promise when it
 * resolves (in a real run, before the resources that use it are created), so an unknown value at
 * preview is let through rather than refused. A secret stays secret: the result is secret too (apply
 * keeps secretness), and an error about it says `[secret]` instead of the value.
 */
export function whenKnown<T>(value: pulumi.Input<T>, check: (plain: unknown) => T): pulumi.Input<T> {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        const output = pulumi.output(value);
        return output.apply(async (plain) => {
            try {
                return check(plain);
            } catch (error) {
                throw error instanceof ValidationError && (await pulumi.isSecret(output)) ? error.redacted() : error;
            }
        }) as pulumi.Output<T>;
    }
    return check(value);
}

/**
 * `check` of several inputs together (a rule between settings, or a value derived from them): now
 * when every one is plain, with no Output made; otherwise once all resolve, the result secret when
 * one of them is, and an error then redacted (`[secret]`, and `secretProblem`).
 */
export function whenAllKnown<T extends readonly unknown[], R>(values: { readonly [K in keyof T]: pulumi.Input<T[K]> }, check: (plain: T) => R): pulumi.Input<R> {
    if (!values.some(isPending)) {
        return check(values as unknown as T);
    }
    const all = pulumi.all(values as unknown as pulumi.Input<unknown>[]);
    return all.apply(async (plain) => {
        try {
            return check(plain as unknown as T);
        } catch (error) {
            throw error instanceof ValidationError && (await pulumi.isSecret(all)) ? error.redacted() : error;
        }
    }) as pulumi.Output<R>;
}

function isPending(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** The value when it is plain (known now), undefined for an Output or a promise. */
export function plainValue<T>(value: pulumi.Input<T> | undefined): T | undefined {
    return pulumi.Output.isInstance(value) || value instanceof Promise ? undefined : (value as T | undefined);
}

/**
 * `derive(value)` now when the value is a plain string (a stage listed in config), otherwise once it
 * resolves. Every `apply` costs the SDK a chain of promises: for names they were about a tenth of a
 * 100-stage preview (docs/performance.md).
 */
export function fromInput<T>(value: pulumi.Input<string>, derive: (value: string) => T): pulumi.Input<T> {
    return typeof value === "string" ? derive(value) : pulumi.output(value).apply(derive);
}

/**
 * The value as an Output: an Output as it is (`pulumi.output` would wrap it in a new one, at the
 * cost of a chain of promises), anything else wrapped.
 */
export function asOutput<T>(value: pulumi.Input<T>): pulumi.Output<T> {
    return (pulumi.Output.isInstance(value) ? value : pulumi.output(value)) as pulumi.Output<T>;
}
