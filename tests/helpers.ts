// Shared by the specs: run code under Pulumi's mocks and pick resources out of what was registered.

import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlannedResource, ProgramRun, runProgram, RunOptions } from "../tools/mockRuntime";
import type { CommandOutput } from "../tools/plan";

export const PROJECT = "apigw-logging";

/** The region's CloudWatch Logs role, as a StageLogging is given it when the account setting is managed elsewhere. */
export const ROLE_ARN = "arn:aws:iam::123456789012:role/apigw-cloudwatch-logs";

/** Runs `program` under mocks for a stack (region eu-west-1 unless the config says otherwise). */
export function run(program: () => unknown, options: Partial<RunOptions> = {}): Promise<ProgramRun> {
    return runProgram(
        { project: PROJECT, stack: "test", ...options, config: { "aws:region": "eu-west-1", ...options.config } },
        program,
    );
}

/** The one resource of `type` (short form like "cloudwatch/logGroup:LogGroup") named `name`. */
export function one(result: ProgramRun, type: string, name?: string): PlannedResource {
    const matches = all(result, type).filter((r) => name === undefined || r.name === name);
    assert.strictEqual(matches.length, 1, `expected one ${type}${name ? ` named ${name}` : ""}, found ${matches.length}`);
    return matches[0];
}

export function all(result: ProgramRun, type: string): PlannedResource[] {
    const token = type.includes(":") && type.split(":").length === 3 ? type : `aws:${type}`;
    return result.resources.filter((r) => r.type === token);
}

/** Custom (provider-managed) resources only: components are registered too. */
export function custom(result: ProgramRun): PlannedResource[] {
    return result.resources.filter((r) => r.custom);
}

/** Stack config as the CLI hands it to a program: structured values as JSON strings. */
export function stackConfig(values: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k.includes(":") ? k : `${PROJECT}:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

/** Awaits a rejected promise and returns its error message. */
export async function rejection(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (error) {
        return (error as Error).message;
    }
    assert.fail("expected the program to fail");
}

/**
 * A command's `--help` (tools/cliArgs.ts): the usage line first, then a line per flag, its
 * spelling (e.g. "-s, --stack <name>") followed by a description; `-h, --help` included.
 */
export function assertHelp(stdout: string, usage: string, flags: string[]): void {
    const lines = stdout.trimEnd().split("\n");
    assert.strictEqual(lines[0], usage);
    for (const spelling of [...flags, "-h, --help"]) {
        const line = lines.find((l) => l.trimStart().startsWith(`${spelling}  `));
        assert.ok(line !== undefined && line.slice(line.indexOf(spelling) + spelling.length).trim().length > 0, `no line describing ${spelling} in:\n${stdout}`);
    }
}

/** The scratch directories made by scratchDir: removed when the process (mocha, or its worker) exits. */
const scratchDirs: string[] = [];
process.on("exit", () => {
    for (const dir of scratchDirs) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

/** A new directory in the temporary directory, named `<prefix><random>`, removed when the tests end. */
export function scratchDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    scratchDirs.push(dir);
    return dir;
}

/** What a command printed, and its exit status. */
export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

const PROJECT_ROOT = path.resolve(__dirname, "..");

/** `tools/<script>` with `args`, as its npm script runs it: a Node process of its own, in the project directory. */
export function toolProcess(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            [require.resolve("ts-node/dist/bin.js"), "--transpile-only", path.join(PROJECT_ROOT, "tools", script), ...args],
            { cwd: PROJECT_ROOT, env },
            (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
    });
}

/** A command run in this process (runPlanCommand, runPlanDiffCommand): what it printed, line by line, and its exit status. */
export async function inProcess(command: (out: CommandOutput) => Promise<number>): Promise<CommandResult> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await command({ log: (line) => stdout.push(`${line}\n`), error: (line) => stderr.push(`${line}\n`) });
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}
