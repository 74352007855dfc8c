// @pulumi/pulumi passes each of its internal promises (four per output property of every
// resource, a few more per registration) through `debuggablePromise`, which stores
// `new Error().stack` on the promise. That stack is read only to explain a leaked promise, and
// only when PULUMI_DEBUG_PROMISE_LEAKS is set. Formatting it is not free: Pulumi's runner installs
// source-map-support, which maps every frame, and for 100 stages these stacks were over half of
// the program's evaluation time (see "Performance" in the README).
//
// So, unless leak debugging is on, those stacks are captured with no frames. Everything else the
// SDK does with the promise stays: its id and context, and the leak check at exit that fails a
// deployment which left promises pending. The SDK's own errors and the source positions it sends
// to the engine (Resource.callsites) are not affected.

/** The part of @pulumi/pulumi/runtime/debuggable this relies on (internal to the SDK, so untyped). */
export interface DebuggableModule {
    debuggablePromise?: unknown;
    debugPromiseLeaks?: boolean;
}

type PromiseWrapper = ((p: Promise<unknown>, ctx: unknown) => Promise<unknown>) & { [WITHOUT_STACKS]?: true };

const WITHOUT_STACKS = Symbol.for("apigw-logging:promiseStacks");

/**
 * Makes the SDK's promise bookkeeping capture no stack frames. Returns whether it is in effect:
 * false when PULUMI_DEBUG_PROMISE_LEAKS asks for the stacks, or when the SDK no longer has the
 * function this wraps (a newer SDK may have changed it; then nothing is touched).
 */
export function skipPromiseStackCapture(
    sdk: DebuggableModule = require("@pulumi/pulumi/runtime/debuggable"),
    env: NodeJS.ProcessEnv = process.env,
): boolean {
    if (env.PULUMI_DEBUG_PROMISE_LEAKS || sdk.debugPromiseLeaks) {
        return false;
    }
    const original = sdk.debuggablePromise as PromiseWrapper | undefined;
    if (typeof original !== "function") {
        return false;
    }
    if (original[WITHOUT_STACKS]) {
        return true;
    }
    const withoutStacks: PromiseWrapper = function (this: unknown, p, ctx) {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return original.call(this, p, ctx);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    withoutStacks[WITHOUT_STACKS] = true;
    sdk.debuggablePromise = withoutStacks;
    return sdk.debuggablePromise === withoutStacks;
}
