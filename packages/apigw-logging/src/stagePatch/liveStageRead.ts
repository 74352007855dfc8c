// The live-stage read: what a stage this component does not create is doing in AWS (GetStage) and
// its REST API's name (GetRestApi), for the stage check (liveStage.ts). It is a read made while the
// program runs, like a data source, not a resource: it owns nothing and leaves nothing in the state.
// (Until 0.2.0 it was a dynamic resource read by id, one per stage: a resource costs the SDK as much
// as any other, about a tenth of a 100-stage preview; docs/performance.md.)
//
// It runs in the program's process with the AWS SDK's default credentials (environment, profile,
// SSO, instance role) in the component's region, like the stage patch's provider (provider.ts), not
// through the program's AWS provider. Only when Pulumi's engine runs the program
// (`pulumi.runtime.hasEngine()`): under `pulumi.runtime.setMocks` there is no engine, the read is
// not made, and the check says "unknown (offline)"; a unit test never reaches AWS.

import type { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import * as pulumi from "@pulumi/pulumi";
import { errorName, errorText } from "./awsErrors";
import { LiveStage, liveAccessLogSettings, liveFields } from "./operations";
import type { ClientFactory } from "./provider";

/** What the live-stage read answers. */
export interface LiveStageReading {
    /** Set only when AWS was asked: a run without Pulumi's engine leaves it unset ("unknown (offline)"). */
    readFromAws?: true;
    stageFound?: boolean;
    accessLogSettings?: { destinationArn: string; format: string } | null;
    /** The `*` `/` `*` entry's logging fields, or null when the stage has none. */
    stageWide?: { loggingLevel: string; dataTraceEnabled: boolean; metricsEnabled: boolean } | null;
    /** The REST API's name, or null when no REST API has the id. */
    restApiName?: string | null;
    /** Why the stage or the REST API could not be read (AccessDenied, no credentials...). */
    readError?: string;
}

/** Which stage to read. */
export interface LiveStageAddress {
    region: string;
    restApiId: string;
    stageName: string;
}

/** Reads a stage; undefined when it is not read at all (no engine: a run under mocks). */
export type LiveStageReader = (stage: LiveStageAddress) => Promise<LiveStageReading> | undefined;

/**
 * Reads the stage and its REST API with clients from `clientFor`. It reports what it could not read
 * rather than failing the preview. One GetRestApi per REST API and region, however many of its
 * stages are read; at most a few calls at a time, as API Gateway's control plane throttles reads
 * (the SDK's standard retries absorb the rest).
 */
export function awsLiveStageReader(clientFor: ClientFactory): (stage: LiveStageAddress) => Promise<LiveStageReading> {
    const { GetRestApiCommand, GetStageCommand } = apiGateway();
    const clients = new Map<string, APIGatewayClient>();
    const client = (region: string) => clients.get(region) ?? clients.set(region, clientFor(region)).get(region)!;
    const limit = concurrency(4);
    const apiNames = new Map<string, Promise<{ name: string | null } | { error: string }>>();
    const apiName = (stage: LiveStageAddress) => {
        const key = `${stage.region}/${stage.restApiId}`;
        if (!apiNames.has(key)) {
            apiNames.set(
                key,
                limit(() => client(stage.region).send(new GetRestApiCommand({ restApiId: stage.restApiId }))).then(
                    (api) => ({ name: api.name ?? null }),
                    (error) => (errorName(error) === "NotFoundException" ? { name: null } : { error: `GetRestApi: ${errorText(error)}` }),
                ),
            );
        }
        return apiNames.get(key)!;
    };
    return async (stage) => {
        const reading: LiveStageReading = { readFromAws: true };
        const errors: string[] = [];
        const api = apiName(stage);
        try {
            const live = (await limit(() => client(stage.region).send(new GetStageCommand({ restApiId: stage.restApiId, stageName: stage.stageName })))) as LiveStage;
            Object.assign(reading, { stageFound: true, accessLogSettings: liveAccessLogSettings(live), stageWide: liveFields(live, "*/*") });
        } catch (error) {
            if (errorName(error) === "NotFoundException") {
                reading.stageFound = false;
            } else {
                errors.push(`GetStage: ${errorText(error)}`);
            }
        }
        const named = await api;
        if ("name" in named) {
            reading.restApiName = named.name;
        } else {
            errors.push(named.error);
        }
        if (errors.length > 0) {
            reading.readError = errors.join("; ");
        }
        return reading;
    };
}

let awsReader: ((stage: LiveStageAddress) => Promise<LiveStageReading>) | undefined;

/** The default: AWS, with the SDK's default credentials, when Pulumi's engine runs the program. */
const defaultReader: LiveStageReader = (stage) => {
    if (!pulumi.runtime.hasEngine()) {
        return undefined;
    }
    awsReader ??= awsLiveStageReader((region) => new (apiGateway().APIGatewayClient)({ region }));
    return awsReader(stage);
};

let reader: LiveStageReader = defaultReader;

/**
 * Replaces how stages are read (a fake in a test, a reader with other credentials); undefined puts
 * the default back. Returns the reader it replaced.
 */
export function setLiveStageReader(next: LiveStageReader | undefined): LiveStageReader {
    const previous = reader;
    reader = next ?? defaultReader;
    return previous;
}

/** Reads a stage with the current reader; undefined when it is not read (no engine). */
export function readLiveStage(stage: LiveStageAddress): Promise<LiveStageReading> | undefined {
    return reader(stage);
}

/**
 * The AWS SDK's API Gateway client, loaded on first use: a program run under mocks never reads, and
 * need not load it (about 40 ms; docs/performance.md).
 */
function apiGateway(): typeof import("@aws-sdk/client-api-gateway") {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require("@aws-sdk/client-api-gateway");
}

/** Runs at most `n` of the given tasks at a time. */
function concurrency(n: number): <T>(task: () => Promise<T>) => Promise<T> {
    let running = 0;
    const waiting: (() => void)[] = [];
    return async (task) => {
        while (running >= n) {
            await new Promise<void>((resolve) => waiting.push(resolve));
        }
        running++;
        try {
            return await task();
        } finally {
            running--;
            waiting.shift()?.();
        }
    };
}
