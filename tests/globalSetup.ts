// Mocha's global setup (.mocharc.json `require`): runs once in mocha's main process, before its
// workers start. Specs that start processes as users do (the policy pack, the packed package) read
// the component package's built lib/, so it must be built from src/ as it is now; built here, not by
// one of those specs, because the others read lib/ at the same time in the other worker. `npm test`
// builds first, so this only builds after src/ changed without a build (`npm run test:unit`).

import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { filesUnder } from "./moduleSpecifiers";

export const LIBRARY_DIR = path.resolve(__dirname, "../packages/apigw-logging");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** Whether lib/ holds a .js at least as new as its source for every src/*.ts, and nothing else. */
export function libIsFresh(): boolean {
    const src = path.join(LIBRARY_DIR, "src");
    const lib = path.join(LIBRARY_DIR, "lib");
    const sources = filesUnder(src, ".ts").map((file) => path.relative(src, file).slice(0, -".ts".length));
    const built = fs.existsSync(lib) ? filesUnder(lib, ".js").map((file) => path.relative(lib, file).slice(0, -".js".length)) : [];
    return (
        built.length === sources.length &&
        sources.every((m) => fs.existsSync(path.join(lib, `${m}.js`)) && fs.statSync(path.join(lib, `${m}.js`)).mtimeMs >= fs.statSync(path.join(src, `${m}.ts`)).mtimeMs)
    );
}

export function mochaGlobalSetup(): void {
    if (!libIsFresh()) {
        // What prepack does: clean, so that nothing built from a deleted source stays, then build.
        console.log("building packages/apigw-logging/lib/ (older than src/) ...");
        execFileSync(NPM, ["run", "-s", "prepack"], { cwd: LIBRARY_DIR, stdio: "inherit" });
    }
}
