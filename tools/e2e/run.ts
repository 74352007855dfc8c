// One e2e run: a Pulumi stack of this project (LocalWorkspace over the repository, the program in
// program/ exactly as `pulumi up` runs it), in a local file backend in a temporary directory, named
// after the run id; the AWS clients the checks use; and the cleanup that removes all of it.

import { CreateDeploymentCommand, GetAccountCommand, ImportRestApiCommand } from "@aws-sdk/client-api-gateway";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { LocalWorkspace, OpMap, Stack, UpdateSummary } from "@pulumi/pulumi/automation";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { awsCleanupApi, AwsClients, awsClients } from "./awsCleanup";
import { CleanupReport, roleNameOf, runCleanup } from "./cleanup";
import { byPathMode, e2eStackConfig, E2eStep, nestedApiName } from "./config";
import { Step, stepCollector } from "./steps";

export interface RunOptions {
    runId: string;
    region: string;
    projectDir: string;
    /** Progress lines (stderr). */
    log: (line: string) => void;
    /** Another run's leftovers are removed once older than this. */
    staleAfterMs: number;
}

export interface NestedApi {
    id: string;
    /** `https://{id}.execute-api.{region}.amazonaws.com/{stage}` */
    invokeUrl: string;
}

/** The nested REST API the suite makes itself: GET / and GET /pets/{id}, both MOCK, so overrides have a nested path to act on. */
export function nestedApiDefinition(title: string): object {
    const mock = {
        type: "mock",
        passthroughBehavior: "when_no_match",
        requestTemplates: { "application/json": '{"statusCode": 200}' },
        responses: { default: { statusCode: "200", responseTemplates: { "application/json": '{"requestId": "$context.requestId"}' } } },
    };
    const get = (parameters: object[]) => ({ parameters, responses: { "200": { description: "OK" } }, "x-amazon-apigateway-integration": mock });
    return {
        openapi: "3.0.1",
        info: { title, version: "1", description: "apigw-logging e2e suite: a nested path for method-settings overrides (removed by its cleanup)" },
        paths: {
            "/": { get: get([]) },
            "/pets/{id}": { get: get([{ name: "id", in: "path", required: true, schema: { type: "string" } }]) },
        },
    };
}

export class E2eRun {
    readonly clients: AwsClients;
    readonly backendDir: string;
    stack?: Stack;
    workspace?: LocalWorkspace;
    nestedApi?: NestedApi;
    /** The account setting's role before the run (cleanup points it back there). */
    previousAccountRoleArn?: string;
    cleanupReport?: CleanupReport;

    constructor(readonly options: RunOptions) {
        this.clients = awsClients(options.region);
        this.backendDir = fs.mkdtempSync(path.join(os.tmpdir(), `apigw-logging-${options.runId}-`));
    }

    get runId(): string {
        return this.options.runId;
    }

    /** Creates the stack (and records the account setting as it was). */
    async start(): Promise<void> {
        const { runId, region, projectDir } = this.options;
        const account = await this.clients.apigateway.send(new GetAccountCommand({}));
        this.previousAccountRoleArn = account.cloudwatchRoleArn || undefined;
        this.options.log(`account setting before the run: ${this.previousAccountRoleArn ?? "(no role)"}`);

        // NODE_OPTIONS from `npm run test:e2e` would make the program load the package's TS source;
        // `pulumi up` loads its build (lib/, made by npm ci / npm run build), and so does the suite.
        const nodeOptions = (process.env.NODE_OPTIONS ?? "").replace(/--conditions[= ]apigw-logging-source/g, "").trim();
        this.workspace = await LocalWorkspace.create({
            workDir: projectDir,
            envVars: {
                PULUMI_BACKEND_URL: `file://${this.backendDir}`,
                PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? crypto.randomBytes(24).toString("base64"),
                PULUMI_SKIP_UPDATE_CHECK: "true",
                // As in the workflows: the program is type-checked by npm test, compiled with swc here.
                PULUMI_NODEJS_TRANSPILE_ONLY: "true",
                AWS_REGION: region,
                NODE_OPTIONS: nodeOptions,
            },
        });
        const awsVersion = (JSON.parse(fs.readFileSync(require.resolve("@pulumi/aws/package.json"), "utf8")) as { version: string }).version;
        await this.workspace.installPlugin("aws", `v${awsVersion}`);
        this.stack = await Stack.create(runId, this.workspace);
        this.options.log(`stack ${runId} in ${this.backendDir} (region ${region}, @pulumi/aws ${awsVersion})`);
    }

    /** Makes the nested REST API (ImportRestApi) and its stage, named after the run. */
    async createNestedApi(): Promise<NestedApi> {
        const { runId, region } = this.options;
        const api = await this.clients.apigateway.send(
            new ImportRestApiCommand({
                body: Buffer.from(JSON.stringify(nestedApiDefinition(nestedApiName(runId)))),
                failOnWarnings: true,
                parameters: { endpointConfigurationTypes: "REGIONAL" },
            }),
        );
        await this.clients.apigateway.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: runId, description: "apigw-logging e2e" }));
        this.nestedApi = { id: api.id!, invokeUrl: `https://${api.id}.execute-api.${region}.amazonaws.com/${runId}` };
        this.options.log(`nested REST API ${api.id} (${nestedApiName(runId)}), stage ${runId}`);
        return this.nestedApi;
    }

    private requireStack(): Stack {
        if (!this.stack) throw new Error("the stack has not been created (start() failed)");
        return this.stack;
    }

    private pulumiOutput = (text: string) => {
        for (const line of text.split("\n").filter((l) => l.trim())) this.options.log(`  | ${line}`);
    };

    async configure(step: E2eStep): Promise<void> {
        const { plain, path } = byPathMode(e2eStackConfig(step));
        await this.requireStack().setAllConfig(plain);
        await this.requireStack().setAllConfig(path, true);
    }

    async preview(): Promise<{ steps: Step[]; changeSummary: OpMap }> {
        const collector = stepCollector();
        const result = await this.requireStack().preview({ onEvent: collector.onEvent, onOutput: this.pulumiOutput, color: "never" });
        return { steps: collector.steps(), changeSummary: result.changeSummary };
    }

    async up(): Promise<{ steps: Step[]; outputs: Record<string, unknown>; summary: UpdateSummary }> {
        const collector = stepCollector();
        const result = await this.requireStack().up({ onEvent: collector.onEvent, onOutput: this.pulumiOutput, color: "never" });
        const outputs = Object.fromEntries(Object.entries(result.outputs).map(([key, output]) => [key, output.value]));
        return { steps: collector.steps(), outputs, summary: result.summary };
    }

    async destroy(): Promise<UpdateSummary> {
        return (await this.requireStack().destroy({ onOutput: this.pulumiOutput, color: "never" })).summary;
    }

    async roleExists(roleArn: string): Promise<boolean> {
        try {
            await this.clients.iam.send(new GetRoleCommand({ RoleName: roleNameOf(roleArn) }));
            return true;
        } catch (error) {
            if ((error as Error).name === "NoSuchEntity") return false;
            throw error;
        }
    }

    /**
     * Removes everything the run made: `pulumi destroy` of what the stack still holds, the stack, and
     * then every resource carrying the run id (what destroy retained, or a failed run left), with the
     * account setting pointed back at its earlier role. Safe to call twice, and after any failure.
     */
    async cleanup(): Promise<CleanupReport> {
        const log = this.options.log;
        if (this.stack && this.workspace) {
            try {
                await this.stack.destroy({ onOutput: this.pulumiOutput, color: "never" });
            } catch (error) {
                log(`cleanup: pulumi destroy failed (${(error as Error).message.split("\n")[0]}); removing by name instead`);
            }
            try {
                await this.workspace.removeStack(this.runId, { force: true });
            } catch (error) {
                log(`cleanup: pulumi stack rm failed (${(error as Error).message.split("\n")[0]})`);
            }
        }
        const previous = this.previousAccountRoleArn && (await this.roleExists(this.previousAccountRoleArn)) ? this.previousAccountRoleArn : undefined;
        this.cleanupReport = await runCleanup(awsCleanupApi(this.clients, this.options.region, this.options.projectDir), {
            runId: this.runId,
            now: Date.now(),
            staleAfterMs: this.options.staleAfterMs,
            previousAccountRoleArn: previous,
            log: (line) => log(`cleanup: ${line}`),
        });
        fs.rmSync(this.backendDir, { recursive: true, force: true });
        return this.cleanupReport;
    }
}
