import * as assert from "assert";
import {
    defaultDeliveredLogGroupName,
    deliveryDestinationName,
    deliveryKmsKeyStatement,
    deliverySourceName,
    executionLogSourceArn,
} from "../../packages/apigw-logging/src/executionLogs/deliveryPolicies";

describe("execution-log delivery: names and policies", () => {
    it("writes the source's ARN as the API Gateway guide does, with the account, in the region's partition", () => {
        assert.strictEqual(executionLogSourceArn("eu-west-1", "123456789012", "a1b2c3d4e5", "v1"), "arn:aws:apigateway:eu-west-1:123456789012:/restapis/a1b2c3d4e5/stages/v1");
        assert.strictEqual(executionLogSourceArn("cn-north-1", "123456789012", "a1b2c3d4e5", "v1"), "arn:aws-cn:apigateway:cn-north-1:123456789012:/restapis/a1b2c3d4e5/stages/v1");
    });

    it("names the destination after the kind and the format, so replacing it never overwrites the old one", () => {
        assert.notStrictEqual(deliveryDestinationName("a1b2c3d4e5", "v1", "s3", "json"), deliveryDestinationName("a1b2c3d4e5", "v1", "s3", "parquet"));
        assert.strictEqual(deliveryDestinationName("a1b2c3d4e5", "v1", "cwl", "json"), "apigw-exec-a1b2c3d4e5-v1-cwl-json");
    });

    it("keeps names within the 60 characters CloudWatch Logs allows, telling long stage names apart by a hash", () => {
        const long = "customer-facing-payments-settlement-batch-v2";
        const [a, b] = [deliverySourceName("a1b2c3d4e5", long), deliverySourceName("a1b2c3d4e5", `${long}x`)];
        assert.ok(a.length <= 60 && b.length <= 60, `${a} ${b}`);
        assert.notStrictEqual(a, b);
        assert.match(a, /^apigw-exec-a1b2c3d4e5-customer-facing-payments-sett-[0-9a-f]{8}$/);
        assert.ok(deliveryDestinationName("a1b2c3d4e5", long, "s3", "parquet").length <= 60);
    });

    it("puts the delivered group beside the other vended logs' groups", () => {
        assert.strictEqual(defaultDeliveredLogGroupName("a1b2c3d4e5", "v1"), "/aws/vendedlogs/apigateway/a1b2c3d4e5/v1/execution-logs");
    });

    it("gives the statement a customer managed key needs for SSE-KMS deliveries, limited to this account's deliveries", () => {
        assert.deepStrictEqual(deliveryKmsKeyStatement({ accountId: "123456789012", region: "eu-west-1" }), {
            Sid: "Allow Logs Delivery to use the key",
            Effect: "Allow",
            Principal: { Service: ["delivery.logs.amazonaws.com"] },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": "123456789012" },
                ArnLike: { "aws:SourceArn": "arn:aws:logs:eu-west-1:123456789012:*" },
            },
        });
    });
});
