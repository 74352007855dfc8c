// The stack a policy pack process checks, and whether it counts as production: the rules that are
// stricter in production (method logging, data trace, retention, KMS) ask isProductionStack.

import { isProductionStackName } from "apigw-logging/pure";

/** The stack being checked, as the policy pack process learns it from the Pulumi CLI. */
export interface StackInfo {
    /** The stack name; "" when the CLI did not say. */
    name: string;
    /** The stack's own `<project>:production` config value, when it sets one. */
    production?: boolean;
}

/**
 * Reads the stack from the environment the Pulumi CLI gives a policy pack process: `PULUMI_STACK`,
 * `PULUMI_PROJECT` and the stack's config as `PULUMI_CONFIG` (JSON of `project:key` → string).
 */
export function stackInfoFromEnv(env: Record<string, string | undefined>): StackInfo {
    const name = env.PULUMI_STACK ?? env.PULUMI_NODEJS_STACK ?? "";
    const project = env.PULUMI_PROJECT ?? env.PULUMI_NODEJS_PROJECT;
    let config: Record<string, unknown> = {};
    try {
        config = JSON.parse(env.PULUMI_CONFIG ?? "{}") as Record<string, unknown>;
    } catch {
        // Unreadable config: decide by the stack name and the policy config alone.
    }
    // `project:config:key` is the older spelling some CLIs still send.
    const raw = project === undefined ? undefined : (config[`${project}:production`] ?? config[`${project}:config:production`]);
    const production = raw === true || raw === "true" ? true : raw === false || raw === "false" ? false : undefined;
    return { name, ...(production === undefined ? {} : { production }) };
}

/** Policy config wins, then the stack's own `production` setting, then the component's name rule. */
export function isProductionStack(stack: StackInfo, config: { production?: boolean }): boolean {
    return config.production ?? stack.production ?? isProductionStackName(stack.name);
}

/** The policy config property every production-dependent rule takes. */
export const production = { production: { type: "boolean" as const } };
export const PRODUCTION_NOTE = "A stack is production when this policy's config says production: true, else when its own <project>:production config says so, else when it is named prod, production or prod-*.";
