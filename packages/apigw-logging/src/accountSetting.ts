// The region-wide API Gateway account setting: which IAM role API Gateway uses to write to
// CloudWatch Logs. Every REST API in the account and region shares it, so exactly one stack per
// region should manage it, one instance per program and provider, and it outlives that stack.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountSettingArgs, AccountSettingMode } from "./accountSettingArgs";
import { forbid, object, oneOf, optionalBoolean } from "./checks";
import { ACCOUNT_SETTING_DEFAULTS, ACCOUNT_SETTING_KEYS, ACCOUNT_SETTING_MODE_VALUES } from "./declarations.generated";
import { ValidationError } from "./errors";
import { fromInput, plainValue, whenKnown } from "./inputs";
import { partitionOf, providerRegion } from "./region";
import { AutonamedIamName, checkAutonamedIamNames, IAM_ROLE_NAME_MAX, iamRoleArn } from "./iamRules";
import { resolveTags } from "./settings";

export const ACCOUNT_SETTING_TYPE = "apigw-logging:index:AccountSetting";

/** The role mode `create` makes, which Pulumi names from its resource's name, `{component}-cloudwatch-role`. */
export const CLOUDWATCH_ROLE: AutonamedIamName = { what: "the CloudWatch Logs role", suffix: "-cloudwatch-role", max: IAM_ROLE_NAME_MAX };

/** The stack outputs a managing stack exports and `stackReference` mode reads. */
export const CLOUDWATCH_ROLE_ARN_OUTPUT = "cloudWatchRoleArn";
export const ACCOUNT_SETTING_MODE_OUTPUT = "accountSettingMode";

/** AWS managed policy with exactly the CloudWatch Logs actions API Gateway needs. */
export function pushToCloudWatchLogsPolicyArn(partition: string): string {
    return `arn:${partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`;
}

export const API_GATEWAY_TRUST_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Service: "apigateway.amazonaws.com" },
            Action: "sts:AssumeRole",
        },
    ],
});

/** The account-setting choice, checked: what `AccountSetting` does. */
export type AccountSettingChoice =
    | { mode: "create"; retainOnDelete: boolean }
    | { mode: "roleArn"; roleArn: pulumi.Input<string>; retainOnDelete: boolean }
    | { mode: "external"; roleArn?: pulumi.Input<string> }
    | { mode: "stackReference"; stack: string };

/** Checks `AccountSettingArgs` (less the tags); `path` prefixes every error. */
export function resolveAccountSetting(input: unknown, path: string): AccountSettingChoice {
    const raw = object(input ?? {}, path, ACCOUNT_SETTING_KEYS);
    const mode: AccountSettingMode = oneOf(raw.mode ?? ACCOUNT_SETTING_DEFAULTS.mode, `${path}.mode`, ACCOUNT_SETTING_MODE_VALUES);
    const retainOnDelete = optionalBoolean(raw.retainOnDelete, `${path}.retainOnDelete`) ?? ACCOUNT_SETTING_DEFAULTS.retainOnDelete;
    const roleArn = (required: boolean) =>
        raw.roleArn === undefined && !required ? undefined : whenKnown(raw.roleArn as pulumi.Input<string>, (v) => iamRoleArn(v, `${path}.roleArn`));
    if (mode !== "stackReference") {
        forbid(raw, "stack", path, 'only with mode "stackReference"');
    }
    if (mode === "external" || mode === "stackReference") {
        forbid(raw, "retainOnDelete", path, `has no effect with mode "${mode}" (this stack creates nothing region-wide)`);
    }
    switch (mode) {
        case "create":
            if (raw.roleArn !== undefined) {
                throw new ValidationError(`${path}.roleArn`, plainValue(raw.roleArn as pulumi.Input<string>), 'only with mode "roleArn" or "external"');
            }
            return { mode, retainOnDelete };
        case "roleArn":
            return { mode, roleArn: roleArn(true)!, retainOnDelete };
        case "external": {
            const arn = roleArn(false);
            return arn === undefined ? { mode } : { mode, roleArn: arn };
        }
        case "stackReference":
            if (raw.roleArn !== undefined) {
                throw new ValidationError(`${path}.roleArn`, plainValue(raw.roleArn as pulumi.Input<string>), 'only with mode "roleArn" or "external" (stackReference reads it)');
            }
            if (typeof raw.stack !== "string" || !/^[\w.-]+\/[\w.-]+\/[\w.-]+$/.test(raw.stack)) {
                throw new ValidationError(`${path}.stack`, raw.stack, 'must name the stack that manages the account setting as "org/project/stack"');
            }
            return { mode, stack: raw.stack };
    }
}

/**
 * Manages (`create`, `roleArn`) or reads (`external`, `stackReference`) the region's API Gateway
 * CloudWatch role. Create one per region (per AWS provider) and hand its `cloudWatchRoleArn` to
 * every `StageLogging`. What it creates is retained on delete by default: deleting the role, or the
 * Account (which newer AWS providers reset on delete), would silently stop logging for every other
 * API in the region.
 */
export class AccountSetting extends pulumi.ComponentResource {
    /** What this stack does about the region's setting. */
    readonly mode: pulumi.Output<string>;
    /** The role API Gateway logs with: give it to every `StageLogging` of the region (`cloudWatchRoleArn`). */
    readonly cloudWatchRoleArn: pulumi.Output<string>;
    /** With mode `create`: the role this created. */
    readonly cloudWatchRole?: aws.iam.Role;
    /** With modes `create` and `roleArn`: the region's account setting. */
    readonly account?: aws.apigateway.Account;

    constructor(name: string, args: AccountSettingArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(ACCOUNT_SETTING_TYPE, name, {}, opts);
        let setting: AccountSettingChoice;
        let tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
        try {
            const { tags: given, ...choice } = args ?? {};
            setting = resolveAccountSetting(choice, "args");
            tags = resolveTags(given, "args.tags");
            if (setting.mode === "create") {
                // The role takes its name from this component's (iamRules.ts).
                checkAutonamedIamNames(name, [CLOUDWATCH_ROLE], pulumi.runtime.allConfig());
            }
        } catch (error) {
            // The ValidationError stays the cause: a program can name the input its own way (a config key) or hide a secret.
            throw error instanceof ValidationError ? Object.assign(new pulumi.ResourceError(error.message, this, true), { cause: error }) : error;
        }
        const child = { parent: this };
        this.mode = pulumi.output(setting.mode);

        if (setting.mode === "external") {
            // Read the region's setting when no role was named: a stage cannot log without one, and
            // API Gateway's refusal would come only halfway through a deploy.
            this.cloudWatchRoleArn =
                setting.roleArn === undefined
                    ? // Read, not managed: the provider keeps the region's setting under the fixed id
                      // "api-gateway-account" (terraform-provider-aws, apigateway/account.go).
                      aws.apigateway.Account.get(`${name}-account`, "api-gateway-account", undefined, child).cloudwatchRoleArn.apply((arn) => {
                          if (!arn) {
                              throw new pulumi.ResourceError(
                                  'args.mode: "external", but the region\'s API Gateway account setting names no CloudWatch Logs role; ' +
                                      'set one (mode "create" or "roleArn" in one stack of the region) or give args.roleArn',
                                  this,
                                  true,
                              );
                          }
                          return arn;
                      })
                    : pulumi.output(setting.roleArn);
        } else if (setting.mode === "stackReference") {
            const stack = setting.stack;
            const reference = new pulumi.StackReference(`${name}-${stack}`, { name: stack }, child);
            // requireOutput: a preview fails clearly while the managing stack has not been deployed.
            // The mode check catches a chain (A reads B, B reads C): only one stack may manage the setting.
            this.cloudWatchRoleArn = pulumi
                .all([reference.requireOutput(ACCOUNT_SETTING_MODE_OUTPUT), reference.requireOutput(CLOUDWATCH_ROLE_ARN_OUTPUT)])
                .apply(([mode, arn]) => {
                    if (mode !== "create" && mode !== "roleArn") {
                        throw new pulumi.ResourceError(
                            `args.stack: stack "${stack}" does not manage the account setting (its accountSettingMode is ` +
                                `${JSON.stringify(mode)}); reference the one stack in this region whose mode is "create" or "roleArn"`,
                            this,
                            true,
                        );
                    }
                    return arn as string;
                });
        } else {
            // Option inheritance is not something to rely on for data that must outlive the stack:
            // every child says retainOnDelete itself.
            const retain = { ...child, retainOnDelete: setting.retainOnDelete };
            let roleArn: pulumi.Input<string>;
            let after: pulumi.Resource[] = [];
            if (setting.mode === "create") {
                this.cloudWatchRole = new aws.iam.Role(
                    `${name}${CLOUDWATCH_ROLE.suffix}`,
                    {
                        description: "Lets API Gateway write execution and access logs to CloudWatch Logs (region-wide account setting)",
                        assumeRolePolicy: API_GATEWAY_TRUST_POLICY,
                        tags,
                    },
                    retain,
                );
                const policy = new aws.iam.RolePolicyAttachment(
                    `${name}-cloudwatch-role-policy`,
                    { role: this.cloudWatchRole.name, policyArn: fromInput(providerRegion(this), (r) => pushToCloudWatchLogsPolicyArn(partitionOf(r))) },
                    retain,
                );
                roleArn = this.cloudWatchRole.arn;
                // API Gateway checks that the role can write to CloudWatch Logs when the setting is
                // made, so the Account waits for the policy attachment, not only for the role.
                after = [policy];
            } else {
                roleArn = setting.roleArn;
            }
            this.account = new aws.apigateway.Account(`${name}-account`, { cloudwatchRoleArn: roleArn }, { ...retain, dependsOn: after });
            // The account's output, not the role's: a stage that waits for this value waits for the setting.
            this.cloudWatchRoleArn = this.account.cloudwatchRoleArn.apply((arn) => arn ?? "");
        }
        this.registerOutputs({ mode: this.mode, cloudWatchRoleArn: this.cloudWatchRoleArn });
    }
}
