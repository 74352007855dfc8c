// Starts policy/ the way the Pulumi CLI does (node @pulumi/pulumi/cmd/run-policy-pack in the pack's
// directory, stack name and config in the environment, ts-node type-checking index.ts) and talks to
// it over the analyzer gRPC protocol, as the engine would. No Pulumi CLI is involved.

import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { PROJECT_DIR } from "../../tools/plan";

// The engine's side of the protocol, from @pulumi/pulumi (which ships no types for google-protobuf).
const services = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const messages = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

type Call = (request: unknown, callback: (error: Error | null, response: any) => void) => void;

describe("policy pack process", function () {
    // ts-node type-checks the pack and the component files it imports before it serves.
    this.timeout(180_000);
    let pack: ChildProcess;
    let client: grpc.Client & Record<string, Call>;
    let stderr = "";

    before(async () => {
        pack = spawn(process.execPath, [require.resolve("@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:0", "."], {
            cwd: path.join(PROJECT_DIR, "packages", "policy"),
            env: {
                ...process.env,
                // As the Pulumi CLI starts it: apigw-logging is the built package (lib/ and its
                // declarations), not the TypeScript source the tests' condition selects.
                NODE_OPTIONS: (process.env.NODE_OPTIONS ?? "").replace("--conditions=apigw-logging-source", "").trim(),
                PULUMI_STACK: "prod",
                PULUMI_PROJECT: "apigw-logging",
                PULUMI_CONFIG: JSON.stringify({ "apigw-logging:production": "true" }),
            },
        });
        pack.stderr!.on("data", (chunk) => (stderr += chunk));
        const port = await new Promise<string>((resolve, reject) => {
            pack.stdout!.on("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
            pack.on("exit", (code) => reject(new Error(`the pack exited with ${code}: ${stderr}`)));
        });
        client = new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        pack?.kill();
    });

    const call = (method: string, request: unknown) =>
        new Promise<any>((resolve, reject) => client[method](request, (error, response) => (error ? reject(error) : resolve(response))));

    /** The diagnostics for one resource: `policy: violation`, and their enforcement levels. */
    async function analyze(type: string, props: Record<string, unknown>): Promise<{ messages: string[]; levels: number[] }> {
        const request = new messages.AnalyzeRequest();
        request.setType(type);
        request.setName("r");
        request.setUrn(`urn:pulumi:prod::apigw-logging::${type}::r`);
        request.setProperties(Struct.fromJavaScript(props));
        request.setOptions(new messages.AnalyzerResourceOptions());
        const diagnostics: any[] = (await call("analyze", request)).getDiagnosticsList();
        return {
            // The SDK sends the policy's description, a newline, then the violation.
            messages: diagnostics.map((d) => `${d.getPolicyname()}: ${d.getMessage().split("\n").pop()}`),
            levels: diagnostics.map((d) => d.getEnforcementlevel()),
        };
    }

    it("serves the nine rules as mandatory", async () => {
        const info = await call("getAnalyzerInfo", new Empty());
        assert.strictEqual(info.getName(), "apigw-logging");
        const mandatory = messages.EnforcementLevel.MANDATORY;
        assert.deepStrictEqual(
            info.getPoliciesList().map((p: any) => [p.getName(), p.getEnforcementlevel() === mandatory]),
            [
                ["apigateway-stage-access-logs", true],
                ["apigateway-access-log-format", true],
                ["apigateway-method-logging-in-production", true],
                ["apigateway-data-trace-in-production", true],
                ["cloudwatch-log-group-retention", true],
                ["cloudwatch-log-group-kms", true],
                ["firehose-access-log-stream", true],
                ["apigateway-stage-method-settings", true],
                ["log-delivery-bucket-private-encrypted", true],
            ],
        );
    });

    it("knows the stack is production from the environment the CLI sets", async () => {
        const settings = { restApi: "a1b2c3d4e5", stageName: "v1", methodPath: "*/*", settings: { loggingLevel: "OFF" } };
        assert.deepStrictEqual((await analyze("aws:apigateway/methodSettings:MethodSettings", settings)).messages, [
            'apigateway-method-logging-in-production: MethodSettings a1b2c3d4e5/v1 */*: settings.loggingLevel: "OFF" turns execution logging off ' +
                "in production stack \"prod\" (allowed: ERROR, INFO; unset is OFF); exempt a method path deliberately with this policy's exemptMethodPaths",
        ]);
    });

    it("checks a stage's format when its destination is not known yet", async () => {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's unknown-string sentinel
        const stage = { restApi: "a1b2c3d4e5", stageName: "v1", accessLogSettings: { destinationArn: unknown, format: "$context.status" } };
        const [violation] = (await analyze("aws:apigateway/stage:Stage", stage)).messages;
        assert.match(violation, /^apigateway-access-log-format: Stage a1b2c3d4e5\/v1: accessLogSettings.format: "\$context.status" must contain \$context.requestId/);
    });

    it("takes enforcement levels and options from the policy config", async () => {
        const request = new messages.ConfigureAnalyzerRequest();
        const config = new messages.PolicyConfig();
        config.setEnforcementlevel(messages.EnforcementLevel.ADVISORY);
        config.setProperties(Struct.fromJavaScript({ minimumRetentionInDays: 7 }));
        request.getPolicyconfigMap().set("cloudwatch-log-group-retention", config);
        await call("configure", request);
        assert.deepStrictEqual((await analyze("aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 14 })).messages, []);
        const tooShort = await analyze("aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 3 });
        assert.deepStrictEqual(tooShort.levels, [messages.EnforcementLevel.ADVISORY]);
        assert.match(tooShort.messages[0], /retentionInDays: 3 is below the production minimum of 7 days/);
    });
});
