// The package as a Pulumi plugin package: the schema other languages get from `pulumi package add`,
// made in-process by Pulumi's ComponentProvider from the TypeScript declarations.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import { ACCOUNT_SETTING_TYPE, STAGE_LOGGING_TYPE } from "../../packages/apigw-logging/src/index";
import { COMPONENTS, componentSchema, PACKAGE_DIR, PACKAGE_NAME, SCHEMA_TIMEOUT_MS, SchemaProp } from "../componentSchema";


const AWS_VERSION: string = require("@pulumi/aws/package.json").version;
const awsResource = (token: string) => `/aws/v${AWS_VERSION}/schema.json#/resources/${token.replace("/", "%2F")}`;
const localType = (name: string) => `#/types/${PACKAGE_NAME}:index:${name}`;

let schema: PackageSpec;

function resource(token: string) {
    const r = schema.resources[token];
    assert.ok(r, `no resource ${token} in the schema (has ${Object.keys(schema.resources).join(", ")})`);
    return r;
}

function input(token: string, name: string): SchemaProp {
    const p = resource(token).inputProperties?.[name] as SchemaProp | undefined;
    assert.ok(p, `${token} has no input ${name}`);
    return p;
}

function output(token: string, name: string): SchemaProp {
    const p = resource(token).properties?.[name] as SchemaProp | undefined;
    assert.ok(p, `${token} has no output ${name}`);
    return p;
}

/** The package's type a `$ref` names. */
function localTypeOf(ref: string | undefined) {
    if (ref === undefined || !ref.startsWith(localType(""))) {
        assert.fail(`not a reference to one of the package's types: ${ref}`);
    }
    return schema.types[ref.slice("#/types/".length)];
}

/** The object type a `$ref` names. */
function objectType(ref: string | undefined) {
    const t = localTypeOf(ref);
    assert.ok(t, `the schema has no type for ${ref}`);
    assert.strictEqual(t.type, "object", `${ref} is not an object type`);
    return t as { properties: Record<string, SchemaProp>; required?: string[] };
}

/** The enum a `$ref` names: its values, each checked to be documented. */
function enumValues(ref: string | undefined): (string | number)[] {
    const t = localTypeOf(ref);
    assert.ok(t?.enum, `${ref} is not an enum`);
    assert.strictEqual(t.type, "string");
    for (const member of t.enum) {
        assert.ok(member.description, `${ref}: value ${member.value} has no description`);
    }
    return t.enum.map((member) => member.value);
}

describe("the Pulumi schema (pulumi package add)", function () {
    before(async function () {
        this.timeout(SCHEMA_TIMEOUT_MS);
        schema = await componentSchema();
    });

    describe("the plugin", () => {
        it("is a Node.js source-based plugin package named like its type tokens", () => {
            const manifest = yaml.load(fs.readFileSync(path.join(PACKAGE_DIR, "PulumiPlugin.yaml"), "utf8")) as Record<string, unknown>;
            assert.strictEqual(manifest.runtime, "nodejs");
            // The Node.js host names the provider after package.json's name; the tokens must agree.
            const packageJson = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8"));
            assert.strictEqual(packageJson.name, PACKAGE_NAME);
            assert.ok((packageJson.files as string[]).includes("PulumiPlugin.yaml"));
            assert.strictEqual(STAGE_LOGGING_TYPE, `${PACKAGE_NAME}:index:StageLogging`);
            assert.strictEqual(ACCOUNT_SETTING_TYPE, `${PACKAGE_NAME}:index:AccountSetting`);
        });

        it("serves exactly the components the entry point exports (what the Node.js host discovers)", () => {
            const discovered = getPulumiComponents(require("../../packages/apigw-logging/src/index"));
            assert.deepStrictEqual(discovered.map((c) => c.name).sort(), COMPONENTS.map((c) => c.name).sort());
        });

        it("describes the package, and depends on the aws package of the installed @pulumi/aws", () => {
            assert.strictEqual(schema.name, PACKAGE_NAME);
            assert.ok(schema.description);
            assert.deepStrictEqual(schema.dependencies, [{ name: "aws", version: AWS_VERSION }]);
            assert.deepStrictEqual(Object.keys(schema.resources).sort(), [ACCOUNT_SETTING_TYPE, STAGE_LOGGING_TYPE]);
        });

        it("documents every input, output and nested property", () => {
            const undocumented: string[] = [];
            for (const [token, r] of Object.entries(schema.resources)) {
                assert.ok(r.description, `${token} has no description`);
                for (const [kind, props] of [["input", r.inputProperties], ["output", r.properties]] as const) {
                    for (const [name, p] of Object.entries(props ?? {})) {
                        if (!p.description) undocumented.push(`${token} ${kind} ${name}`);
                    }
                }
            }
            for (const [token, t] of Object.entries(schema.types)) {
                for (const [name, p] of Object.entries(t.properties ?? {})) {
                    if (!p.description) undocumented.push(`${token}.${name}`);
                }
            }
            assert.deepStrictEqual(undocumented, []);
        });
    });

    describe("StageLogging", () => {
        it("is a component whose required inputs are restApiId, stageName and cloudWatchRoleArn", () => {
            const r = resource(STAGE_LOGGING_TYPE);
            assert.strictEqual(r.isComponent, true);
            assert.deepStrictEqual(r.requiredInputs, ["cloudWatchRoleArn", "restApiId", "stageName"]);
        });

        it("types the identifying inputs: restApiId and cloudWatchRoleArn take outputs, stageName is plain", () => {
            for (const name of ["restApiId", "cloudWatchRoleArn", "apiName"]) {
                const p = input(STAGE_LOGGING_TYPE, name);
                assert.strictEqual(p.type, "string", name);
                assert.notStrictEqual(p.plain, true, `${name} should accept an output`);
            }
            // Part of the execution log group's name, which API Gateway fixes: known at preview.
            assert.deepStrictEqual(input(STAGE_LOGGING_TYPE, "stageName").type, "string");
            assert.strictEqual(input(STAGE_LOGGING_TYPE, "stageName").plain, true);
            assert.deepStrictEqual(input(STAGE_LOGGING_TYPE, "tags").additionalProperties, { type: "string" });
            assert.strictEqual(input(STAGE_LOGGING_TYPE, "existingStage").$ref, awsResource("aws:apigateway/stage:Stage"));
            assert.strictEqual(input(STAGE_LOGGING_TYPE, "retainLogsOnDelete").type, "boolean");
        });

        it("accessLogs: a destination enum (cloudwatch, firehose), a format string, a retention", () => {
            const accessLogs = objectType(input(STAGE_LOGGING_TYPE, "accessLogs").$ref);
            assert.deepStrictEqual(enumValues(accessLogs.properties.destination.$ref), ["cloudwatch", "firehose"]);
            // A preset name or a format line: TypeScript's jsonFormat() helper builds such a line.
            assert.strictEqual(accessLogs.properties.format.type, "string");
            assert.strictEqual(accessLogs.properties.retentionInDays.type, "number");
            assert.strictEqual(accessLogs.properties.kmsKeyArn.type, "string");
            assert.deepStrictEqual(accessLogs.required, []);
            const firehose = objectType(accessLogs.properties.firehose.$ref);
            assert.deepStrictEqual(enumValues(firehose.properties.compression.$ref), ["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"]);
            const transition = objectType(objectType(firehose.properties.bucket.$ref).properties.transition.$ref);
            assert.deepStrictEqual(transition.required, ["afterDays", "storageClass"]);
            assert.ok(enumValues(transition.properties.storageClass.$ref).includes("GLACIER_IR"));
        });

        it("methodSettings: stage-wide settings and an array of per-method overrides", () => {
            const settings = objectType(input(STAGE_LOGGING_TYPE, "methodSettings").$ref);
            assert.deepStrictEqual(enumValues(settings.properties.loggingLevel.$ref), ["OFF", "ERROR", "INFO"]);
            assert.strictEqual(settings.properties.dataTraceEnabled.type, "boolean");
            assert.strictEqual(settings.properties.overrides.type, "array");
            const override = objectType(settings.properties.overrides.items?.$ref);
            assert.deepStrictEqual(override.required, ["methodPath"]);
            assert.strictEqual(override.properties.methodPath.type, "string");
            assert.strictEqual(override.properties.loggingLevel.$ref, settings.properties.loggingLevel.$ref);
        });

        it("stage, alarms, queries, policy and executionLogs are typed objects", () => {
            const stage = objectType(input(STAGE_LOGGING_TYPE, "stage").$ref);
            assert.deepStrictEqual(stage.required, ["deploymentId"]);
            const alarms = objectType(input(STAGE_LOGGING_TYPE, "alarms").$ref);
            assert.deepStrictEqual(enumValues(alarms.properties.latencyStatistic.$ref), ["Average", "Maximum", "p50", "p90", "p95", "p99"]);
            assert.strictEqual(alarms.properties.snsTopicArn.type, "string");
            assert.strictEqual(objectType(input(STAGE_LOGGING_TYPE, "queries").$ref).properties.folder.type, "string");
            assert.strictEqual(objectType(input(STAGE_LOGGING_TYPE, "policy").$ref).properties.production.type, "boolean");
            assert.strictEqual(objectType(input(STAGE_LOGGING_TYPE, "executionLogs").$ref).properties.retentionInDays.type, "number");
        });

        it("outputs: names, settings and links as strings, children as aws resource references", () => {
            for (const name of ["stageName", "restApiId", "cloudWatchRoleArn", "executionLogGroupName", "accessLogFormat", "executionLogConsoleUrl"]) {
                assert.strictEqual(output(STAGE_LOGGING_TYPE, name).type, "string", name);
            }
            const required = resource(STAGE_LOGGING_TYPE).required ?? [];
            // Unset with Firehose, or when the component did not create the stage.
            for (const name of ["accessLogGroupName", "accessLogGroupArn", "accessLogTailCommand", "invokeUrl", "stage"]) {
                assert.ok(output(STAGE_LOGGING_TYPE, name));
                assert.ok(!required.includes(name), `${name} should be optional`);
            }
            assert.ok(required.includes("executionLogGroupName") && required.includes("accessLogSettings"));
            const accessLogSettings = objectType(output(STAGE_LOGGING_TYPE, "accessLogSettings").$ref);
            assert.deepStrictEqual(accessLogSettings.required, ["destinationArn", "format"]);
            assert.deepStrictEqual(output(STAGE_LOGGING_TYPE, "methodSettings"), {
                type: "array",
                items: { $ref: awsResource("aws:apigateway/methodSettings:MethodSettings") },
                description: output(STAGE_LOGGING_TYPE, "methodSettings").description,
            });
            assert.strictEqual(output(STAGE_LOGGING_TYPE, "executionLogGroup").$ref, awsResource("aws:cloudwatch/logGroup:LogGroup"));
            assert.strictEqual(output(STAGE_LOGGING_TYPE, "stage").$ref, awsResource("aws:apigateway/stage:Stage"));
            assert.strictEqual(output(STAGE_LOGGING_TYPE, "alarms").items?.$ref, awsResource("aws:cloudwatch/metricAlarm:MetricAlarm"));
            assert.strictEqual(output(STAGE_LOGGING_TYPE, "queryDefinitions").items?.$ref, awsResource("aws:cloudwatch/queryDefinition:QueryDefinition"));
            const methodLogging = objectType(output(STAGE_LOGGING_TYPE, "methodLogging").$ref);
            assert.deepStrictEqual(methodLogging.required, ["dataTraceEnabled", "loggingLevel", "metricsEnabled"]);
        });

        it("keeps TypeScript-only values (settings, accessLogSink, queryPlan) out of the outputs", () => {
            const outputs = Object.keys(resource(STAGE_LOGGING_TYPE).properties ?? {});
            for (const name of ["settings", "accessLogSink", "queryPlan", "resolved", "sink"]) {
                assert.ok(!outputs.includes(name), `${name} is an output`);
            }
        });
    });

    describe("AccountSetting", () => {
        it("is a component with a mode enum and no required input", () => {
            const r = resource(ACCOUNT_SETTING_TYPE);
            assert.strictEqual(r.isComponent, true);
            assert.deepStrictEqual(r.requiredInputs, []);
            assert.deepStrictEqual(enumValues(input(ACCOUNT_SETTING_TYPE, "mode").$ref), ["create", "roleArn", "external", "stackReference"]);
            assert.strictEqual(input(ACCOUNT_SETTING_TYPE, "roleArn").type, "string");
            assert.strictEqual(input(ACCOUNT_SETTING_TYPE, "stack").type, "string");
            assert.strictEqual(input(ACCOUNT_SETTING_TYPE, "retainOnDelete").type, "boolean");
        });

        it("outputs the role ARN every StageLogging of the region takes", () => {
            const r = resource(ACCOUNT_SETTING_TYPE);
            assert.deepStrictEqual(r.required, ["cloudWatchRoleArn", "mode"]);
            assert.strictEqual(output(ACCOUNT_SETTING_TYPE, "cloudWatchRoleArn").type, "string");
            assert.strictEqual(output(ACCOUNT_SETTING_TYPE, "cloudWatchRole").$ref, awsResource("aws:iam/role:Role"));
            assert.strictEqual(output(ACCOUNT_SETTING_TYPE, "account").$ref, awsResource("aws:apigateway/account:Account"));
            assert.deepStrictEqual(input(STAGE_LOGGING_TYPE, "cloudWatchRoleArn").type, output(ACCOUNT_SETTING_TYPE, "cloudWatchRoleArn").type);
        });
    });

    it("has only enum and object types, each referenced from a component", () => {
        const text = JSON.stringify(schema.resources) + JSON.stringify(schema.types);
        for (const [token, t] of Object.entries(schema.types)) {
            assert.ok(t.enum ? t.type === "string" : t.type === "object", token);
            assert.ok(text.includes(`"#/types/${token}"`), `${token} is not referenced`);
        }
    });
});
