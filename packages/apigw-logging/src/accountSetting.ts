// The region-wide API Gateway account setting: which IAM role API Gateway uses to write to
// CloudWatch Logs. Every REST API in the account and region shares it, so exactly one stack per
// region should manage it, and it outlives that stack.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "./errors";
import { AccountSettingChoice, resolveAccountSetting } from "./validation";

export const ACCOUNT_SETTING_TYPE = "apigw-logging:index:AccountSetting";

/** The stack outputs a managing stack exports and `stackReference` mode reads. */
export const CLOUDWATCH_ROLE_ARN_OUTPUT = "cloudWatchRoleArn";
export const ACCOUNT_SETTING_MODE_OUTPUT = "accountSettingMode";

/** AWS managed policy with exactly the CloudWatch Logs actions API Gateway needs. */
export function pushToCloudWatchLogsPolicyArn(partition: string): string {
    return `arn:${partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`;
}

/** The ARN partition of a region: China and GovCloud regions have their own. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) {
        return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
        return "aws-us-gov";
    }
    return "aws";
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

export interface AccountSettingArgs {
    /** What to do about the region's setting; validated like stack config. Defaults to `{ mode: "create" }`. */
    setting?: unknown;
    tags?: Record<string, string>;
}

/**
 * Manages (`create`, `roleArn`) or reads (`external`, `stackReference`) the region's API Gateway
 * CloudWatch role. What it creates is retained on delete by default: deleting the role, or the
 * Account (which newer AWS providers reset on delete), would silently stop logging for every other
 * API in the region.
 */
export class AccountSetting extends pulumi.ComponentResource {
    readonly setting: AccountSettingChoice;
    readonly cloudWatchRole?: aws.iam.Role;
    readonly cloudWatchRolePolicy?: aws.iam.RolePolicyAttachment;
    readonly account?: aws.apigateway.Account;
    readonly stackReference?: pulumi.StackReference;
    /** The role API Gateway logs with, when this stack manages it or was told it. */
    readonly cloudWatchRoleArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: AccountSettingArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(ACCOUNT_SETTING_TYPE, name, {}, opts);
        try {
            this.setting = resolveAccountSetting(args.setting, "args.setting");
        } catch (error) {
            throw error instanceof ValidationError ? new pulumi.ResourceError(error.message, this, true) : error;
        }
        const setting = this.setting;
        const child = { parent: this };

        if (setting.mode === "external") {
            this.cloudWatchRoleArn = pulumi.output(setting.roleArn);
        } else if (setting.mode === "stackReference") {
            const stack = setting.stack;
            this.stackReference = new pulumi.StackReference(`${name}-${stack}`, { name: stack }, child);
            // requireOutput: a preview fails clearly while the managing stack has not been deployed.
            // The mode check catches a chain (A reads B, B reads C): only one stack may manage the setting.
            this.cloudWatchRoleArn = pulumi
                .all([
                    this.stackReference.requireOutput(ACCOUNT_SETTING_MODE_OUTPUT),
                    this.stackReference.requireOutput(CLOUDWATCH_ROLE_ARN_OUTPUT),
                ])
                .apply(([mode, arn]) => {
                    if (mode !== "create" && mode !== "roleArn") {
                        throw new pulumi.ResourceError(
                            `args.setting.stack: stack "${stack}" does not manage the account setting (its accountSettingMode is ` +
                                `${JSON.stringify(mode)}); reference the one stack in this region whose mode is "create" or "roleArn"`,
                            this,
                            true,
                        );
                    }
                    return arn as string;
                });
        } else {
            const retain = { ...child, retainOnDelete: setting.retainOnDelete };
            let roleArn: pulumi.Input<string> = setting.mode === "roleArn" ? setting.roleArn : "";
            let after: pulumi.Resource[] = [];
            if (setting.mode === "create") {
                this.cloudWatchRole = new aws.iam.Role(
                    `${name}-cloudwatch-role`,
                    {
                        description: "Lets API Gateway write execution and access logs to CloudWatch Logs (region-wide account setting)",
                        assumeRolePolicy: API_GATEWAY_TRUST_POLICY,
                        tags: args.tags,
                    },
                    retain,
                );
                this.cloudWatchRolePolicy = new aws.iam.RolePolicyAttachment(
                    `${name}-cloudwatch-role-policy`,
                    { role: this.cloudWatchRole.name, policyArn: pushToCloudWatchLogsPolicyArn(partitionOf(aws.config.region ?? "us-east-1")) },
                    retain,
                );
                roleArn = this.cloudWatchRole.arn;
                // API Gateway checks that the role can write to CloudWatch Logs when the setting is
                // made, so the Account waits for the policy attachment, not only for the role.
                after = [this.cloudWatchRolePolicy];
            }
            this.account = new aws.apigateway.Account(`${name}-account`, { cloudwatchRoleArn: roleArn }, { ...retain, dependsOn: after });
            this.cloudWatchRoleArn = this.account.cloudwatchRoleArn;
        }
        this.registerOutputs({ cloudWatchRoleArn: this.cloudWatchRoleArn });
    }

    /** What a stage's logging must wait for: the Account resource, when this stack manages it. */
    get dependencies(): pulumi.Resource[] {
        return this.account ? [this.account] : [];
    }
}
