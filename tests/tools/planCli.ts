// Shared by the plan specs: `npm run plan` as a child process, scratch stack files, and resources by name.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Plan, runPlanCommand } from "../../tools/plan";
import { CommandResult, inProcess, scratchDir, toolProcess } from "../helpers";

/**
 * `npm run plan -- <args>` as the CLI runs it (runPlanCommand), in this process: what it prints to
 * stdout and stderr, and its exit status. A Node process per plan would cost a second each;
 * planCliProcess runs the real command line.
 */
export function planCli(args: string[]): Promise<CommandResult> {
    return inProcess((out) => runPlanCommand(args, out));
}

/** Runs `npm run plan -- <args>` (tools/plan.ts) in a Node process of its own, in the project directory. */
export function planCliProcess(args: string[]): Promise<CommandResult> {
    return toolProcess("plan.ts", args);
}

/** A file `name` holding `text` in a fresh temporary directory. */
export function tempFile(name: string, text: string): string {
    const dir = scratchDir("apigw-plan-");
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
}

export const byName = (plan: Plan, name: string) => {
    const found = plan.resources.find((r) => r.name === name);
    assert.ok(found, `no resource ${name} in ${plan.resources.map((r) => r.name).join(", ")}`);
    return found;
};
