// What `pulumi policy publish` uploads: the pack directory as `npm pack` packs it. The Pulumi
// service installs that package's dependencies and starts its `main` with the policy runner, which
// compiles (and type-checks) it with the pack's tsconfig.json. So the tarball must hold every file
// the pack loads, and its package.json must name every package the pack imports at a version a
// registry can serve: a workspace link or `file:` path means nothing outside this repository.

import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as ts from "typescript";
import { isNodeBuiltin, ModuleGraph, moduleGraph, packageNameOf } from "../moduleSpecifiers";

const POLICY_DIR = path.resolve(__dirname, "../../packages/policy");
const LIBRARY_DIR = path.resolve(__dirname, "../../packages/apigw-logging");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

interface Manifest {
    name: string;
    version: string;
    private?: boolean;
    main?: string;
    files?: string[];
    dependencies?: Record<string, string>;
}

interface Pack {
    /** Paths in the tarball, relative to the pack directory. */
    files: string[];
    manifest: Manifest;
    /** compilerOptions.types of the pack's tsconfig.json. */
    types: string[];
    /** What `main` loads, followed through its relative imports. */
    graph: ModuleGraph;
}

/** The files `npm pack` would put in the tarball (and run no scripts). */
function npmPackFiles(dir: string): string[] {
    const out = execFileSync(NPM, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: dir, encoding: "utf8" });
    const [entry] = JSON.parse(out.slice(out.indexOf("[")));
    return (entry.files as Array<{ path: string }>).map((file) => file.path).sort();
}

function readTsconfig(file: string): any {
    // tsconfig.json allows comments (the pack's has them): read it as TypeScript does.
    const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
    if (error) {
        throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(error.messageText, "\n")}`);
    }
    return config;
}

/** Whether `range` is something a registry resolves: a version or a simple range, not a path, link, URL or git spec. */
function isRegistryRange(range: string): boolean {
    return /^[\^~]?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(range);
}

/** Why the pack as packed would not load, or would load something else than in this repository. */
function packProblems(pack: Pack, libraryVersion: string): string[] {
    const problems: string[] = [];
    const rel = (file: string) => path.relative(POLICY_DIR, file).split(path.sep).join("/");
    const dependencies = pack.manifest.dependencies ?? {};
    const packed = new Set(pack.files);
    const need = (file: string, why: string) => {
        if (!packed.has(file)) {
            problems.push(`${file} is not in the pack (${why}); package.json "files": ${JSON.stringify(pack.manifest.files)}`);
        }
    };

    need("package.json", "the service installs its dependencies and starts its main");
    need("PulumiPolicy.yaml", "it makes the directory a policy pack");
    need("tsconfig.json", "the policy runner compiles the pack with it");
    const [entry, ...loaded] = pack.graph.files;
    if (pack.manifest.main === undefined) {
        problems.push("package.json has no main: the policy runner would start index.js");
    }
    need(rel(entry), "package.json main");
    for (const file of loaded) {
        const where = rel(file);
        if (where.startsWith("..")) {
            problems.push(`the pack loads ${where}, outside its directory: npm packs only the directory`);
        } else {
            need(where, "the pack imports it");
        }
    }
    for (const { from, specifier } of pack.graph.unresolved) {
        problems.push(`${rel(from)} imports "${specifier}", which names no file`);
    }
    for (const [specifier, from] of pack.graph.bare) {
        const name = packageNameOf(specifier);
        if (!isNodeBuiltin(specifier) && !(name in dependencies)) {
            problems.push(`${rel(from)} imports "${specifier}": ${name} is not among package.json's dependencies`);
        }
    }
    for (const [name, from] of pack.graph.typeReferences) {
        if (!(`@types/${name}` in dependencies)) {
            problems.push(`${rel(from)} references types "${name}": @types/${name} is not among package.json's dependencies`);
        }
    }
    for (const name of pack.types) {
        if (!(`@types/${name}` in dependencies)) {
            problems.push(`tsconfig.json compiles with types "${name}": @types/${name} is not among package.json's dependencies`);
        }
    }
    for (const [name, range] of Object.entries(dependencies)) {
        if (!isRegistryRange(range)) {
            problems.push(`dependency ${name} is "${range}": not a version a registry serves`);
        }
    }
    if (dependencies["apigw-logging"] !== undefined && dependencies["apigw-logging"] !== libraryVersion) {
        problems.push(
            `dependency apigw-logging is "${dependencies["apigw-logging"]}", the library in this repository is ${libraryVersion}: ` +
                "the pack would run against another version than the one it is tested with",
        );
    }
    return problems;
}

describe("policy pack as `pulumi policy publish` packs it", function () {
    this.timeout(60_000);
    let pack: Pack;
    const libraryVersion: string = JSON.parse(fs.readFileSync(path.join(LIBRARY_DIR, "package.json"), "utf8")).version;

    before(() => {
        const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8"));
        pack = {
            files: npmPackFiles(POLICY_DIR),
            manifest,
            types: readTsconfig(path.join(POLICY_DIR, "tsconfig.json")).compilerOptions?.types ?? [],
            graph: moduleGraph(path.join(POLICY_DIR, manifest.main ?? "index.js"), [".ts", ".d.ts", ".js", ".json"]),
        };
    });

    it("is a package of its own: name, version, main index.ts, a nodejs policy pack", () => {
        assert.strictEqual(pack.manifest.name, "apigw-logging-policy");
        assert.match(pack.manifest.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
        assert.strictEqual(pack.manifest.main, "index.ts");
        const policyYaml = yaml.load(fs.readFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), "utf8")) as { runtime?: unknown };
        assert.strictEqual(policyYaml.runtime, "nodejs");
    });

    it("loads index.ts, rules.ts and the rule files rules.ts imports, and imports the library by name, through its pure entry point", () => {
        assert.deepStrictEqual(
            pack.graph.files.map((file) => path.relative(POLICY_DIR, file)),
            ["index.ts", "rules.ts", "logStorageRules.ts", "stack.ts", "stageRules.ts", "props.ts", "resourceTypes.ts"],
        );
        // apigw-logging/pure, not the barrel: the CLI type-checks the pack, and the barrel's declarations bring @pulumi/aws's.
        assert.deepStrictEqual([...pack.graph.bare.keys()].filter((s) => s.startsWith("apigw-logging")), ["apigw-logging/pure"]);
    });

    it("holds every file the pack loads, and names every package it imports at a registry version", () => {
        assert.deepStrictEqual(packProblems(pack, libraryVersion), []);
    });

    it("depends on the component package at the library's own version", () => {
        assert.strictEqual(pack.manifest.dependencies?.["apigw-logging"], libraryVersion);
    });

    it("packs no tests and no installed packages", () => {
        const stray = pack.files.filter((file) => /(^|\/)(node_modules|tests?)\/|\.spec\.ts$/.test(file));
        assert.deepStrictEqual(stray, []);
    });

    it("says what is missing when a file, a dependency or a registry version is", () => {
        const broken: Pack = {
            ...pack,
            files: pack.files.filter((file) => file !== "rules.ts" && file !== "tsconfig.json"),
            manifest: {
                ...pack.manifest,
                dependencies: { "@pulumi/policy": "1.21.0", "@pulumi/pulumi": "3.248.0", "apigw-logging": "file:../apigw-logging" },
            },
        };
        const files = JSON.stringify(pack.manifest.files);
        assert.deepStrictEqual(packProblems(broken, libraryVersion), [
            `tsconfig.json is not in the pack (the policy runner compiles the pack with it); package.json "files": ${files}`,
            `rules.ts is not in the pack (the pack imports it); package.json "files": ${files}`,
            'tsconfig.json compiles with types "node": @types/node is not among package.json\'s dependencies',
            'dependency apigw-logging is "file:../apigw-logging": not a version a registry serves',
            `dependency apigw-logging is "file:../apigw-logging", the library in this repository is ${libraryVersion}: ` +
                "the pack would run against another version than the one it is tested with",
        ]);
    });
});
