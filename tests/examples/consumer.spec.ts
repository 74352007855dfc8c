// The example consumer project, fed the real outputs of this project's staging plan.

import * as assert from "assert";
import * as path from "path";
import { runProgram } from "../../tools/mockRuntime";
import { loadStackConfig, PROJECT_DIR, planStack } from "../../tools/plan";
import { rejection } from "../helpers";

const CONSUMER = path.join(PROJECT_DIR, "examples/consumer/index.ts");

let stagingOutputs: Promise<Record<string, unknown>> | undefined;

async function consume(stageKey: string, platformOutputs?: Record<string, unknown>) {
    stagingOutputs ??= planStack(loadStackConfig("staging")).then((plan) => plan.outputs);
    const outputs = platformOutputs ?? (await stagingOutputs);
    return runProgram(
        {
            project: "orders-api",
            stack: "staging",
            config: { "aws:region": "eu-west-1", "orders-api:loggingStack": "acme/apigw-logging/staging", "orders-api:stageKey": stageKey },
            state: (args) => (args.type === "pulumi:pulumi:StackReference" ? { name: args.inputs.name, outputs } : undefined),
        },
        () => {
            delete require.cache[require.resolve(CONSUMER)];
            return require(CONSUMER);
        },
    );
}

describe("examples/consumer", () => {
    it("puts the platform stack's access-log settings on the stage it owns", async () => {
        const result = await consume("orders-v1");
        const stage = result.resources.find((r) => r.type === "aws:apigateway/stage:Stage");
        const settings = stage?.inputs.accessLogSettings as { destinationArn: string; format: string };
        assert.strictEqual(settings.destinationArn, "arn:aws:logs:eu-west-1:123456789012:log-group:API-Gateway-Access-Logs_a1b2c3d4e5/v1");
        assert.ok(settings.format.startsWith('{"requestId":"$context.requestId"'));
        assert.strictEqual(stage?.inputs.stageName, "v1");
        assert.strictEqual(result.outputs.executionLogGroupName, "API-Gateway-Execution-Logs_a1b2c3d4e5/v1");
    });

    it("reads the stack it was told to", async () => {
        const result = await consume("orders-v1");
        const reference = result.resources.find((r) => r.type === "pulumi:pulumi:StackReference");
        assert.strictEqual(reference?.inputs.name, "acme/apigw-logging/staging");
    });

    it("says which stages exist when its stage is not logged by the platform stack", async () => {
        const message = await rejection(consume("invoices-v1"));
        assert.match(message, /acme\/apigw-logging\/staging logs no stage "invoices-v1" \(it logs: orders-v1, payments-live\); ask the platform team/);
    });

    it("refuses an output contract it does not understand", async () => {
        const message = await rejection(consume("orders-v1", { contractVersion: "2.0", stages: {} }));
        assert.match(message, /acme\/apigw-logging\/staging exports output contract 2\.0; this stack reads contract 1\.x/);
    });
});
