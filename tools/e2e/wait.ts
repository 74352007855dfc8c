// Bounded waiting: every wait in the e2e suite polls a check until it succeeds or a deadline passes,
// and a timeout says what was awaited, for how long, and what the last check saw.

export type CheckResult<T> = { done: true; value: T } | { done: false; detail: string };

export const done = <T>(value: T): CheckResult<T> => ({ done: true, value });
export const pending = (detail: string): CheckResult<never> => ({ done: false, detail });

export interface WaitOptions {
    /** What is awaited, for the timeout message: "request abc in the access-log group". */
    what: string;
    timeoutMs: number;
    intervalMs: number;
    /** For tests. */
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    /** Called after each unsuccessful check (progress on stderr in the suite). */
    onPending?: (detail: string, elapsedMs: number) => void;
}

export class WaitTimeoutError extends Error {
    constructor(
        readonly what: string,
        readonly elapsedMs: number,
        readonly checks: number,
        readonly lastDetail: string,
    ) {
        super(`timed out after ${formatDuration(elapsedMs)} waiting for ${what} (${checks} checks); last check: ${lastDetail}`);
        this.name = "WaitTimeoutError";
    }
}

/**
 * Runs `check` now and then every `intervalMs` until it reports done, and returns its value. Once
 * `timeoutMs` has passed it checks one last time and then throws a WaitTimeoutError. An error thrown
 * by the check is not retried: a check that expects errors turns them into `pending(detail)`.
 */
export async function waitFor<T>(check: () => Promise<CheckResult<T>>, options: WaitOptions): Promise<T> {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const started = now();
    let checks = 0;
    for (;;) {
        const result = await check();
        checks++;
        if (result.done) {
            return result.value;
        }
        const elapsed = now() - started;
        if (elapsed >= options.timeoutMs) {
            throw new WaitTimeoutError(options.what, elapsed, checks, result.detail);
        }
        options.onPending?.(result.detail, elapsed);
        await sleep(Math.min(options.intervalMs, options.timeoutMs - elapsed));
    }
}

/** 4000 → "4s"; 95000 → "1m 35s"; 21600000 → "6h 0m". */
export function formatDuration(ms: number): string {
    const seconds = Math.round(ms / 1000);
    const minutes = Math.floor(seconds / 60);
    const hours = Math.floor(minutes / 60);
    return hours > 0 ? `${hours}h ${minutes % 60}m` : minutes > 0 ? `${minutes}m ${seconds % 60}s` : `${seconds}s`;
}
