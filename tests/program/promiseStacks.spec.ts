// program/promiseStacks.ts: the SDK's per-promise stack traces are captured without frames,
// unless leak debugging asks for them, and nothing else about the SDK's promises changes.

import * as assert from "assert";
import { DebuggableModule, skipPromiseStackCapture } from "../../program/promiseStacks";
import { planStack } from "../../tools/plan";
import { PROJECT, stackConfig } from "../helpers";

const HAS_FRAMES = /\n\s+at /;

/** A module shaped like @pulumi/pulumi/runtime/debuggable whose function keeps the stacks it captures. */
function stackRecordingSdk(debugPromiseLeaks = false): { sdk: DebuggableModule; stacks: string[] } {
    const stacks: string[] = [];
    const sdk: DebuggableModule = {
        debugPromiseLeaks,
        debuggablePromise: (p: Promise<unknown>) => {
            stacks.push(new Error().stack ?? "");
            return p;
        },
    };
    return { sdk, stacks };
}

function callSdk(sdk: DebuggableModule, p: Promise<unknown>): Promise<unknown> {
    return (sdk.debuggablePromise as (p: Promise<unknown>, ctx: string) => Promise<unknown>)(p, "test");
}

describe("promiseStacks", () => {
    it("captures the SDK's promise stacks without frames and puts Error.stackTraceLimit back", () => {
        const { sdk, stacks } = stackRecordingSdk();
        const limit = Error.stackTraceLimit;
        assert.strictEqual(skipPromiseStackCapture(sdk, {}), true);
        const p = Promise.resolve(1);
        assert.strictEqual(callSdk(sdk, p), p, "the SDK's own return value comes back");
        assert.deepStrictEqual(stacks, ["Error"]);
        assert.strictEqual(Error.stackTraceLimit, limit);
        assert.match(new Error("the program's own").stack ?? "", HAS_FRAMES);
    });

    it("puts the limit back when the SDK's function throws", () => {
        const sdk: DebuggableModule = {
            debuggablePromise: () => {
                throw new Error("inside the SDK");
            },
        };
        const limit = Error.stackTraceLimit;
        skipPromiseStackCapture(sdk, {});
        assert.throws(() => callSdk(sdk, Promise.resolve()), /inside the SDK/);
        assert.strictEqual(Error.stackTraceLimit, limit);
    });

    it("keeps the stacks when PULUMI_DEBUG_PROMISE_LEAKS is set, since that is when the SDK prints them", () => {
        for (const [sdkFlag, env] of [
            [false, { PULUMI_DEBUG_PROMISE_LEAKS: "1" }],
            [true, {}],
        ] as const) {
            const { sdk, stacks } = stackRecordingSdk(sdkFlag);
            assert.strictEqual(skipPromiseStackCapture(sdk, env), false);
            callSdk(sdk, Promise.resolve());
            assert.match(stacks[0], HAS_FRAMES);
        }
    });

    it("touches nothing when the SDK no longer has the function", () => {
        const sdk: DebuggableModule = {};
        assert.strictEqual(skipPromiseStackCapture(sdk, {}), false);
        assert.deepStrictEqual(sdk, {});
    });

    it("wraps once, however often the program is loaded", () => {
        const { sdk, stacks } = stackRecordingSdk();
        skipPromiseStackCapture(sdk, {});
        const wrapped = sdk.debuggablePromise;
        assert.strictEqual(skipPromiseStackCapture(sdk, {}), true);
        assert.strictEqual(sdk.debuggablePromise, wrapped);
        callSdk(sdk, Promise.resolve());
        assert.strictEqual(stacks.length, 1);
    });

    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const sdkVersion = (require("@pulumi/pulumi/package.json") as { version: string }).version;

    describe(`with the installed @pulumi/pulumi (${sdkVersion}) itself`, () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const sdk = require("@pulumi/pulumi/runtime/debuggable") as DebuggableModule;
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<Promise<unknown>> } };

        it("its promises carry a frameless stack and are still watched by its leak check", async () => {
            assert.strictEqual(skipPromiseStackCapture(sdk, {}), true);
            let resolve: () => void = () => undefined;
            const p = new Promise<void>((r) => (resolve = r));
            const watched = callSdk(sdk, p);
            assert.strictEqual((p as unknown as { _debugStackTrace: string })._debugStackTrace, "Error");
            assert.ok(state.getStore().leakCandidates.has(p), "a pending promise is a leak candidate");
            resolve();
            await watched;
            assert.ok(!state.getStore().leakCandidates.has(p), "a settled one is not");
        });

        it("index.ts turns it on before it creates any resource", async () => {
            const { sdk: recording, stacks } = stackRecordingSdk();
            const current = sdk.debuggablePromise;
            sdk.debuggablePromise = recording.debuggablePromise; // as a fresh SDK would have it
            try {
                const plan = await planStack({
                    project: PROJECT,
                    stack: "dev",
                    config: stackConfig({ "aws:region": "eu-west-1", stages: [{ restApiId: "a1b2c3d4e5", stageName: "v1" }] }),
                    secretKeys: [],
                });
                assert.ok(plan.resources.length > 5);
            } finally {
                sdk.debuggablePromise = current;
            }
            assert.ok(stacks.length > 100, `the SDK wrapped ${stacks.length} promises`);
            assert.deepStrictEqual(
                stacks.filter((s) => HAS_FRAMES.test(s)),
                [],
            );
        });
    });
});
