// `npm run test:e2e`: the end-to-end suite in a real AWS account (docs/e2e.md).
//
//   npm run test:e2e                   run scenarios 1-7 (tools/e2e/scenarios.ts), then clean up
//   npm run test:e2e -- --cleanup-only remove what earlier runs left (older than E2E_STALE_HOURS, default 6)
//
// Without a Pulumi CLI, AWS credentials or a region it prints one line, `e2e: skipped: <why>`, and
// exits 0; no scenario is reported, passed or otherwise. With E2E_REQUIRE=true (the nightly workflow)
// the same line starts `e2e: cannot run:` and the exit code is 1. A run exits 1 when a scenario fails
// or its cleanup leaves anything behind; the cleanup runs whatever happened before it.

import { execFileSync } from "child_process";
import * as path from "path";
import { checkPrerequisites, localProbes, Probes } from "./skip";

/** The repository root: Pulumi.yaml, the stack files, package.json. */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

export const USAGE = "usage: npm run test:e2e [-- --cleanup-only]";

export interface SuiteIo {
    out: (line: string) => void;
    err: (line: string) => void;
    env: NodeJS.ProcessEnv;
    probes?: Probes;
}

const isTrue = (value: string | undefined) => value !== undefined && /^(1|true|yes)$/i.test(value);

/** Runs the suite; returns the exit code. */
export async function runSuite(argv: string[], io: SuiteIo): Promise<number> {
    const unknown = argv.filter((a) => a !== "--cleanup-only");
    if (unknown.length > 0) {
        io.err(`e2e: unknown argument ${unknown[0]} (${USAGE})`);
        return 2;
    }
    const prerequisites = await checkPrerequisites(io.probes ?? localProbes(io.env));
    if (!prerequisites.run) {
        if (isTrue(io.env.E2E_REQUIRE)) {
            io.err(`e2e: cannot run: ${prerequisites.reason}`);
            return 1;
        }
        io.out(`e2e: skipped: ${prerequisites.reason}`);
        return 0;
    }

    // Loaded only now: a skipped run touches neither Pulumi's Automation API nor the AWS clients.
    const { region } = prerequisites;
    const staleAfterMs = Number(io.env.E2E_STALE_HOURS || 6) * 3_600_000;
    const { cleanupProblems, runCleanup } = await import("./cleanup");
    const { awsCleanupApi, awsClients } = await import("./awsCleanup");
    io.err(`e2e: Pulumi CLI ${prerequisites.pulumiVersion}, region ${region}`);

    if (argv.includes("--cleanup-only")) {
        const report = await runCleanup(awsCleanupApi(awsClients(region), region, PROJECT_DIR), { now: Date.now(), staleAfterMs, log: (l) => io.err(`cleanup: ${l}`) });
        const problems = cleanupProblems(report);
        io.out(problems ?? `e2e: cleanup removed ${report.removed.length}, kept ${report.plan.keep.length}`);
        return problems ? 1 : 0;
    }

    // The program runs as `pulumi up` runs it: the package's build (lib/), made from the source here.
    execFileSync("npm", ["run", "-s", "build"], { cwd: PROJECT_DIR, stdio: ["ignore", "inherit", "inherit"] });

    const { default: Mocha } = await import("mocha");
    const { E2eRun } = await import("./run");
    const { newRunId } = await import("./runId");
    const { setCurrentRun } = await import("./context");
    const run = new E2eRun({ runId: newRunId(), region, projectDir: PROJECT_DIR, log: io.err, staleAfterMs });
    setCurrentRun(run);
    io.err(`e2e: run ${run.runId}`);

    // bail: each scenario builds on the one before; after a failure the rest are not run (and not reported).
    const mocha = new Mocha({ bail: true, reporter: "spec", timeout: 45 * 60_000 });
    mocha.addFile(path.join(__dirname, "scenarios.ts"));
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));

    let cleanupFailed = false;
    if (!run.cleanupReport) {
        io.err(`e2e: cleaning up after ${failures > 0 ? "the failure" : "the run"} (scenario 7 did not run)`);
        try {
            const problems = cleanupProblems(await run.cleanup());
            if (problems) {
                io.err(`e2e: ${problems}`);
                cleanupFailed = true;
            }
        } catch (error) {
            io.err(`e2e: cleanup failed: ${(error as Error).stack ?? error}; its Pulumi state stays in ${run.backendDir}; \`E2E_STALE_HOURS=0 npm run test:e2e -- --cleanup-only\` removes what it made by name`);
            cleanupFailed = true;
        }
    }
    return failures > 0 || cleanupFailed ? 1 : 0;
}

if (require.main === module) {
    void runSuite(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env }).then(
        (code) => {
            // Exit now: the AWS clients keep idle sockets open for a while.
            process.stdout.write("", () => process.exit(code));
        },
        (error: Error) => {
            console.error(`e2e: ${error.stack ?? error}`);
            process.exit(1);
        },
    );
}
