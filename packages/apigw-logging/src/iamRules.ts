// IAM's rules for the roles the component is given and the roles it creates. It gives the roles it
// creates no name: Pulumi names them, from the resource's name, so a component name can make a role
// name IAM refuses. Pure.

import { ValidationError } from "./errors";

export function iamRoleArn(value: unknown, path: string): string {
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/.test(value)) {
        throw new ValidationError(path, value, "is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)");
    }
    return value;
}

/**
 * Role names: 1-64 (terraform-provider-aws, internal/service/iam/role.go: `name` is
 * `validResourceName(roleNameMaxLen)`, `roleNameMaxLen = 64`); inline policy names: 1-128
 * (role_policy.go: `rolePolicyNameMaxLen = 128`). Both of letters, digits and `+ = , . @ _ -`
 * (iam/validate.go `validResourceName`: `^[\w+=,.@-]*$`).
 */
export const IAM_ROLE_NAME_MAX = 64;
export const IAM_ROLE_POLICY_NAME_MAX = 128;
const IAM_NAME_CHARACTERS = /^[\w+=,.@-]+$/;

/**
 * What Pulumi adds to a resource's name when it names an IAM role or role policy itself: "-" and 7
 * random hex characters (pulumi-aws provider/resources.go: the role's `name` is
 * `tfbridge.AutoName("name", 64, "-")`, the role policy's the provider-wide `AutoName(name, 255,
 * "-")`; the bridge's random part is 7 characters). A role name that would pass 64 fails the preview
 * ("plus 7 random chars is longer than maximum length 64"), a policy name past 128 the provider's
 * validator.
 */
export const AUTONAME_SUFFIX_LENGTH = 8;

/** An IAM role or policy a component creates without a name: what it is, what its resource's name adds to the component's, and IAM's limit. */
export interface AutonamedIamName {
    what: string;
    suffix: string;
    max: number;
}

/**
 * Why Pulumi's default names for the IAM roles and policies of a component named `componentName`
 * would be refused, or undefined: the first that would be, with the longest component name that fits.
 */
export function autonamedIamNamesProblem(componentName: string, names: readonly AutonamedIamName[]): string | undefined {
    const fits = `a name of at most ${longestComponentName(names)} letters, digits and + = , . @ _ - fits`;
    for (const { what, suffix, max } of names) {
        const resourceName = `${componentName}${suffix}`;
        if (!IAM_NAME_CHARACTERS.test(resourceName)) {
            return `would name ${what} "${resourceName}-" and 7 random characters, which IAM refuses (${fits})`;
        }
        const length = resourceName.length + AUTONAME_SUFFIX_LENGTH;
        if (length > max) {
            return `would name ${what} "${resourceName}-" and 7 random characters, ${length} characters; IAM allows ${max} (${fits})`;
        }
    }
    return undefined;
}

/** The longest component name for which every one of `names` fits its limit. */
export function longestComponentName(names: readonly AutonamedIamName[]): number {
    return Math.min(...names.map(({ suffix, max }) => max - AUTONAME_SUFFIX_LENGTH - suffix.length));
}

/**
 * Refuses a component name that would make one of `names` too long for IAM, unless the stack names
 * resources by its own `pulumi:autonaming` pattern. Reported as the component's `name`.
 */
export function checkAutonamedIamNames(componentName: string, names: readonly AutonamedIamName[], config: Record<string, string>): void {
    const problem = customAutonaming(config) ? undefined : autonamedIamNamesProblem(componentName, names);
    if (problem) {
        throw new ValidationError("name", componentName, problem);
    }
}

/**
 * Whether the stack sets `pulumi:autonaming` (Pulumi CLI 3.146+): then the engine names resources by
 * the stack's pattern, not the provider's default, and the names above are not the ones the roles
 * get (the provider's validator still refuses a name IAM would). `config` is every config key the
 * program was given (`pulumi.runtime.allConfig()`).
 */
export function customAutonaming(config: Record<string, string>): boolean {
    return Object.keys(config).some((key) => key === "pulumi:autonaming" || key.startsWith("pulumi:autonaming."));
}
