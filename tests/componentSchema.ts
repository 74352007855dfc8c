// The package's Pulumi schema, as `pulumi package add` gets it from the plugin: Pulumi's own
// ComponentProvider, in-process, analyzing packages/apigw-logging (its tsconfig.json and src/).
// The analyzer type-checks the package with @pulumi/aws's declarations (about 5 s here), so the
// schema is made once per mocha run and shared by the specs that read it, across mocha's worker
// processes too: the first to need it makes it, under a lock file, and leaves it in the temporary
// directory under a hash of everything the analyzer reads; the others wait for that file.

import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import { filesUnder } from "./moduleSpecifiers";
import { AccountSetting, StageLogging } from "../packages/apigw-logging/src/index";

export const PACKAGE_DIR = path.resolve(__dirname, "../packages/apigw-logging");
export const PACKAGE_NAME = "apigw-logging";
/** The components the plugin serves: every ComponentResource the package's entry point exports. */
export const COMPONENTS = [StageLogging, AccountSetting];
/** Enough for the analyzer on a busy machine. */
export const SCHEMA_TIMEOUT_MS = 180_000;

/** A schema property or type reference, loosely: the analyzer's output is JSON. */
export interface SchemaProp {
    type?: string;
    $ref?: string;
    items?: SchemaProp;
    additionalProperties?: SchemaProp;
    plain?: boolean;
    description?: string;
}

let schema: Promise<PackageSpec> | undefined;

export function componentSchema(): Promise<PackageSpec> {
    schema ??= sharedSchema().then((text) => JSON.parse(text) as PackageSpec);
    return schema;
}

function build(): Promise<string> {
    return new ComponentProvider({ components: COMPONENTS, dirname: PACKAGE_DIR, name: PACKAGE_NAME }).getSchema();
}

/** What the analyzer reads: the package's sources and settings, and the SDK versions it analyzes with. */
function inputsHash(): string {
    const hash = crypto.createHash("sha256");
    const files = [...filesUnder(path.join(PACKAGE_DIR, "src"), "").sort(), path.join(PACKAGE_DIR, "package.json"), path.join(PACKAGE_DIR, "tsconfig.json")];
    for (const name of ["@pulumi/pulumi", "@pulumi/aws", "typescript"]) {
        files.push(require.resolve(`${name}/package.json`));
    }
    for (const file of files) {
        hash.update(`${path.relative(PACKAGE_DIR, file)}\0`).update(fs.readFileSync(file));
    }
    return hash.digest("hex").slice(0, 16);
}

async function sharedSchema(): Promise<string> {
    const file = path.join(os.tmpdir(), `apigw-logging-schema-${inputsHash()}.json`);
    const lock = `${file}.lock`;
    const deadline = Date.now() + SCHEMA_TIMEOUT_MS;
    for (;;) {
        if (fs.existsSync(file)) {
            return fs.readFileSync(file, "utf8");
        }
        let mine = false;
        try {
            fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
            mine = true;
        } catch {
            // Another worker is making it; a lock older than the timeout is a crashed worker's.
            const stale = fs.existsSync(lock) && Date.now() - fs.statSync(lock).mtimeMs > SCHEMA_TIMEOUT_MS;
            if (stale || Date.now() > deadline) {
                fs.rmSync(lock, { force: true });
                return build();
            }
        }
        if (mine) {
            try {
                const text = await build();
                fs.writeFileSync(`${file}.${process.pid}`, text);
                fs.renameSync(`${file}.${process.pid}`, file); // whole, or not there at all
                return text;
            } finally {
                fs.rmSync(lock, { force: true });
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}
