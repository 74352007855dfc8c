import * as assert from "assert";
import { logGroupConsoleUrl, s3ConsoleUrl, tailCommand } from "../../packages/apigw-logging/src/logLinks";

describe("logLinks", () => {
    it("opens a log group in the console with the name encoded the way the console expects", () => {
        assert.strictEqual(
            logGroupConsoleUrl("eu-west-1", "API-Gateway-Execution-Logs_a1b2c3d4e5/v1"),
            "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/API-Gateway-Execution-Logs_a1b2c3d4e5$252Fv1",
        );
        assert.match(logGroupConsoleUrl("eu-west-1", "team#1/access"), /log-group\/team\$25231\$252Faccess$/);
    });

    it("uses the China and GovCloud consoles in their regions", () => {
        assert.match(logGroupConsoleUrl("cn-north-1", "g"), /^https:\/\/console\.amazonaws\.cn\/cloudwatch\/home\?region=cn-north-1#/);
        assert.match(logGroupConsoleUrl("us-gov-west-1", "g"), /^https:\/\/console\.amazonaws-us-gov\.com\//);
    });

    it("opens the S3 console at the access-log prefix", () => {
        assert.strictEqual(
            s3ConsoleUrl("eu-west-1", "apigw-logs", "access-logs/a1b2c3d4e5/v1/"),
            "https://s3.console.aws.amazon.com/s3/buckets/apigw-logs?region=eu-west-1&prefix=access-logs%2Fa1b2c3d4e5%2Fv1%2F",
        );
    });

    it("writes a tail command that a shell runs as is", () => {
        assert.strictEqual(
            tailCommand("eu-west-1", "API-Gateway-Access-Logs_a1b2c3d4e5/v1"),
            "aws logs tail API-Gateway-Access-Logs_a1b2c3d4e5/v1 --follow --format short --region eu-west-1",
        );
        assert.strictEqual(tailCommand("us-east-1", "#team/logs"), "aws logs tail '#team/logs' --follow --format short --region us-east-1");
    });
});
