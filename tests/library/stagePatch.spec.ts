// The stage patch's create, update and delete, and the live-stage read, against a local server that
// answers API Gateway's REST JSON API (apiGatewayServer.ts), with the real SDK client pointed at it.

import * as assert from "assert";
import Module = require("module");
import * as path from "path";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { StagePatchInputs, StagePatchOutputs } from "../../packages/apigw-logging/src/stagePatch/operations";
import { awsLiveStageReader } from "../../packages/apigw-logging/src/stagePatch/liveStageRead";
import { stagePatchProvider } from "../../packages/apigw-logging/src/stagePatch/provider";
import { StageLoggingPatch } from "../../packages/apigw-logging/src/stagePatch/resources";
import { run } from "../helpers";
import { apiGatewayServer, ApiGatewayServer, FakeStage, NEW_ENTRY, ServerOptions } from "./apiGatewayServer";

const API_ID = "a1b2c3d4e5";
const CREDENTIALS = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local" };
const DESTINATION = `arn:aws:logs:eu-west-1:123456789012:log-group:API-Gateway-Access-Logs_${API_ID}/v1`;
const FORMAT = '{"requestId":"$context.requestId"}';

/** The owner's stage: throttling and caching stage-wide, a cached GET /orders, logging off. */
function ownersStage(extra: Partial<FakeStage> = {}): FakeStage {
    return {
        stageName: "v1",
        deploymentId: "dep123",
        methodSettings: {
            "*/*": { ...NEW_ENTRY, throttlingBurstLimit: 100, throttlingRateLimit: 50, cachingEnabled: true, cacheTtlInSeconds: 60 },
            "~1orders/GET": { ...NEW_ENTRY, cachingEnabled: true, cacheTtlInSeconds: 3600, throttlingBurstLimit: 20 },
        },
        ...extra,
    };
}

function inputs(extra: Partial<StagePatchInputs> = {}): StagePatchInputs {
    return {
        region: "eu-west-1",
        restApiId: API_ID,
        stageName: "v1",
        methodSettings: [{ key: "*/*", loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: true }],
        ...extra,
    };
}

async function withServer(stage: FakeStage | undefined, options: ServerOptions, use: (server: ApiGatewayServer) => Promise<void>): Promise<void> {
    const server = await apiGatewayServer({ [API_ID]: { name: "orders-api", stages: stage ? { v1: stage } : {} } }, options);
    try {
        await use(server);
    } finally {
        await server.close();
    }
}

const clientFor = (server: ApiGatewayServer) => (region: string) => new APIGatewayClient({ region, endpoint: server.endpoint, credentials: CREDENTIALS });
const provider = (server: ApiGatewayServer) => stagePatchProvider(clientFor(server));
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));
const patches = (server: ApiGatewayServer) => server.received.filter((r) => r.method === "PATCH").map((r) => r.body?.patchOperations);

describe("stage patch (against a local API Gateway)", () => {
    it("changes only the logging fields of the stage-wide entry, leaving the owner's throttling and caching", async () => {
        await withServer(ownersStage(), {}, async (server) => {
            await provider(server).create!(inputs());
            assert.deepStrictEqual(server.stage(API_ID, "v1").methodSettings["*/*"], {
                ...ownersStage().methodSettings["*/*"],
                loggingLevel: "INFO",
                metricsEnabled: true,
            });
            assert.deepStrictEqual(patches(server), [
                [
                    { op: "replace", path: "/*/*/logging/loglevel", value: "INFO" },
                    { op: "replace", path: "/*/*/logging/dataTrace", value: "false" },
                    { op: "replace", path: "/*/*/metrics/enabled", value: "true" },
                ],
            ]);
        });
    });

    it("puts the stage back as it was when removed: the owner's throttling and caching as they were", async () => {
        await withServer(ownersStage(), {}, async (server) => {
            const before = copy(server.stage(API_ID, "v1"));
            const wanted = inputs({
                methodSettings: [
                    { key: "*/*", loggingLevel: "INFO", dataTraceEnabled: true, metricsEnabled: true },
                    { key: "~1orders/GET", loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true },
                    { key: "~1orders~1{id}/GET", loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false },
                ],
            });
            const { id, outs } = await provider(server).create!(wanted);
            assert.strictEqual(id, `${API_ID}/v1`);
            assert.notDeepStrictEqual(server.stage(API_ID, "v1"), before);
            await provider(server).delete!(id, outs);
            assert.deepStrictEqual(server.stage(API_ID, "v1"), before);
        });
    });

    it("remembers what it replaced: per key the logging fields, null where there was no entry", async () => {
        await withServer(ownersStage(), {}, async (server) => {
            const { outs } = await provider(server).create!(
                inputs({ methodSettings: [...inputs().methodSettings, { key: "~1health/GET", loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false }] }),
            );
            assert.deepStrictEqual((outs as StagePatchOutputs).replaced, {
                methodSettings: { "*/*": { loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false }, "~1health/GET": null },
            });
        });
    });

    it("writes API Gateway's defaults back to a stage-wide entry that did not exist, rather than removing what the owner added to it since", async () => {
        await withServer(ownersStage({ methodSettings: {} }), {}, async (server) => {
            const { id, outs } = await provider(server).create!(inputs());
            // The owner sets throttling on the entry the patch created.
            server.stage(API_ID, "v1").methodSettings["*/*"].throttlingBurstLimit = 42;
            await provider(server).delete!(id, outs);
            assert.deepStrictEqual(server.stage(API_ID, "v1").methodSettings, { "*/*": { ...NEW_ENTRY, throttlingBurstLimit: 42 } });
        });
    });

    it("leaves a logging level that the owner changed after the patch", async () => {
        await withServer(ownersStage(), {}, async (server) => {
            const { id, outs } = await provider(server).create!(inputs());
            server.stage(API_ID, "v1").methodSettings["*/*"].loggingLevel = "ERROR";
            await provider(server).delete!(id, outs);
            const restored = server.stage(API_ID, "v1").methodSettings["*/*"];
            assert.deepStrictEqual([restored.loggingLevel, restored.metricsEnabled], ["ERROR", false]);
        });
    });

    it("sets the access-log settings of a stage nothing owns, and removes them again", async () => {
        await withServer(ownersStage(), {}, async (server) => {
            const before = copy(server.stage(API_ID, "v1"));
            const { id, outs } = await provider(server).create!(inputs({ accessLogSettings: { destinationArn: DESTINATION, format: FORMAT } }));
            assert.deepStrictEqual(server.stage(API_ID, "v1").accessLogSettings, { destinationArn: DESTINATION, format: FORMAT });
            await provider(server).delete!(id, outs);
            assert.deepStrictEqual(server.stage(API_ID, "v1"), before);
        });
    });

    it("puts back the access-log settings a stage had before", async () => {
        const earlier = { destinationArn: "arn:aws:logs:eu-west-1:123456789012:log-group:team-access", format: "$context.requestId" };
        await withServer(ownersStage({ accessLogSettings: earlier }), {}, async (server) => {
            const { id, outs } = await provider(server).create!(inputs({ accessLogSettings: { destinationArn: DESTINATION, format: FORMAT } }));
            await provider(server).delete!(id, outs);
            assert.deepStrictEqual(server.stage(API_ID, "v1").accessLogSettings, earlier);
        });
    });

    it("on update restores an override no longer wanted and remembers a new one as it was", async () => {
        await withServer(ownersStage(), {}, async (server) => {
            const before = copy(server.stage(API_ID, "v1"));
            const p = provider(server);
            const first = inputs({ methodSettings: [...inputs().methodSettings, { key: "~1orders/GET", loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: true }] });
            const created = await p.create!(first);
            const second = inputs({ methodSettings: [{ key: "*/*", loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true }, { key: "~1health/GET", loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false }] });
            const updated = await p.update!(created.id, created.outs, second);
            const stage = server.stage(API_ID, "v1");
            assert.deepStrictEqual(stage.methodSettings["~1orders/GET"], before.methodSettings["~1orders/GET"]);
            assert.strictEqual(stage.methodSettings["*/*"].loggingLevel, "ERROR");
            assert.deepStrictEqual(Object.keys((updated.outs as StagePatchOutputs).replaced.methodSettings).sort(), ["*/*", "~1health/GET"]);
            await p.delete!(created.id, updated.outs as StagePatchOutputs);
            assert.deepStrictEqual(server.stage(API_ID, "v1"), before);
        });
    });

    it("still removes access-log settings it added after an update that changed only the logging level", async () => {
        await withServer(ownersStage(), {}, async (server) => {
            const before = copy(server.stage(API_ID, "v1"));
            const p = provider(server);
            const accessLogSettings = { destinationArn: DESTINATION, format: FORMAT };
            const created = await p.create!(inputs({ accessLogSettings }));
            const updated = await p.update!(created.id, created.outs, inputs({ accessLogSettings, methodSettings: [{ key: "*/*", loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true }] }));
            await p.delete!(created.id, updated.outs as StagePatchOutputs);
            assert.deepStrictEqual(server.stage(API_ID, "v1"), before);
        });
    });

    it("asks for a new resource when the stage changes, and for an update when only the settings do", async () => {
        await withServer(ownersStage(), {}, async (server) => {
            const olds = { ...inputs(), replaced: { methodSettings: {} } };
            const p = provider(server);
            assert.deepStrictEqual(await p.diff!(`${API_ID}/v1`, olds, inputs({ stageName: "v2" })), { changes: true, replaces: ["stageName"], deleteBeforeReplace: false });
            assert.deepStrictEqual(await p.diff!(`${API_ID}/v1`, olds, inputs({ accessLogSettings: { destinationArn: DESTINATION, format: FORMAT } })), {
                changes: true,
                replaces: [],
                deleteBeforeReplace: false,
            });
            assert.deepStrictEqual(await p.diff!(`${API_ID}/v1`, olds, inputs()), { changes: false, replaces: [], deleteBeforeReplace: false });
        });
    });

    it("tries again while API Gateway answers ConflictException", async () => {
        await withServer(ownersStage(), { conflicts: 2 }, async (server) => {
            await provider(server).create!(inputs());
            assert.strictEqual(patches(server).length, 3);
            assert.strictEqual(server.stage(API_ID, "v1").methodSettings["*/*"].loggingLevel, "INFO");
        });
    });

    it("deletes without a call when the stage is gone", async () => {
        await withServer(undefined, {}, async (server) => {
            await provider(server).delete!(`${API_ID}/v1`, { ...inputs(), replaced: { methodSettings: { "*/*": null } } });
            assert.deepStrictEqual(patches(server), []);
        });
    });

    it("runs as Pulumi ships it: serialized, with the SDK's default client", async () => {
        const result = await run(() => {
            new StageLoggingPatch("orders-stage-patch", inputs());
        });
        const serialized = result.resources.find((r) => r.name === "orders-stage-patch")!.inputs.__provider as string;
        // As Pulumi's dynamic provider host loads it (require-from-string), from the project's folder.
        const file = path.resolve(__dirname, "../../__provider.js");
        const loaded = new Module(file, module) as Module & { _compile(code: string, file: string): void; paths: string[] };
        loaded.filename = file;
        loaded.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
        loaded._compile(serialized, file);
        const shipped = (loaded.exports as { handler(): ReturnType<typeof stagePatchProvider> }).handler();
        const env = { ...process.env };
        await withServer(ownersStage(), {}, async (server) => {
            Object.assign(process.env, { AWS_ENDPOINT_URL_API_GATEWAY: server.endpoint, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey });
            try {
                await shipped.create!(inputs());
            } finally {
                process.env = env;
            }
            assert.strictEqual(server.stage(API_ID, "v1").methodSettings["*/*"].loggingLevel, "INFO");
        });
    });
});

describe("live-stage read (against a local API Gateway)", () => {
    const read = (server: ApiGatewayServer) => awsLiveStageReader(clientFor(server))({ region: "eu-west-1", restApiId: API_ID, stageName: "v1" });

    it("reads the stage's access-log settings, its stage-wide logging and the REST API's name", async () => {
        await withServer(ownersStage({ accessLogSettings: { destinationArn: DESTINATION, format: FORMAT } }), {}, async (server) => {
            assert.deepStrictEqual(
                await read(server),
                {
                    readFromAws: true,
                    stageFound: true,
                    accessLogSettings: { destinationArn: DESTINATION, format: FORMAT },
                    stageWide: { loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false },
                    restApiName: "orders-api",
                },
            );
        });
    });

    it("asks for a REST API's name once however many of its stages it reads", async () => {
        await withServer(ownersStage(), {}, async (server) => {
            const reader = awsLiveStageReader(clientFor(server));
            const [v1, v2] = await Promise.all(["v1", "v2"].map((stageName) => reader({ region: "eu-west-1", restApiId: API_ID, stageName })));
            assert.deepStrictEqual([v1.stageFound, v2.stageFound, v1.restApiName, v2.restApiName], [true, false, "orders-api", "orders-api"]);
            assert.deepStrictEqual(
                server.received.map((r) => `${r.method} ${r.path}`).sort(),
                [`GET /restapis/${API_ID}`, `GET /restapis/${API_ID}/stages/v1`, `GET /restapis/${API_ID}/stages/v2`],
            );
        });
    });

    it("says a stage is missing rather than failing", async () => {
        await withServer(undefined, {}, async (server) => {
            const props = await read(server);
            assert.deepStrictEqual([props.stageFound, props.restApiName, props.readError], [false, "orders-api", undefined]);
        });
    });

    it("says what it could not read", async () => {
        await withServer(ownersStage(), { denyAll: true }, async (server) => {
            const props = await read(server);
            assert.strictEqual(
                props.readError,
                "GetStage: AccessDeniedException: User is not authorized to perform: apigateway:GET; GetRestApi: AccessDeniedException: User is not authorized to perform: apigateway:GET",
            );
        });
    });
});
