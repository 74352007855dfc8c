// The run the scenarios act on: suite.ts creates it, mocha then loads scenarios.ts, which reads it.

import type { E2eRun } from "./run";

let current: E2eRun | undefined;

export function setCurrentRun(run: E2eRun | undefined): void {
    current = run;
}

export function currentRun(): E2eRun {
    if (!current) {
        throw new Error("tools/e2e/scenarios.ts runs under tools/e2e/suite.ts (npm run test:e2e), which creates the run");
    }
    return current;
}
