// The stage patch as a Pulumi resource: a dynamic resource (type
// `pulumi-nodejs:dynamic/apigw-logging:StageLoggingPatch`) of the provider in provider.ts.

import * as pulumi from "@pulumi/pulumi";
import type { MethodLoggingPatch } from "./operations";

export const DYNAMIC_MODULE = "apigw-logging";
export const STAGE_LOGGING_PATCH_TYPE = `pulumi-nodejs:dynamic/${DYNAMIC_MODULE}:StageLoggingPatch`;

/**
 * The provider as Pulumi's dynamic provider host gets it, in the `__provider` input: the text of a
 * module whose `handler()` returns the provider. The host loads it with require-from-string from the
 * project's folder (@pulumi/pulumi cmd/dynamic-provider/index.js, `getProvider`), so it requires this
 * package's provider module from the project's node_modules, as a serialized closure requires the
 * AWS SDK. `pulumi.dynamic.Resource` would serialize the provider's closure instead: that parses it
 * with TypeScript at every program run, about 0.4 s (docs/performance.md), and its text would
 * change with every version of this package. This text stays the same, so an upgrade is no diff; the
 * module path is part of the package's exports (`./stagePatch/*`).
 */
export const STAGE_PATCH_PROVIDER_MODULE =
    'exports.handler = function () { const m = require("apigw-logging/stagePatch/provider"); return m.stagePatchProvider(m.defaultClient); };';

export interface StageLoggingPatchArgs {
    region: pulumi.Input<string>;
    restApiId: pulumi.Input<string>;
    stageName: pulumi.Input<string>;
    /** `*` `/` `*` first, then one per override, by API Gateway's key. */
    methodSettings: pulumi.Input<MethodLoggingPatch[]>;
    /** Only for a stage nothing owns. */
    accessLogSettings?: pulumi.Input<{ destinationArn: pulumi.Input<string>; format: pulumi.Input<string> }>;
}

/**
 * Writes the logging fields of a stage this program does not create (and, for a stage nothing owns,
 * its access-log settings), remembers what they were, and puts that back when deleted.
 */
export class StageLoggingPatch extends pulumi.CustomResource {
    /** What the stage held before: per key the logging fields (null: no entry), the access-log settings. */
    declare readonly replaced: pulumi.Output<unknown>;

    constructor(name: string, args: StageLoggingPatchArgs, opts?: pulumi.CustomResourceOptions) {
        // What pulumi.dynamic.Resource does, with the provider given by reference (above).
        super(STAGE_LOGGING_PATCH_TYPE, name, { ...args, replaced: undefined, __provider: STAGE_PATCH_PROVIDER_MODULE }, opts);
    }
}
