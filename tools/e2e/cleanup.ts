// Cleanup: what the suite (or an earlier, failed run of it) left in the account, and the order to
// remove it in. The plan is pure (planCleanup); runCleanup carries it out through a CleanupApi (the
// AWS one is in awsCleanup.ts) and then looks again, so "nothing left" is checked, not assumed.
//
// A resource belongs to a run when its name (or, for buckets, its tag) carries the run's id
// (runId.ts). This run's resources are removed; another run's only once it is older than
// `staleAfterMs`, so a nightly run never deletes what a concurrent manual run is still using.
// The one exception: the IAM role the region's API Gateway account setting points at is never
// deleted while it does (that would stop execution logging for every API in the region); the
// setting is first pointed back at the role it had before the run, when that role still exists.

import { runIdIn, runStartedAt } from "./runId";
import { formatDuration } from "./wait";

export const KINDS = ["firehose-stream", "rest-api", "query-definition", "log-group", "s3-bucket", "iam-role", "stack-file"] as const;
export type Kind = (typeof KINDS)[number];

export interface Found {
    kind: Kind;
    /** What the delete call takes: a REST API id, a log group name, a query definition id, a role name, a path. */
    id: string;
    /** What a person recognises: the name. */
    name: string;
    /** The run it belongs to. */
    runId: string;
}

export interface Inventory {
    found: Found[];
    /** The role the region's API Gateway account setting points at now. */
    accountRoleArn?: string;
}

export interface PlanOptions {
    /** The run being cleaned up; unset for `--cleanup-only`, which removes only stale leftovers. */
    runId?: string;
    now: number;
    /** Another run's resources are removed once that run started this long ago. */
    staleAfterMs: number;
    /** The account setting's role before this run started, if that role still exists. */
    previousAccountRoleArn?: string;
}

export interface CleanupPlan {
    remove: Found[];
    keep: { resource: Found; reason: string }[];
    /** Point the account setting back at this role before removing `replacedRoleName`, the one it points at. */
    restoreAccountRoleArn?: string;
    replacedRoleName?: string;
}

/** The role name in a role ARN (`arn:aws:iam::123:role/path/name` → `name`). */
export const roleNameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** Which name in a list carries a run id: for the inventories. */
export function withRunId(kind: Kind, id: string, name: string): Found | undefined {
    const runId = runIdIn(name);
    return runId ? { kind, id, name, runId } : undefined;
}

export function planCleanup(inventory: Inventory, options: PlanOptions): CleanupPlan {
    const remove: Found[] = [];
    const keep: CleanupPlan["keep"] = [];
    for (const resource of inventory.found) {
        if (resource.runId === options.runId) {
            remove.push(resource);
            continue;
        }
        const started = runStartedAt(resource.runId);
        const age = started === undefined ? Infinity : options.now - started;
        if (age >= options.staleAfterMs) {
            remove.push(resource);
        } else {
            keep.push({
                resource,
                reason: `run ${resource.runId} started ${formatDuration(Math.max(0, age))} ago and may still be going; it is removed once older than ${formatDuration(options.staleAfterMs)}`,
            });
        }
    }

    let restoreAccountRoleArn: string | undefined;
    const pointedAt = inventory.accountRoleArn ? roleNameOf(inventory.accountRoleArn) : undefined;
    const index = remove.findIndex((r) => r.kind === "iam-role" && r.id === pointedAt);
    if (index >= 0) {
        const previous = options.previousAccountRoleArn;
        const previousRemoved = previous !== undefined && remove.some((r) => r.kind === "iam-role" && r.id === roleNameOf(previous));
        if (previous && !previousRemoved && previous !== inventory.accountRoleArn) {
            restoreAccountRoleArn = previous;
        } else {
            const [role] = remove.splice(index, 1);
            keep.push({
                resource: role,
                reason:
                    "the region's API Gateway account setting points at it, and there is no earlier role to point it back at; " +
                    "deleting it would stop execution logging for every REST API in the region (the next run's cleanup removes it once the setting points elsewhere)",
            });
        }
    }
    remove.sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.name.localeCompare(b.name));
    return { remove, keep, ...(restoreAccountRoleArn ? { restoreAccountRoleArn, replacedRoleName: pointedAt } : {}) };
}

export interface CleanupApi {
    inventory(): Promise<Inventory>;
    /** Removes one resource; one that is already gone is not an error. */
    remove(resource: Found): Promise<void>;
    setAccountRole(roleArn: string): Promise<void>;
}

export interface CleanupReport {
    plan: CleanupPlan;
    removed: Found[];
    failed: { resource: Found; error: string }[];
    /** What the second inventory still found of what the plan removed. */
    leftovers: Found[];
    restoreError?: string;
}

const describe = (r: Found) => `${r.kind} ${r.name}`;

export async function runCleanup(api: CleanupApi, options: PlanOptions & { log: (line: string) => void }): Promise<CleanupReport> {
    const plan = planCleanup(await api.inventory(), options);
    const report: CleanupReport = { plan, removed: [], failed: [], leftovers: [] };
    for (const { resource, reason } of plan.keep) {
        options.log(`keep   ${describe(resource)}: ${reason}`);
    }
    if (plan.restoreAccountRoleArn) {
        try {
            await api.setAccountRole(plan.restoreAccountRoleArn);
            options.log(`account setting pointed back at ${plan.restoreAccountRoleArn}`);
        } catch (error) {
            // Without the restore, deleting the role the setting points at would break the region's logging.
            report.restoreError = (error as Error).message;
        }
    }
    for (const resource of plan.remove) {
        if (report.restoreError && resource.kind === "iam-role" && resource.id === plan.replacedRoleName) {
            report.failed.push({ resource, error: `not removed: pointing the account setting back failed (${report.restoreError})` });
            continue;
        }
        try {
            await api.remove(resource);
            report.removed.push(resource);
            options.log(`remove ${describe(resource)}`);
        } catch (error) {
            report.failed.push({ resource, error: (error as Error).message });
            options.log(`FAILED ${describe(resource)}: ${(error as Error).message}`);
        }
    }
    const after = await api.inventory();
    report.leftovers = after.found.filter((f) => plan.remove.some((r) => r.kind === f.kind && r.id === f.id));
    return report;
}

/** One message for everything that went wrong, or undefined when the plan was carried out and checked. */
export function cleanupProblems(report: CleanupReport): string | undefined {
    const problems = [
        ...(report.restoreError ? [`pointing the account setting back failed: ${report.restoreError}`] : []),
        ...report.failed.map((f) => `${describe(f.resource)}: ${f.error}`),
        ...report.leftovers.filter((l) => !report.failed.some((f) => f.resource.kind === l.kind && f.resource.id === l.id)).map((l) => `${describe(l)} still exists after its removal`),
    ];
    return problems.length ? `cleanup left ${problems.length} problem(s): ${problems.join("; ")}` : undefined;
}
