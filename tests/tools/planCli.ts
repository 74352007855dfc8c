// Shared by the plan specs: `npm run plan` as a child process, scratch stack files, and resources by name.

import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Plan, PROJECT_DIR, runPlanCommand } from "../../tools/plan";
import { scratchDir } from "../helpers";

/**
 * `npm run plan -- <args>` as the CLI runs it (runPlanCommand), in this process: what it prints to
 * stdout and stderr, and its exit status. A Node process per plan would cost a second each;
 * planCliProcess runs the real command line.
 */
export async function planCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runPlanCommand(args, { log: (line) => stdout.push(`${line}\n`), error: (line) => stderr.push(`${line}\n`) });
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

/** Runs `npm run plan -- <args>` (tools/plan.ts) in a Node process of its own, in the project directory. */
export function planCliProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            [require.resolve("ts-node/dist/bin.js"), "--transpile-only", path.join(PROJECT_DIR, "tools/plan.ts"), ...args],
            { cwd: PROJECT_DIR },
            (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
    });
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
