// `npm run plan -- --stack dev [--json FILE] [--config-file FILE]`
// Runs the real program under Pulumi's mocks with a stack's config file and prints what
// `pulumi up` would create. Needs no Pulumi CLI, no AWS credentials and no network.

import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import type { StageCheck } from "apigw-logging";
import { STAGE_LOGGING_TYPE } from "apigw-logging";
import { readFlags } from "./cliFlags";
import { maskSecrets, MOCK_CALLS, PlannedResource, runProgram, SECRET_MASK } from "./mockRuntime";

export const PROJECT_DIR = path.resolve(__dirname, "..");

export interface StackConfig {
    project: string;
    stack: string;
    /** Fully qualified keys, values as the Pulumi CLI hands them to the program (strings). */
    config: Record<string, string>;
    secretKeys: string[];
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
 * values are never decrypted: the program sees a mask and the key is marked secret.
 */
export function loadStackConfig(stack: string, configFile?: string, projectDir = PROJECT_DIR): StackConfig {
    const projectFile = yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as {
        name: string;
        config?: Record<string, unknown>;
    };
    const project = projectFile.name;
    const file = configFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new PlanError(`no stack config file ${path.relative(process.cwd(), file)} (stacks here: ${listStacks(projectDir).join(", ")})`);
    }
    const stackFile = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const qualify = (key: string) => (key.includes(":") ? key : `${project}:${key}`);

    // Project-level values and defaults first; the stack file wins.
    for (const [key, spec] of Object.entries(projectFile.config ?? {})) {
        const value = spec && typeof spec === "object" && !Array.isArray(spec) ? (spec as { value?: unknown; default?: unknown }) : { value: spec };
        const chosen = value.value ?? value.default;
        if (chosen !== undefined) {
            config[qualify(key)] = toConfigString(chosen);
        }
    }
    for (const [key, value] of Object.entries(stackFile.config ?? {})) {
        const masked = maskSecure(value);
        config[qualify(key)] = toConfigString(masked.value);
        if (masked.secret) {
            secretKeys.push(qualify(key));
        }
    }
    return { project, stack, config, secretKeys };
}

export function listStacks(projectDir = PROJECT_DIR): string[] {
    return fs
        .readdirSync(projectDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

function maskSecure(value: unknown): { value: unknown; secret: boolean } {
    if (value && typeof value === "object" && !Array.isArray(value)) {
        const entries = Object.entries(value);
        if (entries.length === 1 && entries[0][0] === "secure") {
            return { value: SECRET_MASK, secret: true };
        }
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, v] of entries) {
            const inner = maskSecure(v);
            secret ||= inner.secret;
            out[k] = inner.value;
        }
        return { value: out, secret };
    }
    if (Array.isArray(value)) {
        const inner = value.map(maskSecure);
        return { value: inner.map((i) => i.value), secret: inner.some((i) => i.secret) };
    }
    return { value, secret: false };
}

function toConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Runs `index.ts` under mocks with the given config and returns the plan. */
export async function planStack(stackConfig: StackConfig, programPath = path.join(PROJECT_DIR, "program", "index.ts")): Promise<Plan> {
    const run = await runProgram({ ...stackConfig, calls: MOCK_CALLS }, () => {
        delete require.cache[require.resolve(programPath)];
        return require(programPath);
    });
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
        })),
        outputs: maskSecrets(run.outputs) as Record<string, unknown>,
        stageChecks: Object.fromEntries(
            run.resources.filter((r) => r.type === STAGE_LOGGING_TYPE && r.outputs.stageCheck).map((r) => [r.name, r.outputs.stageCheck as StageCheck]),
        ),
        warnings: run.warnings,
    };
}

/** A dynamic resource's inputs carry its provider's serialized code (`__provider`): not a plan's business. */
function withoutProviderCode(inputs: Record<string, unknown>): Record<string, unknown> {
    const { __provider, ...rest } = inputs;
    return __provider === undefined ? inputs : { ...rest, __provider: "[dynamic provider code]" };
}

/**
 * Per stage: do its access logs reach this stack, does it log at the level asked for, is apiName
 * right, and what to put where when not. Under mocks AWS is not read: "unknown (offline)".
 */
export function formatStageChecks(plan: Pick<Plan, "stageChecks">): string[] {
    const entries = Object.entries(plan.stageChecks ?? {});
    if (entries.length === 0) {
        return [];
    }
    const lines = ["Stages (as read from AWS at preview; under mocks nothing is read):"];
    const said = (answer: StageCheck["accessLogs"]) => {
        const unknown = /^unknown \([^)]*\)/.exec(answer.detail);
        return answer.verdict === "unknown" && unknown ? unknown[0] : `${answer.verdict} (${answer.detail})`;
    };
    for (const [name, check] of entries) {
        lines.push(`    ${name}  ${check.stage}  stageOwner: ${check.stageOwner}`);
        lines.push(`        access logs reach this stack: ${said(check.accessLogs)}`);
        if (check.accessLogs.verdict !== "yes" && check.stageOwner === "iac") {
            lines.push(
                `            fix: put the stack output stages.${name}.accessLogSettings on the stage in its owner's program, ` +
                    "or give the entry stageOwner: none if no program owns the stage (this stack then sets it)",
            );
        } else if (check.accessLogs.fix && check.accessLogs.verdict !== "yes") {
            lines.push(`            fix: ${check.accessLogs.fix}`);
        }
        lines.push(`        logging level as asked: ${said(check.loggingLevel)}`);
        if (check.loggingLevel.fix && check.loggingLevel.verdict === "no") {
            lines.push(`            fix: ${check.loggingLevel.fix}`);
        }
        if (check.apiName) {
            lines.push(`        apiName is the REST API's name: ${said(check.apiName)}`);
            if (check.apiName.fix && check.apiName.verdict === "no") {
                lines.push(`            fix: ${check.apiName.fix}`);
            }
        }
    }
    return lines;
}

/** The plan as `pulumi preview` would lay it out, with each resource's inputs beneath it. */
export function formatPlan(plan: Plan, stackConfig: StackConfig): string {
    const lines = [`Previewing update (${plan.stack}) under mocks: nothing is deployed and AWS is not called`, ""];
    const configKeys = Object.keys(stackConfig.config).sort();
    if (configKeys.length > 0) {
        lines.push("Config:");
        for (const key of configKeys) {
            lines.push(`    ${key}: ${stackConfig.config[key]}`);
        }
        lines.push("");
    }
    const typeWidth = Math.max(...plan.resources.map((r) => r.type.length), "pulumi:pulumi:Stack".length);
    lines.push(`     ${"Type".padEnd(typeWidth + 12)}  Name`);
    lines.push(` +   ${"pulumi:pulumi:Stack".padEnd(typeWidth + 12)}  ${stackConfig.project}-${plan.stack}`);
    const stackName = `${stackConfig.project}-${plan.stack}`;
    const shown = new Set<Plan["resources"][number]>();
    const visit = (parent: string, depth: number) => {
        for (const r of plan.resources.filter((x) => x.parent === parent && !shown.has(x))) {
            shown.add(r);
            const flags = [r.retainOnDelete ? "retainOnDelete" : "", r.protect ? "protect" : ""].filter(Boolean);
            const indent = "   ".repeat(depth);
            lines.push(` +   ${`${indent}└─ ${r.type}`.padEnd(typeWidth + 12)}  ${r.name}${flags.length ? `  [${flags.join(", ")}]` : ""}`);
            for (const [key, value] of Object.entries(r.inputs)) {
                if (!key.startsWith("__")) {
                    lines.push(`         ${indent}     ${key}: ${preview(value)}`);
                }
            }
            if (r.dependsOn.length > 0) {
                lines.push(`         ${indent}     (after: ${r.dependsOn.join(", ")})`);
            }
            if (plan.resources.some((x) => x.parent === r.name)) {
                visit(r.name, depth + 1);
            }
        }
    };
    visit(stackName, 0);
    const checks = formatStageChecks(plan);
    if (checks.length > 0) {
        lines.push("", ...checks);
    }
    if (plan.warnings?.length) {
        lines.push("", "Diagnostics:", ...plan.warnings.map((w) => `    warning: ${w}`));
    }
    lines.push("", "Outputs:");
    for (const [key, value] of Object.entries(plan.outputs)) {
        lines.push(`    ${key}: ${preview(value)}`);
    }
    const custom = plan.resources.filter((r) => !r.type.startsWith("apigw-logging:")).length;
    lines.push("", "Resources:", `    + ${plan.resources.length + 1} to create (${custom} AWS resources)`);
    return lines.join("\n");
}

function preview(value: unknown): string {
    const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? "undefined";
    return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

export class PlanError extends Error {}

function parseArgs(argv: string[]): { stack: string; json?: string; configFile?: string } {
    const usage = "usage: npm run plan -- --stack <name> [--json FILE] [--config-file FILE]";
    const flags = { "--stack": "stack", "-s": "stack", "--json": "json", "--config-file": "configFile" } as const;
    const out = readFlags(argv, flags, usage, (message) => new PlanError(message));
    if (!out.stack) {
        throw new PlanError(`--stack is required (stacks here: ${listStacks().join(", ")})`);
    }
    return out as { stack: string; json?: string; configFile?: string };
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

async function main(): Promise<void> {
    try {
        const args = parseArgs(process.argv.slice(2));
        const stackConfig = loadStackConfig(args.stack, args.configFile);
        const plan = await planStack(stackConfig);
        console.log(formatPlan(plan, stackConfig));
        if (args.json) {
            fs.writeFileSync(args.json, JSON.stringify(plan, null, 2) + "\n");
            console.log(`\nWrote the plan as JSON to ${args.json}`);
        }
    } catch (error) {
        console.error(errorLine(error));
        process.exitCode = 1;
    }
}

if (require.main === module) {
    void main();
}
