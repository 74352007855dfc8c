import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackConfig, Plan, planStack, PROJECT_DIR } from "../../tools/plan";
import { diffPlans, executionLogNotes, formatDiff } from "../../tools/planDiff";
import { planAt, runPlanDiffCommand } from "../../tools/planDiffCli";
import { assertHelp, CommandResult, inProcess, toolProcess } from "../helpers";

type Resource = Plan["resources"][number];

const STACK = "apigw-logging-dev";

function resource(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<Resource> = {}): Resource {
    return { type, name, parent: STACK, inputs, dependsOn: [], retainOnDelete: false, protect: false, ...extra };
}

const component = resource("apigw-logging:index:StageLogging", "orders-v1", {});
const accessLogs = resource(
    "aws:cloudwatch/logGroup:LogGroup",
    "orders-v1-access-logs",
    { name: "API-Gateway-Access-Logs_a1b2c3d4e5/v1", retentionInDays: 30, tags: { api: "orders" } },
    { parent: "orders-v1", retainOnDelete: true },
);
const methodSettings = resource(
    "aws:apigateway/methodSettings:MethodSettings",
    "orders-v1-method-settings",
    { restApi: "a1b2c3d4e5", stageName: "v1", methodPath: "*/*", settings: { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true } },
    { parent: "orders-v1" },
);

const plan = (resources: Resource[], outputs: Record<string, unknown> = {}): Plan => ({ stack: "dev", resources, outputs });
const base = plan([component, accessLogs, methodSettings], { contractVersion: "1.0" });
const format = (head: Plan, from: Plan = base) => formatDiff(diffPlans(from, head), { stack: "dev", baseLabel: "main (1a2b3c4)", headLabel: "the working tree" });

describe("planDiff", () => {
    it("prints no changes when the plans are equal", () => {
        const diff = diffPlans(base, plan([component, accessLogs, methodSettings], { contractVersion: "1.0" }));
        assert.deepStrictEqual([diff.changes, diff.outputs, diff.unchanged], [[], [], 3]);
        assert.strictEqual(
            format(plan([component, accessLogs, methodSettings], { contractVersion: "1.0" })),
            "no changes: stack dev plans the same 3 resources and outputs at main (1a2b3c4) and the working tree",
        );
    });

    it("lists an added resource with its inputs", () => {
        const override = resource(
            "aws:apigateway/methodSettings:MethodSettings",
            "orders-v1-method-settings-health-GET",
            { restApi: "a1b2c3d4e5", stageName: "v1", methodPath: "health/GET", settings: { loggingLevel: "OFF" } },
            { parent: "orders-v1" },
        );
        const text = format(plan([component, accessLogs, methodSettings, override], { contractVersion: "1.0" }));
        assert.match(text, /^Plan diff for stack dev: main \(1a2b3c4\) → the working tree$/m);
        assert.match(text, /^\+ aws:apigateway\/methodSettings:MethodSettings: \(create\) orders-v1-method-settings-health-GET$/m);
        assert.match(text, /^ {6}methodPath: "health\/GET"$/m);
        assert.match(text, /^ {6}settings: \{"loggingLevel":"OFF"\}$/m);
        assert.match(text, /^ {4}\+ 1 to create\n {4}1 change\. 3 unchanged$/m);
    });

    it("lists a removed resource, and says whether the logs it holds survive", () => {
        const text = format(plan([component, methodSettings], { contractVersion: "1.0" }));
        assert.match(text, /^- aws:cloudwatch\/logGroup:LogGroup: \(delete\) orders-v1-access-logs {2}\[retainOnDelete\]$/m);
        assert.match(text, /^ {4}! holds logs: retained, so AWS keeps it and its logs$/m);
        assert.match(text, /^ {4}- 1 to delete$/m);

        const unretained = plan([component, { ...accessLogs, retainOnDelete: false }, methodSettings], { contractVersion: "1.0" });
        assert.match(format(plan([component, methodSettings], { contractVersion: "1.0" }), unretained), /! holds logs: deleting it DELETES its logs$/m);
    });

    it("shows changed inputs old => new, nested ones by their path, as an update", () => {
        const head = plan(
            [
                component,
                { ...accessLogs, inputs: { ...accessLogs.inputs, retentionInDays: 90, tags: { api: "orders", team: "core" } } },
                { ...methodSettings, inputs: { ...methodSettings.inputs, settings: { loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: true } } },
            ],
            { contractVersion: "1.1" },
        );
        const diff = diffPlans(base, head);
        assert.deepStrictEqual(
            diff.changes.map((c) => [c.kind, c.name, c.properties.map((p) => [p.kind, p.path, p.old, p.new])]),
            [
                ["update", "orders-v1-access-logs", [["update", "retentionInDays", 30, 90], ["add", "tags.team", undefined, "core"]]],
                ["update", "orders-v1-method-settings", [["update", "settings.loggingLevel", "ERROR", "INFO"]]],
            ],
        );
        const text = format(head);
        assert.match(text, /^~ aws:cloudwatch\/logGroup:LogGroup: \(update\) orders-v1-access-logs {2}\[diff: ~retentionInDays, \+tags\]$/m);
        assert.match(text, /^ {4}~ retentionInDays: 30 => 90$/m);
        assert.match(text, /^ {4}\+ tags\.team: "core"$/m);
        assert.match(text, /^ {4}~ settings\.loggingLevel: "ERROR" => "INFO"$/m);
        assert.match(text, /^Outputs:\n {4}~ contractVersion: "1\.0" => "1\.1"$/m);
        assert.match(text, /^ {4}~ 2 to update$/m);
    });

    it("shows a changed log group name as a replacement that starts an empty log group", () => {
        const head = plan([component, { ...accessLogs, inputs: { ...accessLogs.inputs, name: "orders/access" } }, methodSettings], { contractVersion: "1.0" });
        const [change] = diffPlans(base, head).changes;
        assert.deepStrictEqual([change.kind, change.holdsLogs, change.oldRetained], ["replace", "log group", true]);
        const text = format(head);
        assert.match(text, /^\+-aws:cloudwatch\/logGroup:LogGroup: \(replace\) orders-v1-access-logs {2}\[diff: ~name\] \[delete-before-replace\]$/m);
        assert.match(text, /^ {4}~ name: "API-Gateway-Access-Logs_a1b2c3d4e5\/v1" => "orders\/access" {2}\(forces replacement\)$/m);
        assert.match(text, /^ {4}! holds logs: replacing it starts a new, empty log group; the old log group is retained \(Pulumi forgets it, AWS keeps it and its logs\)$/m);
        assert.match(text, /^ {4}\+-1 to replace$/m);
    });

    it("replaces method settings whose stage name changes, but updates them in place for new settings", () => {
        const moved = { ...methodSettings, inputs: { ...methodSettings.inputs, stageName: "v2" } };
        assert.strictEqual(diffPlans(base, plan([component, accessLogs, moved])).changes[0].kind, "replace");
        const tuned = { ...methodSettings, inputs: { ...methodSettings.inputs, settings: { loggingLevel: "OFF" } } };
        assert.strictEqual(diffPlans(base, plan([component, accessLogs, tuned])).changes[0].kind, "update");
    });

    it("warns when a log group stops being retained on delete", () => {
        const head = plan([component, { ...accessLogs, retainOnDelete: false }, methodSettings], { contractVersion: "1.0" });
        const text = format(head);
        assert.match(text, /^~ aws:cloudwatch\/logGroup:LogGroup: \(update\) orders-v1-access-logs {2}\[diff: ~retainOnDelete\]$/m);
        assert.match(text, /^ {4}~ retainOnDelete: true => false$/m);
        assert.match(text, /^ {4}! holds logs: no longer retained, so a later delete or replace DELETES its logs$/m);
    });

    it("follows a renamed stage through its alias: its children keep their resources", () => {
        const renamed = { ...component, name: "orders-api-v1", aliasNames: ["orders-v1"] };
        const head = plan([
            renamed,
            { ...accessLogs, name: "orders-api-v1-access-logs", parent: "orders-api-v1" },
            { ...methodSettings, name: "orders-api-v1-method-settings", parent: "orders-api-v1" },
        ]);
        const diff = diffPlans(plan([component, accessLogs, methodSettings]), head);
        assert.deepStrictEqual([diff.changes, diff.unchanged], [[], 3]);

        // Without the alias the same rename deletes the log group and creates a new one.
        const noAlias = diffPlans(plan([component, accessLogs, methodSettings]), plan(head.resources.map((r) => ({ ...r, aliasNames: undefined }))));
        assert.deepStrictEqual(
            noAlias.changes.map((c) => `${c.kind} ${c.name}`).sort(),
            [
                "create orders-api-v1",
                "create orders-api-v1-access-logs",
                "create orders-api-v1-method-settings",
                "delete orders-v1",
                "delete orders-v1-access-logs",
                "delete orders-v1-method-settings",
            ],
        );
    });

    it("plans nothing for a tree without the stack file, so everything shows as added", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-plan-diff-test-"));
        fs.mkdirSync(path.join(dir, "scripts"));
        fs.writeFileSync(path.join(dir, "scripts", "plan.ts"), "");
        const side = await planAt(dir, "dev", "v0.1");
        fs.rmSync(dir, { recursive: true, force: true });
        assert.deepStrictEqual(side, {
            label: "v0.1",
            plan: { stack: "dev", resources: [], outputs: {} },
            note: "v0.1 has no Pulumi.dev.yaml: nothing to compare with, everything is new",
        });
        const text = format(base, side.plan);
        assert.match(text, /^ {4}\+ 3 to create$/m);
    });

    describe("a stage's execution logs switched to a delivery and back", () => {
        /** The staging stack, with `executionLogs` of the stack-wide logging defaults replaced. */
        async function staging(executionLogs: Record<string, unknown>): Promise<Plan> {
            const config = loadStackConfig("staging");
            const logging = JSON.parse(config.config["apigw-logging:logging"]);
            config.config["apigw-logging:logging"] = JSON.stringify({ ...logging, executionLogs });
            return planStack(config);
        }
        const switchText = (from: Plan, to: Plan) =>
            formatDiff(diffPlans(from, to), { stack: "staging", baseLabel: "main", headLabel: "the working tree", notes: executionLogNotes(from, to) });
        let standard: Plan;
        let delivered: Plan;
        before(async () => {
            standard = await staging({ retentionInDays: 14 });
            delivered = await staging({ retentionInDays: 14, destination: "logGroup", logGroup: { retentionInDays: 90 } });
        });

        it("creates the group, its policy, the destination, the source and the delivery, and says where new logs will land", () => {
            const text = switchText(standard, delivered);
            assert.match(
                text,
                /^note: stage orders-v1: new execution logs will land in \/aws\/vendedlogs\/apigateway\/a1b2c3d4e5\/v1\/execution-logs \(a log group, by CloudWatch Logs delivery\); until now API-Gateway-Execution-Logs_a1b2c3d4e5\/v1 \(API Gateway's own group\); API-Gateway-Execution-Logs_a1b2c3d4e5\/v1 is kept with its retention and holds the older execution logs$/m,
            );
            const created = diffPlans(standard, delivered).changes.filter((c) => c.kind === "create" && c.parent === "orders-v1").map((c) => `${c.type.split(":").pop()} ${c.name}`);
            assert.deepStrictEqual(created, [
                "LogGroup orders-v1-delivered-execution-logs",
                "LogResourcePolicy orders-v1-delivered-execution-logs-policy",
                "LogDeliveryDestination orders-v1-execution-log-destination",
                "LogDeliverySource orders-v1-execution-log-source",
                "LogDelivery orders-v1-execution-log-delivery",
            ]);
            // API Gateway's own group is neither replaced nor deleted: it keeps the older logs.
            assert.ok(!diffPlans(standard, delivered).changes.some((c) => c.name.endsWith("-execution-logs") && c.kind !== "create"), text);
        });

        it("deletes the delivery on the way back, keeps the delivered group in AWS, and says API Gateway writes to its own group again", () => {
            const text = switchText(delivered, standard);
            assert.match(text, /^- aws:cloudwatch\/logGroup:LogGroup: \(delete\) orders-v1-delivered-execution-logs {2}\[retainOnDelete\]\n {4}! holds logs: retained, so AWS keeps it and its logs$/m);
            assert.match(text, /^note: stage orders-v1: new execution logs will land in API-Gateway-Execution-Logs_a1b2c3d4e5\/v1 \(API Gateway's own group\); until now \/aws\/vendedlogs\/apigateway\/a1b2c3d4e5\/v1\/execution-logs \(a log group, by CloudWatch Logs delivery\); the delivery is deleted, so API Gateway writes to its own group again$/m);
            assert.ok(!text.includes("(delete) orders-v1-execution-logs"), text);
        });

        it("notes nothing for stages whose execution logs stay where they are", () => {
            assert.deepStrictEqual(executionLogNotes(standard, standard), []);
        });
    });

    const cli = (args: string[]) => toolProcess("planDiffCli.ts", args);

    /**
     * The command as the CLI runs it (runPlanDiffCommand), in this process, with `tmp` as the
     * temporary directory when given; the command line itself is run for its flags above.
     */
    async function command(args: string[], tmp?: string): Promise<CommandResult> {
        const before = process.env.TMPDIR;
        if (tmp) {
            process.env.TMPDIR = tmp; // os.tmpdir() reads it at every call
        }
        try {
            return await inProcess((out) => runPlanDiffCommand(args, out));
        } finally {
            if (tmp) {
                if (before === undefined) {
                    delete process.env.TMPDIR;
                } else {
                    process.env.TMPDIR = before;
                }
            }
        }
    }

    describe("npm run plan:diff flags", () => {
        const usage = "usage: npm run plan:diff -- --stack <name> --base <git-ref> [--head <git-ref>] [--history <n>]";
        // Both commands start together: each is a Node process of its own, and neither plans anything.
        let help: ReturnType<typeof cli>;
        let unknown: ReturnType<typeof cli>;
        before(() => {
            help = cli(["--help"]);
            unknown = cli(["--stack", "dev", "--bsae", "HEAD"]);
        });

        it("prints its usage and what each flag does with --help, on stdout, and exits 0", async () => {
            const { code, stdout, stderr } = await help;
            assert.deepStrictEqual([code, stderr], [0, ""]);
            assertHelp(stdout, usage, ["-s, --stack <name>", "--base <git-ref>", "--head <git-ref>", "--history <n>"]);
        });

        it("refuses an unknown flag with one line naming the usage, and exits 1", async () => {
            const { code, stdout, stderr } = await unknown;
            assert.deepStrictEqual([code, stdout, stderr], [1, "", `error: unknown argument --bsae (${usage})\n`]);
        });
    });

    describe("npm run plan:diff", () => {
        before(function () {
            try {
                execFileSync("git", ["rev-parse", "HEAD"], { cwd: PROJECT_DIR, stdio: "ignore" });
            } catch {
                this.skip(); // not a git checkout (a source tarball): there is no ref to compare with
            }
        });

        it("exits 0 with no changes when both sides are the same commit, and leaves no temporary tree", async () => {
            // A temporary directory of its own: other tests running beside it make trees in the shared one.
            const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-spec-"));
            try {
                // --history 0: the earlier versions of the stack file are tests/tools/planDiffHistory.spec.ts's business.
                const { code, stdout, stderr } = await command(["--stack", "dev", "--base", "HEAD", "--head", "HEAD", "--history", "0"], tmp);
                assert.strictEqual(stderr, "");
                assert.strictEqual(code, 0);
                assert.match(stdout, /^no changes: stack dev plans the same \d+ resources and outputs at HEAD \([0-9a-f]{7}\) and HEAD \([0-9a-f]{7}\)\n$/);
                assert.deepStrictEqual(fs.readdirSync(tmp).filter((f) => f.startsWith("apigw-")), []);
            } finally {
                fs.rmSync(tmp, { recursive: true, force: true });
            }
        });

        it("exits 1 with one line for a ref that does not exist", async () => {
            const { code, stdout, stderr } = await command(["--stack", "dev", "--base", "no-such-ref-here"]);
            assert.deepStrictEqual([code, stdout], [1, ""]);
            assert.strictEqual(stderr.trim(), "error: --base no-such-ref-here: not a commit in this repository (a shallow clone may lack it: fetch it first)");
        });
    });
});
