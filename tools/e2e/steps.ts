// What a preview or an update did to each resource, from the Automation API's engine events: the
// scenarios assert "an update, no replacement" and "no delete, no create" on these.

import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";

export interface Step {
    op: OpType;
    urn: string;
    type: string;
    /** The properties whose change drives the step (`diffs`), when the engine says. */
    diffs: string[];
    /** Properties whose change forces a replacement (`keys` of a replace step). */
    replaceKeys: string[];
}

/** Collects one step per resource from `onEvent`; the last event for a URN wins (a replace shows as several). */
export function stepCollector(): { onEvent: (event: EngineEvent) => void; steps: () => Step[] } {
    const byUrn = new Map<string, Step>();
    const replacing = new Set<string>();
    return {
        onEvent: (event) => {
            const meta = event.resourcePreEvent?.metadata;
            if (!meta) {
                return;
            }
            if (REPLACE_OPS.has(meta.op)) {
                replacing.add(meta.urn);
            }
            // The steps of one replacement say different things (delete-replaced has no diffs): keep what any said.
            const before = byUrn.get(meta.urn);
            byUrn.set(meta.urn, {
                op: replacing.has(meta.urn) ? "replace" : meta.op,
                urn: meta.urn,
                type: meta.type,
                diffs: meta.diffs?.length ? meta.diffs : (before?.diffs ?? []),
                replaceKeys: REPLACE_OPS.has(meta.op) && meta.keys?.length ? meta.keys : (before?.replaceKeys ?? []),
            });
        },
        steps: () => [...byUrn.values()],
    };
}

const REPLACE_OPS = new Set<OpType>(["replace", "create-replacement", "delete-replaced", "discard-replaced", "import-replacement", "read-replacement"]);

/** The resource's name: the last `::` part of its URN. */
export const urnName = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** One line per step that is not `same`: "update aws:cloudwatch/logGroup:LogGroup sample-logging-access-logs [retentionInDays]". */
export function describeSteps(steps: Step[]): string {
    const changed = steps.filter((s) => s.op !== "same");
    return changed.length === 0
        ? "no changes"
        : changed.map((s) => `${s.op} ${s.type} ${urnName(s.urn)}${s.diffs.length ? ` [${s.diffs.join(", ")}]` : ""}`).join("; ");
}

/** The steps with any of these ops (e.g. every replacement, every delete). */
export const stepsWith = (steps: Step[], ops: OpType[]) => steps.filter((s) => ops.includes(s.op));

/** The step of the resource of this type whose name is `name`. */
export function stepFor(steps: Step[], type: string, name: string): Step | undefined {
    return steps.find((s) => s.type === type && urnName(s.urn) === name);
}
