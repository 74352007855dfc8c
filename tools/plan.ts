// `npm run plan -- --stack dev [--json FILE] [--config-file FILE]`
// Runs the real program under Pulumi's mocks with a stack's config file and prints what
// `pulumi up` would create. Needs no Pulumi CLI, no AWS credentials and no network.

import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { closest } from "apigw-logging";
import { Command, Flags, readFlags } from "./cliArgs";
import { isSecretValue, maskSecrets, MOCK_CALLS, PlannedResource, runProgram } from "./mockRuntime";
import { formatPlan } from "./planFormat";
import { maskSecure, regionStandIn, replaceSecure, SecureValueError } from "./planSecrets";
import { secureMarkersIn, useSecureMarkers } from "../program/config/secureValues";
import type { StageCheck } from "apigw-logging";
import { STAGE_LOGGING_TYPE } from "apigw-logging";

// The plan as printed is planFormat.ts's; its functions are exported from here too.
export { formatPlan, formatStageChecks } from "./planFormat";

export const PROJECT_DIR = path.resolve(__dirname, "..");

export interface StackConfig {
    project: string;
    stack: string;
    /** Fully qualified keys, values as the Pulumi CLI hands them to the program (strings). */
    config: Record<string, string>;
    secretKeys: string[];
    /** The config as the plan shows it: `[secret]` for every `secure:` value. Defaults to `config`. */
    shown?: Record<string, string>;
    /** What the plan could not take into account, said above it. */
    notes?: string[];
    /** The stack file's `secure:` values (fully qualified key, then the path under it), as the program reads them from it. */
    secureMarkers?: string[][];
}

export interface Plan {
    stack: string;
    resources: Array<
        Omit<PlannedResource, "urn" | "custom" | "deleteBeforeReplace" | "outputs" | "aliasNames"> & {
            /** Only on a resource with aliases (a renamed stage): the names it had before. */
            aliasNames?: string[];
        }
    >;
    outputs: Record<string, unknown>;
    /** What each StageLogging found about its stage (its `stageCheck` output), by component name. Unset in plans written before it. */
    stageChecks?: Record<string, StageCheck>;
    /** What the program warned about (`pulumi.log.warn`), as `pulumi preview` lists diagnostics. */
    warnings?: string[];
}

/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` (or `configFile`) like the CLI does. `secure:`
 * values are never decrypted: the key is marked secret (as the CLI marks a key holding one), the
 * program gets a stand-in its checks accept (planSecrets.ts), and the plan shows `[secret]`; the
 * notes name each stand-in that may decide which resources the plan shows.
 */
export function loadStackConfig(stack: string, configFile?: string, projectDir = PROJECT_DIR): StackConfig {
    const projectFile = readYaml(path.join(projectDir, "Pulumi.yaml")) as {
        name: string;
        config?: Record<string, unknown>;
    };
    const project = projectFile.name;
    const file = configFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new PlanError(`no stack config file ${path.relative(process.cwd(), file)} (stacks here: ${listStacks(projectDir).join(", ")})`);
    }
    const content = readYaml(file);
    const stackFile = checkStackFile(content, file);
    const notes =
        (content as { environment?: unknown }).environment === undefined
            ? []
            : [`${path.relative(process.cwd(), file)} imports Pulumi ESC environments (environment:), which npm run plan does not read: config they provide is missing from this plan`];
    const config: Record<string, string> = {};
    const shown: Record<string, string> = {};
    const secretKeys: string[] = [];
    const qualify = (key: string) => (key.includes(":") ? key : `${project}:${key}`);

    // Project-level values and defaults first; the stack file wins.
    for (const [key, spec] of Object.entries(projectFile.config ?? {})) {
        const value = spec && typeof spec === "object" && !Array.isArray(spec) ? (spec as { value?: unknown; default?: unknown }) : { value: spec };
        const chosen = value.value ?? value.default;
        if (chosen !== undefined) {
            config[qualify(key)] = shown[qualify(key)] = toConfigString(chosen);
        }
    }
    const entries = Object.entries(stackFile.config).map(([key, value]) => [qualify(key), value] as const);
    const region = entries.find(([key]) => key === "aws:region")?.[1];
    for (const [key, value] of entries) {
        const masked = maskSecure(value);
        shown[key] = toConfigString(masked.value);
        try {
            config[key] = toConfigString(replaceSecure(value, [key], typeof region === "string" ? region : regionStandIn(stackFile.config), project, notes));
        } catch (error) {
            throw error instanceof SecureValueError ? new PlanError(error.message) : error;
        }
        if (masked.secret) {
            secretKeys.push(key);
        }
    }
    const secureMarkers = secureMarkersIn(stackFile.config, project);
    return { project, stack, config, secretKeys, shown, ...(notes.length > 0 ? { notes } : {}), ...(secureMarkers.length > 0 ? { secureMarkers } : {}) };
}

/** A YAML file's content; a syntax error is one line naming the file, the line and the column. */
function readYaml(file: string): unknown {
    const text = fs.readFileSync(file, "utf8");
    try {
        return yaml.load(text);
    } catch (error) {
        if (error instanceof yaml.YAMLException) {
            const { line, column } = error.mark ?? { line: 0, column: 0 };
            throw new PlanError(`${path.relative(process.cwd(), file)}:${line + 1}:${column + 1}: ${error.reason} (YAML syntax)`);
        }
        throw error;
    }
}

/** The keys a stack file may have (Pulumi's ProjectStack: pkg/workspace/project.go). */
const STACK_FILE_KEYS = ["config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt"];

/** A stack file that the CLI would read the config from: anything else would plan on defaults alone. */
function checkStackFile(content: unknown, file: string): { config: Record<string, unknown> } {
    const name = path.relative(process.cwd(), file);
    if (content === null || content === undefined || typeof content !== "object" || Array.isArray(content)) {
        throw new PlanError(`${name} has no "config:" section: the stack would run on defaults alone; write its config under "config:" (at least aws:region)`);
    }
    for (const key of Object.keys(content)) {
        if (!STACK_FILE_KEYS.includes(key)) {
            const hint = closest(key, STACK_FILE_KEYS);
            throw new PlanError(
                `${name}: "${key}" is not a stack file key${hint ? `; did you mean "${hint}"?` : ""} (known: ${STACK_FILE_KEYS.join(", ")}); ` +
                    "the CLI reads the stack's settings from \"config:\" only",
            );
        }
    }
    const { config } = content as { config?: unknown };
    if (config === undefined || config === null) {
        throw new PlanError(`${name} has no "config:" section: the stack would run on defaults alone; write its config under "config:" (at least aws:region)`);
    }
    if (typeof config !== "object" || Array.isArray(config)) {
        throw new PlanError(`${name}: "config:" must be a mapping of keys to values`);
    }
    return { config: config as Record<string, unknown> };
}

export function listStacks(projectDir = PROJECT_DIR): string[] {
    return fs
        .readdirSync(projectDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

function toConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** The plan being made in this process: Pulumi's runtime (config, mocks) is one per process. */
let planning: Promise<unknown> = Promise.resolve();

/** Runs `index.ts` under mocks with the given config and returns the plan; one plan at a time per process. */
export function planStack(stackConfig: StackConfig, programPath = path.join(PROJECT_DIR, "program", "index.ts")): Promise<Plan> {
    const plan = planning.then(() => planOnce(stackConfig, programPath));
    planning = plan.catch(() => undefined);
    return plan;
}

async function planOnce(stackConfig: StackConfig, programPath: string): Promise<Plan> {
    // The program reads the `secure:` markers of the file this plan read, not of a stack file in the working directory.
    useSecureMarkers(stackConfig.secureMarkers ?? []);
    const run = await runProgram({ ...stackConfig, calls: MOCK_CALLS }, () => {
        delete require.cache[require.resolve(programPath)];
        return require(programPath);
    }).finally(() => useSecureMarkers(undefined));
    return {
        stack: stackConfig.stack,
        resources: run.resources.map((r) => ({
            type: r.type,
            name: r.name,
            parent: r.parent,
            inputs: maskSecrets(withoutProviderCode(r.inputs)) as Record<string, unknown>,
            dependsOn: r.dependsOn,
            retainOnDelete: r.retainOnDelete,
            protect: r.protect,
            ...(r.aliasNames.length > 0 ? { aliasNames: r.aliasNames } : {}),
            ...(r.importId ? { importId: r.importId } : {}),
        })),
        outputs: maskSecrets(run.outputs) as Record<string, unknown>,
        // A check is secret when its stage's destination name is (it names the destination it finds);
        // under mocks nothing is read, so it holds no value of the config and is shown as it is.
        stageChecks: Object.fromEntries(
            run.resources
                .filter((r) => r.type === STAGE_LOGGING_TYPE && r.outputs.stageCheck)
                .map((r) => [r.name, (isSecretValue(r.outputs.stageCheck) ? (r.outputs.stageCheck as { value: unknown }).value : r.outputs.stageCheck) as StageCheck]),
        ),
        warnings: run.warnings,
    };
}

/** A dynamic resource's inputs carry its provider's serialized code (`__provider`): not a plan's business. */
function withoutProviderCode(inputs: Record<string, unknown>): Record<string, unknown> {
    const { __provider, ...rest } = inputs;
    return __provider === undefined ? inputs : { ...rest, __provider: "[dynamic provider code]" };
}

export class PlanError extends Error {}

const PLAN_COMMAND = {
    usage: "usage: npm run plan -- --stack <name> [--json FILE] [--config-file FILE]",
    summary: "Runs the stack program under Pulumi's mocks with a stack's config and prints what `pulumi up` would create (no Pulumi CLI, no AWS).",
    flags: {
        stack: { type: "string", short: "s", value: "<name>", description: "the stack to plan, with the config in Pulumi.<name>.yaml" },
        json: { type: "string", value: "FILE", description: "also write the plan as JSON to FILE" },
        "config-file": { type: "string", value: "FILE", description: "read the stack's config from FILE instead of Pulumi.<name>.yaml" },
    },
} satisfies Command<Flags>;

type PlanArgs = { help: string } | { help?: undefined; stack: string; json?: string; configFile?: string };

function parseArgs(argv: string[]): PlanArgs {
    const parsed = readFlags(argv, PLAN_COMMAND, (message) => new PlanError(message));
    if (parsed.help !== undefined) {
        return { help: parsed.help };
    }
    const { stack, json, "config-file": configFile } = parsed.values;
    if (!stack) {
        throw new PlanError(`--stack is required (stacks here: ${listStacks().join(", ")})`);
    }
    return { stack, json, configFile };
}

/** One line for errors the user can act on; a stack trace only for our own bugs. */
export function errorLine(error: unknown): string {
    const e = error as Error & { name?: string };
    const known = ["ValidationError", "RunError", "ResourceError", "ConfigTypeError", "ConfigMissingError", "PlanError"];
    if (e && (known.includes(e.constructor?.name) || known.includes(e.name ?? "") || error instanceof PlanError)) {
        // Pulumi wraps an error raised inside an output with where it surfaced; the cause is what matters.
        return `error: ${e.message.split("\n")[0].replace(/^(error serializing property "[^"]*": )+/, "")}`;
    }
    return `error: ${e?.stack ?? String(error)}`;
}

/** Where a command writes: the console for the CLI; a test collects the lines. */
export interface CommandOutput {
    log(line: string): void;
    error(line: string): void;
}

/** `npm run plan -- <argv>`: prints the plan, or one error line; returns the exit status. */
export async function runPlanCommand(argv: string[], out: CommandOutput = console): Promise<number> {
    try {
        const args = parseArgs(argv);
        if (args.help !== undefined) {
            out.log(args.help);
            return 0;
        }
        const stackConfig = loadStackConfig(args.stack, args.configFile);
        const plan = await planStack(stackConfig);
        out.log(formatPlan(plan, stackConfig));
        if (args.json) {
            fs.writeFileSync(args.json, JSON.stringify(plan, null, 2) + "\n");
            out.log(`\nWrote the plan as JSON to ${args.json}`);
        }
        return 0;
    } catch (error) {
        out.error(errorLine(error));
        return 1;
    }
}

if (require.main === module) {
    void runPlanCommand(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
