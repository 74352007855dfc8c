// The library is a package of its own: its sources import each other, Node's built-ins and the
// packages its package.json depends on, and nothing else. Not the stack program, the tools or the
// tests (which would work here, through the workspace, and break for everyone who installs it).

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { filesUnder, isNodeBuiltin, isRelative, packageNameOf, resolveRelative, specifiersOf } from "../moduleSpecifiers";

const LIBRARY_DIR = path.resolve(__dirname, "../../packages/apigw-logging");
const SRC = path.join(LIBRARY_DIR, "src");

/** Why each import of `file` is not allowed in the library, if it is not. */
function boundaryProblems(file: string, source: string, dependencies: string[]): string[] {
    const where = path.relative(LIBRARY_DIR, file);
    const { imports, typeReferences } = specifiersOf(source);
    const problems: string[] = [];
    for (const specifier of imports) {
        if (isRelative(specifier)) {
            const target = path.resolve(path.dirname(file), specifier);
            if (path.relative(SRC, target).startsWith("..")) {
                problems.push(`${where} imports "${specifier}", outside the package's src/ (${path.relative(LIBRARY_DIR, target)})`);
            } else if (!resolveRelative(file, specifier, [".ts", ".d.ts"])) {
                problems.push(`${where} imports "${specifier}", which names no file`);
            }
        } else if (!isNodeBuiltin(specifier) && !dependencies.includes(packageNameOf(specifier))) {
            problems.push(`${where} imports "${specifier}", which is not among the package's dependencies (${dependencies.join(", ")})`);
        }
    }
    for (const name of typeReferences) {
        if (!dependencies.includes(`@types/${name}`)) {
            problems.push(`${where} references types "${name}", which the package does not depend on`);
        }
    }
    return problems;
}

describe("library boundary (packages/apigw-logging/src)", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(LIBRARY_DIR, "package.json"), "utf8"));
    const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
    const sources = filesUnder(SRC, ".ts");

    it("has sources to scan", () => {
        assert.ok(sources.some((file) => file.endsWith(path.join("src", "index.ts"))), `no src/index.ts among ${sources.join(", ")}`);
    });

    it("imports only its own modules, Node built-ins and the packages it depends on", () => {
        const problems = sources.flatMap((file) => boundaryProblems(file, fs.readFileSync(file, "utf8"), dependencies));
        assert.deepStrictEqual(problems, []);
    });

    it("catches imports from the program, the tools, the tests and undeclared packages", () => {
        const file = path.join(SRC, "stageLogging.ts");
        const source = [
            'import { runProgram } from "../../../tools/mockRuntime";',
            'import type { StackSettings } from "../../../program/stackConfig";',
            'const helpers = require("../../../tests/helpers");',
            'import * as yaml from "js-yaml";',
            'import { apigwLoggingPolicies } from "apigw-logging-policy";',
            'export * from "./noSuchModule";',
            'import * as crypto from "node:crypto";',
            'import * as pulumi from "@pulumi/pulumi";',
            'import { MockResourceArgs } from "@pulumi/pulumi/runtime";',
            'import { logGroup } from "./cloudWatchLogs";',
        ].join("\n");
        assert.deepStrictEqual(boundaryProblems(file, source, dependencies), [
            'src/stageLogging.ts imports "../../../tools/mockRuntime", outside the package\'s src/ (../../tools/mockRuntime)',
            'src/stageLogging.ts imports "../../../program/stackConfig", outside the package\'s src/ (../../program/stackConfig)',
            'src/stageLogging.ts imports "../../../tests/helpers", outside the package\'s src/ (../../tests/helpers)',
            `src/stageLogging.ts imports "js-yaml", which is not among the package's dependencies (${dependencies.join(", ")})`,
            `src/stageLogging.ts imports "apigw-logging-policy", which is not among the package's dependencies (${dependencies.join(", ")})`,
            'src/stageLogging.ts imports "./noSuchModule", which names no file',
        ]);
    });
});
