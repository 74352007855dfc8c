// The CloudWatch Logs side: the names API Gateway uses, and log groups that outlive the stack.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { whenAllKnown } from "./inputs";
import { logGroupConsoleUrl, tailCommand } from "./logLinks";

/**
 * API Gateway writes execution logs to this group and creates it on first use with no retention
 * (logs kept forever, paid forever). Creating it ourselves first is the only way to set one.
 */
export function executionLogGroupName(restApiId: string, stageName: string): string {
    return `API-Gateway-Execution-Logs_${restApiId}/${stageName}`;
}

/** Our default access-log group name, beside the execution log group in the console's list. */
export function accessLogGroupName(restApiId: string, stageName: string): string {
    return `API-Gateway-Access-Logs_${restApiId}/${stageName}`;
}

export interface LogGroupSettings {
    name: pulumi.Input<string>;
    retentionInDays: pulumi.Input<number>;
    kmsKeyArn?: pulumi.Input<string>;
    retainOnDelete: boolean;
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * Adopt the existing group of this name instead of creating it (the `import` resource option; a
     * log group's id is its name). With Pulumi CLI 3.174.0 or later a group whose retention, key or
     * tags differ is imported and then updated to these settings. checkStageLoggingArgs makes sure
     * the name is a plain string whenever adopting is asked for.
     */
    adopt?: boolean;
}

/**
 * A log group with an explicit name, so renaming the Pulumi resource never renames (replaces) the
 * group; retained on delete by default, so `pulumi destroy` leaves the logs in the account.
 */
export function logGroup(name: string, settings: LogGroupSettings, opts: pulumi.CustomResourceOptions): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(
        name,
        {
            name: settings.name,
            retentionInDays: settings.retentionInDays,
            kmsKeyId: settings.kmsKeyArn,
            tags: settings.tags,
        },
        { ...opts, retainOnDelete: settings.retainOnDelete, ...(settings.adopt ? { import: settings.name as string } : {}) },
    );
}

/**
 * Where a user opens a log group's logs: its console page and `aws logs tail` in the region. Plain
 * text when the region and the name are (a stage listed in config); an Output otherwise.
 */
export function logGroupLinks(region: pulumi.Input<string>, groupName: pulumi.Input<string>): { consoleUrl: pulumi.Input<string>; tailCommand: pulumi.Input<string> } {
    return {
        consoleUrl: whenAllKnown<[string, string], string>([region, groupName], ([r, g]) => logGroupConsoleUrl(r, g)),
        tailCommand: whenAllKnown<[string, string], string>([region, groupName], ([r, g]) => tailCommand(r, g)),
    };
}
