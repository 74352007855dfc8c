import * as assert from "assert";
import { partitionOf, pushToCloudWatchLogsPolicyArn } from "../components/accountSetting";
import { StageLogging } from "../components/stageLogging";
import { all, one, run } from "./helpers";

const ROLE_ARN = "arn:aws:iam::123456789012:role/shared-apigw-logs";

function logging(accountSetting?: unknown) {
    return run(() => {
        new StageLogging("orders", { restApiId: "a1b2c3d4e5", stageName: "v1", accountSetting: accountSetting as never });
    });
}

describe("accountSetting", () => {
    it("creates a role only API Gateway can assume", async () => {
        const role = one(await logging(), "iam/role:Role", "orders-cloudwatch-role");
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy as string), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
    });

    it("attaches the AWS managed push-to-CloudWatch policy to that role", async () => {
        const result = await logging();
        const attachment = one(result, "iam/rolePolicyAttachment:RolePolicyAttachment");
        assert.strictEqual(attachment.inputs.policyArn, "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
        assert.strictEqual(attachment.inputs.role, one(result, "iam/role:Role").outputs.name);
        assert.deepStrictEqual(attachment.dependsOn, ["orders-cloudwatch-role"]);
    });

    it("points the region's account setting at the role, after its policy is attached", async () => {
        const result = await logging();
        const account = one(result, "apigateway/account:Account");
        assert.strictEqual(account.inputs.cloudwatchRoleArn, one(result, "iam/role:Role").outputs.arn);
        assert.ok(account.dependsOn.includes("orders-cloudwatch-role-policy"));
    });

    it("retains the role, its policy and the account setting on delete: other APIs in the region use them", async () => {
        const result = await logging();
        for (const r of [
            one(result, "iam/role:Role"),
            one(result, "iam/rolePolicyAttachment:RolePolicyAttachment"),
            one(result, "apigateway/account:Account"),
        ]) {
            assert.strictEqual(r.retainOnDelete, true, r.name);
        }
    });

    it("lets the user opt out of retaining the account setting", async () => {
        const result = await logging({ mode: "create", retainOnDelete: false });
        assert.strictEqual(one(result, "apigateway/account:Account").retainOnDelete, false);
        assert.strictEqual(one(result, "iam/role:Role").retainOnDelete, false);
    });

    it("uses an existing role without creating one", async () => {
        const result = await logging({ mode: "roleArn", roleArn: ROLE_ARN });
        assert.strictEqual(all(result, "iam/role:Role").length, 0);
        const account = one(result, "apigateway/account:Account");
        assert.strictEqual(account.inputs.cloudwatchRoleArn, ROLE_ARN);
        assert.strictEqual(account.retainOnDelete, true);
    });

    it("creates nothing region-wide when the setting is managed elsewhere", async () => {
        const result = await logging({ mode: "external" });
        assert.strictEqual(all(result, "iam/role:Role").length, 0);
        assert.strictEqual(all(result, "apigateway/account:Account").length, 0);
    });

    it("uses the partition of China and GovCloud regions in the policy ARN", () => {
        assert.deepStrictEqual(["eu-west-1", "cn-north-1", "us-gov-west-1"].map(partitionOf), ["aws", "aws-cn", "aws-us-gov"]);
        assert.strictEqual(
            pushToCloudWatchLogsPolicyArn("aws-cn"),
            "arn:aws-cn:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
        );
    });
});
