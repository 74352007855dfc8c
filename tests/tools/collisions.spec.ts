import * as assert from "assert";
import { awsName, findCollisions, heldNames } from "../../tools/collisions";
import { Plan } from "../../tools/plan";
import { diffPlans, exitStatus, RegionalPlan } from "../../tools/planDiff";

type Resource = Plan["resources"][number];

const STACK = "apigw-logging-staging";

function resource(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<Resource> = {}): Resource {
    return { type, name, parent: STACK, inputs, dependsOn: [], retainOnDelete: false, protect: false, ...extra };
}

const plan = (resources: Resource[], region = "eu-west-1"): RegionalPlan => ({ stack: "staging", resources, outputs: {}, region });
const group = (name: string, groupName: string, extra: Partial<Resource> = {}) =>
    resource("aws:cloudwatch/logGroup:LogGroup", name, { name: groupName, retentionInDays: 30 }, { retainOnDelete: true, ...extra });

describe("collisions (names that outlive their resources)", () => {
    describe("heldNames", () => {
        it("holds the name of a retained group a later version no longer has", () => {
            const held = heldNames([
                { label: "1111111", plan: plan([group("orders-v1-access-logs", "API-Gateway-Access-Logs_a1b2c3d4e5/v1")]) },
                { label: "2222222", plan: plan([]) },
            ]);
            assert.deepStrictEqual(
                [...held.values()].map((h) => [h.what, h.name, h.resource, h.releasedAt]),
                [["log group", "API-Gateway-Access-Logs_a1b2c3d4e5/v1", "orders-v1-access-logs", "2222222"]],
            );
        });

        it("frees the name of a group that was deleted for real (not retained)", () => {
            const held = heldNames([
                { label: "1111111", plan: plan([group("g", "throwaway/logs", { retainOnDelete: false })]) },
                { label: "2222222", plan: plan([]) },
            ]);
            assert.strictEqual(held.size, 0);
        });

        it("frees a held name again once a later version manages a resource of that name", () => {
            const held = heldNames([
                { label: "1111111", plan: plan([group("a", "orders/logs")]) },
                { label: "2222222", plan: plan([]) },
                { label: "3333333", plan: plan([group("b", "orders/logs", { importId: "orders/logs" })]) },
            ]);
            assert.strictEqual(held.size, 0);
        });

        it("holds log group names per region, and bucket names in every region", () => {
            const logs = awsName(group("g", "orders/logs"), "eu-west-1")!;
            assert.notStrictEqual(logs.key, awsName(group("g", "orders/logs"), "eu-central-1")!.key);
            const bucket = resource("aws:s3/bucket:Bucket", "b", { bucket: "orders-access-logs" });
            assert.strictEqual(awsName(bucket, "eu-west-1")!.key, awsName(bucket, "eu-central-1")!.key);
        });
    });

    describe("findCollisions", () => {
        it("fails a retained bucket replaced under the same name: S3 bucket names are global", () => {
            const bucket = resource("aws:s3/bucket:Bucket", "orders-access-log-bucket", { bucket: "orders-access-logs" }, { retainOnDelete: true });
            const [base, head] = [plan([bucket], "eu-west-1"), plan([bucket], "eu-central-1")];
            const findings = findCollisions(diffPlans(base, head), base, head);
            assert.deepStrictEqual(
                findings.map((f) => [f.severity, f.resource, f.message]),
                [["fails", "orders-access-log-bucket", "will fail: bucket orders-access-logs already exists (the old one is retained: Pulumi only forgets it before creating its replacement under the same name)"]],
            );
        });

        it("fails an alarm created under the name of an alarm the same update deletes, since Pulumi creates first", () => {
            const alarm = (name: string) => resource("aws:cloudwatch/metricAlarm:MetricAlarm", name, { name: "orders v1 5XXError rate (a1b2c3d4e5)", threshold: 0.05 });
            const [base, head] = [plan([alarm("orders-v1-5xx-alarm")]), plan([alarm("orders-api-v1-5xx-alarm")])];
            const [finding] = findCollisions(diffPlans(base, head), base, head);
            assert.strictEqual(finding.message, "will fail: alarm orders v1 5XXError rate (a1b2c3d4e5) already exists: orders-v1-5xx-alarm still holds it when this is created (Pulumi creates before it deletes)");
            assert.strictEqual(finding.fix, 'give orders-api-v1-5xx-alarm the alias "orders-v1-5xx-alarm" (the aliases resource option), so Pulumi renames it instead of creating a second one');
        });

        it("lets a group that adopts a held name (the import option) through", () => {
            const base = plan([]);
            const head = plan([group("orders-v1-access-logs", "orders/logs", { importId: "orders/logs" })]);
            const held = heldNames([{ label: "1111111", plan: plan([group("orders-v1-access-logs", "orders/logs")]) }, { label: "2222222", plan: base }]);
            assert.deepStrictEqual(findCollisions(diffPlans(base, head), base, head, held), []);
        });

        it("fails an import of a group that an unretained resource of the same update deletes afterwards", () => {
            const base = plan([group("orders-v1-access-logs", "orders/logs", { retainOnDelete: false })]);
            const head = plan([group("orders-api-v1-access-logs", "orders/logs", { retainOnDelete: false, importId: "orders/logs" })]);
            const [finding] = findCollisions(diffPlans(base, head), base, head);
            assert.strictEqual(finding.message, "will delete what this adopts: orders-v1-access-logs holds log group orders/logs too and is deleted after this imports it (it is not retained)");
        });

        it("takes no secret name for a name: two groups whose names are [secret] do not collide", () => {
            const base = plan([group("orders-v1-access-logs", "[secret]")]);
            const head = plan([group("orders-api-v1-access-logs", "[secret]")]);
            assert.deepStrictEqual(findCollisions(diffPlans(base, head), base, head), []);
        });

        it("lets a replacement that deletes its unretained old resource first free the name for another", () => {
            const base = plan([group("a", "orders/logs", { retainOnDelete: false })]);
            const head = plan([group("a", "orders/logs-2", { retainOnDelete: false }), group("b", "orders/logs", { retainOnDelete: false })]);
            assert.deepStrictEqual(findCollisions(diffPlans(base, head), base, head), []);
        });
    });

    it("exits 2 when a finding fails, and 0 for notices only", () => {
        assert.strictEqual(exitStatus([{ severity: "notice", resource: "r", message: "may already exist" }]), 0);
        assert.strictEqual(exitStatus([{ severity: "notice", resource: "r", message: "m" }, { severity: "fails", resource: "r", message: "will fail" }]), 2);
    });
});
