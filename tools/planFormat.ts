// How `npm run plan` prints a plan: laid out as `pulumi preview` would, each resource's inputs
// beneath it, then what each StageLogging found about its stage, diagnostics and outputs.

import type { StageCheck } from "apigw-logging";
import { SAMPLE_API_TYPE } from "../program/sampleApi";
import type { Plan, StackConfig } from "./plan";

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
    const configShown = stackConfig.shown ?? stackConfig.config;
    const configKeys = Object.keys(configShown).sort();
    if (configKeys.length > 0) {
        lines.push("Config:");
        for (const key of configKeys) {
            lines.push(`    ${key}: ${configShown[key]}`);
        }
        lines.push("");
    }
    lines.push(...(stackConfig.notes ?? []).map((note) => `Note: ${note}`), ...deployedApis(plan, stackConfig.project), "");
    const typeWidth = Math.max(...plan.resources.map((r) => r.type.length), "pulumi:pulumi:Stack".length);
    lines.push(`     ${"Type".padEnd(typeWidth + 12)}  Name`);
    lines.push(` +   ${"pulumi:pulumi:Stack".padEnd(typeWidth + 12)}  ${stackConfig.project}-${plan.stack}`);
    const stackName = `${stackConfig.project}-${plan.stack}`;
    const shown = new Set<Plan["resources"][number]>();
    const visit = (parent: string, depth: number) => {
        for (const r of plan.resources.filter((x) => x.parent === parent && !shown.has(x))) {
            shown.add(r);
            const flags = [r.retainOnDelete ? "retainOnDelete" : "", r.protect ? "protect" : "", r.importId ? `import ${r.importId}` : ""].filter(Boolean);
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

/** Says whether the public sample REST API is part of the plan, and which stages are logged. */
function deployedApis(plan: Plan, project: string): string[] {
    const sample = plan.resources.find((r) => r.type === SAMPLE_API_TYPE);
    const logged = Object.keys((plan.outputs.stages as Record<string, unknown> | undefined) ?? {});
    const lines: string[] = [];
    if (sample) {
        const restApi = plan.resources.find((r) => r.parent === sample.name && r.type === "aws:apigateway/restApi:RestApi");
        lines.push(
            `Sample API: deployed, because ${project}:sampleApi is set: a public REST API ${JSON.stringify(restApi?.inputs.name)} ` +
                "whose GET / anyone can call (remove the key to leave it out)",
        );
    }
    lines.push(logged.length > 0 ? `Stages logged: ${logged.join(", ")}` : `Stages logged: none (${project}:stages is empty and ${project}:sampleApi is not set)`);
    return lines;
}

function preview(value: unknown): string {
    const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? "undefined";
    return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
