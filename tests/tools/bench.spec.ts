// `npm run bench`'s flags only: a measurement takes minutes, so none is run here.

import * as assert from "assert";
import { assertHelp, toolProcess } from "../helpers";

const USAGE = "usage: npm run bench -- [--repeat N] [--stages 1,10,100,300] [--no-tests] [--no-source-maps]";

describe("npm run bench", () => {
    // The three commands start together: each is a Node process of its own, and none measures anything.
    let help: ReturnType<typeof toolProcess>;
    let unknown: ReturnType<typeof toolProcess>;
    let notACount: ReturnType<typeof toolProcess>;
    before(() => {
        help = toolProcess("bench.ts", ["--help"]);
        unknown = toolProcess("bench.ts", ["--no-tests", "--repeats", "5"]);
        notACount = toolProcess("bench.ts", ["--stages", "1,ten"]);
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
