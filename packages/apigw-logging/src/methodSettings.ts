// The stage's method settings, written as its owner allows (stageOwnership.ts): by
// aws.apigateway.MethodSettings on a stage this component creates, by the stage patch on any other.
//
// Why not MethodSettings on a stage owned elsewhere: the AWS provider writes every field it knows on
// create, so throttling the config leaves unset goes in as -1 (terraform-provider-aws
// internal/service/apigateway/method_settings.go: throttling_burst_limit and throttling_rate_limit
// have Default -1), switching off the owner's stage throttling; its delete removes the whole entry
// (`remove` on `/{method_path}`), the owner's throttling and caching with it. The stage patch names
// only the logging fields and puts back what it replaced.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { STAGE_WIDE_KEY } from "./methodSettingKeys";
import type { MethodLogging, StageLoggingSettings } from "./settings";
import type { MethodLoggingPatch } from "./stagePatch/operations";
import { StageLoggingPatch } from "./stagePatch/resources";
import type { StageOwner } from "./stageLoggingArgs";

export interface StageMethodSettingsArgs {
    /** The component's name: children are named `${name}-…`. */
    name: string;
    owner: StageOwner;
    restApiId: pulumi.Input<string>;
    stageName: pulumi.Input<string>;
    region: pulumi.Input<string>;
    settings: StageLoggingSettings["methodSettings"];
    /** What the first write waits for: the execution log group, the account setting, the stage. */
    after: pulumi.Input<pulumi.Resource>[];
    /** With owner `none`: the access-log settings the stage patch sets too. */
    accessLogSettings?: { destinationArn: pulumi.Input<string>; format: string };
    opts: pulumi.CustomResourceOptions;
}

export interface StageMethodSettings {
    /** With owner `component`: `*` `/` `*` first, then one per override. */
    methodSettings: aws.apigateway.MethodSettings[];
    /** With owner `iac` or `none`. */
    stagePatch?: StageLoggingPatch;
}

/** `*` `/` `*` first, then each override, by API Gateway's key. */
export function methodLoggingEntries(settings: StageLoggingSettings["methodSettings"]): MethodLoggingPatch[] {
    return [{ methodPath: STAGE_WIDE_KEY, ...settings }, ...settings.overrides].map((entry) => ({ key: entry.methodPath, ...pick(entry) }));
}

export function stageMethodSettings(args: StageMethodSettingsArgs): StageMethodSettings {
    const { name, restApiId, stageName, opts } = args;
    const entries = methodLoggingEntries(args.settings);
    if (args.owner !== "component") {
        const stagePatch = new StageLoggingPatch(
            `${name}-stage-patch`,
            {
                region: args.region,
                restApiId,
                stageName,
                methodSettings: entries,
                ...(args.owner === "none" && args.accessLogSettings ? { accessLogSettings: args.accessLogSettings } : {}),
            },
            { ...opts, dependsOn: args.after },
        );
        return { methodSettings: [], stagePatch };
    }
    // Each MethodSettings waits for the previous one: they all patch the same stage, and concurrent
    // patches fail with ConflictException.
    let previous = args.after;
    const methodSettings = entries.map((entry) => {
        const methodSettings = new aws.apigateway.MethodSettings(
            entry.key === STAGE_WIDE_KEY ? `${name}-method-settings` : `${name}-method-settings-${readable(entry.key)}`,
            { restApi: restApiId, stageName, methodPath: entry.key, settings: pick(entry) },
            { ...opts, dependsOn: previous },
        );
        previous = [methodSettings];
        return methodSettings;
    });
    return { methodSettings };
}

/** A key as the resource name shows it, the same however it was written: `~1orders~1items/GET` → `orders/items/GET`. */
function readable(key: string): string {
    return key.replace(/^~1/, "").replace(/~1/g, "/");
}

function pick(m: MethodLogging): MethodLogging {
    return { loggingLevel: m.loggingLevel, dataTraceEnabled: m.dataTraceEnabled, metricsEnabled: m.metricsEnabled };
}
