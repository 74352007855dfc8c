// The arguments of `AccountSetting`: one declaration of each setting's type, doc and `@default`.

import * as pulumi from "@pulumi/pulumi";

/**
 * Where the region's API Gateway CloudWatch Logs role comes from. A constant object and the union of
 * its values (the same type as a union of string literals), so that Pulumi's schema analyzer reads it
 * as an enum.
 */
export const AccountSettingMode = {
    /** Create the role and point the region's setting at it. */
    Create: "create",
    /** Point the region's setting at an existing role (`roleArn`). */
    RoleArn: "roleArn",
    /** Another stack or team manages the setting: create nothing, read the role (or take `roleArn`). */
    External: "external",
    /** Read the role from the stack that manages the setting (`stack`, its `cloudWatchRoleArn` output). */
    StackReference: "stackReference",
} as const;
/**
 * Where the region's API Gateway CloudWatch Logs role comes from:
 * `create` (create the role and point the region's setting at it), `roleArn` (point the setting at an
 * existing role), `external` (another stack or team manages it: create nothing, read it), or
 * `stackReference` (read the role from the stack that manages it).
 */
export type AccountSettingMode = (typeof AccountSettingMode)[keyof typeof AccountSettingMode];

/** The region-wide API Gateway account setting: which IAM role API Gateway writes logs with. */
export interface AccountSettingArgs {
    /**
     * What this stack does about the region's setting.
     * @default "create"
     */
    mode?: AccountSettingMode;
    /**
     * The role's ARN: required with mode `roleArn`; with `external`, the role another stack manages
     * (otherwise read from the region's setting at preview).
     */
    roleArn?: pulumi.Input<string>;
    /** With mode `stackReference`: the stack `org/project/stack` that manages the setting (its `cloudWatchRoleArn` output). */
    stack?: string;
    /**
     * Keep the role and the setting when this stack is destroyed (modes `create` and `roleArn`):
     * deleting them would stop logging for every other API in the region.
     * @default true
     */
    retainOnDelete?: boolean;
    /** Tags for the role this creates. Keys must not start with `aws:`. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}
