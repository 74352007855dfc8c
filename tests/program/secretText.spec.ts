// What holds a secure value the program uses as text (program/secretText.ts).

import * as assert from "assert";
import { containsText, secretMatch } from "../../program/secretText";
import { PRESETS } from "apigw-logging";

describe("secure text held by resource inputs (program/secretText.ts)", () => {
    it("finds a text between characters that are not letters or digits", () => {
        assert.strictEqual(containsText("API-Gateway-Execution-Logs_a1b2c3d4e5/v1", "v1"), true);
        assert.strictEqual(containsText("v1", "v1"), true);
        assert.strictEqual(containsText("orders v1 5XXError rate", "v1"), true);
    });

    it("does not find it inside a longer word: v1 is not in v10 or xv1", () => {
        assert.strictEqual(containsText("API-Gateway-Execution-Logs_a1b2c3d4e5/v10", "v1"), false);
        assert.strictEqual(containsText("xv1-logs", "v1"), false);
        assert.strictEqual(containsText("v10 and then v1", "v1"), true);
    });

    it("looks for a preset's format as the stage gets it, not for the preset's name", () => {
        assert.deepStrictEqual(secretMatch({ key: "apigw-logging:logging.accessLogs.format", setting: "logging.accessLogs.format", value: "clf" }), { texts: [PRESETS.clf] });
    });

    it("looks for a method path as written and as API Gateway's key", () => {
        assert.deepStrictEqual(
            secretMatch({ key: "apigw-logging:logging.methodSettings.overrides[0].methodPath", setting: "logging.methodSettings.overrides[].methodPath", value: "/orders/{id}/GET" }),
            { texts: ["/orders/{id}/GET", "~1orders~1{id}/GET"] },
        );
    });

    it("looks for a choice or switch in the inputs of its own name", () => {
        assert.deepStrictEqual(secretMatch({ key: "apigw-logging:logging.methodSettings.loggingLevel", setting: "logging.methodSettings.loggingLevel", value: "INFO" }), {
            property: "loggingLevel",
            equals: "INFO",
        });
        assert.deepStrictEqual(secretMatch({ key: "apigw-logging:stages[0].retainLogsOnDelete", setting: "stages[].retainLogsOnDelete", value: false }), {
            property: "retainLogsOnDelete",
            equals: false,
        });
    });
});
