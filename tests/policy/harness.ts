// Calls the pack's rules the way @pulumi/policy 1.21's analyzer server does (server.js,
// makeAnalyzeRpcFun / makeAnalyzeStackRpcFun), without the Pulumi CLI: props wrapped in the SDK's
// own unknown-checking proxy, getConfig returning the policy's config, violations collected.

import * as policySdk from "@pulumi/policy";
import type {
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { Plan } from "../../tools/plan";

// Exported by @pulumi/policy at run time, left out of its type declarations.
const sdk = policySdk as unknown as { unknownCheckingProxy<T>(value: T): T };
const proxy = require("@pulumi/policy/proxy") as { unknownStringValue: string; unknownObjectValue: string };

/** What the engine sends for a string, or an object, not known until `pulumi up`. */
export const UNKNOWN_STRING = proxy.unknownStringValue;
export const UNKNOWN_OBJECT = proxy.unknownObjectValue;

export type Policy = ResourceValidationPolicy | StackValidationPolicy;

export interface Violation {
    policy: string;
    message: string;
    urn?: string;
}

export interface TestResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
    /** Property name → names of the resources its value came from. */
    propertyDependencies?: Record<string, string[]>;
}

const OPTIONS: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

const urnOf = (type: string, name: string) => `urn:pulumi:test::apigw-logging::${type}::${name}`;

function notApplicable(reason?: string): never {
    throw new Error(`not applicable: ${reason}`);
}

export function isStackPolicy(policy: Policy): policy is StackValidationPolicy {
    return "validateStack" in policy;
}

/** Runs one resource rule on one resource; the messages it reported. */
export async function validateResource(
    policy: Policy,
    resource: TestResource,
    config: Record<string, unknown> = {},
): Promise<string[]> {
    if (isStackPolicy(policy) || !policy.validateResource) {
        throw new Error(`${policy.name} is not a resource policy`);
    }
    const messages: string[] = [];
    const props = sdk.unknownCheckingProxy(JSON.parse(JSON.stringify(resource.props)) as Record<string, unknown>);
    const args: ResourceValidationArgs = {
        type: resource.type,
        props,
        urn: urnOf(resource.type, resource.name),
        name: resource.name,
        opts: OPTIONS,
        stackTags: new Map(),
        isType: () => {
            throw new Error("the rules compare type tokens; isType is not used");
        },
        asType: () => {
            throw new Error("the rules compare type tokens; asType is not used");
        },
        getConfig: <T extends object>() => config as T,
        notApplicable,
    };
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const validation of validations) {
        await validation(args, (message) => messages.push(message));
    }
    return messages;
}

/** Runs a stack rule over resources; what it reported, with the URN it blamed. */
export async function validateStack(
    policy: Policy,
    resources: TestResource[],
    config: Record<string, unknown> = {},
): Promise<Violation[]> {
    if (!isStackPolicy(policy)) {
        throw new Error(`${policy.name} is not a stack policy`);
    }
    const built: PolicyResource[] = resources.map((r) => ({
        type: r.type,
        props: sdk.unknownCheckingProxy(JSON.parse(JSON.stringify(r.props)) as Record<string, unknown>),
        urn: urnOf(r.type, r.name),
        name: r.name,
        opts: OPTIONS,
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    }));
    const byName = new Map(built.map((r) => [r.name, r]));
    resources.forEach((r, i) => {
        for (const [key, names] of Object.entries(r.propertyDependencies ?? {})) {
            built[i].propertyDependencies[key] = names.map((n) => byName.get(n)!).filter(Boolean);
        }
    });
    const violations: Violation[] = [];
    await policy.validateStack(
        { resources: built, stackTags: new Map(), getConfig: <T extends object>() => config as T, notApplicable },
        (message, urn) => violations.push({ policy: policy.name, message, urn }),
    );
    return violations;
}

/** Every rule over a plan: resource rules on each resource's inputs, stack rules on all of them. */
export async function checkPlan(policies: Policy[], plan: Plan, config: Record<string, Record<string, unknown>> = {}): Promise<Violation[]> {
    const resources: TestResource[] = plan.resources.map((r) => ({ type: r.type, name: r.name, props: r.inputs }));
    const violations: Violation[] = [];
    for (const policy of policies) {
        if (isStackPolicy(policy)) {
            violations.push(...(await validateStack(policy, resources, config[policy.name])));
        } else {
            for (const resource of resources) {
                const messages = await validateResource(policy, resource, config[policy.name]);
                violations.push(...messages.map((message) => ({ policy: policy.name, message, urn: urnOf(resource.type, resource.name) })));
            }
        }
    }
    return violations;
}
