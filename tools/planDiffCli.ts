// `npm run plan:diff -- --stack dev --base <git-ref> [--head <git-ref>]`
// Plans a stack at a git ref and in the working tree (or at a second ref), both under mocks with
// no credentials, and prints what changed per resource (tools/planDiff.ts). The ref is unpacked
// with `git archive` into a temporary directory, so the working tree and the repository's
// worktrees are never touched, and that tree's own `tools/plan.ts` (`scripts/plan.ts` before the layout of 0.2.0) plans it.

import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Command, Flags, readFlags } from "./cliArgs";
import { diffPlans, executionLogNotes, formatDiff } from "./planDiff";
import { errorLine, listStacks, loadStackConfig, Plan, PlanError, planStack, PROJECT_DIR } from "./plan";

export interface Side {
    label: string;
    /** The plan, or an empty one when that side has no stack file or no plan script. */
    plan: Plan;
    note?: string;
}

interface Args {
    stack: string;
    base: string;
    head?: string;
}

const USAGE = "usage: npm run plan:diff -- --stack <name> --base <git-ref> [--head <git-ref>]";

const PLAN_DIFF_COMMAND = {
    usage: USAGE,
    summary: "Plans a stack at a git ref and in the working tree (or at a second ref), both under mocks, and prints what changed per resource.",
    flags: {
        stack: { type: "string", short: "s", value: "<name>", description: "the stack to compare, with the config in Pulumi.<name>.yaml" },
        base: { type: "string", value: "<git-ref>", description: "the ref to compare with (the old side), e.g. origin/main" },
        head: { type: "string", value: "<git-ref>", description: "the new side, a ref too (default: the working tree)" },
    },
} satisfies Command<Flags>;

function parseArgs(argv: string[]): Args | { help: string } {
    const parsed = readFlags(argv, PLAN_DIFF_COMMAND, (message) => new PlanError(message));
    if (parsed.help !== undefined) return { help: parsed.help };
    const { stack, base, head } = parsed.values;
    if (!stack) throw new PlanError(`--stack is required (stacks here: ${listStacks().join(", ")}; ${USAGE})`);
    if (!base) throw new PlanError(`--base is required: the git ref to compare with, e.g. origin/main (${USAGE})`);
    return { stack, base, head };
}

function git(args: string[], options: { input?: Buffer } = {}): Buffer {
    return execFileSync("git", args, { cwd: PROJECT_DIR, maxBuffer: 512 * 1024 * 1024, stdio: ["pipe", "pipe", "pipe"], ...options });
}

/** The commit a ref names, or a PlanError saying the ref is unknown here. */
export function resolveRef(ref: string, flag = "--base"): string {
    try {
        return git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).toString().trim();
    } catch {
        throw new PlanError(`${flag} ${ref}: not a commit in this repository (a shallow clone may lack it: fetch it first)`);
    }
}

/**
 * Unpacks `commit` into a new temporary directory. Its dependencies are this checkout's
 * `node_modules` (a symlink) when its package-lock.json is the same; otherwise `npm ci` installs
 * its own, because planning old code with new libraries could show differences that are not there.
 */
export function materialize(commit: string, stack: string, log: (line: string) => void): { dir: string; note?: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-plan-diff-"));
    execFileSync("tar", ["-x", "-C", dir], { input: git(["archive", "--format=tar", commit]) });
    if (missing(dir, stack)) {
        return { dir }; // nothing will be planned there: no dependencies needed
    }
    const lock = (root: string) => (fs.existsSync(path.join(root, "package-lock.json")) ? fs.readFileSync(path.join(root, "package-lock.json"), "utf8") : undefined);
    const theirs = lock(dir);
    if (theirs === undefined || theirs === lock(PROJECT_DIR)) {
        linkModules(dir);
        return { dir };
    }
    const note = `package-lock.json differs at ${commit.slice(0, 7)}: installed its own dependencies there with npm ci`;
    log(`${note} ...`);
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    return { dir, note };
}

/**
 * Gives `dir` this checkout's installed modules, as symlinks one entry each, except npm workspace
 * packages (links into this checkout's own packages/): those link to the tree's own copy, so the
 * tree's program plans with the tree's library, not with the working tree's.
 */
function linkModules(dir: string): void {
    const ours = path.join(PROJECT_DIR, "node_modules");
    const theirs = path.join(dir, "node_modules");
    fs.mkdirSync(theirs);
    const entries = (folder: string): string[] =>
        fs.readdirSync(folder).flatMap((name) => (name.startsWith("@") ? fs.readdirSync(path.join(folder, name)).map((n) => `${name}/${n}`) : [name]));
    for (const name of entries(ours)) {
        const source = path.join(ours, name);
        const target = path.join(theirs, name);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const real = fs.realpathSync(source);
        const relative = path.relative(PROJECT_DIR, real);
        const workspace = !relative.startsWith("..") && !relative.split(path.sep).includes("node_modules");
        if (workspace) {
            if (fs.existsSync(path.join(dir, relative))) {
                fs.symlinkSync(path.join(dir, relative), target, "dir");
            }
        } else {
            fs.symlinkSync(source, target, "dir");
        }
    }
}

export function removeTree(dir: string): void {
    const modules = path.join(dir, "node_modules");
    // Unlink the symlinks themselves first, so nothing can ever follow them into this checkout's modules.
    if (fs.existsSync(modules) && fs.lstatSync(modules).isSymbolicLink()) {
        fs.unlinkSync(modules);
    } else if (fs.existsSync(modules)) {
        const unlinkAll = (folder: string): void => {
            for (const name of fs.readdirSync(folder)) {
                const entry = path.join(folder, name);
                if (fs.lstatSync(entry).isSymbolicLink()) {
                    fs.unlinkSync(entry);
                } else if (fs.lstatSync(entry).isDirectory()) {
                    unlinkAll(entry);
                }
            }
        };
        unlinkAll(modules);
    }
    fs.rmSync(dir, { recursive: true, force: true });
}

/** The plan script of a tree: tools/plan.ts, or scripts/plan.ts in trees from before 0.2.0's layout. */
function planScript(dir: string): string | undefined {
    return ["tools/plan.ts", "scripts/plan.ts"].find((file) => fs.existsSync(path.join(dir, file)));
}

/** What a tree lacks to be planned: the plan script or the stack's config file. */
function missing(dir: string, stack: string): string | undefined {
    if (planScript(dir) === undefined) {
        return "tools/plan.ts";
    }
    return fs.existsSync(path.join(dir, `Pulumi.${stack}.yaml`)) ? undefined : `Pulumi.${stack}.yaml`;
}

/**
 * Plans `stack` in the project at `dir` with that tree's own `tools/plan.ts` (`scripts/plan.ts` before the layout of 0.2.0), in a child process
 * (a fresh Pulumi runtime, and the tree's own code). A tree without the stack file or without the
 * plan script plans nothing: every resource of the other side shows as added.
 */
export function planAt(dir: string, stack: string, label: string): Promise<Side> {
    const lacks = missing(dir, stack);
    if (lacks) {
        return Promise.resolve({ label, plan: { stack, resources: [], outputs: {} }, note: `${label} has no ${lacks}: nothing to compare with, everything is new` });
    }
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "apigw-plan-json-")), "plan.json");
    const tsNode = require.resolve("ts-node/dist/bin.js", { paths: [dir] });
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            [tsNode, "--transpile-only", path.join(dir, planScript(dir)!), "--stack", stack, "--json", json],
            { cwd: dir, maxBuffer: 256 * 1024 * 1024 },
            (error, _stdout, stderr) => {
                try {
                    if (error) {
                        const reason = stderr.trim().split("\n").find((l) => l.startsWith("error:")) ?? stderr.trim().split("\n")[0];
                        reject(new PlanError(`the plan at ${label} failed: ${(reason ?? String(error)).replace(/^error: /, "")}`));
                        return;
                    }
                    resolve({ label, plan: JSON.parse(fs.readFileSync(json, "utf8")) as Plan });
                } finally {
                    fs.rmSync(path.dirname(json), { recursive: true, force: true });
                }
            },
        );
    });
}

/** Plans one side: a git ref (unpacked, planned, removed) or, without a ref, the working tree in-process. */
async function planSide(stack: string, ref: string | undefined, temps: string[], log: (line: string) => void): Promise<Side> {
    if (ref === undefined) {
        return { label: "the working tree", plan: await planStack(loadStackConfig(stack)) };
    }
    const commit = resolveRef(ref);
    const label = commit.startsWith(ref) ? commit.slice(0, 7) : `${ref} (${commit.slice(0, 7)})`;
    const { dir, note } = materialize(commit, stack, log);
    temps.push(dir);
    const side = await planAt(dir, stack, label);
    return note ? { ...side, note: side.note ? `${side.note}; ${note}` : note } : side;
}

async function main(): Promise<void> {
    const temps: string[] = [];
    const cleanUp = () => temps.splice(0).forEach(removeTree);
    process.on("exit", cleanUp);
    // Ctrl-C ends Node without its exit event: remove the temporary trees first.
    process.once("SIGINT", () => {
        cleanUp();
        process.exit(130);
    });
    try {
        const args = parseArgs(process.argv.slice(2));
        if ("help" in args) {
            console.log(args.help);
            return;
        }
        if (args.head === undefined && !fs.existsSync(path.join(PROJECT_DIR, `Pulumi.${args.stack}.yaml`))) {
            throw new PlanError(`no stack config file Pulumi.${args.stack}.yaml in the working tree (stacks here: ${listStacks().join(", ")})`);
        }
        const log = (line: string) => console.error(line);
        // Resolve both refs before any planning, so a typo fails in a second, not after a plan.
        resolveRef(args.base);
        if (args.head !== undefined) resolveRef(args.head, "--head");
        // The base plans in a child process while the head plans here: two cores, half the wait.
        const [base, head] = await Promise.all([planSide(args.stack, args.base, temps, log), planSide(args.stack, args.head, temps, log)]);
        const notes = [base.note, head.note].filter((n): n is string => n !== undefined);
        notes.push(...executionLogNotes(base.plan, head.plan));
        console.log(formatDiff(diffPlans(base.plan, head.plan), { stack: args.stack, baseLabel: base.label, headLabel: head.label, notes }));
    } catch (error) {
        console.error(errorLine(error));
        process.exitCode = 1;
    } finally {
        cleanUp();
    }
}

if (require.main === module) {
    void main();
}
