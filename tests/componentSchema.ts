// The package's Pulumi schema, as `pulumi package add` gets it from the plugin: Pulumi's own
// ComponentProvider, in-process, analyzing packages/apigw-logging (its tsconfig.json and src/).
// The analyzer type-checks the package with @pulumi/aws's declarations (about 15-20 s), so the
// schema is made once per mocha run and shared by the specs that read it.

import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import { AccountSetting, StageLogging } from "../packages/apigw-logging/src/index";

export const PACKAGE_DIR = path.resolve(__dirname, "../packages/apigw-logging");
export const PACKAGE_NAME = "apigw-logging";
/** The components the plugin serves: every ComponentResource the package's entry point exports. */
export const COMPONENTS = [StageLogging, AccountSetting];
/** Enough for the analyzer on a busy machine. */
export const SCHEMA_TIMEOUT_MS = 180_000;

let schema: Promise<PackageSpec> | undefined;

export function componentSchema(): Promise<PackageSpec> {
    schema ??= new ComponentProvider({ components: COMPONENTS, dirname: PACKAGE_DIR, name: PACKAGE_NAME })
        .getSchema()
        .then((text) => JSON.parse(text) as PackageSpec);
    return schema;
}
