import * as assert from "assert";
import { parseExecutionLogEvent } from "../../packages/apigw-logging/src/executionLogs/executionLogEvents";

const ID = "8e0a5d5b-1c2f-4a3b-9d8e-7f6a5b4c3d2e";
const ARN = "arn:aws:apigateway:eu-west-1:123456789012:/restapis/a1b2c3d4e5/stages/v1";

describe("parseExecutionLogEvent", () => {
    it("reads the request id of a line in API Gateway's own group", () => {
        assert.deepStrictEqual(parseExecutionLogEvent(`(${ID}) Method request path: {}\n`), {
            requestId: ID,
            text: `(${ID}) Method request path: {}`,
            format: "standard",
        });
    });

    it("reads a delivered JSON record by its payload, whatever the case of its keys", () => {
        for (const record of [
            { resource_arn: ARN, event_timestamp: 1795694280000, stage: "v1", payload: `(${ID}) Method completed with status: 502` },
            { RESOURCE_ARN: ARN, EVENT_TIMESTAMP: "2026-11-26T11:58:00Z", STAGE: "v1", PAYLOAD: `(${ID}) Method completed with status: 502` },
            { resourceArn: ARN, eventTimestamp: 1795694280000, stage: "v1", payload: `(${ID}) Method completed with status: 502` },
        ]) {
            assert.deepStrictEqual(parseExecutionLogEvent(JSON.stringify(record)), {
                requestId: ID,
                text: `(${ID}) Method completed with status: 502`,
                format: "json",
            });
        }
    });

    it("finds the request id in a payload that is itself an object", () => {
        const record = { stage: "v1", payload: { requestId: ID, message: "Endpoint response body before transformations: {}" } };
        assert.deepStrictEqual(parseExecutionLogEvent(JSON.stringify(record)), {
            requestId: ID,
            text: `(${ID}) Endpoint response body before transformations: {}`,
            format: "json",
        });
    });

    it("reads a plain record from the request id on", () => {
        assert.deepStrictEqual(parseExecutionLogEvent(`${ARN} 1795694280000 v1 (${ID}) Method request path: {}`), {
            requestId: ID,
            text: `(${ID}) Method request path: {}`,
            format: "plain",
        });
    });

    it("keeps an event that names no request id whole", () => {
        assert.deepStrictEqual(parseExecutionLogEvent('{"stage":"v1"}'), { text: '{"stage":"v1"}', format: "json" });
        assert.deepStrictEqual(parseExecutionLogEvent("Starting execution"), { text: "Starting execution", format: "plain" });
    });
});
