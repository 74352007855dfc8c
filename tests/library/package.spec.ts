// The library as others get it: `npm pack` (whose prepack builds lib/ from a clean tree), what the tarball
// holds and its package.json, and a scratch consumer project outside this repository that installs
// the tarball, type-checks its own program (tests/library/consumer/index.ts) against the shipped
// declarations, and runs it under Pulumi's mocks in a process of its own that resolves
// `apigw-logging` as any consumer does: without the "apigw-logging-source" condition, from lib/.

import * as assert from "assert";
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { libIsFresh } from "../globalSetup";
import { filesUnder, isNodeBuiltin, moduleGraph, packageNameOf } from "../moduleSpecifiers";

const REPO = path.resolve(__dirname, "../..");
const LIBRARY_DIR = path.join(REPO, "packages", "apigw-logging");
const FIXTURE = path.join(__dirname, "consumer");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const REST_API_ID = "a1b2c3d4e5"; // what consumer/harness.js gives the REST API

interface Manifest {
    name: string;
    version: string;
    private?: boolean;
    main?: string;
    types?: string;
    exports?: Record<string, unknown>;
    engines?: Record<string, string>;
    files?: string[];
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
}

interface Registered {
    type: string;
    name: string;
    custom: boolean;
    inputs: Record<string, any>;
    urn: string;
    parent?: string;
    dependsOn: string[];
}

interface ConsumerRun {
    resolved: string;
    resources: Registered[];
    outputs: Record<string, any>;
    /** The stage patch's provider as the dynamic provider host loads it: its methods, and where its module resolved. */
    patchProvider?: { methods: string[]; module: string };
}

/** The environment of the consumer's processes: nothing of this repository's test run. */
function consumerEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
        // NODE_OPTIONS carries --conditions=apigw-logging-source; npm_* and PULUMI_* come from npm test and the CLI.
        if (key !== "NODE_OPTIONS" && !key.startsWith("npm_") && !key.startsWith("PULUMI_")) {
            env[key] = value;
        }
    }
    env.PULUMI_CONFIG = JSON.stringify({ "aws:region": "eu-west-1" });
    return env;
}

describe("library package (npm pack, installed by a consumer)", function () {
    // The consumer's tsc reads @pulumi/aws's declarations (~5 s).
    this.timeout(120_000);
    const rootManifest: Manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    let scratch: string;
    let consumer: string;
    /** The tarball's files, as npm pack listed them. */
    let packed: string[];
    /** The tarball, extracted where npm would install it. */
    let installed: string;
    let manifest: Manifest;
    let typeCheck: { status: number; output: string };
    let run: ConsumerRun | undefined;
    let runError: string | undefined;

    before(async () => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-logging-package-"));
        // lib/ as prepack builds it (clean, then build): `npm test` builds it first, and mocha's global
        // setup (tests/globalSetup.ts) again when src/ is newer; packed here without building again.
        assert.ok(libIsFresh(), "packages/apigw-logging/lib/ is older than src/: run npm run build");
        const out = execFileSync(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], {
            cwd: LIBRARY_DIR,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        const [pack] = JSON.parse(out.slice(out.indexOf("[")));
        packed = (pack.files as Array<{ path: string }>).map((file) => file.path).sort();
        const tarball = path.join(scratch, pack.filename);

        consumer = path.join(scratch, "consumer");
        installed = path.join(consumer, "node_modules", "apigw-logging");
        fs.mkdirSync(installed, { recursive: true });
        // How the consumer gets its packages: `npm install --prefer-offline` of the package.json below
        // took 26 s here with npm's cache warm from `npm ci` (most of it @pulumi/aws, ~176 MB), too
        // slow for a unit test. So the tarball is extracted where npm installs it, and the consumer's
        // @pulumi scope links to this repository's: @pulumi/pulumi and @pulumi/aws at the versions the
        // root package.json pins, which the consumer's package.json names too. The @aws-sdk scope
        // (the package's own dependency @aws-sdk/client-api-gateway) links the same way.
        execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
        for (const scope of ["@pulumi", "@aws-sdk"]) {
            fs.symlinkSync(path.join(REPO, "node_modules", scope), path.join(consumer, "node_modules", scope), "junction");
        }
        for (const name of ["@pulumi/pulumi", "@pulumi/aws"]) {
            const version = JSON.parse(fs.readFileSync(path.join(consumer, "node_modules", name, "package.json"), "utf8")).version;
            assert.strictEqual(version, rootManifest.dependencies![name], `${name} linked into the consumer`);
        }
        manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));

        const consumerManifest = {
            name: "consumer",
            version: "1.0.0",
            private: true,
            dependencies: {
                "@pulumi/aws": rootManifest.dependencies!["@pulumi/aws"],
                "@pulumi/pulumi": rootManifest.dependencies!["@pulumi/pulumi"],
                "apigw-logging": `file:../${pack.filename}`,
            },
        };
        fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify(consumerManifest, null, 2));
        // module node16: TypeScript resolves the package through its "exports" ("types" condition).
        const tsconfig = {
            compilerOptions: {
                strict: true,
                target: "es2022",
                module: "node16",
                moduleResolution: "node16",
                types: [],
                skipLibCheck: true,
                rootDir: ".",
                outDir: "out",
            },
            files: ["index.ts"],
        };
        fs.writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
        fs.copyFileSync(path.join(FIXTURE, "index.ts"), path.join(consumer, "index.ts"));
        fs.copyFileSync(path.join(FIXTURE, "harness.js"), path.join(consumer, "harness.js"));

        const exec = promisify(execFile);
        const options = { cwd: consumer, env: consumerEnv(), maxBuffer: 16 * 1024 * 1024 };
        // One tsc run type-checks and emits out/index.js (also with type errors, so the run below still
        // says what happens at run time).
        const tsc = require.resolve("typescript/bin/tsc", { paths: [REPO] });
        typeCheck = await exec(process.execPath, [tsc, "-p", "tsconfig.json"], options).then(
            ({ stdout }) => ({ status: 0, output: stdout }),
            (error) => ({ status: error.code ?? 1, output: `${error.stdout}${error.stderr}` }),
        );
        const resultFile = path.join(scratch, "run.json");
        try {
            await exec(process.execPath, ["harness.js", resultFile], options);
            run = JSON.parse(fs.readFileSync(resultFile, "utf8"));
        } catch (error) {
            const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
            runError = `${message}\n${stdout ?? ""}${stderr ?? ""}`;
        }
    });

    after(() => {
        // APIGW_LOGGING_KEEP_SCRATCH=1 keeps the tarball, the consumer project and run.json to look at.
        if (scratch && !process.env.APIGW_LOGGING_KEEP_SCRATCH) {
            fs.rmSync(scratch, { recursive: true, force: true });
        }
    });

    describe("the tarball", () => {
        it("holds package.json and the built barrel: lib/index.js and lib/index.d.ts", () => {
            for (const file of ["package.json", "lib/index.js", "lib/index.d.ts"]) {
                assert.ok(packed.includes(file), `${file} is not in the tarball: ${packed.join(", ")}`);
            }
        });

        it("holds every module the barrel loads, and every declaration file its declarations name", () => {
            for (const [entry, extensions] of [["lib/index.js", [".js"]], ["lib/index.d.ts", [".d.ts"]]] as const) {
                const graph = moduleGraph(path.join(installed, entry), [...extensions]);
                assert.deepStrictEqual(graph.unresolved, [], `${entry} names modules the tarball lacks`);
                const files = graph.files.map((file) => path.relative(installed, file).split(path.sep).join("/"));
                assert.ok(files.length > 5, `${entry} loads only ${files.join(", ")}`);
                for (const file of files) {
                    assert.ok(packed.includes(file) && file.startsWith("lib/"), `${entry} loads ${file}, not in the tarball's lib/`);
                }
            }
        });

        it("has JavaScript and declarations for every source module, and nothing built from a deleted one", () => {
            const modules = (dir: string, suffix: string) =>
                packed
                    .filter((file) => file.startsWith(dir) && file.endsWith(suffix) && (suffix === ".d.ts" || !file.endsWith(".d.ts")))
                    .map((file) => file.slice(dir.length, -suffix.length))
                    .sort();
            const sources = modules("src/", ".ts");
            assert.ok(sources.includes("index"), `no src/index.ts in ${packed.join(", ")}`);
            assert.deepStrictEqual(modules("lib/", ".js"), sources, "lib/*.js against src/*.ts");
            assert.deepStrictEqual(modules("lib/", ".d.ts"), sources, "lib/*.d.ts against src/*.ts");
            // The sources the tarball ships are this package's, all of them.
            const here = filesUnder(path.join(LIBRARY_DIR, "src"), ".ts").map((file) =>
                path.relative(path.join(LIBRARY_DIR, "src"), file).split(path.sep).join("/").slice(0, -".ts".length),
            );
            assert.deepStrictEqual(sources, here.sort());
        });

        it("holds no tests, tools, program or installed packages: only lib/, src/ and the package's own files", () => {
            const stray = packed.filter(
                (file) =>
                    !/^(lib|src)\//.test(file) && !["package.json", "README.md", "PulumiPlugin.yaml"].includes(file) && !/^LICEN[CS]E/i.test(file),
            );
            assert.deepStrictEqual(stray, []);
            assert.deepStrictEqual(packed.filter((file) => /(^|\/)(tests?|tools|program|examples|node_modules)\/|\.spec\./.test(file)), []);
        });

        it("requires only Node built-ins and the packages it depends on", () => {
            const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
            for (const [entry, extensions] of [["lib/index.js", [".js"]], ["lib/index.d.ts", [".d.ts"]]] as const) {
                const graph = moduleGraph(path.join(installed, entry), [...extensions]);
                for (const [specifier, from] of graph.bare) {
                    assert.ok(
                        isNodeBuiltin(specifier) || dependencies.includes(packageNameOf(specifier)),
                        `${path.relative(installed, from)} requires "${specifier}", not among the dependencies ${dependencies.join(", ")}`,
                    );
                }
                for (const [name, from] of graph.typeReferences) {
                    assert.ok(dependencies.includes(`@types/${name}`), `${path.relative(installed, from)} references types "${name}"`);
                }
            }
        });
    });

    describe("its package.json", () => {
        it("builds lib/ from a clean tree whenever it is packed or published (prepack)", () => {
            const scripts = (manifest as { scripts?: Record<string, string> }).scripts ?? {};
            assert.strictEqual(scripts.prepack, "npm run clean && npm run build");
            assert.strictEqual(scripts.build, "tsc -p tsconfig.json");
        });

        it("is a public package with a semver version", () => {
            assert.strictEqual(manifest.name, "apigw-logging");
            assert.notStrictEqual(manifest.private, true, "private: npm would refuse to publish it");
            assert.match(manifest.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/);
        });

        it("exports the barrel with types and default, and names main, types and engines, all in the tarball", () => {
            const root = manifest.exports?.["."] as Record<string, string> | undefined;
            assert.ok(root && typeof root === "object", `exports["."] is ${JSON.stringify(root)}`);
            assert.strictEqual(root.types, "./lib/index.d.ts");
            assert.strictEqual(root.default, "./lib/index.js");
            // Conditions resolve in order: "types" and "default" last, after any custom condition.
            assert.deepStrictEqual(Object.keys(root).slice(-2), ["types", "default"]);
            assert.strictEqual(manifest.main, "lib/index.js");
            assert.strictEqual(manifest.types, "lib/index.d.ts");
            assert.ok(manifest.engines?.node, "engines.node");
            for (const target of [...Object.values(root), manifest.main, manifest.types]) {
                const file = path.posix.normalize(target);
                assert.ok(packed.includes(file), `${target} is not in the tarball`);
            }
        });

        it("depends on registry versions only", () => {
            for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
                assert.match(range, /^[\^~]?\d+\.\d+\.\d+/, `${name}: ${range}`);
            }
        });
    });

    describe("a consumer project that installed it", () => {
        it("type-checks its own program against the tarball's declarations (tsc, strict)", () => {
            assert.strictEqual(typeCheck.status, 0, typeCheck.output);
        });

        it("resolves apigw-logging to the installed lib/, without the source condition", () => {
            assert.ok(run, runError);
            assert.strictEqual(run.resolved, path.join(installed, "lib", "index.js"));
        });

        function registered(type: string): Registered[] {
            assert.ok(run, runError);
            return run.resources.filter((resource) => resource.type === type);
        }

        it("registers the StageLogging and AccountSetting components by their type tokens", () => {
            assert.deepStrictEqual(
                registered("apigw-logging:index:StageLogging").map((r) => [r.name, r.custom]),
                [["orders-v1", false]],
            );
            assert.deepStrictEqual(
                registered("apigw-logging:index:AccountSetting").map((r) => [r.name, r.custom]),
                [["account-setting", false]],
            );
        });

        it("creates the stage's log groups under API Gateway's names, for the consumer's REST API", () => {
            const groups = registered("aws:cloudwatch/logGroup:LogGroup");
            assert.deepStrictEqual(
                groups.map((group) => [group.name, group.inputs.name, group.parent]).sort(),
                [
                    ["orders-v1-access-logs", `API-Gateway-Access-Logs_${REST_API_ID}/v1`, "orders-v1"],
                    ["orders-v1-execution-logs", `API-Gateway-Execution-Logs_${REST_API_ID}/v1`, "orders-v1"],
                ],
            );
            assert.strictEqual(run!.outputs.executionLogGroupName, `API-Gateway-Execution-Logs_${REST_API_ID}/v1`);
            assert.strictEqual(run!.outputs.accessLogGroupName, `API-Gateway-Access-Logs_${REST_API_ID}/v1`);
        });

        it("patches the logging fields of the consumer's own stage, after that stage and the execution log group", () => {
            // The patch's provider is the installed lib/'s (the package's "./stagePatch/*" export), as
            // Pulumi's dynamic provider host loads it from the project's folder.
            assert.deepStrictEqual(registered("aws:apigateway/methodSettings:MethodSettings"), []);
            const [patch, ...more] = registered("pulumi-nodejs:dynamic/apigw-logging:StageLoggingPatch");
            assert.deepStrictEqual(more, []);
            assert.strictEqual(patch.parent, "orders-v1");
            assert.deepStrictEqual(
                { restApiId: patch.inputs.restApiId, stageName: patch.inputs.stageName, methodSettings: patch.inputs.methodSettings },
                { restApiId: REST_API_ID, stageName: "v1", methodSettings: [{ key: "*/*", loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: true }] },
            );
            assert.deepStrictEqual(run!.patchProvider, {
                methods: ["create", "delete", "diff", "update"],
                module: path.join(installed, "lib", "stagePatch", "provider.js"),
            });
            for (const before of ["orders-v1-stage", "orders-v1-execution-logs"]) {
                assert.ok(patch.dependsOn.includes(before), `the stage patch waits for ${patch.dependsOn.join(", ")}`);
            }
        });

        it("leaves the stage to the consumer, with the component's access-log settings on it", () => {
            const stages = registered("aws:apigateway/stage:Stage");
            assert.deepStrictEqual(stages.map((stage) => [stage.name, stage.parent]), [["orders-v1-stage", undefined]]);
            const settings = stages[0].inputs.accessLogSettings;
            assert.strictEqual(settings.destinationArn, `arn:aws:logs:eu-west-1:123456789012:log-group:API-Gateway-Access-Logs_${REST_API_ID}/v1`);
            assert.strictEqual(settings.format, run!.outputs.accessLogFormat);
            assert.ok(settings.format.includes("$context.requestId"), settings.format);
        });

        it("points the region's account setting at the role the AccountSetting created", () => {
            const [role] = registered("aws:iam/role:Role");
            const [account] = registered("aws:apigateway/account:Account");
            assert.strictEqual(account.parent, "account-setting");
            assert.strictEqual(account.inputs.cloudwatchRoleArn, `arn:aws:iam::123456789012:role/${role.name}-id`);
            assert.strictEqual(run!.outputs.cloudWatchRoleArn, account.inputs.cloudwatchRoleArn);
        });
    });
});
