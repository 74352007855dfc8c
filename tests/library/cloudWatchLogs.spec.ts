import * as assert from "assert";
import { accessLogGroupName, executionLogGroupName } from "../../packages/apigw-logging/src/cloudWatchLogs";

describe("cloudWatchLogs", () => {
    it("names the execution log group the way API Gateway does", () => {
        assert.strictEqual(executionLogGroupName("a1b2c3d4e5", "prod"), "API-Gateway-Execution-Logs_a1b2c3d4e5/prod");
    });

    it("names the access log group beside it", () => {
        assert.strictEqual(accessLogGroupName("a1b2c3d4e5", "prod"), "API-Gateway-Access-Logs_a1b2c3d4e5/prod");
    });
});
