// Every e2e run has one id, which is also its Pulumi stack name, its stages' name, the prefix of its
// REST APIs' names and (through `pulumi:autonaming`) of every auto-named resource: `e2e-<UTC start,
// yyyymmddhhmmss>-<4 hex>`. Anything in the account whose name carries such an id was made by a run,
// and the id says when that run started, so a later run can tell an abandoned leftover from a run
// that may still be going.

import * as crypto from "crypto";

/** Where a run id appears in a resource name. */
export const RUN_ID_PATTERN = /e2e-(\d{14})-([0-9a-f]{4})/;

export function newRunId(now: Date = new Date(), suffix: string = crypto.randomBytes(2).toString("hex")): string {
    const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
    return `e2e-${stamp}-${suffix}`;
}

/** The run id carried by a name, or undefined. */
export function runIdIn(name: string): string | undefined {
    return RUN_ID_PATTERN.exec(name)?.[0];
}

/** When the run started (ms since the epoch), from its id. */
export function runStartedAt(runId: string): number | undefined {
    const match = RUN_ID_PATTERN.exec(runId);
    if (!match) {
        return undefined;
    }
    const d = match[1];
    const at = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(8, 10), +d.slice(10, 12), +d.slice(12, 14));
    return Number.isNaN(at) ? undefined : at;
}
