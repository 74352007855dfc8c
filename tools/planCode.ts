// Whether an unpacked tree runs the same plan code as this process: then plan:diff plans its stack
// files in-process instead of in a Node process of the tree's own (about a second each). Trees differ
// only in stack files for a config change, and for the earlier versions of a stack file.

import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "./plan";

/** What a plan runs: the program, the tools, the component's source, the dependencies and compiler settings. */
const PLAN_CODE = [/^tools\//, /^program\//, /^packages\/apigw-logging\/(src\/|package\.json$|tsconfig\.json$)/, /^package(-lock)?\.json$/, /^tsconfig\.json$/];
const fingerprints = new Map<string, string>();

/** A hash of the plan code in `dir` (PLAN_CODE: paths and contents), or "" when it has none. */
export function codeFingerprint(dir: string): string {
    const known = fingerprints.get(dir);
    if (known !== undefined) {
        return known;
    }
    const hash = crypto.createHash("sha256");
    const walk = (folder: string, relative: string): string[] =>
        fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
            const rel = relative ? `${relative}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                return entry.name === "node_modules" || entry.name === ".git" || entry.name === "lib" ? [] : walk(path.join(folder, entry.name), rel);
            }
            return entry.isFile() && PLAN_CODE.some((pattern) => pattern.test(rel)) ? [rel] : [];
        });
    const files = ["tools", "program", "packages"].filter((d) => fs.existsSync(path.join(dir, d))).flatMap((d) => walk(path.join(dir, d), d));
    files.push(...["package.json", "package-lock.json", "tsconfig.json"].filter((f) => fs.existsSync(path.join(dir, f))));
    for (const file of files.sort()) {
        hash.update(`${file}\0`).update(fs.readFileSync(path.join(dir, file))).update("\0");
    }
    const fingerprint = files.length > 0 ? hash.digest("hex") : "";
    // A tree's files do not change while it is planned; the working tree's are read once per run.
    fingerprints.set(dir, fingerprint);
    return fingerprint;
}

/** Whether the tree at `dir` holds this process's plan code, file for file. */
export function runsThisCode(dir: string): boolean {
    const theirs = codeFingerprint(dir);
    return theirs !== "" && theirs === codeFingerprint(PROJECT_DIR);
}
