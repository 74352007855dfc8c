import * as assert from "assert";
import { newRunId, runIdIn, runStartedAt } from "../../../tools/e2e/runId";
import { done, formatDuration, pending, waitFor, WaitTimeoutError } from "../../../tools/e2e/wait";

/** A clock that only moves when the code under test sleeps. */
function fakeClock() {
    let now = 1_000_000;
    const sleeps: number[] = [];
    return {
        now: () => now,
        sleep: async (ms: number) => {
            sleeps.push(ms);
            now += ms;
        },
        sleeps,
    };
}

describe("e2e: waitFor", () => {
    it("checks at once, then every interval, and returns the value of the first check that is done", async () => {
        const clock = fakeClock();
        let calls = 0;
        const pendingSeen: string[] = [];
        const value = await waitFor(async () => (++calls < 3 ? pending(`attempt ${calls}`) : done("found")), {
            what: "a thing",
            timeoutMs: 60_000,
            intervalMs: 10_000,
            now: clock.now,
            sleep: clock.sleep,
            onPending: (detail, elapsed) => pendingSeen.push(`${detail} at ${elapsed}`),
        });
        assert.strictEqual(value, "found");
        assert.strictEqual(calls, 3);
        assert.deepStrictEqual(clock.sleeps, [10_000, 10_000]);
        assert.deepStrictEqual(pendingSeen, ["attempt 1 at 0", "attempt 2 at 10000"]);
    });

    it("gives up after the timeout, with one last check at the deadline, saying what it waited for and what it saw last", async () => {
        const clock = fakeClock();
        let calls = 0;
        const wait = waitFor(async () => pending(`${++calls} objects, none with the request id`), {
            what: "an object under s3://bucket/prefix/",
            timeoutMs: 25_000,
            intervalMs: 10_000,
            now: clock.now,
            sleep: clock.sleep,
        });
        await assert.rejects(wait, (error: unknown) => {
            assert.ok(error instanceof WaitTimeoutError);
            assert.strictEqual(
                error.message,
                "timed out after 25s waiting for an object under s3://bucket/prefix/ (4 checks); last check: 4 objects, none with the request id",
            );
            return true;
        });
        // 0, 10, 20, then the last sleep is cut to the deadline (25).
        assert.deepStrictEqual(clock.sleeps, [10_000, 10_000, 5_000]);
    });

    it("does not retry a check that throws: the error is the failure", async () => {
        const clock = fakeClock();
        let calls = 0;
        await assert.rejects(
            waitFor(
                async () => {
                    calls++;
                    throw new Error("AccessDeniedException: not allowed to FilterLogEvents");
                },
                { what: "x", timeoutMs: 60_000, intervalMs: 1000, now: clock.now, sleep: clock.sleep },
            ),
            /AccessDeniedException/,
        );
        assert.strictEqual(calls, 1);
    });

    it("waits in real time when no clock is given", async () => {
        const started = Date.now();
        let calls = 0;
        await assert.rejects(waitFor(async () => pending(`call ${++calls}`), { what: "nothing", timeoutMs: 60, intervalMs: 20 }), /waiting for nothing \(\d+ checks\); last check: call \d+$/);
        assert.ok(Date.now() - started >= 60);
        assert.ok(calls >= 2 && calls <= 6, `${calls} checks`);
    });

    it("formats durations in hours, minutes and seconds", () => {
        assert.deepStrictEqual([0, 4_000, 59_600, 95_000, 360_000, 21_600_000, 45_000_000].map(formatDuration), ["0s", "4s", "1m 0s", "1m 35s", "6m 0s", "6h 0m", "12h 30m"]);
    });
});

describe("e2e: run ids", () => {
    it("are e2e-<UTC start>-<4 hex>, found again inside longer names, with their start time", () => {
        const id = newRunId(new Date("2026-12-03T11:45:32.789Z"), "4c9f");
        assert.strictEqual(id, "e2e-20261203114532-4c9f");
        assert.match(newRunId(), /^e2e-\d{14}-[0-9a-f]{4}$/);
        assert.strictEqual(runIdIn(`API-Gateway-Execution-Logs_a1b2c3d4e5/${id}`), id);
        assert.strictEqual(runIdIn(`${id}-account-setting-cloudwatch-role-1a2b`), id);
        assert.strictEqual(runIdIn("API-Gateway-Execution-Logs_a1b2c3d4e5/prod"), undefined);
        assert.strictEqual(runStartedAt(id), Date.parse("2026-12-03T11:45:32Z"));
        assert.strictEqual(runStartedAt("prod"), undefined);
    });
});
