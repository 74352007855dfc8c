// Runs the consumer's program (out/index.js, as tsc compiled index.ts) under Pulumi's mocks, with
// the consumer project's own @pulumi/pulumi, in a process of its own (tests/library/package.spec.ts
// starts it in the scratch project). Writes what was registered, and where `apigw-logging`
// resolved from, to the file named by its first argument. Plain JavaScript: a consumer project has
// no TypeScript runner. The region comes from PULUMI_CONFIG, as the Pulumi CLI passes it.

"use strict";

const fs = require("fs");
const pulumi = require("@pulumi/pulumi");

const REST_API_ID = "a1b2c3d4e5";
const ACCOUNT_ID = "123456789012";
const region = JSON.parse(process.env.PULUMI_CONFIG || "{}")["aws:region"];

/** What AWS would compute, for the types the program creates. */
function computed(args, id) {
    const inputs = args.inputs;
    switch (args.type) {
        case "aws:apigateway/restApi:RestApi":
            return { rootResourceId: "r00tres0ur", executionArn: `arn:aws:execute-api:${region}:${ACCOUNT_ID}:${id}` };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { arn: `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${inputs.name}` };
        case "aws:iam/role:Role":
            return { name: id, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${id}` };
        case "aws:apigateway/stage:Stage":
            return { invokeUrl: `https://${inputs.restApi}.execute-api.${region}.amazonaws.com/${inputs.stageName}` };
        default:
            return {};
    }
}

const registered = [];
pulumi.runtime.setMocks(
    {
        newResource(args) {
            const id = args.type === "aws:apigateway/restApi:RestApi" ? REST_API_ID : `${args.name}-id`;
            registered.push({ type: args.type, name: args.name, custom: args.custom, inputs: args.inputs });
            return { id: args.custom ? id : undefined, state: { ...args.inputs, ...computed(args, id) } };
        },
        call(args) {
            // What the AWS provider answers from its own configuration; nothing else is mocked.
            if (args.token === "aws:index/getRegion:getRegion") {
                return { id: "eu-west-1", name: "eu-west-1", region: "eu-west-1" };
            }
            throw new Error(`unmocked provider call ${args.token}`);
        },
    },
    "consumer",
    "dev",
    false,
);

// The mocks hear of inputs only; parents and dependencies are in the registration requests.
const links = new Map();
const monitor = pulumi.runtime.getMonitor();
const register = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, callback) =>
    register(req, (err, res) => {
        if (res) {
            links.set(req.getName(), { urn: res.getUrn(), parent: req.getParent(), dependsOn: req.getDependenciesList() });
        }
        callback(err, res);
    });

function fail(error) {
    console.error(error);
    process.exit(1);
}
process.on("unhandledRejection", fail);

(async () => {
    const program = require("./out/index.js");
    const outputs = await new Promise((resolve) => pulumi.output(program()).apply(resolve));
    await pulumi.runtime.disconnect();
    const nameOf = new Map([...links].map(([name, link]) => [link.urn, name]));
    const resources = registered.map((resource) => {
        const link = links.get(resource.name) || { dependsOn: [] };
        return {
            ...resource,
            urn: link.urn,
            parent: nameOf.get(link.parent),
            dependsOn: link.dependsOn.map((urn) => nameOf.get(urn) || urn),
        };
    });
    // The stage patch's provider, loaded as Pulumi's dynamic provider host loads its `__provider`
    // (require-from-string, from the project's folder), without calling AWS.
    const patch = registered.find((r) => r.type === "pulumi-nodejs:dynamic/apigw-logging:StageLoggingPatch");
    let patchProvider;
    if (patch) {
        const Module = require("module");
        const file = require("path").join(process.cwd(), "__provider.js");
        const loaded = new Module(file, module);
        loaded.filename = file;
        loaded.paths = Module._nodeModulePaths(process.cwd());
        loaded._compile(patch.inputs.__provider, file);
        const provider = loaded.exports.handler();
        patchProvider = {
            methods: Object.keys(provider).filter((key) => typeof provider[key] === "function").sort(),
            module: require.resolve("apigw-logging/stagePatch/provider"),
        };
    }
    const result = { resolved: require.resolve("apigw-logging"), resources, outputs, patchProvider };
    fs.writeFileSync(process.argv[2], JSON.stringify(result, null, 2));
})().catch(fail);
