// tools/declarations.ts: everything derived from the settings' one declaration is up to date, and
// the declaration itself is complete (every setting documented).

import * as assert from "assert";
import { RULE_DESCRIPTIONS, STAGE_LOGGING_DEFAULTS, resolveStageLogging } from "apigw-logging";
import { generate, staleFiles } from "../../tools/declarations";

describe("declarations (npm run generate)", () => {
    let files: Record<string, string>;
    before(function () {
        this.timeout(60_000); // a TypeScript program over the argument interfaces
        files = generate(RULE_DESCRIPTIONS);
    });

    it("has written every generated file as the declaration says today", () => {
        assert.deepStrictEqual(staleFiles(files), [], "stale: run npm run generate and commit the result");
    });

    it("documents every setting of the component and of the stack config", () => {
        const reference = files["docs/config-reference.md"];
        const rows = reference.split("\n").filter((line) => line.startsWith("| `"));
        const undocumented = rows.filter((row) => row.trim().endsWith("|  |"));
        assert.deepStrictEqual(undocumented, []);
        for (const key of ["`stages[].restApiId`", "`logging.accessLogs.retentionInDays`", "`accountSetting.mode`", "`sampleApi`"]) {
            assert.ok(rows.some((row) => row.startsWith(`| ${key} |`)), `${key} is in the reference`);
        }
    });

    it("fills in exactly the @default values the doc comments state", () => {
        const s = resolveStageLogging({ accessLogs: { destination: "firehose" } }, "args");
        const sink = s.accessLogs.sink as Extract<typeof s.accessLogs.sink, { kind: "firehose" }>;
        assert.deepStrictEqual(
            [sink.compression, sink.bufferingSizeInMBs, sink.bucket?.expireAfterDays, s.executionLogs.retentionInDays, s.methodSettings.loggingLevel],
            [
                STAGE_LOGGING_DEFAULTS.accessLogs.firehose.compression,
                STAGE_LOGGING_DEFAULTS.accessLogs.firehose.bufferingSizeInMBs,
                STAGE_LOGGING_DEFAULTS.accessLogs.firehose.bucket.expireAfterDays,
                STAGE_LOGGING_DEFAULTS.executionLogs.retentionInDays,
                STAGE_LOGGING_DEFAULTS.methodSettings.loggingLevel,
            ],
        );
        assert.deepStrictEqual([sink.compression, sink.bufferingSizeInMBs, sink.bucket?.expireAfterDays], ["GZIP", 5, 365]);
        assert.match(files["docs/config-reference.md"], /\| `logging\.accessLogs\.firehose\.compression` \| .* \| `"GZIP"` \|/);
    });
});
