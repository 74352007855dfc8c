// Scenarios 2, 3 and 5 read AWS back: GetStage (method settings, access-log settings) and the objects
// under the Firehose prefix. Here against tiny local fakes of API Gateway's and S3's REST APIs.

import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { S3Client } from "@aws-sdk/client-s3";
import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import * as zlib from "zlib";
import { methodSettingProblem, objectContaining, PARTITIONED_KEY, pointerEscapedMethodPath, readStage } from "../../../tools/e2e/stageChecks";
import { waitFor } from "../../../tools/e2e/wait";
import { LOCAL_CREDENTIALS } from "../fakes/cloudWatchLogs";

async function fake(handler: (req: http.IncomingMessage, url: URL) => { status?: number; headers?: Record<string, string>; body: string | Buffer }) {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        const url = new URL(req.url!, "http://local");
        requests.push(`${req.method} ${url.pathname}${url.search}`);
        const reply = handler(req, url);
        res.writeHead(reply.status ?? 200, reply.headers ?? {});
        res.end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

const STAGE = {
    stageName: "e2e-20261203114532-4c9f",
    deploymentId: "d1",
    accessLogSettings: { format: "$context.requestId", destinationArn: "arn:aws:logs:eu-west-1:123456789012:log-group:g" },
    methodSettings: {
        "*/*": { loggingLevel: "ERROR", metricsEnabled: true, dataTraceEnabled: false },
        "pets/{id}/GET": { loggingLevel: "INFO", metricsEnabled: true, dataTraceEnabled: false },
    },
};

describe("e2e: reading a stage back", () => {
    it("GetStage returns the method settings under the keys API Gateway keeps them", async () => {
        const server = await fake(() => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(STAGE) }));
        try {
            const client = new APIGatewayClient({ endpoint: server.endpoint, region: "eu-west-1", credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
            const stage = await readStage(client, "n1e2s3t4e5", STAGE.stageName);
            assert.deepStrictEqual(server.requests, [`GET /restapis/n1e2s3t4e5/stages/${STAGE.stageName}`]);
            assert.deepStrictEqual(Object.keys(stage.methodSettings ?? {}), ["*/*", "pets/{id}/GET"]);
            assert.strictEqual(stage.accessLogSettings?.format, "$context.requestId");
            assert.strictEqual(methodSettingProblem(stage, "pets/{id}/GET", "INFO"), undefined);
            assert.strictEqual(methodSettingProblem(stage, "*/*", "ERROR"), undefined);
        } finally {
            await server.close();
        }
    });

    it("says what the stage has when the override is missing or at another level", () => {
        assert.strictEqual(
            methodSettingProblem(STAGE, "pets/{id}/GET", "ERROR"),
            `stage ${STAGE.stageName}: method setting "pets/{id}/GET" has loggingLevel INFO, not ERROR; its method settings: "*/*" (ERROR), "pets/{id}/GET" (INFO)`,
        );
        const escaped = { ...STAGE, methodSettings: { "*/*": STAGE.methodSettings["*/*"], "~1pets~1{id}/GET": STAGE.methodSettings["pets/{id}/GET"] } };
        assert.strictEqual(
            methodSettingProblem(escaped, "pets/{id}/GET", "INFO"),
            `stage ${STAGE.stageName}: no method setting under the key "pets/{id}/GET"; its method settings: "*/*" (ERROR), "~1pets~1{id}/GET" (INFO)` +
                ` (API Gateway's own spelling of that method is "~1pets~1{id}/GET")`,
        );
        assert.strictEqual(methodSettingProblem({ stageName: "s" }, "*/*", "ERROR"), 'stage s: no method setting under the key "*/*"; its method settings: none');
    });

    it("spells a method path as the component sends it, API Gateway's JSON-pointer key", () => {
        assert.deepStrictEqual(["pets/{id}/GET", "orders/POST", "/a/b/c/DELETE"].map(pointerEscapedMethodPath), ["~1pets~1{id}/GET", "~1orders/POST", "~1a~1b~1c/DELETE"]);
    });
});

describe("e2e: the Firehose object with the request", () => {
    it("lists every page under the prefix, reads each new object once (GZIP or not), and finds the request's line", async () => {
        const prefix = "access-logs/a1b2c3d4e5/e2e-20261203114532-4c9f/";
        const objects: Record<string, Buffer> = {};
        const server = await fake((req, url) => {
            const [, bucket, ...rest] = url.pathname.split("/");
            const key = rest.filter(Boolean);
            assert.strictEqual(bucket, "apigw-logs-bucket");
            if (key.length === 0) {
                // ListObjectsV2, two keys a page.
                const keys = Object.keys(objects).filter((k) => k.startsWith(url.searchParams.get("prefix") ?? "")).sort();
                const offset = Number(url.searchParams.get("continuation-token") ?? 0);
                const page = keys.slice(offset, offset + 2);
                const more = offset + 2 < keys.length;
                return {
                    headers: { "content-type": "application/xml" },
                    body:
                        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name>` +
                        `<KeyCount>${page.length}</KeyCount><IsTruncated>${more}</IsTruncated>${more ? `<NextContinuationToken>${offset + 2}</NextContinuationToken>` : ""}` +
                        page.map((k) => `<Contents><Key>${k}</Key><Size>${objects[k].length}</Size></Contents>`).join("") +
                        `</ListBucketResult>`,
                };
            }
            return { headers: { "content-type": "application/octet-stream" }, body: objects[decodeURIComponent(key.join("/"))] };
        });
        try {
            const client = new S3Client({ endpoint: server.endpoint, forcePathStyle: true, region: "eu-west-1", credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
            const check = objectContaining(client, "apigw-logs-bucket", prefix, "req-42");
            let polls = 0;
            const found = await waitFor(check, {
                what: "the object",
                timeoutMs: 5_000,
                intervalMs: 1,
                onPending: (detail) => {
                    polls++;
                    if (polls === 1) {
                        assert.strictEqual(detail, `0 objects under s3://apigw-logs-bucket/${prefix}, none containing req-42`);
                        objects[`${prefix}year=2026/month=12/day=03/hour=11/a-1`] = zlib.gzipSync('{"requestId":"req-41"}\n');
                        objects[`${prefix}year=2026/month=12/day=03/hour=11/a-2`] = Buffer.from('{"requestId":"req-40"}\n');
                        objects["errors/elsewhere"] = Buffer.from("req-42");
                    }
                    if (polls === 2) {
                        assert.strictEqual(detail, `2 objects under s3://apigw-logs-bucket/${prefix}, none containing req-42`);
                        objects[`${prefix}year=2026/month=12/day=03/hour=12/b-1`] = zlib.gzipSync('{"requestId":"req-41"}\n{"requestId":"req-42"}\n');
                    }
                },
            });
            assert.strictEqual(found.key, `${prefix}year=2026/month=12/day=03/hour=12/b-1`);
            assert.match(found.key.slice(prefix.length), PARTITIONED_KEY);
            assert.deepStrictEqual(found.text.split("\n"), ['{"requestId":"req-41"}', '{"requestId":"req-42"}', ""]);
            // Three objects, each read once; the third listing took two pages.
            const gets = server.requests.filter((r) => decodeURIComponent(r).includes("/year="));
            assert.strictEqual(gets.length, 3);
            assert.strictEqual(server.requests.filter((r) => r.includes("continuation-token=2")).length, 1);
        } finally {
            await server.close();
        }
    });

    it("knows Firehose's partitions", () => {
        assert.match("year=2026/month=12/day=03/hour=09/amazon-apigateway-x-1-2026-12-03-09-00-00-abc.gz", PARTITIONED_KEY);
        assert.doesNotMatch("2026/12/03/09/object.gz", PARTITIONED_KEY);
    });
});
