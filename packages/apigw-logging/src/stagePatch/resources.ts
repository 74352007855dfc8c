// The stage patch as a Pulumi resource (a dynamic resource of the provider in provider.ts), of type
// `pulumi-nodejs:dynamic/apigw-logging:StageLoggingPatch`.

import * as pulumi from "@pulumi/pulumi";
import type { MethodLoggingPatch } from "./operations";
import { defaultClient, stagePatchProvider } from "./provider";

export const DYNAMIC_MODULE = "apigw-logging";
export const STAGE_LOGGING_PATCH_TYPE = `pulumi-nodejs:dynamic/${DYNAMIC_MODULE}:StageLoggingPatch`;

// One provider object: Pulumi serializes a provider once per object and program run.
const PATCH_PROVIDER = stagePatchProvider(defaultClient);

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
export class StageLoggingPatch extends pulumi.dynamic.Resource {
    /** What the stage held before: per key the logging fields (null: no entry), the access-log settings. */
    declare readonly replaced: pulumi.Output<unknown>;

    constructor(name: string, args: StageLoggingPatchArgs, opts?: pulumi.CustomResourceOptions) {
        super(PATCH_PROVIDER, name, { ...args, replaced: undefined }, opts, DYNAMIC_MODULE, "StageLoggingPatch");
    }
}
