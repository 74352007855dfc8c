// Run by plan:diff in a child process, in a tree unpacked from a git ref: plans several versions of
// one stack's config file with that tree's own plan module (tools/plan.ts, or scripts/plan.ts before
// the layout of 0.2.0), in one process, and writes the plans as JSON. Imports nothing of this
// checkout, so the tree's program runs with the tree's own libraries. (plan:diff calls planConfigs
// in its own process instead when the tree's plan code is its own: planCode.ts.)
// usage: planConfigs.ts <tree dir> <stack> <out.json> <config file or "-" for the tree's own>...

import * as fs from "fs";
import * as path from "path";

export interface PlanModule {
    loadStackConfig(stack: string, configFile?: string): { config: Record<string, string> };
    planStack(config: unknown): Promise<Record<string, unknown>>;
    /** The one-line error the tree's `npm run plan` prints, when it exports it. */
    errorLine?(error: unknown): string;
}

/** One config file's plan, or why it could not be planned. */
export type PlannedConfig = { plan: Record<string, unknown> & { region?: string } } | { error: string };

async function main(): Promise<void> {
    const [dir, stack, out, ...files] = process.argv.slice(2);
    const script = ["tools/plan.ts", "scripts/plan.ts"].find((file) => fs.existsSync(path.join(dir, file)));
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const planModule = (script ? require(path.join(dir, script)) : {}) as Partial<PlanModule>;
    if (typeof planModule.loadStackConfig !== "function" || typeof planModule.planStack !== "function") {
        process.stderr.write(`error: ${script ?? "tools/plan.ts"} exports no loadStackConfig and planStack\n`);
        process.exitCode = 3;
        return;
    }
    fs.writeFileSync(out, JSON.stringify(await planConfigs(planModule as PlanModule, stack, files)));
}

/** Plans each config file (`-`: the tree's own stack file) with `planModule`. */
export async function planConfigs(planModule: PlanModule, stack: string, files: readonly string[]): Promise<PlannedConfig[]> {
    const results: PlannedConfig[] = [];
    for (const file of files) {
        try {
            const config = planModule.loadStackConfig(stack, file === "-" ? undefined : file);
            const plan = await planModule.planStack(config);
            const region = config.config["aws:region"];
            results.push({ plan: { ...plan, ...(region ? { region } : {}) } });
        } catch (error) {
            const line = planModule.errorLine ? planModule.errorLine(error) : `error: ${(error as Error)?.message ?? String(error)}`;
            results.push({ error: line.split("\n")[0].replace(/^error: /, "") });
        }
    }
    return results;
}

if (require.main === module) {
    void main();
}
