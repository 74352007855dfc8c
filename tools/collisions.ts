// Names that outlive their resources. A log group, bucket or Firehose stream is retained on delete:
// Pulumi forgets it, AWS keeps it, and its name stays taken, so creating one under that name again
// fails (CloudWatch Logs ResourceAlreadyExistsException, S3 BucketAlreadyOwnedByYou). Pulumi also
// creates before it deletes, so a new resource cannot take the name of one the same update deletes,
// and a stage's method settings written by a new resource are removed by the old one's delete.
// Pure: the CLI hands in the plans (the base, its history, the head); tested without mocks.

import type { Plan } from "./plan";
import type { Finding, PlanDiff, RegionalPlan, ResourceChange } from "./planDiff";

type PlanResource = Plan["resources"][number];

const STAGE_LOGGING = "apigw-logging:index:StageLogging";
const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";
/** The component's patch of a stage it does not create (packages/apigw-logging/src/stagePatch). */
const STAGE_PATCH = "pulumi-nodejs:dynamic/apigw-logging:StageLoggingPatch";

/** What AWS knows a resource by: a second one cannot be created under the same key. */
export interface AwsName {
    /** The kind of thing, the region when the name is regional, and the name. */
    key: string;
    /** "log group", "bucket", ... */
    what: string;
    /** The name as AWS writes it. */
    name: string;
}

interface NameRule {
    what: string;
    /** Log group, stream and alarm names are per region; bucket and IAM names are not. */
    regional: boolean;
    name(inputs: Record<string, unknown>): string | undefined;
}

/** How a plan shows a secret (mockRuntime.ts SECRET_MASK): not a name, or every two secret names would collide. */
const SECRET_MASK = "[secret]";
const text = (value: unknown) => (typeof value === "string" && value !== "" && value !== SECRET_MASK ? value : undefined);
const joined = (...parts: unknown[]) => (parts.every((p) => text(p) !== undefined) ? parts.join("/") : undefined);

/** The types whose name AWS refuses to create twice, and how to read it from their inputs. */
export const NAME_RULES: Readonly<Record<string, NameRule>> = {
    "aws:cloudwatch/logGroup:LogGroup": { what: "log group", regional: true, name: (i) => text(i.name) },
    // A log stream is named within its group; the provider imports it as "group:stream".
    "aws:cloudwatch/logStream:LogStream": {
        what: "log stream",
        regional: true,
        name: (i) => (text(i.logGroupName) && text(i.name) ? `${i.logGroupName}:${i.name}` : undefined),
    },
    "aws:s3/bucket:Bucket": { what: "bucket", regional: false, name: (i) => text(i.bucket) },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": { what: "Firehose stream", regional: true, name: (i) => text(i.name) },
    // terraform-provider-aws refuses to create an alarm whose name exists ("CloudWatch metric alarm
    // ... already exists", cloudwatch/metric_alarm.go), rather than let PutMetricAlarm overwrite it.
    "aws:cloudwatch/metricAlarm:MetricAlarm": { what: "alarm", regional: true, name: (i) => text(i.name) },
    // Only an explicit name: an autonamed role gets a new random one.
    "aws:iam/role:Role": { what: "IAM role", regional: false, name: (i) => text(i.name) },
    "aws:apigateway/stage:Stage": { what: "stage", regional: true, name: (i) => joined(i.restApi, i.stageName) },
    // Not refused by AWS (UpdateStage patches), but one method path of one stage: see methodSettingsFindings.
    [METHOD_SETTINGS]: { what: "method settings", regional: true, name: (i) => joined(i.restApi, i.stageName, i.methodPath) },
    // Not refused either, but one stage's logging fields: see stagePatchFinding.
    [STAGE_PATCH]: { what: "stage patch", regional: false, name: (i) => joined(i.region, i.restApiId, i.stageName) },
};

/** The AWS name of `resource` in `region` (unknown region: ""), or nothing for types without one. */
export function awsName(resource: Pick<PlanResource, "type" | "inputs">, region = ""): AwsName | undefined {
    const rule = NAME_RULES[resource.type];
    const name = rule?.name(resource.inputs);
    if (!rule || name === undefined) {
        return undefined;
    }
    return { key: `${rule.what}|${rule.regional ? region : "global"}|${name}`, what: rule.what, name };
}

/** A name a retained resource still holds in AWS, though no version of the stack manages it any more. */
export interface HeldName extends AwsName {
    type: string;
    /** The Pulumi name of the resource that held it. */
    resource: string;
    /** The version (a commit) that no longer had it: Pulumi forgot it there, AWS kept it. */
    releasedAt: string;
}

/** One deployed version of the stack: its label (a commit) and its plan. */
export interface PlanVersion {
    label: string;
    plan: RegionalPlan;
}

/**
 * The names retained resources still hold after `versions` (oldest first, each one deployed): a
 * retained resource a later version no longer has leaves its name held, until a version manages a
 * resource of that name again.
 */
export function heldNames(versions: readonly PlanVersion[]): Map<string, HeldName> {
    const managed = new Map<string, { resource: PlanResource; name: AwsName }>();
    const held = new Map<string, HeldName>();
    for (const { label, plan } of versions) {
        const now = new Map<string, { resource: PlanResource; name: AwsName }>();
        for (const resource of plan.resources) {
            const name = awsName(resource, plan.region);
            if (name) now.set(name.key, { resource, name });
        }
        for (const [key, { resource, name }] of managed) {
            if (!now.has(key) && resource.retainOnDelete) {
                held.set(key, { ...name, type: resource.type, resource: resource.name, releasedAt: label });
            }
        }
        for (const key of now.keys()) held.delete(key);
        managed.clear();
        for (const [key, entry] of now) managed.set(key, entry);
    }
    return held;
}

/**
 * What goes wrong in `pulumi up` when `base` becomes `head` (`diff`), given the names retained
 * resources of earlier versions still hold (`held`, from heldNames over the base's history).
 */
export function findCollisions(diff: PlanDiff, base: RegionalPlan, head: RegionalPlan, held: ReadonlyMap<string, HeldName> = new Map()): Finding[] {
    const baseByName = new Map(base.resources.map((r) => [r.name, r] as const));
    const headByName = new Map(head.resources.map((r) => [r.name, r] as const));
    const findings: Finding[] = [];

    // Names this update takes away from a base resource: deleted, or replaced under another name.
    const leaving = new Map<string, { resource: PlanResource; change: ResourceChange }>();
    for (const change of diff.changes) {
        const old = change.kind === "delete" ? baseByName.get(change.name) : change.kind === "replace" ? baseByName.get(change.renamedFrom ?? change.name) : undefined;
        const name = old && awsName(old, base.region);
        if (old && name) leaving.set(name.key, { resource: old, change });
    }

    for (const change of diff.changes) {
        const resource = headByName.get(change.name);
        if (!resource || (change.kind !== "create" && change.kind !== "replace" && change.kind !== "import")) continue;
        const name = awsName(resource, head.region);
        if (!name) continue;
        if (change.kind === "import") {
            // Adopting a name the same update deletes under another resource: the delete, at the end,
            // removes what was just adopted, unless that resource is retained.
            const old = leaving.get(name.key);
            if (old && old.change.kind === "delete" && !old.resource.retainOnDelete) {
                findings.push({
                    severity: "fails",
                    resource: change.name,
                    message: `will delete what this adopts: ${old.resource.name} holds ${name.what} ${name.name} too and is deleted after this imports it (it is not retained)`,
                    fix: aliasFix(old.resource, resource, base, head),
                });
            }
            continue;
        }
        if (change.kind === "replace") {
            const old = baseByName.get(change.renamedFrom ?? change.name);
            const oldName = old && awsName(old, base.region);
            if (oldName?.key === name.key) {
                if (change.deleteBeforeReplace && change.oldRetained) {
                    findings.push({
                        severity: "fails",
                        resource: change.name,
                        message: `will fail: ${name.what} ${name.name} already exists (the old one is retained: Pulumi only forgets it before creating its replacement under the same name)`,
                        fix: `give the new ${name.what} another name, or move what the old one holds and delete it before pulumi up`,
                    });
                }
                continue;
            }
        }
        const taken = leaving.get(name.key);
        if (resource.type === METHOD_SETTINGS) {
            if (taken && taken.change.kind === "delete") {
                findings.push(methodSettingsFinding(change.name, resource, taken.resource, base, head));
            }
            continue;
        }
        if (resource.type === STAGE_PATCH) {
            if (taken && taken.change.kind === "delete") {
                findings.push(stagePatchFinding(change.name, resource, taken.resource, base, head));
            }
            continue;
        }
        // A replacement that deletes its old resource first frees the old name, unless it is retained.
        const freedFirst = taken?.change.kind === "replace" && taken.change.deleteBeforeReplace && !taken.resource.retainOnDelete;
        if (taken && !freedFirst) {
            findings.push({
                severity: "fails",
                resource: change.name,
                message:
                    `will fail: ${name.what} ${name.name} already exists: ${taken.resource.name} still holds it when this is created ` +
                    `(Pulumi creates before it deletes${taken.resource.retainOnDelete ? ", and that one is retained: AWS keeps it after" : ""})`,
                fix: aliasFix(taken.resource, resource, base, head),
            });
            continue;
        }
        const kept = held.get(name.key);
        if (kept) {
            findings.push({
                severity: "fails",
                resource: change.name,
                message: `will fail: ${name.what} ${name.name} already exists (retained when ${kept.releasedAt} removed ${kept.resource}: Pulumi forgot it, AWS kept it)`,
                fix: adoptFix(resource, name, head),
            });
            continue;
        }
        const notice = change.kind === "create" ? executionLogGroupNotice(resource, name, head) : undefined;
        if (notice) findings.push(notice);
    }
    return findings;
}

/** The StageLogging component a resource belongs to, by its Pulumi name. */
function stageOf(resource: PlanResource, plan: Plan): string | undefined {
    const byName = new Map(plan.resources.map((r) => [r.name, r] as const));
    for (let at = byName.get(resource.parent), depth = 0; at && depth < 32; at = byName.get(at.parent), depth++) {
        if (at.type === STAGE_LOGGING) return at.name;
    }
    return undefined;
}

/** The one setting that carries the old resource to the new one: an alias, previousNames for a renamed stage. */
function aliasFix(old: PlanResource, now: PlanResource, base: Plan, head: Plan): string {
    const [from, to] = [stageOf(old, base), stageOf(now, head)];
    if (from && to && from !== to) {
        return `keep the stage's resources: add previousNames: ["${from}"] to the stage "${to}" (apigw-logging:stages[]), so Pulumi renames them instead of creating them again`;
    }
    return `give ${now.name} the alias "${old.name}" (the aliases resource option), so Pulumi renames it instead of creating a second one`;
}

/** Which `adoptLogGroups` flag adopts a StageLogging child, by the name the component gives it. */
const ADOPT_FLAGS: ReadonlyArray<[suffix: string, flag: string]> = [
    ["-execution-logs", "execution"],
    ["-access-logs", "access"],
    ["-firehose-errors", "firehoseErrors"],
    ["-firehose-errors-stream", "firehoseErrors"],
];

/** The one setting (a log group of a stage) or command (anything else) that adopts an existing resource. */
function adoptFix(resource: PlanResource, name: AwsName, head: RegionalPlan): string {
    const stage = stageOf(resource, head);
    const flag = stage && ADOPT_FLAGS.find(([suffix]) => resource.name === `${stage}${suffix}`)?.[1];
    if (stage && flag) {
        return (
            `adopt it: set adoptLogGroups.${flag}: true on the stage "${stage}" (apigw-logging:stages[], or apigw-logging:logging for every stage); ` +
            "pulumi up then imports it instead of creating it"
        );
    }
    const id =
        resource.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"
            ? `arn:aws:firehose:${head.region ?? "<region>"}:<account id>:deliverystream/${name.name}`
            : name.name;
    const parent = resource.parent && head.resources.some((r) => r.name === resource.parent) ? ` --parent '${resource.parent}=<URN of ${resource.parent}: pulumi stack --show-urns>'` : "";
    return `adopt it before pulumi up: pulumi import '${resource.type}' '${resource.name}' '${id}'${parent}`;
}

function methodSettingsFinding(at: string, now: PlanResource, old: PlanResource, base: Plan, head: Plan): Finding {
    const path = String(now.inputs.methodPath);
    const level = (now.inputs.settings as { loggingLevel?: unknown } | undefined)?.loggingLevel;
    return {
        severity: "fails",
        resource: at,
        message:
            `will remove the stage's ${path} settings: ${old.name} wrote the same ones and is deleted after this is created, and its delete ` +
            `removes them from the stage (UpdateStage "remove /${path}", apigateway/method_settings.go): logging stops while the state says ${String(level ?? "it logs")}`,
        fix: aliasFix(old, now, base, head),
    };
}

function stagePatchFinding(at: string, now: PlanResource, old: PlanResource, base: Plan, head: Plan): Finding {
    return {
        severity: "fails",
        resource: at,
        message:
            `will undo the stage's logging fields: ${old.name} patched the same stage and is deleted after this is created; its delete ` +
            "puts back the values it found before (where the stage still holds what it wrote, as it will: the same values), " +
            "so the stage stops logging as configured while the state says it does",
        fix: aliasFix(old, now, base, head),
    };
}

/**
 * API Gateway creates a stage's execution log group on its first execution log, with no retention.
 * A stage this program does not create may have logged before: then the create fails.
 */
function executionLogGroupNotice(resource: PlanResource, name: AwsName, head: Plan): Finding | undefined {
    const stage = stageOf(resource, head);
    if (!stage || resource.name !== `${stage}-execution-logs` || resource.importId !== undefined) return undefined;
    if (head.resources.some((r) => r.type === "aws:apigateway/stage:Stage" && r.parent === stage)) return undefined;
    return {
        severity: "notice",
        resource: resource.name,
        message: `may already exist: API Gateway creates ${name.name} on the stage's first execution log; if the stage has logged before, this create fails (ResourceAlreadyExistsException)`,
        fix: `then adopt it: set adoptLogGroups.execution: true on the stage "${stage}"`,
    };
}
