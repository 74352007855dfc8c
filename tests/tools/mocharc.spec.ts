// .mocharc.json lists the slowest spec files first, so that mocha's two workers start on them
// (docs/ci.md), then every other spec by a glob that leaves those out by name. A new spec file whose
// name matched one of them would be left out silently: this checks that each runs, once.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../tools/plan";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const collectFiles = require("mocha/lib/cli/collect-files") as (options: object) => { files: string[] };

function specFilesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        return entry.isDirectory() ? specFilesUnder(file) : entry.name.endsWith(".spec.ts") ? [file] : [];
    });
}

describe(".mocharc.json", () => {
    it("runs every spec file under tests/, each once", () => {
        const config = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, ".mocharc.json"), "utf8"));
        const cwd = process.cwd();
        process.chdir(PROJECT_DIR);
        let files: string[];
        try {
            files = collectFiles({ ignore: [], extension: config.extension, file: [], recursive: false, sort: false, spec: config.spec }).files;
        } finally {
            process.chdir(cwd);
        }
        const relative = (list: string[]) => list.map((f) => path.relative(PROJECT_DIR, path.resolve(PROJECT_DIR, f))).sort();
        assert.deepStrictEqual(relative(files), relative(specFilesUnder(path.join(PROJECT_DIR, "tests"))));
    });
});
