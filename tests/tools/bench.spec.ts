// `npm run bench`'s flags only: a measurement takes minutes, so none is run here.

import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { PROJECT_DIR } from "../../tools/plan";
import { assertHelp } from "../helpers";

const USAGE = "usage: npm run bench -- [--repeat N] [--stages 1,10,100,300] [--no-tests] [--no-source-maps]";

function benchCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            [require.resolve("ts-node/dist/bin.js"), "--transpile-only", path.join(PROJECT_DIR, "tools/bench.ts"), ...args],
            { cwd: PROJECT_DIR },
            (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
    });
}

describe("npm run bench", () => {
    // The three commands start together: each is a Node process of its own, and none measures anything.
    let help: ReturnType<typeof benchCli>;
    let unknown: ReturnType<typeof benchCli>;
    let notACount: ReturnType<typeof benchCli>;
    before(() => {
        help = benchCli(["--help"]);
        unknown = benchCli(["--no-tests", "--repeats", "5"]);
        notACount = benchCli(["--stages", "1,ten"]);
    });

    it("prints its usage and what each flag does with --help, on stdout, and exits 0", async () => {
        const { code, stdout, stderr } = await help;
        assert.deepStrictEqual([code, stderr], [0, ""]);
        assertHelp(stdout, USAGE, ["--repeat N", "--stages LIST", "--no-tests", "--no-source-maps"]);
    });

    it("refuses an unknown flag with one line naming the usage, and exits 1", async () => {
        const { code, stdout, stderr } = await unknown;
        assert.deepStrictEqual([code, stdout, stderr], [1, "", `error: unknown argument --repeats (${USAGE})\n`]);
    });

    it("refuses a stage count that is not one, the same way", async () => {
        const { code, stdout, stderr } = await notACount;
        assert.deepStrictEqual([code, stdout, stderr], [1, "", `error: --stages: "1,ten" is not a list of stage counts, e.g. 1,10,100 (${USAGE})\n`]);
    });
});
