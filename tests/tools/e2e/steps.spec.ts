// What scenarios 2, 4 and 6 read from a preview or an update: one step per resource, from the
// Automation API's engine events (synthetic ones here, shaped as @pulumi/pulumi/automation types them).

import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";
import * as assert from "assert";
import { describeSteps, stepCollector, stepFor, stepsWith, urnName } from "../../../tools/e2e/steps";

const URN = (type: string, name: string) => `urn:pulumi:e2e-20261203114532-4c9f::apigw-logging::apigw-logging:index:StageLogging$${type}::${name}`;
let sequence = 0;
const pre = (op: OpType, type: string, name: string, extra: { diffs?: string[]; keys?: string[] } = {}): EngineEvent => ({
    sequence: sequence++,
    timestamp: 0,
    resourcePreEvent: { metadata: { op, urn: URN(type, name), type, provider: "", ...extra } },
});
const GROUP = "aws:cloudwatch/logGroup:LogGroup";
const STAGE = "aws:apigateway/stage:Stage";

describe("e2e: steps of a preview or an update", () => {
    it("keeps one step per resource; a replacement, however the engine spells it, is a replace with its keys", () => {
        const collector = stepCollector();
        const events: EngineEvent[] = [
            pre("same", "aws:apigateway/methodSettings:MethodSettings", "sample-logging-method-settings"),
            pre("update", GROUP, "sample-logging-access-logs", { diffs: ["retentionInDays"] }),
            pre("update", STAGE, "sample-logging-stage", { diffs: ["accessLogSettings"] }),
            pre("create-replacement", GROUP, "sample-logging-execution-logs", { keys: ["name"], diffs: ["name"] }),
            pre("replace", GROUP, "sample-logging-execution-logs", { keys: ["name"], diffs: ["name"] }),
            pre("delete-replaced", GROUP, "sample-logging-execution-logs"),
            { sequence: sequence++, timestamp: 0, diagnosticEvent: { message: "not a step", color: "never", severity: "info" } },
        ];
        events.forEach(collector.onEvent);
        const steps = collector.steps();
        assert.deepStrictEqual(
            steps.map((s) => [s.op, urnName(s.urn), s.replaceKeys]),
            [
                ["same", "sample-logging-method-settings", []],
                ["update", "sample-logging-access-logs", []],
                ["update", "sample-logging-stage", []],
                ["replace", "sample-logging-execution-logs", ["name"]],
            ],
        );
        assert.deepStrictEqual(stepsWith(steps, ["replace", "create", "delete"]).map((s) => urnName(s.urn)), ["sample-logging-execution-logs"]);
        assert.strictEqual(stepFor(steps, STAGE, "sample-logging-stage")?.op, "update");
        assert.strictEqual(stepFor(steps, STAGE, "nested-stage"), undefined);
        assert.strictEqual(
            describeSteps(steps),
            "update aws:cloudwatch/logGroup:LogGroup sample-logging-access-logs [retentionInDays]; update aws:apigateway/stage:Stage sample-logging-stage [accessLogSettings]; " +
                "replace aws:cloudwatch/logGroup:LogGroup sample-logging-execution-logs [name]",
        );
    });

    it("describes a preview with nothing to do", () => {
        const collector = stepCollector();
        collector.onEvent(pre("same", GROUP, "nested-renamed-access-logs"));
        assert.strictEqual(describeSteps(collector.steps()), "no changes");
    });

    it("names a resource by its URN's last part, with slashes and braces kept", () => {
        assert.strictEqual(urnName(URN("aws:apigateway/methodSettings:MethodSettings", "nested-method-settings-pets/{id}/GET")), "nested-method-settings-pets/{id}/GET");
    });
});
