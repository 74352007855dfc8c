// A local HTTP server that answers the part of API Gateway's REST JSON API the stage patch and the
// live-stage read use: GetStage and UpdateStage (GET and PATCH /restapis/{id}/stages/{name}) and
// GetRestApi (GET /restapis/{id}). Errors as API Gateway sends them: the status, the error's name in
// the x-amzn-errortype header and { message } in the body, which the SDK turns into exceptions.

import * as http from "http";
import { AddressInfo } from "net";

/** A method setting as GetStage shows it. */
export type MethodSetting = Record<string, string | number | boolean>;

export interface FakeStage {
    stageName: string;
    deploymentId: string;
    methodSettings: Record<string, MethodSetting>;
    accessLogSettings?: { destinationArn: string; format: string };
}

export interface Received {
    method: string;
    path: string;
    body?: { patchOperations?: Array<{ op: string; path: string; value?: string }> };
}

export interface ServerOptions {
    /** Answer this many UpdateStage calls with ConflictException first. */
    conflicts?: number;
    /** Answer every call with AccessDeniedException. */
    denyAll?: boolean;
}

/**
 * A new entry starts with API Gateway's defaults for a stage with no method settings: no logging, no
 * data trace, no detailed metrics, the account's default throttling, no caching.
 */
export const NEW_ENTRY: MethodSetting = {
    metricsEnabled: false,
    loggingLevel: "OFF",
    dataTraceEnabled: false,
    throttlingBurstLimit: 5000,
    throttlingRateLimit: 10000,
    cachingEnabled: false,
    cacheTtlInSeconds: 300,
    cacheDataEncrypted: false,
    requireAuthorizationForCacheControl: true,
    unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER",
};

// The patchable fields of a method setting, by the last two parts of their patch path.
const FIELDS: Record<string, [string, (v: string) => string | number | boolean]> = {
    "logging/loglevel": ["loggingLevel", (v) => v],
    "logging/dataTrace": ["dataTraceEnabled", (v) => v === "true"],
    "metrics/enabled": ["metricsEnabled", (v) => v === "true"],
    "throttling/burstLimit": ["throttlingBurstLimit", Number],
    "throttling/rateLimit": ["throttlingRateLimit", Number],
    "caching/enabled": ["cachingEnabled", (v) => v === "true"],
    "caching/ttlInSeconds": ["cacheTtlInSeconds", Number],
};

class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly type: string,
        message: string,
    ) {
        super(message);
    }
}

function applyPatch(stage: FakeStage, op: { op: string; path: string; value?: string }): void {
    if (op.path === "/accessLogSettings" && op.op === "remove") {
        delete stage.accessLogSettings;
        return;
    }
    const access = /^\/accessLogSettings\/(destinationArn|format)$/.exec(op.path);
    if (access && op.op === "replace") {
        stage.accessLogSettings = { destinationArn: "", format: "", ...stage.accessLogSettings, [access[1]]: op.value ?? "" };
        return;
    }
    // /{resource path, "~1"-escaped, or *}/{HTTP method}[/{field}]
    const parts = op.path.split("/").slice(1);
    const key = `${parts[0]}/${parts[1]}`;
    if (op.op === "remove" && parts.length === 2) {
        if (!stage.methodSettings[key]) {
            throw new ApiError(400, "BadRequestException", `Cannot remove method setting ${key} because there is no method setting for this method`);
        }
        delete stage.methodSettings[key];
        return;
    }
    const field = FIELDS[parts.slice(2).join("/")];
    if (op.op !== "replace" || !field || parts.length !== 4) {
        throw new ApiError(400, "BadRequestException", `Invalid patch path ${op.path}`);
    }
    if (field[0] === "loggingLevel" && !["OFF", "ERROR", "INFO"].includes(op.value ?? "")) {
        throw new ApiError(400, "BadRequestException", `Invalid logging level ${op.value}`);
    }
    stage.methodSettings[key] = { ...(stage.methodSettings[key] ?? NEW_ENTRY), [field[0]]: field[1](op.value ?? "") };
}

export async function apiGatewayServer(apis: Record<string, { name: string; stages: Record<string, FakeStage> }>, options: ServerOptions = {}) {
    const received: Received[] = [];
    let conflicts = options.conflicts ?? 0;
    const server = http.createServer((req, res) => {
        let text = "";
        req.on("data", (chunk) => (text += chunk));
        req.on("end", () => {
            const path = decodeURIComponent(new URL(req.url ?? "/", "http://local").pathname);
            const body = text ? JSON.parse(text) : undefined;
            received.push({ method: req.method ?? "", path, ...(body ? { body } : {}) });
            const reply = (status: number, payload: unknown, errorType?: string) => {
                res.writeHead(status, { "content-type": "application/json", ...(errorType ? { "x-amzn-errortype": errorType } : {}) });
                res.end(JSON.stringify(payload));
            };
            try {
                if (options.denyAll) {
                    throw new ApiError(403, "AccessDeniedException", "User is not authorized to perform: apigateway:GET");
                }
                const match = /^\/restapis\/([^/]+)(?:\/stages\/([^/]+))?$/.exec(path);
                const api = match ? apis[match[1]] : undefined;
                if (!match || !api) {
                    throw new ApiError(404, "NotFoundException", "Invalid API identifier specified");
                }
                if (!match[2]) {
                    return reply(200, { id: match[1], name: api.name });
                }
                const stage = api.stages[match[2]];
                if (!stage) {
                    throw new ApiError(404, "NotFoundException", "Invalid stage identifier specified");
                }
                if (req.method === "PATCH") {
                    if (conflicts > 0) {
                        conflicts--;
                        throw new ApiError(409, "ConflictException", "Unable to complete operation due to concurrent modification. Please try again later.");
                    }
                    // All or nothing, as API Gateway applies a request's operations.
                    const updated: FakeStage = JSON.parse(JSON.stringify(stage));
                    for (const op of body?.patchOperations ?? []) {
                        applyPatch(updated, op);
                    }
                    api.stages[match[2]] = updated;
                    return reply(200, updated);
                }
                return reply(200, stage);
            } catch (error) {
                if (error instanceof ApiError) {
                    return reply(error.status, { message: error.message }, error.type);
                }
                return reply(500, { message: String(error) }, "InternalFailure");
            }
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        received,
        /** The stage as the server holds it now. */
        stage: (apiId: string, stageName: string) => apis[apiId].stages[stageName],
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

export type ApiGatewayServer = Awaited<ReturnType<typeof apiGatewayServer>>;
