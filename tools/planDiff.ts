// The difference between two plans (`npm run plan -- --json`), resource by resource, as
// `pulumi preview --diff` shows it: what would be created, imported, deleted, updated in place or
// replaced (tools/replaceRules.ts), and the findings of tools/collisions.ts printed under the
// changes they are about (printed by tools/planDiffFormat.ts). Pure functions only; `tools/planDiffCli.ts`
// produces the plans from git refs.

import { Plan } from "./plan";
import { HOLDS_LOGS } from "./logsAtStake";
import { deletesBeforeReplace, forcesReplacement, isRegional } from "./replaceRules";

export { HOLDS_LOGS } from "./logsAtStake";
export { REPLACE_ON_CHANGES } from "./replaceRules";
// The diff as printed is planDiffFormat.ts's; its names are exported from here too.
export { formatDiff } from "./planDiffFormat";
export type { FormatOptions } from "./planDiffFormat";

type PlanResource = Plan["resources"][number];

/** A plan and the region its AWS provider is configured with (`aws:region` in the stack file), when known. */
export type RegionalPlan = Plan & { region?: string };


/** `import`: a create that adopts an existing AWS resource (the `import` resource option). */
export type ChangeKind = "create" | "import" | "update" | "replace" | "delete";

export interface PropertyChange {
    /** `retentionInDays`, `settings.loggingLevel`, `rules[0].expiration.days`. */
    path: string;
    kind: "add" | "delete" | "update";
    old?: unknown;
    new?: unknown;
    forcesReplacement: boolean;
}

export interface ResourceChange {
    kind: ChangeKind;
    type: string;
    name: string;
    parent: string;
    /** The base name this resource answers to through an alias (a renamed stage). */
    renamedFrom?: string;
    /** Input changes (update, replace); every input for a create or a delete. */
    properties: PropertyChange[];
    /** `retainOnDelete` and `protect` changes: Pulumi records them with an update. */
    options: PropertyChange[];
    /** For a delete or a replace: whether the old resource is retained (Pulumi forgets it, AWS keeps it). */
    oldRetained: boolean;
    /** "log group", "bucket", ... when the resource holds logs. */
    holdsLogs?: string;
    /** For a replace: whether Pulumi deletes the old resource before it creates the new one. */
    deleteBeforeReplace?: boolean;
    /** For an import: the id of the existing resource it adopts. */
    importId?: string;
}

/** What plan:diff knows will go wrong in `pulumi up`, beyond the diff itself. */
export interface Finding {
    /** `fails`: the update fails or breaks logging (exit status 2); `notice`: worth checking before `pulumi up`. */
    severity: "fails" | "notice";
    /** The resource (its Pulumi name) the finding is printed under. */
    resource: string;
    /** One line: `will fail: <name> already exists (...)`. */
    message: string;
    /** The one command or setting that avoids it. */
    fix?: string;
}

/** The exit status of `npm run plan:diff` when a change will fail or break logging in `pulumi up`. */
export const EXIT_WILL_FAIL = 2;

/** 2 when a finding says the update fails or breaks logging, 0 otherwise. */
export function exitStatus(findings: readonly Finding[]): number {
    return findings.some((f) => f.severity === "fails") ? EXIT_WILL_FAIL : 0;
}

export interface PlanDiff {
    changes: ResourceChange[];
    outputs: PropertyChange[];
    unchanged: number;
    /** The provider's region at the base and at the head, when it changed (every regional resource is replaced). */
    regionChange?: { from: string; to: string };
}

/** The resources that differ between `base` and `head`, in head order, deletes last (as Pulumi runs them). */
export function diffPlans(base: RegionalPlan, head: RegionalPlan): PlanDiff {
    const regionChange = base.region && head.region && base.region !== head.region ? { from: base.region, to: head.region } : undefined;
    const baseKeys = keyed(base);
    const headKeys = keyed(head);
    const headAliases = effectiveAliases(head);
    const matched = new Set<string>();
    const changes: ResourceChange[] = [];
    let unchanged = 0;

    for (const [key, resource] of headKeys) {
        let old = baseKeys.get(key);
        let renamedFrom: string | undefined;
        if (!old) {
            // An alias matches only a base resource that no head resource claims by its own name.
            const chain = key.slice(0, key.lastIndexOf("::"));
            for (const alias of headAliases.get(resource) ?? []) {
                const candidate = `${chain}::${alias}`;
                if (baseKeys.has(candidate) && !headKeys.has(candidate) && !matched.has(candidate)) {
                    old = baseKeys.get(candidate);
                    renamedFrom = alias;
                    matched.add(candidate);
                    break;
                }
            }
        } else {
            matched.add(key);
        }
        const holdsLogs = HOLDS_LOGS[resource.type];
        if (!old) {
            changes.push({
                kind: resource.importId === undefined ? "create" : "import",
                ...identity(resource),
                properties: listProperties(resource.inputs, "add"),
                options: [],
                oldRetained: false,
                holdsLogs,
                ...(resource.importId === undefined ? {} : { importId: resource.importId }),
            });
            continue;
        }
        const properties: PropertyChange[] = [];
        diffValues("", old.inputs, resource.inputs, properties, (path, before, after) => forcesReplacement(resource.type, path, before, after));
        if (regionChange && isRegional(resource.type)) {
            // Not an input of the program: the provider's region, which each resource takes as its own.
            properties.push({ path: "region", kind: "update", old: regionChange.from, new: regionChange.to, forcesReplacement: true });
        }
        const options: PropertyChange[] = [];
        for (const option of ["retainOnDelete", "protect"] as const) {
            if (old[option] !== resource[option]) {
                options.push({ path: option, kind: "update", old: old[option], new: resource[option], forcesReplacement: false });
            }
        }
        if (properties.length === 0 && options.length === 0) {
            unchanged++;
            continue;
        }
        const replace = properties.some((p) => p.forcesReplacement);
        changes.push({
            kind: replace ? "replace" : "update",
            ...identity(resource),
            renamedFrom,
            properties,
            options,
            oldRetained: old.retainOnDelete,
            holdsLogs,
            ...(replace ? { deleteBeforeReplace: deletesBeforeReplace(resource.type, resource.inputs) } : {}),
        });
    }
    for (const [key, old] of baseKeys) {
        if (!matched.has(key)) {
            changes.push({
                kind: "delete",
                ...identity(old),
                properties: listProperties(old.inputs, "delete"),
                options: [],
                oldRetained: old.retainOnDelete,
                holdsLogs: HOLDS_LOGS[old.type],
            });
        }
    }
    const outputs: PropertyChange[] = [];
    diffValues("", base.outputs, head.outputs, outputs, () => false);
    return { changes, outputs, unchanged, ...(regionChange ? { regionChange } : {}) };
}

type StageOutputs = Record<string, { executionLogGroupName?: string; executionLogDestination?: string; executionLogLocation?: string }>;

const DESTINATION_WORDS: Record<string, string> = {
    standard: "API Gateway's own group",
    logGroup: "a log group, by CloudWatch Logs delivery",
    s3: "S3, by CloudWatch Logs delivery",
    firehose: "Firehose, by CloudWatch Logs delivery",
};

/** Where a stage's new execution logs land in a plan; plans from before contract 1.2 only had API Gateway's own group. */
function executionLogsOf(stage: StageOutputs[string]): { kind: string; location?: string } {
    return { kind: stage.executionLogDestination ?? "standard", location: stage.executionLogLocation ?? stage.executionLogGroupName };
}

/**
 * A note per stage whose execution logs move: where new ones will land, where they landed before,
 * and that API Gateway's own group stays, with its retention and the older logs (it is created and
 * retained whatever the destination). A new stage that delivers is noted too.
 */
export function executionLogNotes(base: Plan, head: Plan): string[] {
    const before = (base.outputs.stages ?? {}) as StageOutputs;
    const after = (head.outputs.stages ?? {}) as StageOutputs;
    const notes: string[] = [];
    for (const [key, stage] of Object.entries(after)) {
        const now = executionLogsOf(stage);
        const was = before[key] ? executionLogsOf(before[key]) : undefined;
        if (was ? was.kind === now.kind && was.location === now.location : now.kind === "standard") {
            continue;
        }
        const where = `${now.location} (${DESTINATION_WORDS[now.kind] ?? now.kind})`;
        const previously = was ? `; until now ${was.location} (${DESTINATION_WORDS[was.kind] ?? was.kind})` : "";
        const kept =
            now.kind === "standard"
                ? "; the delivery is deleted, so API Gateway writes to its own group again"
                : stage.executionLogGroupName
                  ? `; ${stage.executionLogGroupName} is kept with its retention and holds the older execution logs`
                  : "";
        notes.push(`stage ${key}: new execution logs will land in ${where}${previously}${kept}`);
    }
    return notes;
}

function identity(r: PlanResource): Pick<ResourceChange, "type" | "name" | "parent"> {
    return { type: r.type, name: r.name, parent: r.parent };
}

/**
 * Each resource under the key Pulumi's URN gives it: the types of its parents, its own type and its
 * name. Moving a resource under a parent of another type is a new resource, as in Pulumi.
 */
function keyed(plan: Plan): Map<string, PlanResource> {
    const byName = new Map<string, PlanResource>();
    for (const r of plan.resources) {
        if (!byName.has(r.name)) byName.set(r.name, r);
    }
    const chain = (r: PlanResource, seen = new Set<PlanResource>()): string => {
        const parent = byName.get(r.parent);
        if (!parent || seen.has(parent)) return r.type;
        seen.add(r);
        return `${chain(parent, seen)}$${r.type}`;
    };
    const out = new Map<string, PlanResource>();
    for (const r of plan.resources) {
        out.set(`${chain(r)}::${r.name}`, r);
    }
    return out;
}

/**
 * The names each resource answers to: its own aliases, and (as the Pulumi engine derives them) a
 * child's name with its aliased parent's old name in front, when the child's name starts with its
 * parent's name. That is how a renamed stage keeps its log groups.
 */
function effectiveAliases(plan: Plan): Map<PlanResource, string[]> {
    const byName = new Map(plan.resources.map((r) => [r.name, r] as const));
    const memo = new Map<PlanResource, string[]>();
    const of = (r: PlanResource, depth = 0): string[] => {
        const known = memo.get(r);
        if (known) return known;
        const names = [...(r.aliasNames ?? [])];
        const parent = byName.get(r.parent);
        if (parent && parent !== r && depth < 64 && r.name.startsWith(parent.name)) {
            for (const alias of of(parent, depth + 1)) {
                names.push(alias + r.name.slice(parent.name.length));
            }
        }
        memo.set(r, names);
        return names;
    };
    for (const r of plan.resources) of(r);
    return memo;
}

function listProperties(inputs: Record<string, unknown>, kind: "add" | "delete"): PropertyChange[] {
    return Object.entries(inputs)
        .filter(([key]) => !key.startsWith("__"))
        .map(([path, value]) => ({ path, kind, ...(kind === "add" ? { new: value } : { old: value }), forcesReplacement: false }));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Records every difference under `path`. Objects are compared key by key and lists of the same
 * length item by item, so a change shows where it is; a list that grew or shrank shows whole.
 */
function diffValues(
    path: string,
    old: unknown,
    now: unknown,
    out: PropertyChange[],
    forces: (path: string, before: unknown, after: unknown) => boolean,
): void {
    if (isPlainObject(old) && isPlainObject(now)) {
        const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].filter((k) => !k.startsWith("__"));
        for (const key of keys) {
            const child = path ? `${path}.${key}` : key;
            const [a, b] = [old[key], now[key]];
            if (a === undefined && b !== undefined) {
                out.push({ path: child, kind: "add", new: b, forcesReplacement: forces(child, a, b) });
            } else if (a !== undefined && b === undefined) {
                out.push({ path: child, kind: "delete", old: a, forcesReplacement: forces(child, a, b) });
            } else {
                diffValues(child, a, b, out, forces);
            }
        }
        return;
    }
    if (Array.isArray(old) && Array.isArray(now) && old.length === now.length) {
        old.forEach((item, i) => diffValues(`${path}[${i}]`, item, now[i], out, forces));
        return;
    }
    if (!sameValue(old, now)) {
        out.push({ path, kind: "update", old, new: now, forcesReplacement: forces(path, old, now) });
    }
}

function sameValue(a: unknown, b: unknown): boolean {
    return a === b || JSON.stringify(a) === JSON.stringify(b);
}
