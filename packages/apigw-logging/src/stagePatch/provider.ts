// The Pulumi dynamic provider behind the stage patch: API Gateway's GetStage and UpdateStage through
// the AWS SDK. Pulumi serializes these objects into
// the deployment and runs them in its own process (pulumi.dynamic), so they reach AWS with the SDK's
// default credentials (environment, profile, SSO, instance role) in the region they are given, not
// through the program's AWS provider.

import { APIGatewayClient, GetStageCommand, UpdateStageCommand } from "@aws-sdk/client-api-gateway";
import type * as pulumi from "@pulumi/pulumi";
import {
    applyOperations,
    LiveStage,
    PatchOperation,
    restoreOperations,
    snapshot,
    StagePatchInputs,
    StagePatchOutputs,
} from "./operations";
import { errorName } from "./awsErrors";


/** Makes the client for a region: the SDK's defaults in a deployment, a local endpoint in tests. */
export type ClientFactory = (region: string) => APIGatewayClient;

export const defaultClient: ClientFactory = (region) => new APIGatewayClient({ region });

/** The stage patch: writes the logging fields (and access-log settings), restores them on delete. */
export function stagePatchProvider(clientFor: ClientFactory): pulumi.dynamic.ResourceProvider {
    const stageOf = (p: StagePatchInputs) => `${p.restApiId}/${p.stageName}`;
    return {
        async diff(_id: string, olds: StagePatchOutputs, news: StagePatchInputs) {
            const replaces = (["region", "restApiId", "stageName"] as const).filter((k) => olds[k] !== news[k]);
            const changed =
                replaces.length > 0 ||
                JSON.stringify(olds.methodSettings) !== JSON.stringify(news.methodSettings) ||
                JSON.stringify(olds.accessLogSettings ?? null) !== JSON.stringify(news.accessLogSettings ?? null);
            return { changes: changed, replaces, deleteBeforeReplace: false };
        },

        async create(inputs: StagePatchInputs) {
            const client = clientFor(inputs.region);
            const live = await getStage(client, inputs);
            const keys = inputs.methodSettings.map((m) => m.key);
            const outs: StagePatchOutputs = { ...inputs, replaced: snapshot(live, keys, inputs.accessLogSettings !== undefined) };
            await updateStage(client, inputs, applyOperations(inputs));
            return { id: stageOf(inputs), outs };
        },

        async update(_id: string, olds: StagePatchOutputs, news: StagePatchInputs) {
            const client = clientFor(news.region);
            const live = await getStage(client, news);
            const newKeys = news.methodSettings.map((m) => m.key);
            const dropped = olds.methodSettings.map((m) => m.key).filter((key) => !newKeys.includes(key));
            const accessLogsDropped = olds.accessLogSettings !== undefined && news.accessLogSettings === undefined;
            // Keys and access-log settings met for the first time are remembered as they are now.
            const added = snapshot(
                live,
                newKeys.filter((key) => olds.replaced.methodSettings[key] === undefined),
                news.accessLogSettings !== undefined && olds.replaced.accessLogSettings === undefined,
            );
            const kept = Object.fromEntries(Object.entries(olds.replaced.methodSettings).filter(([key]) => newKeys.includes(key)));
            const replaced = {
                methodSettings: { ...kept, ...added.methodSettings },
                ...(news.accessLogSettings === undefined
                    ? {}
                    : { accessLogSettings: olds.replaced.accessLogSettings !== undefined ? olds.replaced.accessLogSettings : added.accessLogSettings }),
            };
            const ops = [...restoreOperations(olds, live, dropped, accessLogsDropped), ...applyOperations(news)];
            await updateStage(client, news, ops);
            return { outs: { ...news, replaced } };
        },

        async delete(_id: string, olds: StagePatchOutputs) {
            const client = clientFor(olds.region);
            let live: LiveStage;
            try {
                live = await getStage(client, olds);
            } catch (error) {
                if (errorName(error) === "NotFoundException") {
                    return; // the stage is gone, and what the patch wrote with it
                }
                throw error;
            }
            const keys = olds.methodSettings.map((m) => m.key);
            await updateStage(client, olds, restoreOperations(olds, live, keys, olds.accessLogSettings !== undefined));
        },
    };
}

async function getStage(client: APIGatewayClient, stage: { restApiId: string; stageName: string }): Promise<LiveStage> {
    return (await client.send(new GetStageCommand({ restApiId: stage.restApiId, stageName: stage.stageName }))) as LiveStage;
}

/**
 * One UpdateStage with every operation, so the stage changes at once. API Gateway answers
 * ConflictException while another change to the stage is under way (its owner's deployment, say):
 * tried again a few times, a little later each time.
 */
async function updateStage(client: APIGatewayClient, stage: { restApiId: string; stageName: string }, ops: PatchOperation[]): Promise<void> {
    if (ops.length === 0) {
        return;
    }
    for (let attempt = 1; ; attempt++) {
        try {
            await client.send(new UpdateStageCommand({ restApiId: stage.restApiId, stageName: stage.stageName, patchOperations: ops }));
            return;
        } catch (error) {
            if (errorName(error) !== "ConflictException" || attempt >= 5) {
                throw error;
            }
            await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
    }
}
