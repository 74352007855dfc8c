// `npm run plan:diff -- --stack dev --base <git-ref> [--head <git-ref>] [--history <n>]`
// Plans a stack at a git ref and in the working tree (or at a second ref), both under mocks with
// no credentials, and prints what changed per resource (tools/planDiff.ts), and what will fail in
// `pulumi up` (tools/collisions.ts: names still held, by the base or by retained resources of the
// base's earlier versions, tools/planHistory.ts). The ref is unpacked with `git archive` into a
// temporary directory, so the working tree and the repository's worktrees are never touched, and
// that tree's own `tools/plan.ts` (`scripts/plan.ts` before the layout of 0.2.0) plans it.
// Exit status: 0, 1 for an error, 2 (EXIT_WILL_FAIL) when a change will fail or break logging.

import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Command, Flags, readFlags } from "./cliArgs";
import { runsThisCode } from "./planCode";
import { findCollisions, heldNames } from "./collisions";
import { diffPlans, executionLogNotes, exitStatus, formatDiff, RegionalPlan } from "./planDiff";
import { DEFAULT_HISTORY, planVersions, stackFileVersions } from "./planHistory";
import { CommandOutput, errorLine, listStacks, loadStackConfig, Plan, PlanError, planStack, PROJECT_DIR } from "./plan";
import { rewrittenSecrets } from "./planSecrets";

export interface Side {
    label: string;
    /** The plan, or an empty one when that side has no stack file or no plan script. */
    plan: RegionalPlan;
    note?: string;
    /** The unpacked tree of a git ref; undefined for the working tree. */
    dir?: string;
}

export interface PlanDiffOptions {
    stack: string;
    base: string;
    head?: string;
    /** How many earlier versions of the stack file to check for names retained resources hold (0: none). */
    history?: number;
    /** The repository (and working tree) to diff in; this checkout by default. */
    projectDir?: string;
    /** Progress lines (npm ci in a base tree): stderr for the CLI. */
    log?: (line: string) => void;
}

interface Args {
    stack: string;
    base: string;
    head?: string;
    history?: string;
}

const USAGE = "usage: npm run plan:diff -- --stack <name> --base <git-ref> [--head <git-ref>] [--history <n>]";

const PLAN_DIFF_COMMAND = {
    usage: USAGE,
    summary: "Plans a stack at a git ref and in the working tree (or at a second ref), both under mocks, and prints what changed per resource; exits 2 when a create would fail on a name a retained resource still holds.",
    flags: {
        stack: { type: "string", short: "s", value: "<name>", description: "the stack to compare, with the config in Pulumi.<name>.yaml" },
        base: { type: "string", value: "<git-ref>", description: "the ref to compare with (the old side), e.g. origin/main" },
        head: { type: "string", value: "<git-ref>", description: "the new side, a ref too (default: the working tree)" },
        history: { type: "string", value: "<n>", description: `earlier versions of the stack file to check for names retained resources hold (default ${DEFAULT_HISTORY}, 0 for none)` },
    },
} satisfies Command<Flags>;

function parseArgs(argv: string[]): Args | { help: string } {
    const parsed = readFlags(argv, PLAN_DIFF_COMMAND, (message) => new PlanError(message));
    if (parsed.help !== undefined) return { help: parsed.help };
    const { stack, base, head, history } = parsed.values;
    if (!stack) throw new PlanError(`--stack is required (stacks here: ${listStacks().join(", ")}; ${USAGE})`);
    if (!base) throw new PlanError(`--base is required: the git ref to compare with, e.g. origin/main (${USAGE})`);
    if (history !== undefined && !/^\d+$/.test(history)) throw new PlanError(`--history ${history}: must be a number of earlier versions, 0 for none (${USAGE})`);
    return { stack, base, head, history };
}

function git(args: string[], projectDir = PROJECT_DIR): Buffer {
    return execFileSync("git", args, { cwd: projectDir, maxBuffer: 512 * 1024 * 1024, stdio: ["pipe", "pipe", "pipe"] });
}

/** The commit a ref names, or a PlanError saying the ref is unknown here. */
export function resolveRef(ref: string, flag = "--base", projectDir = PROJECT_DIR): string {
    try {
        return git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], projectDir).toString().trim();
    } catch {
        throw new PlanError(`${flag} ${ref}: not a commit in this repository (a shallow clone may lack it: fetch it first)`);
    }
}

/**
 * Unpacks `commit` into a new temporary directory. Its dependencies are this checkout's
 * `node_modules` (a symlink) when its package-lock.json is the same; otherwise `npm ci` installs
 * its own, because planning old code with new libraries could show differences that are not there.
 */
export function materialize(commit: string, stack: string, log: (line: string) => void, projectDir = PROJECT_DIR): { dir: string; note?: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-plan-diff-"));
    execFileSync("tar", ["-x", "-C", dir], { input: git(["archive", "--format=tar", commit], projectDir) });
    if (planScript(dir) === undefined) {
        return { dir }; // nothing will be planned there: no dependencies needed
    }
    const lock = (root: string) => (fs.existsSync(path.join(root, "package-lock.json")) ? fs.readFileSync(path.join(root, "package-lock.json"), "utf8") : undefined);
    const theirs = lock(dir);
    if (theirs === undefined || theirs === lock(projectDir)) {
        linkModules(dir, projectDir);
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
function linkModules(dir: string, projectDir: string): void {
    const ours = path.join(projectDir, "node_modules");
    const theirs = path.join(dir, "node_modules");
    fs.mkdirSync(theirs);
    const entries = (folder: string): string[] =>
        fs.readdirSync(folder).flatMap((name) => (name.startsWith("@") ? fs.readdirSync(path.join(folder, name)).map((n) => `${name}/${n}`) : [name]));
    for (const name of entries(ours)) {
        const source = path.join(ours, name);
        const target = path.join(theirs, name);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const real = fs.realpathSync(source);
        const relative = path.relative(fs.realpathSync(projectDir), real);
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

/** The region the stack file of a tree gives the AWS provider, when it has one. */
function regionOf(stack: string, dir: string): string | undefined {
    try {
        return loadStackConfig(stack, undefined, dir).config["aws:region"];
    } catch {
        return undefined; // no stack file: nothing is planned there
    }
}

/** Unpacks a git ref into a temporary tree (removed when the run ends) and names it for the header. */
function unpack(stack: string, ref: string, log: (line: string) => void, projectDir: string, trees: string[]): { dir: string; label: string; note?: string } {
    const commit = resolveRef(ref, "--base", projectDir);
    const label = commit.startsWith(ref) ? commit.slice(0, 7) : `${ref} (${commit.slice(0, 7)})`;
    const { dir, note } = materialize(commit, stack, log, projectDir);
    temporaryTrees.add(dir);
    trees.push(dir);
    return { dir, label, note };
}

/**
 * Plans one side: the working tree in-process; an unpacked tree in a child process with its own
 * code or, when its code is this process's own (only stack files differ: a config change, or an
 * earlier version of the stack file), in-process too, which spares a Node process per version.
 */
async function planSide(stack: string, tree: { dir: string; label: string; note?: string } | undefined, projectDir: string): Promise<Side> {
    if (tree === undefined) {
        const plan = await planStack(loadStackConfig(stack, undefined, projectDir), path.join(projectDir, "program", "index.ts"));
        return { label: "the working tree", plan: { ...plan, region: regionOf(stack, projectDir) } };
    }
    const side =
        missing(tree.dir, stack) === undefined && runsThisCode(tree.dir)
            ? { label: tree.label, plan: await planStack(loadStackConfig(stack, undefined, tree.dir)) }
            : await planAt(tree.dir, stack, tree.label);
    const planned: Side = { ...side, plan: { ...side.plan, region: regionOf(stack, tree.dir) }, dir: tree.dir };
    return tree.note ? { ...planned, note: planned.note ? `${planned.note}; ${tree.note}` : tree.note } : planned;
}

/** Trees unpacked by a run that is still going: removed when it ends, or when the process is interrupted. */
const temporaryTrees = new Set<string>();

function removeTemporaryTrees(dirs: Iterable<string> = [...temporaryTrees]): void {
    for (const dir of dirs) {
        removeTree(dir);
        temporaryTrees.delete(dir);
    }
}

/**
 * Plans both sides and the base's earlier versions, and returns the diff as printed and the exit
 * status: 2 when a finding says the update will fail or break logging, else 0.
 */
export async function runPlanDiff(options: PlanDiffOptions): Promise<{ text: string; status: number }> {
    const { stack } = options;
    const projectDir = options.projectDir ?? PROJECT_DIR;
    const log = options.log ?? (() => undefined);
    if (options.head === undefined && !fs.existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`))) {
        throw new PlanError(`no stack config file Pulumi.${stack}.yaml in the working tree (stacks here: ${listStacks(projectDir).join(", ")})`);
    }
    // Resolve both refs before any planning, so a typo fails in a second, not after a plan.
    const baseCommit = resolveRef(options.base, "--base", projectDir);
    if (options.head !== undefined) resolveRef(options.head, "--head", projectDir);
    const trees: string[] = [];
    try {
        const baseTree = unpack(stack, options.base, log, projectDir, trees);
        const headTree = options.head === undefined ? undefined : unpack(stack, options.head, log, projectDir, trees);
        const limit = options.history ?? DEFAULT_HISTORY;
        const { versions, more } = limit > 0 && planScript(baseTree.dir) ? stackFileVersions(projectDir, baseCommit, stack, limit) : { versions: [], more: false };
        // The base's own stack file and its earlier versions plan in one child process, with the
        // base's program, while the head plans here (or in a second child process for --head).
        const ownToo = missing(baseTree.dir, stack) === undefined;
        const [planned, head] = await Promise.all([planVersions(baseTree.dir, stack, versions, ownToo), planSide(stack, headTree, projectDir)]);
        let base: Side;
        if (planned.own && "error" in planned.own) {
            throw new PlanError(`the plan at ${baseTree.label} failed: ${planned.own.error}`);
        } else if (planned.own) {
            const note = baseTree.note;
            base = { label: baseTree.label, plan: { ...planned.own.plan, region: regionOf(stack, baseTree.dir) }, dir: baseTree.dir, ...(note ? { note } : {}) };
        } else {
            // No stack file there (an empty plan), or a tree whose plan module cannot plan several configs.
            base = await planSide(stack, baseTree, projectDir);
        }
        const held = heldNames([...planned.versions, { label: base.label, plan: base.plan }]);
        const diff = diffPlans(base.plan, head.plan);
        const findings = findCollisions(diff, base.plan, head.plan, held);
        const notes = [base.note, head.note, ...planned.notes].filter((n): n is string => n !== undefined);
        notes.push(...executionLogNotes(base.plan, head.plan), ...rewrittenSecrets(baseTree.dir, headTree?.dir ?? projectDir, stack));
        if (more) {
            notes.push(`only the last ${limit} earlier versions of Pulumi.${stack}.yaml were checked for names retained resources hold (--history)`);
        }
        const text = formatDiff(diff, { stack, baseLabel: base.label, headLabel: head.label, notes, findings });
        return { text, status: exitStatus(findings) };
    } finally {
        removeTemporaryTrees(trees);
    }
}

/** `npm run plan:diff -- <argv>`: prints the diff, or one error line; returns the exit status. */
export async function runPlanDiffCommand(argv: string[], out: CommandOutput = console): Promise<number> {
    try {
        const args = parseArgs(argv);
        if ("help" in args) {
            out.log(args.help);
            return 0;
        }
        const history = args.history === undefined ? undefined : Number(args.history);
        const { text, status } = await runPlanDiff({ stack: args.stack, base: args.base, head: args.head, history, log: (line) => out.error(line) });
        out.log(text);
        return status;
    } catch (error) {
        out.error(errorLine(error));
        return 1;
    }
}

if (require.main === module) {
    process.on("exit", () => removeTemporaryTrees());
    // Ctrl-C ends Node without its exit event: remove the temporary trees first.
    process.once("SIGINT", () => {
        removeTemporaryTrees();
        process.exit(130);
    });
    void runPlanDiffCommand(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
