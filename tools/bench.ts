// `npm run bench [-- --repeat 3] [--stages 1,10,100,300] [--no-tests] [--no-source-maps]`
// Measures, on this machine, what a `pulumi preview` of this program costs in Node: each
// measurement runs in a fresh Node process, so its load time and its peak memory are its own.
//   baseline: Node + ts-node + @pulumi/pulumi + @pulumi/aws + the mock runtime, creating nothing.
//   N stages: the real program (program/index.ts) under mocks, with a stack config listing N stages,
//             loading the component package from its built lib/ as pulumi preview does (built first).
//   bare: the same resources created directly with the SDK, so the program's own share shows.
//         It runs with the same SDK setting as index.ts (program/promiseStacks.ts);
//         `PULUMI_DEBUG_PROMISE_LEAKS=1 npm run bench` measures both with the SDK's default instead.
// Then the unit tests' wall time (`npm run test:unit`). Prints a table; medians of --repeat runs.

import { execFile, execFileSync, spawn } from "child_process";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { Command, Flags, readFlags } from "./cliArgs";

const PROJECT_DIR = path.resolve(__dirname, "..");

interface Sample {
    /** From process start to the end of the run, as measured by the parent. */
    wallMs: number;
    /** Inside the child: loading @pulumi/pulumi, @pulumi/aws and the mock runtime. */
    loadMs: number;
    /** Inside the child: evaluating the program under mocks until every output resolved. */
    runMs: number;
    maxRssMb: number;
    resources: number;
}

/** The config a platform team would write for N API stages, with the dev stack's logging defaults. */
function stagesConfig(count: number): Record<string, string> {
    const stages = Array.from({ length: count }, (_, i) => ({
        name: `api-${i}`,
        restApiId: `a${i.toString(36).padStart(9, "0")}`,
        stageName: "v1",
    }));
    return {
        "aws:region": "eu-west-1",
        "apigw-logging:accountSetting": JSON.stringify({ mode: "create" }),
        "apigw-logging:logging": JSON.stringify({
            accessLogs: { retentionInDays: 30, format: "json" },
            executionLogs: { retentionInDays: 14 },
            methodSettings: { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true },
            tags: { environment: "bench" },
        }),
        "apigw-logging:stages": JSON.stringify(stages),
    };
}

type Mode = "baseline" | "program" | "bare";

/**
 * The same resources the program creates for N stages (a component with two log groups, four saved
 * queries and the stage patch per stage, the account setting once), created directly with the SDK,
 * with the same inputs: no config reading, validation, formats, stage check or outputs. What is left
 * of the program's time above this is its own.
 */
function bareProgram(count: number, patch: { STAGE_LOGGING_PATCH_TYPE: string; STAGE_PATCH_PROVIDER_MODULE: string }): () => unknown {
    /* eslint-disable @typescript-eslint/no-var-requires */
    const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    /* eslint-enable @typescript-eslint/no-var-requires */
    class StagePatch extends pulumi.CustomResource {}
    return () => {
        const role = new aws.iam.Role("account-setting-cloudwatch-role", { assumeRolePolicy: "{}" });
        new aws.iam.RolePolicyAttachment("account-setting-cloudwatch-role-policy", { role: role.name, policyArn: "arn:aws:iam::aws:policy/x" });
        const account = new aws.apigateway.Account("account-setting-account", { cloudwatchRoleArn: role.arn });
        for (let i = 0; i < count; i++) {
            const id = `a${i.toString(36).padStart(9, "0")}`;
            const parent = new pulumi.ComponentResource("apigw-logging:index:StageLogging", `api-${i}`);
            const tags = { environment: "bench" };
            const access = new aws.cloudwatch.LogGroup(`api-${i}-access-logs`, { name: `API-Gateway-Access-Logs_${id}/v1`, retentionInDays: 30, tags }, { parent, retainOnDelete: true });
            const exec = new aws.cloudwatch.LogGroup(`api-${i}-execution-logs`, { name: `API-Gateway-Execution-Logs_${id}/v1`, retentionInDays: 14, tags }, { parent, retainOnDelete: true });
            // The four saved queries the default JSON format gets (packages/apigw-logging/src/logInsightsQueries.ts).
            for (const key of ["5xx-errors", "4xx-errors", "top-client-ips", "one-request"]) {
                new aws.cloudwatch.QueryDefinition(
                    `api-${i}-query-${key}`,
                    { name: `API Gateway/${id}/v1/${key}`, queryString: "fields @message", logGroupNames: [access.name, ...(key === "one-request" ? [exec.name] : [])] },
                    { parent },
                );
            }
            // A stage listed in config is owned elsewhere: its logging fields are patched.
            new StagePatch(
                patch.STAGE_LOGGING_PATCH_TYPE,
                `api-${i}-stage-patch`,
                {
                    region: "eu-west-1",
                    restApiId: id,
                    stageName: "v1",
                    methodSettings: [{ key: "*/*", loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true }],
                    replaced: undefined,
                    __provider: patch.STAGE_PATCH_PROVIDER_MODULE,
                },
                { parent, dependsOn: [exec, account] },
            );
        }
        return {};
    };
}

/** Runs in the child: one measurement, printed as JSON on the last line. */
async function child(mode: Mode, stages: number): Promise<void> {
    const loadStart = performance.now();
    /* eslint-disable @typescript-eslint/no-var-requires */
    require("@pulumi/pulumi");
    const aws = require("@pulumi/aws");
    // @pulumi/aws loads each service module on first use: load the ones the program uses here, so
    // their load time counts as @pulumi/aws's, not as the program's.
    // (Each resource class is loaded on first access, too.)
    void [aws.apigateway.Stage, aws.apigateway.MethodSettings, aws.apigateway.Account, aws.cloudwatch.LogGroup, aws.cloudwatch.QueryDefinition];
    void [aws.iam.Role, aws.iam.RolePolicyAttachment, aws.kinesis.FirehoseDeliveryStream, aws.s3.Bucket];
    const { runProgram, MOCK_CALLS } = require("./mockRuntime") as typeof import("./mockRuntime");
    const { skipPromiseStackCapture } = require("../program/promiseStacks") as typeof import("../program/promiseStacks");
    // The bare SDK gets the stage patch's type and provider text (packages/apigw-logging/src/stagePatch/resources.ts)
    // here, so that loading the package is not counted as its work.
    const patch = mode === "bare" ? (require("apigw-logging") as typeof import("apigw-logging")) : undefined;
    /* eslint-enable @typescript-eslint/no-var-requires */
    const loadMs = performance.now() - loadStart;
    if (process.env.BENCH_NO_SOURCE_MAPS === "1") {
        // ts-node's source-map-support rewrites every stack trace; the SDK formats one for every
        // promise and every resource it creates. Off, to show what that costs (not how previews run).
        (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    }
    const runStart = performance.now();
    if (mode === "bare") {
        skipPromiseStackCapture(); // index.ts does this first thing; the bare SDK gets the same runtime
    }
    const config = mode === "program" ? stagesConfig(stages) : { "aws:region": "eu-west-1" };
    const program = mode === "baseline" ? () => ({}) : mode === "bare" ? bareProgram(stages, patch!) : () => require(path.join(PROJECT_DIR, "program", "index.ts"));
    const run = await runProgram({ project: "apigw-logging", stack: "bench", config, calls: MOCK_CALLS }, program);
    const runMs = performance.now() - runStart;
    const result = { loadMs, runMs, maxRssMb: process.resourceUsage().maxRSS / 1024, resources: run.resources.length };
    console.log(JSON.stringify(result));
}

/**
 * The children load the component package as `pulumi preview` does: its built lib/ (the package's
 * "default" export), not its TypeScript source, which the npm scripts' `apigw-logging-source`
 * condition selects for tests and tools. main() builds lib/ first.
 */
function previewEnv(): NodeJS.ProcessEnv {
    const options = (process.env.NODE_OPTIONS ?? "").split(/\s+/).filter((o) => o && o !== "--conditions=apigw-logging-source");
    return { ...process.env, NODE_OPTIONS: options.join(" ") };
}

function measure(mode: Mode, stages: number): Promise<Sample> {
    return new Promise((resolve, reject) => {
        const start = performance.now();
        execFile(
            process.execPath,
            [require.resolve("ts-node/dist/bin.js"), "--transpile-only", __filename, "--child", mode, String(stages)],
            { cwd: PROJECT_DIR, env: previewEnv(), maxBuffer: 64 * 1024 * 1024 },
            (error, stdout, stderr) => {
                const wallMs = performance.now() - start;
                if (error) {
                    reject(new Error(`bench child (${mode}, ${stages} stages) failed: ${stderr || error.message}`));
                    return;
                }
                const last = stdout.trim().split("\n").pop() ?? "{}";
                resolve({ wallMs, ...(JSON.parse(last) as Omit<Sample, "wallMs">) });
            },
        );
    });
}

function timeCommand(command: string, args: string[]): Promise<{ wallMs: number; code: number }> {
    return new Promise((resolve) => {
        const start = performance.now();
        const proc = spawn(command, args, { cwd: PROJECT_DIR, stdio: "ignore" });
        proc.on("exit", (code) => resolve({ wallMs: performance.now() - start, code: code ?? 1 }));
    });
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function medianSample(mode: Mode, stages: number, repeat: number): Promise<Sample> {
    const samples: Sample[] = [];
    for (let i = 0; i < repeat; i++) {
        samples.push(await measure(mode, stages)); // one at a time: parallel runs would share the CPU
    }
    const pick = (key: keyof Sample) => median(samples.map((s) => s[key]));
    return { wallMs: pick("wallMs"), loadMs: pick("loadMs"), runMs: pick("runMs"), maxRssMb: pick("maxRssMb"), resources: samples[0].resources };
}

const BENCH_COMMAND = {
    usage: "usage: npm run bench -- [--repeat N] [--stages 1,10,100,300] [--no-tests] [--no-source-maps]",
    summary: "Measures what a preview of this program costs in Node (load, evaluation, peak memory) for some numbers of stages, each run in a fresh process.",
    flags: {
        repeat: { type: "string", value: "N", description: "runs per measurement; the table shows medians (default 3)" },
        stages: { type: "string", value: "LIST", description: "the numbers of stages to measure, comma-separated (default 1,10,100,300)" },
        "no-tests": { type: "boolean", description: "do not time npm run test:unit afterwards" },
        "no-source-maps": { type: "boolean", description: "evaluate with source maps off (not how a preview runs; shows what they cost)" },
    },
} satisfies Command<Flags>;

/** The flags, or the help text; a bad flag throws an Error whose message is the error line's. */
function parseArgs(argv: string[]): { repeat: number; stages: number[]; tests: boolean } | { help: string } {
    const parsed = readFlags(argv, BENCH_COMMAND, (message) => new Error(message));
    if (parsed.help !== undefined) {
        return { help: parsed.help };
    }
    const flags = parsed.values;
    const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : NaN);
    const repeat = flags.repeat === undefined ? 3 : wholeNumber(flags.repeat);
    if (Number.isNaN(repeat)) {
        throw new Error(`--repeat: "${flags.repeat}" is not a number of runs (${BENCH_COMMAND.usage})`);
    }
    const stages = flags.stages === undefined ? [1, 10, 100, 300] : flags.stages.split(",").map(wholeNumber);
    if (stages.some((n) => Number.isNaN(n) || n < 1)) {
        throw new Error(`--stages: "${flags.stages}" is not a list of stage counts, e.g. 1,10,100 (${BENCH_COMMAND.usage})`);
    }
    if (flags["no-source-maps"]) {
        process.env.BENCH_NO_SOURCE_MAPS = "1"; // inherited by the children
    }
    return { repeat: Math.max(1, repeat), stages, tests: !flags["no-tests"] };
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    if ("help" in args) {
        console.log(args.help);
        return;
    }
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const mb = (sample: Sample) => `${sample.maxRssMb.toFixed(0)} MB`;
    // lib/ as the source is now: the children load it (previewEnv).
    execFileSync("npm", ["run", "-s", "build"], { cwd: PROJECT_DIR, stdio: "ignore" });
    const baseline = await medianSample("baseline", 0, args.repeat);
    // "Evaluation" starts once Node, ts-node, @pulumi/pulumi, @pulumi/aws (with the service modules
    // the program uses) and the mocks are loaded, and ends when every stack output has resolved.
    const header = ["Stages", "Resources", "Wall, whole process", "Evaluation", "Same resources, bare SDK", "Program's own share", "Marginal per stage", "Peak RSS"];
    const rows: string[][] = [
        ["none (baseline)", "0", s(baseline.wallMs), `${s(baseline.runMs)} (load before it: ${s(baseline.loadMs)})`, "", "", "", mb(baseline)],
    ];
    let first: Sample | undefined;
    let firstStages = 0;
    for (const stages of args.stages) {
        const program = await medianSample("program", stages, args.repeat);
        const bare = await medianSample("bare", stages, args.repeat);
        if (!first) {
            first = program;
            firstStages = stages;
        }
        const marginal = stages > firstStages ? `${((program.runMs - first.runMs) / (stages - firstStages)).toFixed(1)} ms` : "";
        rows.push([
            String(stages),
            String(program.resources),
            s(program.wallMs),
            s(program.runMs),
            s(bare.runMs),
            s(program.runMs - bare.runMs),
            marginal,
            mb(program),
        ]);
    }
    const table = [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`);
    const maps = process.env.BENCH_NO_SOURCE_MAPS === "1" ? "source maps OFF during evaluation" : "source maps on (as in pulumi preview)";
    const stacks = process.env.PULUMI_DEBUG_PROMISE_LEAKS ? "SDK promise stacks captured (PULUMI_DEBUG_PROMISE_LEAKS)" : "SDK promise stacks skipped";
    console.log(
        `Node ${process.version}, ${os.cpus().length} CPUs, median of ${args.repeat} run(s), each in a fresh process, ${maps}, ${stacks}, apigw-logging loaded from lib/ (as in pulumi preview)`,
    );
    console.log(table.join("\n"));
    if (args.tests) {
        const tests = await timeCommand("npm", ["run", "-s", "test:unit"]);
        console.log(`\nnpm run test:unit: ${s(tests.wallMs)}${tests.code === 0 ? "" : ` (exit ${tests.code})`}`);
    }
}

if (require.main === module) {
    const at = process.argv.indexOf("--child");
    if (at >= 0) {
        child(process.argv[at + 1] as Mode, Number(process.argv[at + 2])).catch((error) => {
            console.error(error);
            process.exit(1);
        });
    } else {
        main().catch((error) => {
            console.error(`error: ${error.message}`);
            process.exitCode = 1;
        });
    }
}
