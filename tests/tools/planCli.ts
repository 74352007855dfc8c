// Shared by the plan specs: `npm run plan` as a child process, scratch stack files, and resources by name.

import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Plan, PROJECT_DIR } from "../../tools/plan";

/** Runs `npm run plan -- <args>` (tools/plan.ts) in the project directory. */
export function planCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-plan-"));
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
}

export const byName = (plan: Plan, name: string) => {
    const found = plan.resources.find((r) => r.name === name);
    assert.ok(found, `no resource ${name} in ${plan.resources.map((r) => r.name).join(", ")}`);
    return found;
};
