// npm run plan:diff over constructed git histories: a scratch repository holding this project (the
// working tree's files, its node_modules linked), a base commit, then the change. Each scenario is
// one that passed plan:diff cleanly before and then failed, or lost logs, in a real pulumi up.

import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "../../tools/plan";
import { runPlanDiff } from "../../tools/planDiffCli";

type StackFile = { config: Record<string, unknown> };
type Stage = Record<string, unknown>;

/** The project files a plan needs, copied from the working tree (so uncommitted changes are tested too). */
const COPIED = [/^tools\//, /^program\//, /^packages\/apigw-logging\/(src\/|package\.json|tsconfig\.json)/, /^Pulumi\.(yaml|staging\.yaml)$/, /^package(-lock)?\.json$/, /^tsconfig\.json$/];

describe("npm run plan:diff over git histories", function () {
    this.timeout(120000);
    let repo = "";
    let base = "";

    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: ["ignore", "pipe", "pipe"] }).toString().trim();
    const read = (): StackFile => yaml.load(fs.readFileSync(path.join(repo, "Pulumi.staging.yaml"), "utf8")) as StackFile;
    const stages = (file: StackFile) => file.config["apigw-logging:stages"] as Stage[];
    const payments = (file: StackFile) => stages(file).find((s) => s.name === "payments-live")!;

    /** Commits an edit of Pulumi.staging.yaml (or its deletion) on top of `from`, and returns the commit. */
    function commit(from: string, edit: ((file: StackFile) => void) | "delete" | "restore", message: string): string {
        git("checkout", "-q", "--detach", from);
        const file = path.join(repo, "Pulumi.staging.yaml");
        if (edit === "delete") {
            fs.rmSync(file);
        } else if (edit === "restore") {
            fs.writeFileSync(file, git("show", `${base}:Pulumi.staging.yaml`));
        } else {
            const content = read();
            edit(content);
            fs.writeFileSync(file, yaml.dump(content));
        }
        git("add", "-A");
        git("commit", "-q", "-m", message);
        return git("rev-parse", "HEAD");
    }

    /** plan:diff of the working tree at `head` against `from`, as the CLI prints it, and its exit status. */
    async function planDiff(from: string, head: string): Promise<{ text: string; status: number }> {
        git("checkout", "-q", "--detach", head);
        return runPlanDiff({ stack: "staging", base: from, projectDir: repo });
    }

    before(() => {
        repo = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-history-repo-"));
        const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: PROJECT_DIR }).toString().split("\n");
        for (const file of files.filter((f) => COPIED.some((pattern) => pattern.test(f)) && fs.existsSync(path.join(PROJECT_DIR, f)))) {
            fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
            fs.copyFileSync(path.join(PROJECT_DIR, file), path.join(repo, file));
        }
        fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(repo, "node_modules"), "dir");
        fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\n");
        git("init", "-q");
        git("config", "user.email", "test@example.com");
        git("config", "user.name", "test");
        git("add", "-A");
        git("commit", "-q", "-m", "base: orders-v1 and payments-live logged to CloudWatch Logs");
        base = git("rev-parse", "HEAD");
    });

    after(() => fs.rmSync(repo, { recursive: true, force: true }));

    describe("a stage renamed", () => {
        let renamed = "";
        let result = { text: "", status: -1 };
        before(async () => {
            renamed = commit(base, (f) => (stages(f)[0].name = "orders-api-v1"), "rename orders-v1");
            result = await planDiff(base, renamed);
        });

        it("without previousNames exits 2 and names the log groups the old stage's retained groups still hold", () => {
            assert.strictEqual(result.status, 2);
            for (const group of ["API-Gateway-Execution-Logs_a1b2c3d4e5/v1", "API-Gateway-Access-Logs_a1b2c3d4e5/v1"]) {
                assert.match(result.text, new RegExp(`^ {4}! will fail: log group ${group.replace(/[/]/g, "\\/")} already exists: orders-v1-\\w+-logs still holds it when this is created`, "m"));
            }
            assert.match(result.text, /^ {6}fix: keep the stage's resources: add previousNames: \["orders-v1"\] to the stage "orders-api-v1"/m);
            assert.match(result.text, /^! 3 changes will fail or break logging in pulumi up/m);
        });

        it("without previousNames flags the stage patch that the old patch's delete undoes", () => {
            // The staging stages are another program's (stageOwner iac): the component patches their logging fields.
            assert.match(
                result.text,
                /^\+ pulumi-nodejs:dynamic\/apigw-logging:StageLoggingPatch: \(create\) orders-api-v1-stage-patch\n(?: {6}.*\n)* {4}! will undo the stage's logging fields: orders-v1-stage-patch patched the same stage and is deleted after this is created/m,
            );
        });

        it("without previousNames makes the npm run plan:diff command exit 2", async () => {
            git("checkout", "-q", "--detach", renamed);
            const cli = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--transpile-only", path.join(repo, "tools", "planDiffCli.ts"), "--stack", "staging", "--base", base.slice(0, 7)], { cwd: repo });
            assert.strictEqual(cli.status, 2, String(cli.stderr));
            assert.match(String(cli.stdout), /^ {4}! will fail: log group API-Gateway-Execution-Logs_a1b2c3d4e5\/v1 already exists/m);
        });

        it("with previousNames exits 0: the resources keep their identity", async () => {
            const aliased = commit(base, (f) => Object.assign(stages(f)[0], { name: "orders-api-v1", previousNames: ["orders-v1"] }), "rename orders-v1, with its old name");
            const { text, status } = await planDiff(base, aliased);
            assert.strictEqual(status, 0);
            assert.doesNotMatch(text, /will fail/);
        });
    });

    describe("a stage removed and added back", () => {
        let removed = "";
        let again = "";
        before(() => {
            removed = commit(base, (f) => f.config["apigw-logging:stages"] = stages(f).filter((s) => s.name !== "payments-live"), "remove payments-live");
            again = commit(removed, "restore", "add payments-live back");
        });

        it("exits 2: the log groups its removal retained still exist, with the setting that adopts them", async () => {
            const { text, status } = await planDiff(removed, again);
            assert.strictEqual(status, 2);
            const shortRemoved = removed.slice(0, 7);
            assert.match(
                text,
                new RegExp(`^ {4}! will fail: log group API-Gateway-Access-Logs_k2l3m4n5o6\\/live already exists \\(retained when ${shortRemoved} removed payments-live-access-logs: Pulumi forgot it, AWS kept it\\)$`, "m"),
            );
            assert.match(text, /^ {6}fix: adopt it: set adoptLogGroups\.access: true on the stage "payments-live"/m);
            assert.match(text, /^ {6}fix: adopt it: set adoptLogGroups\.execution: true on the stage "payments-live"/m);
        });

        it("exits 0 when the stage adopts them: the groups are imported, not created", async () => {
            const adopted = commit(removed, (f) => {
                const restored = yaml.load(git("show", `${base}:Pulumi.staging.yaml`)) as StackFile;
                stages(f).push({ ...payments(restored), adoptLogGroups: { execution: true, access: true } });
            }, "add payments-live back, adopting its log groups");
            const { text, status } = await planDiff(removed, adopted);
            assert.strictEqual(status, 0);
            assert.match(text, /^= aws:cloudwatch\/logGroup:LogGroup: \(import\) payments-live-access-logs {2}\[import API-Gateway-Access-Logs_k2l3m4n5o6\/live\]$/m);
            assert.match(text, /^ {4}= 2 to import$/m);
        });
    });

    describe("pulumi destroy, then pulumi up", () => {
        it("exits 2 when the stack file comes back after the commit that removed it: its retained groups are held", async () => {
            const destroyed = commit(base, "delete", "destroy the staging stack");
            const back = commit(destroyed, "restore", "staging again");
            const { text, status } = await planDiff(destroyed, back);
            assert.strictEqual(status, 2);
            assert.match(text, new RegExp(`^ {4}! will fail: log group API-Gateway-Execution-Logs_a1b2c3d4e5\\/v1 already exists \\(retained when ${destroyed.slice(0, 7)} removed orders-v1-execution-logs`, "m"));
        });
    });

    describe("a name reverted", () => {
        it("exits 2 when logGroupName goes back to the name the replaced group still holds", async () => {
            const custom = commit(base, (f) => (payments(f).accessLogs = { retentionInDays: 90, logGroupName: "/apigateway/payments/live" }), "own access-log group name");
            const reverted = commit(custom, (f) => (payments(f).accessLogs = { retentionInDays: 90 }), "default name again");
            const { text, status } = await planDiff(custom, reverted);
            assert.strictEqual(status, 2);
            assert.match(text, /^\+-aws:cloudwatch\/logGroup:LogGroup: \(replace\) payments-live-access-logs {2}\[diff: ~name\] \[delete-before-replace\]$/m);
            assert.match(text, /^ {4}! will fail: log group API-Gateway-Access-Logs_k2l3m4n5o6\/live already exists \(retained when/m);
        });

        it("exits 2 when stageName goes back: the first stage's groups are still there", async () => {
            const moved = commit(base, (f) => (stages(f)[0].stageName = "v2"), "orders on v2");
            const back = commit(moved, (f) => (stages(f)[0].stageName = "v1"), "orders on v1 again");
            const { text, status } = await planDiff(moved, back);
            assert.strictEqual(status, 2);
            assert.match(text, /^ {4}! will fail: log group API-Gateway-Execution-Logs_a1b2c3d4e5\/v1 already exists/m);
        });
    });

    describe("Firehose", () => {
        let firehose = "";
        /** payments-live to Firehose; the stack-wide access-log retention moves to orders-v1, since Firehose has none. */
        const toFirehose = (f: StackFile, firehoseArgs: Record<string, unknown> = {}) => {
            (f.config["apigw-logging:logging"] as { accessLogs: Record<string, unknown> }).accessLogs = { format: "json" };
            stages(f)[0].accessLogs = { retentionInDays: 30 };
            payments(f).accessLogs = { destination: "firehose", firehose: firehoseArgs };
        };
        before(() => {
            firehose = commit(base, (f) => toFirehose(f), "payments-live to Firehose");
        });

        it("back to CloudWatch Logs exits 2: the access-log group retained by the switch to Firehose still exists", async () => {
            const back = commit(firehose, (f) => (payments(f).accessLogs = { retentionInDays: 90 }), "payments-live back to CloudWatch Logs");
            const { text, status } = await planDiff(firehose, back);
            assert.strictEqual(status, 2);
            assert.match(text, /^ {4}! will fail: log group API-Gateway-Access-Logs_k2l3m4n5o6\/live already exists/m);
            assert.match(text, /^ {6}fix: adopt it: set adoptLogGroups\.access: true on the stage "payments-live"/m);
        });

        it("lists a removed stage's stream under logs at stake: retained, so a stage still naming it keeps delivering", async () => {
            const removed = commit(firehose, (f) => (f.config["apigw-logging:stages"] = stages(f).filter((s) => s.name !== "payments-live")), "remove payments-live");
            const { text, status } = await planDiff(firehose, removed);
            assert.strictEqual(status, 0);
            assert.match(text, /^- aws:kinesis\/firehoseDeliveryStream:FirehoseDeliveryStream: \(delete\) payments-live-firehose {2}\[retainOnDelete\]\n {4}! holds buffered access logs: retained/m);
            assert.match(text, /^- aws:iam\/role:Role: \(delete\) payments-live-firehose-role {2}\[retainOnDelete\]$/m);
        });

        it("flags a streamName change of a stream that is not retained as losing its buffered logs", async () => {
            const throwaway = commit(firehose, (f) => (payments(f).retainLogsOnDelete = false), "throwaway Firehose stage");
            const renamed = commit(throwaway, (f) => toFirehose(f, { streamName: "amazon-apigateway-payments-live" }), "own stream name");
            const { text } = await planDiff(throwaway, renamed);
            assert.match(text, /^\+-aws:kinesis\/firehoseDeliveryStream:FirehoseDeliveryStream: \(replace\) payments-live-firehose {2}\[diff: ~extendedS3Configuration, ~name\] \[delete-before-replace\]$/m);
            assert.match(text, /^ {4}! holds buffered access logs: the old stream is DELETED first, with the records it has not written to S3 yet: those access logs are LOST/m);
        });

        it("exits 2 when streamName goes back to the stream a rename retained, with the command that adopts it", async () => {
            const renamed = commit(firehose, (f) => toFirehose(f, { streamName: "amazon-apigateway-payments-live" }), "own stream name");
            const back = commit(renamed, (f) => toFirehose(f), "default stream name again");
            const { text, status } = await planDiff(renamed, back);
            assert.strictEqual(status, 2);
            assert.match(text, /^ {4}! will fail: Firehose stream amazon-apigateway-k2l3m4n5o6-live already exists/m);
            assert.match(
                text,
                /^ {6}fix: adopt it before pulumi up: pulumi import 'aws:kinesis\/firehoseDeliveryStream:FirehoseDeliveryStream' 'payments-live-firehose' 'arn:aws:firehose:eu-west-1:<account id>:deliverystream\/amazon-apigateway-k2l3m4n5o6-live' --parent 'payments-live=<URN of payments-live/m,
            );
            assert.match(text, /^ {6}fix: adopt it: set adoptLogGroups\.firehoseErrors: true on the stage "payments-live"/m);
        });
    });

    it("shows an aws:region change as the replacement of every regional resource", async () => {
        const moved = commit(base, (f) => (f.config["aws:region"] = "eu-central-1"), "staging in Frankfurt");
        const { text } = await planDiff(base, moved);
        assert.match(text, /^note: aws:region changes from eu-west-1 to eu-central-1: the provider replaces every regional resource/m);
        assert.match(text, /^\+-aws:cloudwatch\/logGroup:LogGroup: \(replace\) orders-v1-execution-logs {2}\[diff: ~region\] \[delete-before-replace\]\n {4}~ region: "eu-west-1" => "eu-central-1" {2}\(forces replacement\)$/m);
        // Every regional AWS resource, and the two stage patches, which would patch the stage in the new region.
        assert.match(text, /^ {4}\+-14 to replace$/m);
    });

    it("notes that a new stage's execution log group may exist already, since API Gateway creates it", async () => {
        const added = commit(base, (f) => stages(f).push({ name: "inventory-prod", restApiId: "p9q8r7s6t5", stageName: "prod" }), "log inventory's stage");
        const { text, status } = await planDiff(base, added);
        assert.strictEqual(status, 0);
        assert.match(text, /^ {4}\? may already exist: API Gateway creates API-Gateway-Execution-Logs_p9q8r7s6t5\/prod on the stage's first execution log/m);
        assert.match(text, /^ {6}fix: then adopt it: set adoptLogGroups\.execution: true on the stage "inventory-prod"$/m);
    });

    it("notes a secure value whose ciphertext changed: both sides plan on the same stand-in", async () => {
        const secure = (cipher: string) => (f: StackFile) => Object.assign(payments(f), { accessLogs: { retentionInDays: { secure: cipher } } });
        const set = commit(base, secure("v1:abcdefghijklmnop:FIRST"), "payments' retention, secret");
        const rewritten = commit(set, secure("v1:abcdefghijklmnop:SECOND"), "payments' retention, set again");
        git("checkout", "-q", "--detach", rewritten);
        const { text, status } = await runPlanDiff({ stack: "staging", base: set, projectDir: repo, history: 0 });
        assert.strictEqual(status, 0);
        assert.match(text, /^note: apigw-logging:stages\[1\]\.accessLogs\.retentionInDays: its secure: value was rewritten, so it may hold another value; plan:diff cannot decrypt it/m);
    });
});
