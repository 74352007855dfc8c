// The earlier versions of a stack: every version of Pulumi.<stack>.yaml on the first-parent history of
// the base commit (each one merged, so each one deployed), planned with the base tree's own program.
// plan:diff reads from them which names retained resources still hold in AWS (tools/collisions.ts).

import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PlanVersion } from "./collisions";
import { PlanModule, planConfigs, PlannedConfig } from "./planConfigs";
import { errorLine, loadStackConfig, Plan, planStack, StackConfig } from "./plan";
import { runsThisCode } from "./planCode";
import type { RegionalPlan } from "./planDiff";

/** A version of the stack file: the commit that wrote it, and its content (undefined: the commit deleted it). */
export interface StackFileVersion {
    commit: string;
    content?: string;
}

/** How many earlier versions plan:diff plans unless told otherwise (`--history`). */
export const DEFAULT_HISTORY = 50;

function git(projectDir: string, args: string[]): string {
    return execFileSync("git", args, { cwd: projectDir, maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] }).toString();
}

/**
 * The versions of `Pulumi.<stack>.yaml` before the one `commit` has, oldest first, at most `limit`
 * (the most recent ones). A commit that deleted the file (a destroyed stack) is a version without content.
 */
export function stackFileVersions(projectDir: string, commit: string, stack: string, limit: number): { versions: StackFileVersion[]; more: boolean } {
    const file = `Pulumi.${stack}.yaml`;
    const commits = git(projectDir, ["log", "--first-parent", "--format=%H", commit, "--", file]).split("\n").filter(Boolean);
    // The newest commit that touched the file wrote the base's own version: the base plan has it.
    const earlier = commits.slice(1, 1 + Math.max(0, limit));
    const versions = earlier.map((c) => {
        try {
            return { commit: c, content: git(projectDir, ["show", `${c}:${file}`]) };
        } catch {
            return { commit: c };
        }
    });
    return { versions: versions.reverse(), more: commits.length - 1 > earlier.length };
}

/** What planVersions planned: the tree's own version when asked for, and the earlier ones. */
export interface PlannedVersions {
    /** The tree's own stack file, planned; an error line when its program refuses it. */
    own?: { plan: RegionalPlan } | { error: string };
    versions: PlanVersion[];
    notes: string[];
    /** The tree's plan module could not be run (too old, no ts-node): nothing was planned. */
    failed?: string;
}

/**
 * Plans each version with the program of the tree at `dir` (unpacked from the base commit), and the
 * tree's own stack file when `own` is set, all in one child process. A version that cannot be
 * planned with that program is left out, with a note.
 */
export function planVersions(dir: string, stack: string, versions: readonly StackFileVersion[], own = false): Promise<PlannedVersions> {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-plan-history-"));
    const withContent = versions.filter((v) => v.content !== undefined);
    const files = withContent.map((v, i) => {
        const file = path.join(scratch, `${i}-Pulumi.${stack}.yaml`);
        fs.writeFileSync(file, v.content!);
        return file;
    });
    const out = path.join(scratch, "plans.json");
    const empty = (): Plan => ({ stack, resources: [], outputs: {} });
    const label = (v: StackFileVersion) => v.commit.slice(0, 7);
    return new Promise((resolve) => {
        const finish = (planned: PlannedConfig[] | undefined, failure?: string) => {
            fs.rmSync(scratch, { recursive: true, force: true });
            if (!planned) {
                const notes = versions.length === 0 ? [] : [`the earlier versions of Pulumi.${stack}.yaml were not planned (${failure}): names they left to retained resources are not checked`];
                resolve({ versions: [], notes, failed: failure });
                return;
            }
            const mine = own ? planned.shift() : undefined;
            const notes: string[] = [];
            const result: PlanVersion[] = [];
            for (const v of versions) {
                if (v.content === undefined) {
                    result.push({ label: `${label(v)} (which deleted Pulumi.${stack}.yaml)`, plan: empty() });
                    continue;
                }
                const p = planned[withContent.indexOf(v)];
                if (p && "plan" in p) {
                    result.push({ label: label(v), plan: p.plan as unknown as RegionalPlan });
                } else {
                    notes.push(`Pulumi.${stack}.yaml at ${label(v)} does not plan with the base's program (${p?.error ?? "no result"}): names only it created are not checked`);
                }
            }
            const ownResult = mine && ("plan" in mine ? { plan: mine.plan as unknown as RegionalPlan } : { error: mine.error });
            resolve({ ...(ownResult ? { own: ownResult } : {}), versions: result, notes });
        };
        if (files.length === 0 && !own) {
            finish([]);
            return;
        }
        if (runsThisCode(dir)) {
            // The tree's program is this process's own: planned here, its own stack file read from the tree.
            const here: PlanModule = { loadStackConfig: (s, file) => loadStackConfig(s, file, dir), planStack: (config) => planStack(config as StackConfig) as never, errorLine };
            planConfigs(here, stack, [...(own ? ["-"] : []), ...files]).then(finish, (error) => finish(undefined, String(error)));
            return;
        }
        let tsNode: string;
        try {
            tsNode = require.resolve("ts-node/dist/bin.js", { paths: [dir] });
        } catch {
            finish(undefined, "no ts-node in the base tree");
            return;
        }
        execFile(
            process.execPath,
            [tsNode, "--transpile-only", path.join(__dirname, "planConfigs.ts"), dir, stack, out, ...(own ? ["-"] : []), ...files],
            { cwd: dir, maxBuffer: 256 * 1024 * 1024 },
            (error, _stdout, stderr) => {
                if (error) {
                    finish(undefined, stderr.trim().split("\n").find((l) => l.startsWith("error:"))?.replace(/^error: /, "") ?? String(error));
                    return;
                }
                finish(JSON.parse(fs.readFileSync(out, "utf8")) as PlannedConfig[]);
            },
        );
    });
}
