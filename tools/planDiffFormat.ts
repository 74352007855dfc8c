// How `npm run plan:diff` prints a plan diff, as `pulumi preview --diff` does: each change with its
// properties, the warnings about logs at stake and the findings under the change they are about,
// then the outputs and the counts. Pure functions only.

import { logWarning } from "./logsAtStake";
import { EXIT_WILL_FAIL } from "./planDiff";
import type { ChangeKind, Finding, PlanDiff, PropertyChange } from "./planDiff";

export interface FormatOptions {
    stack: string;
    /** How the two sides are named in the header: `origin/main (1a2b3c4)`, `the working tree`. */
    baseLabel: string;
    headLabel: string;
    /** Lines printed under the header: why a side is empty, which dependencies were installed. */
    notes?: string[];
    /** Printed under the change of the resource they are about, and counted at the end. */
    findings?: Finding[];
}

const SYMBOL: Record<ChangeKind, string> = { create: "+ ", import: "= ", update: "~ ", replace: "+-", delete: "- " };
const PROPERTY_SYMBOL: Record<PropertyChange["kind"], string> = { add: "+", delete: "-", update: "~" };
const FINDING_SYMBOL: Record<Finding["severity"], string> = { fails: "!", notice: "?" };
const CREATED_VALUE_WIDTH = 160;

/** `pulumi preview --diff`-like text; the first line is "no changes" when the plans are equal. */
export function formatDiff(diff: PlanDiff, options: FormatOptions): string {
    const notes = (options.notes ?? []).map((n) => `note: ${n}`);
    if (diff.regionChange) {
        notes.push(
            `note: aws:region changes from ${diff.regionChange.from} to ${diff.regionChange.to}: the provider replaces every regional resource ` +
                "(each takes the provider's region as its own region, and a new region forces a new resource)",
        );
    }
    if (diff.changes.length === 0 && diff.outputs.length === 0) {
        return [
            `no changes: stack ${options.stack} plans the same ${diff.unchanged} resources and outputs at ${options.baseLabel} and ${options.headLabel}`,
            ...notes,
        ].join("\n");
    }
    const findings = options.findings ?? [];
    const lines = [
        `Plan diff for stack ${options.stack}: ${options.baseLabel} → ${options.headLabel}`,
        "(both planned under mocks: no credentials, nothing deployed; ids and ARNs are made up)",
        ...notes,
        "",
    ];
    for (const change of diff.changes) {
        const flags = [
            change.kind === "update" || change.kind === "replace"
                ? `[diff: ${[...new Set([...change.properties, ...change.options].map((p) => PROPERTY_SYMBOL[p.kind] + topLevel(p.path)))].join(", ")}]`
                : "",
            change.kind === "import" ? `[import ${change.importId}]` : "",
            change.renamedFrom ? `[renamed from ${change.renamedFrom}]` : "",
            change.kind === "replace" && change.deleteBeforeReplace ? "[delete-before-replace]" : "",
            change.kind === "delete" && change.oldRetained ? "[retainOnDelete]" : "",
        ].filter(Boolean);
        lines.push(`${SYMBOL[change.kind]}${change.type}: (${change.kind}) ${change.name}${flags.length ? `  ${flags.join(" ")}` : ""}`);
        if (change.kind === "create" || change.kind === "import") {
            for (const p of change.properties) {
                lines.push(`      ${p.path}: ${truncate(render(p.new))}`);
            }
        } else if (change.kind !== "delete") {
            for (const p of [...change.properties, ...change.options]) {
                lines.push(`    ${PROPERTY_SYMBOL[p.kind]} ${propertyText(p)}${p.forcesReplacement ? "  (forces replacement)" : ""}`);
            }
        }
        const warning = logWarning(change);
        if (warning) {
            lines.push(`    ! ${warning}`);
        }
        for (const finding of findings.filter((f) => f.resource === change.name)) {
            lines.push(`    ${FINDING_SYMBOL[finding.severity]} ${finding.message}`);
            if (finding.fix) {
                lines.push(`      fix: ${finding.fix}`);
            }
        }
    }
    if (diff.outputs.length > 0) {
        if (lines[lines.length - 1] !== "") lines.push("");
        lines.push("Outputs:");
        for (const p of diff.outputs) {
            lines.push(`    ${PROPERTY_SYMBOL[p.kind]} ${propertyText(p)}`);
        }
    }
    const count = (kind: ChangeKind) => diff.changes.filter((c) => c.kind === kind).length;
    lines.push("", "Resources:");
    for (const kind of ["create", "import", "update", "replace", "delete"] as const) {
        if (count(kind) > 0) {
            lines.push(`    ${SYMBOL[kind]}${count(kind)} to ${kind}`);
        }
    }
    lines.push(`    ${diff.changes.length} change${diff.changes.length === 1 ? "" : "s"}. ${diff.unchanged} unchanged`);
    const failing = findings.filter((f) => f.severity === "fails").length;
    if (failing > 0) {
        lines.push(
            "",
            `! ${failing} change${failing === 1 ? "" : "s"} will fail or break logging in pulumi up (the "! will" lines above, each with its fix): exit status ${EXIT_WILL_FAIL}`,
        );
    }
    return lines.join("\n");
}

/** An update shows both values whole (the change may be at the end); an added or removed value is cut. */
function propertyText(p: PropertyChange): string {
    if (p.kind === "add") return `${p.path}: ${truncate(render(p.new))}`;
    if (p.kind === "delete") return `${p.path}: ${truncate(render(p.old))}`;
    return `${p.path}: ${render(p.old)} => ${render(p.new)}`;
}

function render(value: unknown): string {
    return JSON.stringify(value) ?? "undefined";
}

function truncate(text: string): string {
    return text.length > CREATED_VALUE_WIDTH ? `${text.slice(0, CREATED_VALUE_WIDTH - 3)}...` : text;
}

function topLevel(path: string): string {
    return /^[^.[]*/.exec(path)![0];
}
