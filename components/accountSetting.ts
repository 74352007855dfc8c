// The region-wide API Gateway account setting: which IAM role API Gateway uses to write to
// CloudWatch Logs. Every REST API in the account and region shares it, so it outlives this stack.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountSetting } from "./validation";

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

export interface AccountSettingResources {
    cloudWatchRole?: aws.iam.Role;
    cloudWatchRolePolicy?: aws.iam.RolePolicyAttachment;
    account?: aws.apigateway.Account;
    /** The role API Gateway logs with, when this stack knows it. */
    cloudWatchRoleArn?: pulumi.Output<string>;
}

/**
 * Creates what `setting` asks for. The role, its policy and the Account resource are retained on
 * delete by default: deleting the role, or the Account (which newer AWS providers reset on delete),
 * would silently stop logging for every other API in the region.
 */
export function accountSettingResources(
    name: string,
    setting: AccountSetting,
    partition: string,
    tags: Record<string, string>,
    opts: pulumi.CustomResourceOptions,
): AccountSettingResources {
    if (setting.mode === "external") {
        return { cloudWatchRoleArn: setting.roleArn === undefined ? undefined : pulumi.output(setting.roleArn) };
    }
    const retain = { ...opts, retainOnDelete: setting.retainOnDelete };
    if (setting.mode === "roleArn") {
        const account = new aws.apigateway.Account(`${name}-account`, { cloudwatchRoleArn: setting.roleArn }, retain);
        return { account, cloudWatchRoleArn: account.cloudwatchRoleArn };
    }
    const cloudWatchRole = new aws.iam.Role(
        `${name}-cloudwatch-role`,
        {
            description: "Lets API Gateway write execution and access logs to CloudWatch Logs (region-wide account setting)",
            assumeRolePolicy: API_GATEWAY_TRUST_POLICY,
            tags,
        },
        retain,
    );
    const cloudWatchRolePolicy = new aws.iam.RolePolicyAttachment(
        `${name}-cloudwatch-role-policy`,
        { role: cloudWatchRole.name, policyArn: pushToCloudWatchLogsPolicyArn(partition) },
        retain,
    );
    // API Gateway checks that the role can write to CloudWatch Logs when the setting is made,
    // so the Account waits for the policy attachment, not only for the role.
    const account = new aws.apigateway.Account(
        `${name}-account`,
        { cloudwatchRoleArn: cloudWatchRole.arn },
        { ...retain, dependsOn: [cloudWatchRolePolicy] },
    );
    return { cloudWatchRole, cloudWatchRolePolicy, account, cloudWatchRoleArn: cloudWatchRole.arn };
}
