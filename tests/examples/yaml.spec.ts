// The Pulumi YAML example (examples/yaml/Pulumi.yaml) against the package's schema, so that the
// example cannot drift from the package: every type it names exists, every property it sets on the
// package's components is an input of the right shape, and every output it reads is an output.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import { componentSchema, PACKAGE_DIR, PACKAGE_NAME, SCHEMA_TIMEOUT_MS, SchemaProp } from "../componentSchema";

const EXAMPLE_DIR = path.resolve(__dirname, "../../examples/yaml");


interface YamlResource {
    type: string;
    properties?: Record<string, unknown>;
    options?: Record<string, unknown>;
}

interface YamlProgram {
    name: string;
    runtime: string;
    packages?: Record<string, string>;
    resources: Record<string, YamlResource>;
    outputs?: Record<string, unknown>;
}

const program = yaml.load(fs.readFileSync(path.join(EXAMPLE_DIR, "Pulumi.yaml"), "utf8")) as YamlProgram;

/** A type token as written in YAML (`pkg:Name` is short for `pkg:index:Name`) in its full form. */
function fullToken(token: string): string {
    const parts = token.split(":");
    return parts.length === 2 ? `${parts[0]}:index:${parts[1]}` : token;
}

const isExpression = (value: unknown) => typeof value === "string" && /^\$\{[^}]+\}$/.test(value);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** What is wrong with `value` as the schema property `prop` (an empty list when nothing). */
function mismatches(schema: PackageSpec, value: unknown, prop: SchemaProp, where: string): string[] {
    if (isExpression(value)) {
        return []; // another resource's output, or a variable: its type is the engine's to check
    }
    if (prop.$ref?.startsWith("#/types/")) {
        const type = schema.types[prop.$ref.slice("#/types/".length)];
        if (!type) {
            return [`${where}: the schema has no type ${prop.$ref}`];
        }
        if (type.enum) {
            const values = type.enum.map((member) => member.value);
            return values.includes(value as string) ? [] : [`${where}: ${JSON.stringify(value)} is not one of ${values.join(", ")}`];
        }
        return objectMismatches(schema, value, (type.properties ?? {}) as Record<string, SchemaProp>, type.required ?? [], where);
    }
    if (prop.$ref) {
        return [`${where}: takes a resource (${prop.$ref}): give \${resourceName}`];
    }
    switch (prop.type) {
        case "string":
        case "number":
        case "boolean":
            return typeof value === prop.type ? [] : [`${where}: ${JSON.stringify(value)} is not a ${prop.type}`];
        case "array":
            return Array.isArray(value)
                ? value.flatMap((item, i) => mismatches(schema, item, prop.items ?? {}, `${where}[${i}]`))
                : [`${where}: is not a list`];
        case "object":
            return isObject(value)
                ? Object.entries(value).flatMap(([k, v]) => mismatches(schema, v, prop.additionalProperties ?? {}, `${where}.${k}`))
                : [`${where}: is not a map`];
        default:
            return [`${where}: unexpected schema property ${JSON.stringify(prop)}`];
    }
}

function objectMismatches(schema: PackageSpec, value: unknown, properties: Record<string, SchemaProp>, required: string[], where: string): string[] {
    if (!isObject(value)) {
        return [`${where}: is not an object`];
    }
    const unknown = Object.keys(value)
        .filter((key) => !(key in properties))
        .map((key) => `${where}.${key}: not an input (known: ${Object.keys(properties).join(", ")})`);
    const missing = required.filter((key) => !(key in value)).map((key) => `${where}.${key}: required, not set`);
    const wrong = Object.entries(value)
        .filter(([key]) => key in properties)
        .flatMap(([key, v]) => mismatches(schema, v, properties[key], `${where}.${key}`));
    return [...unknown, ...missing, ...wrong];
}

describe("examples/yaml (Pulumi YAML)", function () {
    let schema: PackageSpec;
    const ours = Object.entries(program.resources).filter(([, r]) => r.type.startsWith(`${PACKAGE_NAME}:`));

    before(async function () {
        this.timeout(SCHEMA_TIMEOUT_MS);
        schema = await componentSchema();
    });

    it("is a YAML program that adds this repository's package by its path", () => {
        assert.strictEqual(program.runtime, "yaml");
        const source = program.packages?.[PACKAGE_NAME];
        assert.ok(source, `packages.${PACKAGE_NAME} is not set`);
        assert.strictEqual(path.resolve(EXAMPLE_DIR, source), PACKAGE_DIR);
        assert.ok(fs.existsSync(path.join(PACKAGE_DIR, "PulumiPlugin.yaml")));
    });

    it("uses both components, the StageLogging with the AccountSetting's role", () => {
        const types = ours.map(([, r]) => fullToken(r.type)).sort();
        assert.deepStrictEqual(types, [`${PACKAGE_NAME}:index:AccountSetting`, `${PACKAGE_NAME}:index:StageLogging`]);
        const [settingName] = ours.find(([, r]) => fullToken(r.type).endsWith(":AccountSetting"))!;
        const [, logging] = ours.find(([, r]) => fullToken(r.type).endsWith(":StageLogging"))!;
        assert.strictEqual(logging.properties?.cloudWatchRoleArn, `\${${settingName}.cloudWatchRoleArn}`);
    });

    it("names only types of the package's schema, or of the aws package it depends on", () => {
        for (const [name, r] of Object.entries(program.resources)) {
            if (r.type.startsWith("aws:")) {
                assert.match(r.type, /^aws:[a-zA-Z0-9]+(\/[a-zA-Z0-9]+)?:[A-Z][a-zA-Z0-9]+$/, name);
                assert.ok(schema.dependencies?.some((d) => d.name === "aws"));
            } else {
                assert.ok(schema.resources[fullToken(r.type)], `${name}: ${r.type} is not a resource of the schema`);
            }
        }
    });

    it("sets only inputs of the components, each of the right shape, and every required one", () => {
        const problems = ours.flatMap(([name, r]) => {
            const spec = schema.resources[fullToken(r.type)];
            return objectMismatches(schema, r.properties ?? {}, (spec.inputProperties ?? {}) as Record<string, SchemaProp>, spec.requiredInputs ?? [], name);
        });
        assert.deepStrictEqual(problems, []);
    });

    it("reads only outputs of the components", () => {
        const text = JSON.stringify({ resources: program.resources, outputs: program.outputs });
        const types = Object.fromEntries(ours.map(([name, r]) => [name, fullToken(r.type)]));
        const read = [...text.matchAll(/\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)/g)].filter(([, resource]) => resource in types);
        assert.ok(read.length > 0);
        for (const [, resource, property] of read) {
            const outputs = schema.resources[types[resource]].properties ?? {};
            assert.ok(property in outputs, `\${${resource}.${property}}: ${types[resource]} has no output ${property}`);
        }
    });
});
