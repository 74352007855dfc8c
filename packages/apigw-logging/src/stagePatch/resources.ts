// The stage patch and the live-stage read as Pulumi resources (dynamic resources of the providers in
// provider.ts). Their types are `pulumi-nodejs:dynamic/apigw-logging:StageLoggingPatch` and
// `pulumi-nodejs:dynamic/apigw-logging:LiveStage`.

import * as pulumi from "@pulumi/pulumi";
import type { MethodLoggingPatch } from "./operations";
import { defaultClient, LiveStageReading, liveStageProvider, stagePatchProvider } from "./provider";

export const DYNAMIC_MODULE = "apigw-logging";
export const STAGE_LOGGING_PATCH_TYPE = `pulumi-nodejs:dynamic/${DYNAMIC_MODULE}:StageLoggingPatch`;
export const LIVE_STAGE_TYPE = `pulumi-nodejs:dynamic/${DYNAMIC_MODULE}:LiveStage`;

// One provider object each: Pulumi serializes a provider once per object and program run.
const PATCH_PROVIDER = stagePatchProvider(defaultClient);
const LIVE_STAGE_PROVIDER = liveStageProvider(defaultClient);

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

export interface LiveStageArgs {
    region: pulumi.Input<string>;
    restApiId: string;
    stageName: string;
}

/** Reads a stage and its REST API as they are in AWS, owning neither: at preview and at every update. */
export class LiveStage extends pulumi.dynamic.Resource {
    declare readonly readFromAws: pulumi.Output<LiveStageReading["readFromAws"]>;
    declare readonly stageFound: pulumi.Output<LiveStageReading["stageFound"]>;
    declare readonly accessLogSettings: pulumi.Output<LiveStageReading["accessLogSettings"]>;
    declare readonly stageWide: pulumi.Output<LiveStageReading["stageWide"]>;
    declare readonly restApiName: pulumi.Output<LiveStageReading["restApiName"]>;
    declare readonly readError: pulumi.Output<LiveStageReading["readError"]>;

    constructor(name: string, args: LiveStageArgs, opts: pulumi.CustomResourceOptions = {}) {
        const outputs = { readFromAws: undefined, stageFound: undefined, accessLogSettings: undefined, stageWide: undefined, restApiName: undefined, readError: undefined };
        super(LIVE_STAGE_PROVIDER, name, { ...args, ...outputs }, { ...opts, id: `${args.restApiId}/${args.stageName}` }, DYNAMIC_MODULE, "LiveStage");
    }

    /** Everything read, as one value. */
    reading(): pulumi.Output<LiveStageReading> {
        return pulumi.output({
            readFromAws: this.readFromAws,
            stageFound: this.stageFound,
            accessLogSettings: this.accessLogSettings,
            stageWide: this.stageWide,
            restApiName: this.restApiName,
            readError: this.readError,
        }) as pulumi.Output<LiveStageReading>;
    }
}
