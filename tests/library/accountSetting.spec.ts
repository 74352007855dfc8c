import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { AccountSetting, pushToCloudWatchLogsPolicyArn } from "../../packages/apigw-logging/src/accountSetting";
import type { AccountSettingArgs } from "../../packages/apigw-logging/src/accountSettingArgs";
import { partitionOf } from "../../packages/apigw-logging/src/region";
import { StageLogging } from "../../packages/apigw-logging/src/stageLogging";
import { all, one, rejection, run } from "../helpers";

const ROLE_ARN = "arn:aws:iam::123456789012:role/shared-apigw-logs";

function region(setting: AccountSettingArgs = {}, state?: Parameters<typeof run>[1]) {
    return run(() => {
        const account = new AccountSetting("region", { ...setting, tags: { team: "platform" } });
        return { cloudWatchRoleArn: account.cloudWatchRoleArn };
    }, state);
}

describe("AccountSetting", () => {
    it("creates a role only API Gateway can assume", async () => {
        const role = one(await region(), "iam/role:Role", "region-cloudwatch-role");
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy as string), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        assert.deepStrictEqual(role.inputs.tags, { team: "platform" });
    });

    it("attaches the AWS managed push-to-CloudWatch policy to that role", async () => {
        const result = await region();
        const attachment = one(result, "iam/rolePolicyAttachment:RolePolicyAttachment");
        assert.strictEqual(attachment.inputs.policyArn, "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
        assert.strictEqual(attachment.inputs.role, one(result, "iam/role:Role").outputs.name);
    });

    it("points the region's account setting at the role, after its policy is attached", async () => {
        const result = await region();
        const account = one(result, "apigateway/account:Account", "region-account");
        assert.strictEqual(account.inputs.cloudwatchRoleArn, one(result, "iam/role:Role").outputs.arn);
        assert.ok(account.dependsOn.includes("region-cloudwatch-role-policy"));
        assert.strictEqual(result.outputs.cloudWatchRoleArn, account.inputs.cloudwatchRoleArn);
    });

    it("retains the role, its policy and the account setting on delete: other APIs in the region use them", async () => {
        const result = await region();
        const kept = result.resources.filter((r) => r.custom).map((r) => [r.type, r.retainOnDelete]);
        assert.deepStrictEqual(kept.sort(), [
            ["aws:apigateway/account:Account", true],
            ["aws:iam/role:Role", true],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", true],
        ]);
    });

    it("lets the user opt out of retaining them", async () => {
        const result = await region({ mode: "create", retainOnDelete: false });
        assert.deepStrictEqual(result.resources.filter((r) => r.custom).map((r) => r.retainOnDelete), [false, false, false]);
    });

    it("points the setting at an existing role without creating one", async () => {
        const result = await region({ mode: "roleArn", roleArn: ROLE_ARN });
        assert.strictEqual(all(result, "iam/role:Role").length, 0);
        const account = one(result, "apigateway/account:Account");
        assert.deepStrictEqual([account.inputs.cloudwatchRoleArn, account.retainOnDelete], [ROLE_ARN, true]);
    });

    it("reads the region's setting when it is managed elsewhere and no role is named", async () => {
        const result = await region(
            { mode: "external" },
            { state: (args) => (args.type === "aws:apigateway/account:Account" ? { cloudwatchRoleArn: ROLE_ARN } : undefined) },
        );
        const read = one(result, "apigateway/account:Account", "region-account");
        assert.deepStrictEqual(result.resources.filter((r) => r.custom && r !== read), []);
        assert.strictEqual(result.outputs.cloudWatchRoleArn, ROLE_ARN);
    });

    it("fails the preview when the setting is managed elsewhere but names no role", async () => {
        const message = await rejection(region({ mode: "external" }));
        assert.match(message, /args\.mode: "external", but the region's API Gateway account setting names no CloudWatch Logs role; set one/);
    });

    it("creates nothing region-wide when the setting is managed elsewhere, and reports a given ARN", async () => {
        const result = await region({ mode: "external", roleArn: ROLE_ARN });
        assert.deepStrictEqual(result.resources.filter((r) => r.custom), []);
        assert.strictEqual(result.outputs.cloudWatchRoleArn, ROLE_ARN);
    });

    it("reads the role ARN from the stack that manages the setting", async () => {
        const result = await region(
            { mode: "stackReference", stack: "acme/apigw-logging/platform-eu" },
            {
                state: (args) =>
                    args.type === "pulumi:pulumi:StackReference"
                        ? { name: args.inputs.name, outputs: { accountSettingMode: "create", cloudWatchRoleArn: ROLE_ARN } }
                        : undefined,
            },
        );
        const reference = one(result, "pulumi:pulumi:StackReference");
        assert.strictEqual(reference.inputs.name, "acme/apigw-logging/platform-eu");
        assert.strictEqual(all(result, "apigateway/account:Account").length, 0);
        assert.strictEqual(result.outputs.cloudWatchRoleArn, ROLE_ARN);
    });

    it("fails the preview when the managing stack has no cloudWatchRoleArn output", async () => {
        const message = await rejection(
            region(
                { mode: "stackReference", stack: "acme/apigw-logging/platform-eu" },
                {
                    state: (args) =>
                        args.type === "pulumi:pulumi:StackReference"
                            ? { name: args.inputs.name, outputs: { accountSettingMode: "create" } }
                            : undefined,
                },
            ),
        );
        assert.match(message, /Required output 'cloudWatchRoleArn' does not exist on stack 'acme\/apigw-logging\/platform-eu'/);
    });

    it("refuses to read the setting from a stack that does not manage it either", async () => {
        const message = await rejection(
            region(
                { mode: "stackReference", stack: "acme/apigw-logging/staging" },
                {
                    state: (args) =>
                        args.type === "pulumi:pulumi:StackReference"
                            ? { name: args.inputs.name, outputs: { accountSettingMode: "stackReference", cloudWatchRoleArn: ROLE_ARN } }
                            : undefined,
                },
            ),
        );
        assert.match(message, /args\.stack: /);
        assert.strictEqual(
            message.slice(message.indexOf("args.stack")),
            'args.stack: stack "acme/apigw-logging/staging" does not manage the account setting (its accountSettingMode is "stackReference"); reference the one stack in this region whose mode is "create" or "roleArn"',
        );
    });

    it("refuses a bad setting with a ResourceError naming it", async () => {
        const message = await rejection(region({ mode: "create", roleArn: ROLE_ARN }));
        assert.strictEqual(message, 'args.roleArn: "arn:aws:iam::123456789012:role/shared-apigw-logs" only with mode "roleArn" or "external"');
    });

    it("is never created by a StageLogging: the caller chooses the region's one setting", async () => {
        const message = await rejection(run(() => new StageLogging("orders", { restApiId: "a1b2c3d4e5", stageName: "v1" } as never)));
        assert.match(message, /^args\.cloudWatchRoleArn: \(missing\) is required: pass the region's AccountSetting role/);
    });

    it("is shared by StageLoggings given its role: one role and one Account per stack, every stage waiting for it", async () => {
        const result = await run(() => {
            const shared = new AccountSetting("account-setting", {});
            new StageLogging("orders-v1", { restApiId: "a1b2c3d4e5", stageName: "v1", cloudWatchRoleArn: shared.cloudWatchRoleArn });
            new StageLogging("orders-v2", { restApiId: "a1b2c3d4e5", stageName: "v2", cloudWatchRoleArn: shared.cloudWatchRoleArn });
        });
        assert.strictEqual(all(result, "apigateway/account:Account").length, 1);
        assert.strictEqual(all(result, "iam/role:Role").length, 1);
        for (const settings of all(result, "apigateway/methodSettings:MethodSettings")) {
            assert.ok(settings.dependsOn.includes("account-setting-account"), settings.name);
        }
    });

    it("names the region of its own provider, not the stack's, in what it creates", async () => {
        const result = await run(() => {
            const china = new aws.Provider("china", { region: "cn-north-1" });
            new AccountSetting("china", {}, { providers: [china] });
        });
        const attachment = one(result, "iam/rolePolicyAttachment:RolePolicyAttachment");
        assert.strictEqual(attachment.inputs.policyArn, "arn:aws-cn:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
    });

    it("uses the partition of China and GovCloud regions in the policy ARN", async () => {
        assert.deepStrictEqual(["eu-west-1", "cn-north-1", "us-gov-west-1"].map(partitionOf), ["aws", "aws-cn", "aws-us-gov"]);
        assert.strictEqual(pushToCloudWatchLogsPolicyArn("aws-cn"), "arn:aws-cn:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
        const attachment = one(await region({}, { config: { "aws:region": "cn-north-1" } }), "iam/rolePolicyAttachment:RolePolicyAttachment");
        assert.strictEqual(attachment.inputs.policyArn, "arn:aws-cn:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
    });
});
