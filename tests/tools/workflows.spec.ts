import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { listStacks, PROJECT_DIR } from "../../tools/plan";
import { scratchDir } from "../helpers";

interface Step {
    id?: string;
    name?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, unknown>;
    if?: string;
    "timeout-minutes"?: number;
}
interface Job {
    "timeout-minutes"?: number;
    needs?: string | string[];
    if?: string;
    environment?: string;
    uses?: string;
    with?: Record<string, unknown>;
    strategy?: { matrix?: { stack?: string[] } };
    steps?: Step[];
}
interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

const WORKFLOWS = path.join(PROJECT_DIR, ".github", "workflows");
const load = (file: string): Workflow => yaml.load(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")) as Workflow;
const steps = (job: Job) => job.steps ?? [];
const uses = (job: Job, action: string) => steps(job).find((s) => s.uses?.split("@")[0] === action);
const runs = (job: Job) => steps(job).map((s) => s.run ?? "").join("\n");
const needs = (job: Job) => [job.needs ?? []].flat();

describe("workflows", () => {
    const preview = load("preview.yml");
    const deploy = load("deploy.yml");
    const deployStack = load("deploy-stack.yml");
    const e2e = load("e2e.yml");

    it("are valid YAML with jobs, and pin every action to a major version", () => {
        for (const file of fs.readdirSync(WORKFLOWS)) {
            const workflow = load(file);
            assert.ok(Object.keys(workflow.jobs).length > 0, file);
            for (const job of Object.values(workflow.jobs)) {
                for (const step of steps(job).filter((s) => s.uses)) {
                    assert.match(step.uses!, /^[\w.-]+\/[\w.-]+@v\d+$/, `${file}: ${step.uses}`);
                }
            }
        }
    });

    it("preview runs on pull requests with OIDC and PR comment permissions", () => {
        assert.deepStrictEqual(Object.keys(preview.on), ["pull_request"]);
        assert.strictEqual(preview.permissions?.["id-token"], "write");
        assert.strictEqual(preview.permissions?.["pull-requests"], "write");
    });

    it("preview installs with npm ci and runs the tests before anything else", () => {
        const { test } = preview.jobs;
        assert.match(runs(test), /^npm ci\b/m);
        assert.match(runs(test), /^npm test$/m);
        assert.deepStrictEqual(needs(preview.jobs["plan-diff"]), ["test"]);
        assert.deepStrictEqual(needs(preview.jobs.preview), ["test"]);
    });

    it("previews every stack file in the repository with the Pulumi action, commenting on the PR", () => {
        const job = preview.jobs.preview;
        assert.deepStrictEqual([...(job.strategy?.matrix?.stack ?? [])].sort(), listStacks());
        const pulumi = uses(job, "pulumi/actions");
        assert.ok(pulumi, "pulumi/actions step");
        assert.strictEqual(pulumi.with?.command, "preview");
        assert.strictEqual(pulumi.with?.["comment-on-pr"], true);
        assert.strictEqual(pulumi.with?.policyPacks, "packages/policy", "the preview runs the policy pack");
        assert.ok(fs.existsSync(path.join(PROJECT_DIR, "packages", "policy", "PulumiPolicy.yaml")), "the pack the workflow names exists");
        assert.match(String(pulumi.with?.["stack-name"]), /\$\{\{ matrix\.stack \}\}$/);
        assert.match(String(pulumi.env?.PULUMI_ACCESS_TOKEN), /secrets\.PULUMI_ACCESS_TOKEN/);
        // Type-checked once by npm test; the preview skips ts-node's second type check.
        assert.strictEqual(pulumi.env?.PULUMI_NODEJS_TRANSPILE_ONLY, "true");
        assert.match(runs(job), /^npm ci\b/m);
        // Credentials: an OIDC role before the preview, never stored keys.
        const aws = uses(job, "aws-actions/configure-aws-credentials");
        assert.ok(aws && steps(job).indexOf(aws) < steps(job).indexOf(pulumi), "AWS credentials before the preview");
        assert.match(String(aws.with?.["role-to-assume"]), /vars\.AWS_ROLE_ARN/);
    });

    it("posts the credential-free plan diff of every stack against the PR's base", () => {
        const job = preview.jobs["plan-diff"];
        assert.deepStrictEqual([...(job.strategy?.matrix?.stack ?? [])].sort(), listStacks());
        assert.match(runs(job), /npm run -s plan:diff -- --stack "\$STACK" --base "\$BASE_SHA"/);
        const checkout = uses(job, "actions/checkout");
        assert.strictEqual(checkout?.with?.["fetch-depth"], 0, "the base commit must be fetched");
        const env = steps(job).find((s) => s.run?.includes("plan:diff"))?.env;
        assert.deepStrictEqual(env, { STACK: "${{ matrix.stack }}", BASE_SHA: "${{ github.event.pull_request.base.sha }}" });
        const comment = uses(job, "marocchino/sticky-pull-request-comment");
        assert.strictEqual(comment?.with?.path, "plan-diff.md");
        assert.ok(!uses(job, "aws-actions/configure-aws-credentials"), "the plan diff needs no credentials");
    });

    it("posts the plan diff even when plan:diff finds a change that will fail, then fails the job with its exit status", () => {
        const job = preview.jobs["plan-diff"];
        const diff = steps(job).find((s) => s.run?.includes("plan:diff"))!;
        const post = uses(job, "marocchino/sticky-pull-request-comment")!;
        const fail = steps(job).find((s) => s.if?.includes(`steps.${diff.id}.outputs.status`))!;
        assert.ok(fail, "a step that fails the job on plan:diff's status");
        assert.ok(steps(job).indexOf(diff) < steps(job).indexOf(post) && steps(job).indexOf(post) < steps(job).indexOf(fail));
        assert.strictEqual(fail.if, `steps.${diff.id}.outputs.status != '0'`);

        // Run the step's script as GitHub does (bash -eo pipefail), with an npm that prints a diff and exits 2.
        const dir = scratchDir("apigw-workflow-");
        const bin = path.join(dir, "bin");
        fs.mkdirSync(bin);
        fs.writeFileSync(path.join(bin, "npm"), '#!/bin/sh\necho "! will fail: log group x already exists"\nexit 2\n', { mode: 0o755 });
        const [output, summary] = [path.join(dir, "output"), path.join(dir, "summary")];
        const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", diff.run!], {
            cwd: dir,
            env: { PATH: `${bin}:${process.env.PATH}`, STACK: "dev", BASE_SHA: "1a2b3c4d5e6f", GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
        });
        assert.strictEqual(result.status, 0, String(result.stderr));
        assert.strictEqual(fs.readFileSync(output, "utf8"), "status=2\n");
        const posted = fs.readFileSync(path.join(dir, "plan-diff.md"), "utf8");
        assert.match(posted, /^! will fail: log group x already exists$/m);
        assert.match(posted, /^plan:diff exited with status 2 /m);
        const failed = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", fail.run!], { env: { PATH: process.env.PATH, STATUS: "2" } });
        assert.strictEqual(failed.status, 2);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("deploys on pushes to main, every stack, staging after dev, prod last behind the prod environment", () => {
        assert.deepStrictEqual(deploy.on, { push: { branches: ["main"] } });
        assert.strictEqual(deploy.permissions?.["id-token"], "write");
        assert.match(runs(deploy.jobs.test), /^npm ci\b/m);
        assert.match(runs(deploy.jobs.test), /^npm test$/m);
        const stackJobs = Object.values(deploy.jobs).filter((j) => j.uses === "./.github/workflows/deploy-stack.yml");
        assert.deepStrictEqual(stackJobs.map((j) => j.with?.stack).sort(), listStacks());
        for (const job of stackJobs) {
            assert.strictEqual(job.with?.environment, job.with?.stack);
        }
        assert.deepStrictEqual(needs(deploy.jobs.staging), ["dev"]);
        assert.deepStrictEqual(needs(deploy.jobs.prod).sort(), ["archive", "staging"]);

        const up = deployStack.jobs.up;
        assert.deepStrictEqual(Object.keys(deployStack.on), ["workflow_call"]);
        assert.strictEqual(up.environment, "${{ inputs.environment }}");
        assert.strictEqual(uses(up, "pulumi/actions")?.with?.command, "up");
        // pulumi up --refresh: drift (a retention shortened in the console) is read before the update and undone.
        assert.strictEqual(uses(up, "pulumi/actions")?.with?.refresh, true);
        assert.strictEqual(uses(up, "pulumi/actions")?.with?.policyPacks, "packages/policy");
        assert.strictEqual(uses(up, "pulumi/actions")?.env?.PULUMI_NODEJS_TRANSPILE_ONLY, "true");
        assert.match(String(uses(up, "aws-actions/configure-aws-credentials")?.with?.["role-to-assume"]), /vars\.AWS_ROLE_ARN/);
    });

    it("stores no long-lived AWS keys anywhere", () => {
        for (const file of fs.readdirSync(WORKFLOWS)) {
            const text = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
            assert.ok(!/AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|aws-secret-access-key|aws-access-key-id/.test(text), file);
        }
    });

    it("sets up the Node version the project pins", () => {
        assert.strictEqual(fs.readFileSync(path.join(PROJECT_DIR, ".nvmrc"), "utf8").trim(), "24");
        for (const workflow of [preview, deploy, deployStack, e2e]) {
            for (const job of Object.values(workflow.jobs).filter((j) => j.steps)) {
                assert.strictEqual(uses(job, "actions/setup-node")?.with?.["node-version-file"], ".nvmrc");
            }
        }
    });

    it("e2e runs nightly and on demand, one run at a time, never cancelled halfway", () => {
        assert.deepStrictEqual(Object.keys(e2e.on).sort(), ["schedule", "workflow_dispatch"]);
        const schedule = e2e.on.schedule as { cron: string }[];
        assert.strictEqual(schedule.length, 1);
        assert.match(schedule[0].cron, /^\d+ \d+ \* \* \*$/, "once a day");
        assert.deepStrictEqual(e2e.permissions, { contents: "read", "id-token": "write" });
        const concurrency = (e2e as unknown as { concurrency: { group: string; "cancel-in-progress": boolean } }).concurrency;
        assert.deepStrictEqual(concurrency, { group: "e2e", "cancel-in-progress": false });
    });

    it("e2e assumes the sandbox role through OIDC, installs the pinned Pulumi CLI and runs npm run test:e2e, which may not skip", () => {
        const job = e2e.jobs.e2e;
        assert.strictEqual(job.environment, "e2e", "the role trusts this environment's OIDC subject only");
        const order = (step: Step | undefined) => steps(job).indexOf(step!);
        const install = steps(job).find((s) => /^npm ci\b/.test(s.run ?? ""));
        const pulumi = uses(job, "pulumi/actions");
        const aws = uses(job, "aws-actions/configure-aws-credentials");
        const suite = steps(job).find((s) => s.run === "npm run test:e2e");
        assert.ok(install && pulumi && aws && suite, "npm ci, pulumi/actions, configure-aws-credentials, npm run test:e2e");
        assert.ok(order(install) < order(suite) && order(pulumi) < order(suite) && order(aws) < order(suite));
        assert.strictEqual(pulumi.with?.command, undefined, "pulumi/actions only installs the CLI");
        const sdk = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
        assert.strictEqual(pulumi.with?.["pulumi-version"], sdk, "the CLI at the version of the SDK");
        assert.match(String(aws.with?.["role-to-assume"]), /^\$\{\{ vars\.E2E_AWS_ROLE_ARN \}\}$/);
        assert.ok(Number(aws.with?.["role-duration-seconds"]) >= 7200, "credentials outlast the run");
        assert.strictEqual(suite.env?.E2E_REQUIRE, "true");
        assert.ok((suite["timeout-minutes"] ?? Infinity) < (job["timeout-minutes"] ?? 360), "the step times out before the job, so the cleanup step still runs");
        const cleanup = steps(job).find((s) => s.run?.includes("--cleanup-only"));
        assert.ok(cleanup && order(cleanup) > order(suite), "a cleanup step after the suite");
        assert.strictEqual(cleanup.if, "failure() || cancelled()");
        assert.strictEqual(cleanup.env?.E2E_STALE_HOURS, "0");
        assert.ok(fs.existsSync(path.join(PROJECT_DIR, "docs", "e2e.md")), "the permissions the role needs are documented");
    });
});
