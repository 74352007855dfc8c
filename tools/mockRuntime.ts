// Runs a Pulumi program in-process under Pulumi's mocks and records every resource registration
// the way the engine would see it: type, name, parent, inputs and resource options. Used by
// `npm run plan` and by the tests, so both look at the same thing.

import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime";

export const MOCK_ACCOUNT_ID = "123456789012";

/** Data sources the program may read, answered as AWS would for the mock account. */
export const MOCK_CALLS: NonNullable<RunOptions["calls"]> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        id: MOCK_ACCOUNT_ID,
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/mock`,
        userId: "AIDAMOCKMOCKMOCKMOCK",
    }),
};
export const SECRET_MASK = "[secret]";

/**
 * What the AWS provider answers from its own configuration, without calling AWS: the region. Every
 * other provider call must be mocked by the test or the plan (`calls`), or the run fails.
 */
/** The region an explicit provider (`urn::id`, as a call names it) was configured with. */
function providerRegion(provider: string | undefined, recorded: PlannedResource[]): string | undefined {
    const urn = provider?.split("::").slice(0, -1).join("::");
    const configured = recorded.find((r) => r.urn === urn && r.type.startsWith("pulumi:providers:"));
    return configured?.inputs.region as string | undefined;
}

function providerAnswers(region: string): NonNullable<RunOptions["calls"]> {
    return {
        "aws:index/getRegion:getRegion": () => ({ id: region, name: region, region, description: region, endpoint: `ec2.${region}.amazonaws.com` }),
    };
}
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface PlannedResource {
    type: string;
    name: string;
    urn: string;
    /** The parent's name; top-level resources have the stack as parent. */
    parent: string;
    custom: boolean;
    inputs: Record<string, unknown>;
    /** What the mocked provider returned: inputs plus the computed properties (arn, id, ...). */
    outputs: Record<string, unknown>;
    /** Names of the resources this one waits for (explicit dependsOn and input references). */
    dependsOn: string[];
    retainOnDelete: boolean;
    protect: boolean;
    deleteBeforeReplace: boolean;
    /** Former names this resource answers to (alias specs' `name`), so a rename is not a replace. */
    aliasNames: string[];
    /** The `import` resource option: the id of an existing resource this one adopts instead of creating. */
    importId?: string;
}

export interface ProgramRun {
    /** The stack root, as `pulumi preview` shows it. */
    stackName: string;
    resources: PlannedResource[];
    outputs: Record<string, unknown>;
    /** What the program said with `pulumi.log.warn`, in order. */
    warnings: string[];
}

export interface RunOptions {
    project: string;
    stack: string;
    /** Fully qualified config (`project:key`, `aws:region`) as the CLI hands it to a program: strings. */
    config?: Record<string, string>;
    /** Keys of `config` that are secrets. */
    secretKeys?: string[];
    /** Mocked provider functions (`aws:index/getCallerIdentity:getCallerIdentity` → result). */
    calls?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
    /** Extra or replacement state for a resource type (e.g. StackReference outputs). */
    state?: (args: MockResourceArgs) => Record<string, unknown> | undefined;
}

/**
 * Runs `program` (which creates resources and returns the stack outputs, or returns a function that
 * does, as a Pulumi program's module may export) under mocks. Errors the program raises,
 * synchronously or inside an `apply`, reject the returned promise.
 */
export async function runProgram(options: RunOptions, program: () => unknown): Promise<ProgramRun> {
    const region = options.config?.["aws:region"] ?? "us-east-1";
    const recorded: PlannedResource[] = [];
    const byUrn = new Map<string, string>();
    // An error inside an apply fails the registrations that need it; their outputs then never
    // resolve. The first such failure ends the run, as it ends `pulumi up`.
    let fail: (reason: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const onRejection = (reason: unknown) => fail(reason);
    process.on("unhandledRejection", onRejection);
    // Without an engine, pulumi.log.warn writes "warning: [runtime] <message>" with console.warn
    // (@pulumi/pulumi log/index.js): kept here, as the engine keeps a preview's diagnostics.
    const warnings: string[] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => {
        const text = args.map(String).join(" ");
        const runtime = /^warning: \[runtime\] ([^]*)$/.exec(text);
        return runtime ? void warnings.push(runtime[1]) : consoleWarn(...args);
    };

    try {
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => ({
                    // A read (`.get`, a StackReference) or an import keeps the id it was asked for.
                    id: args.custom ? args.id || mockId(args) : undefined,
                    state: { ...args.inputs, ...mockState(args, region), ...(options.state?.(args) ?? {}) },
                }),
                call: (args: MockCallArgs) => {
                    const fn = options.calls?.[args.token] ?? providerAnswers(providerRegion(args.provider, recorded) ?? region)[args.token];
                    if (!fn) {
                        // Fail loudly: a program that silently depends on a data source would plan garbage.
                        throw new Error(`unmocked provider call ${args.token}`);
                    }
                    return fn(args.inputs);
                },
            },
            options.project,
            options.stack,
            false,
        );
        pulumi.runtime.setAllConfig(options.config ?? {}, options.secretKeys ?? []);
        recordRegistrations(recorded, byUrn);

        const outputs = await Promise.race([
            (async () => {
                // Like Pulumi's runner: a module that exports a function is a program whose outputs
                // are what that function returns.
                const exported = await program();
                const resolved = await resolveOutputs(typeof exported === "function" ? await exported() : exported);
                await (pulumi.runtime as unknown as { disconnect(): Promise<void> }).disconnect();
                // Give rejected registrations a turn to surface before judging the run.
                await new Promise((resolve) => setImmediate(resolve));
                return resolved;
            })(),
            failed,
        ]);
        const stackName = `${options.project}-${options.stack}`;
        const states = (pulumi.runtime.getMonitor() as unknown as { resources: Map<string, { id: string | null; state: unknown }> }).resources;
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const rpc = require("@pulumi/pulumi/runtime/rpc");
        for (const resource of recorded) {
            const registered = states.get(resource.urn);
            if (registered && resource.custom) {
                resource.outputs = { id: registered.id, ...rpc.deserializeProperty(registered.state) };
            } else if (registered?.state && typeof (registered.state as { toJavaScript?: unknown }).toJavaScript === "function") {
                // A component's registerOutputs: the mock monitor keeps them as a protobuf Struct.
                resource.outputs = rpc.deserializeProperties(registered.state);
            }
            resource.parent = byUrn.get(resource.parent) ?? stackName;
            resource.dependsOn = resource.dependsOn.map((urn) => byUrn.get(urn) ?? urn);
        }
        return { stackName, resources: recorded, outputs, warnings };
    } finally {
        process.off("unhandledRejection", onRejection);
        console.warn = consoleWarn;
    }
}

/**
 * Wraps the mock monitor so each registration's options are kept next to its inputs. Reads
 * (`StackReference`, `.get()`) are recorded too, with the properties they were read with.
 */
function recordRegistrations(recorded: PlannedResource[], byUrn: Map<string, string>): void {
    type Callback = (err: unknown, res: { getUrn(): string }) => void;
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
        readResource(req: ReadRequest, callback: Callback): Promise<void>;
    };
    const record = (req: RegisterRequest | ReadRequest, read: boolean, callback: Callback): Callback => (err, response) => {
        if (!err && response) {
            const urn = response.getUrn();
            byUrn.set(urn, req.getName());
            const register = read ? undefined : (req as RegisterRequest);
            const importId = register?.getImportid();
            recorded.push({
                type: req.getType(),
                name: req.getName(),
                urn,
                parent: req.getParent(),
                custom: register ? register.getCustom() : true,
                inputs: deserializeKeepingSecrets((register ? register.getObject() : (req as ReadRequest).getProperties()) as { toJavaScript(): Record<string, unknown> }),
                outputs: {},
                dependsOn: req.getDependenciesList(),
                retainOnDelete: register?.getRetainondelete() ?? false,
                protect: register?.getProtect() ?? false,
                deleteBeforeReplace: register?.getDeletebeforereplace() ?? false,
                aliasNames: (register?.getAliasesList() ?? []).map((a) => a.getSpec()?.getName() ?? "").filter(Boolean),
                ...(importId ? { importId } : {}),
            });
        }
        callback(err, response);
    };
    const register = monitor.registerResource.bind(monitor);
    const read = monitor.readResource.bind(monitor);
    monitor.registerResource = (req, callback) => register(req, record(req, false, callback));
    monitor.readResource = (req, callback) => read(req, record(req, true, callback));
}

/**
 * The properties of a request as the engine gets them, with every secret where the program put it:
 * the SDK's own deserializer lifts a secret inside an object or a list to the whole of it (one secret
 * tag would hide all the tags), the engine does not. A secret is `{ [SECRET_SIG_KEY]: SECRET_SIG,
 * value }` (what `maskSecrets` masks and `isSecretValue` recognises).
 */
function deserializeKeepingSecrets(struct: { toJavaScript(): Record<string, unknown> }): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const rpc = require("@pulumi/pulumi/runtime/rpc");
    const walk = (value: unknown): unknown => {
        if (Array.isArray(value)) {
            return value.map(walk);
        }
        if (value && typeof value === "object") {
            const record = value as Record<string, unknown>;
            if (record[SECRET_SIG_KEY] === SECRET_SIG) {
                return { [SECRET_SIG_KEY]: SECRET_SIG, value: walk(record.value) };
            }
            if (record[SECRET_SIG_KEY] !== undefined) {
                return rpc.deserializeProperty(value);
            }
            return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined).map(([k, v]) => [k, walk(v)]));
        }
        return rpc.deserializeProperty(value);
    };
    return walk(struct.toJavaScript()) as Record<string, unknown>;
}

/** Whether a recorded input (or output) value is a secret. */
export function isSecretValue(value: unknown): boolean {
    return !!value && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

interface ReadRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProperties(): unknown;
    getDependenciesList(): string[];
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): unknown;
    getDependenciesList(): string[];
    getRetainondelete(): boolean | undefined;
    getProtect(): boolean | undefined;
    getDeletebeforereplace(): boolean | undefined;
    getAliasesList(): Array<{ getSpec(): { getName(): string } | undefined }>;
    getImportid(): string;
}

async function resolveOutputs(exported: unknown): Promise<Record<string, unknown>> {
    const value = await exported;
    if (value === undefined || value === null) {
        return {};
    }
    const outputs: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (key !== "__esModule") {
            const settled = await settle(item);
            // Like the engine: a stack output whose value is undefined is not an output at all.
            if (settled !== undefined) {
                outputs[key] = settled;
            }
        }
    }
    return outputs;
}

/** The plain value of an output, with secrets kept recognisable so they can be masked. */
export async function settle(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const [plain, secret] = await Promise.all([promiseOf(value), pulumi.isSecret(value as pulumi.Output<unknown>)]);
        return secret ? { [SECRET_SIG_KEY]: SECRET_SIG, value: plain } : settle(plain);
    }
    if (Array.isArray(value)) {
        return Promise.all(value.map(settle));
    }
    if (value && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await settle(v)] as const));
        return Object.fromEntries(entries);
    }
    return value;
}

/** Awaits an output's value; rejects when the output failed (an error thrown inside an `apply`). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as unknown as { promise(): Promise<T> }).promise();
}

/** Replaces every secret value with a mask, recursively. */
export function maskSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(maskSecrets);
    }
    if (value && typeof value === "object") {
        if ((value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG) {
            return SECRET_MASK;
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v)]));
    }
    return value;
}

/** Ids that look like AWS's: a REST API id is 10 lowercase letters and digits. */
function mockId(args: MockResourceArgs): string {
    const hash = crypto.createHash("sha256").update(`${args.type}::${args.name}`).digest("hex");
    if (args.type === "aws:apigateway/restApi:RestApi") {
        return hash.slice(0, 10);
    }
    if (args.type === "aws:cloudwatch/logGroup:LogGroup" && typeof args.inputs.name === "string") {
        return args.inputs.name;
    }
    if (args.type === "aws:s3/bucket:Bucket" && typeof args.inputs.bucket === "string") {
        return args.inputs.bucket;
    }
    return `${args.name}-${hash.slice(0, 8)}`;
}

/** The outputs AWS computes, for the resource types this project creates. */
function mockState(args: MockResourceArgs, region: string): Record<string, unknown> {
    const inputs = args.inputs as Record<string, any>;
    const arn = (service: string, resource: string, inRegion = true) =>
        `arn:aws:${service}:${inRegion ? region : ""}:${MOCK_ACCOUNT_ID}:${resource}`;
    switch (args.type) {
        case "aws:iam/role:Role": {
            const name = inputs.name ?? `${args.name}-${mockId(args).slice(-7)}`;
            return { name, arn: arn("iam", `role/${name}`, false) };
        }
        case "aws:cloudwatch/logGroup:LogGroup":
            return { arn: arn("logs", `log-group:${inputs.name}`) };
        case "aws:cloudwatch/logStream:LogStream":
            return { arn: arn("logs", `log-group:${inputs.logGroupName}:log-stream:${inputs.name}`) };
        case "aws:s3/bucket:Bucket": {
            const bucket = inputs.bucket ?? `${args.name}-${mockId(args).slice(-7)}`;
            return { bucket, arn: `arn:aws:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.amazonaws.com` };
        }
        case "aws:cloudwatch/logDeliverySource:LogDeliverySource":
            return { arn: arn("logs", `delivery-source:${inputs.name}`), service: "apigateway" };
        case "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": {
            // CloudWatch Logs tells the type from the destination's ARN (PutDeliveryDestination).
            const service = String(inputs.deliveryDestinationConfiguration?.destinationResourceArn ?? "").split(":")[2];
            const type = ({ logs: "CWL", s3: "S3", firehose: "FH" } as Record<string, string>)[service];
            return { arn: arn("logs", `delivery-destination:${inputs.name}`), ...(type ? { deliveryDestinationType: type } : {}) };
        }
        case "aws:cloudwatch/logDelivery:LogDelivery":
            return { arn: arn("logs", `delivery:${mockId(args)}`) };
        case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream":
            return { arn: arn("firehose", `deliverystream/${inputs.name}`) };
        case "aws:apigateway/restApi:RestApi": {
            const id = mockId(args);
            return {
                rootResourceId: `${id.slice(0, 4)}root00`,
                executionArn: arn("execute-api", id),
                arn: `arn:aws:apigateway:${region}::/restapis/${id}`,
            };
        }
        case "pulumi:pulumi:StackReference":
            // A stack in this region that manages the account setting, as `npm run plan` pictures it.
            return {
                name: inputs.name,
                outputs: {
                    accountSettingMode: "create",
                    cloudWatchRoleArn: arn("iam", "role/apigw-logging-cloudwatch-role", false),
                },
            };
        case "aws:apigateway/stage:Stage":
            return {
                invokeUrl: `https://${inputs.restApi}.execute-api.${region}.amazonaws.com/${inputs.stageName}`,
                arn: `arn:aws:apigateway:${region}::/restapis/${inputs.restApi}/stages/${inputs.stageName}`,
                executionArn: arn("execute-api", `${inputs.restApi}/${inputs.stageName}`),
            };
        default:
            return {};
    }
}
