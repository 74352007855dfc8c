// An API team's stack: it owns its REST API and stage, and takes the stage's logging from the
// platform team's apigw-logging stack through a StackReference (output contract 1.x).

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The part of apigw-logging's `stages.<key>` output this stack uses (see its README, "Outputs"). */
interface LoggedStage {
    restApiId: string;
    stageName: string;
    accessLogSettings: { destinationArn: string; format: string };
    executionLogGroupName: string;
}

const SUPPORTED_CONTRACT_MAJOR = "1";

const config = new pulumi.Config();
const loggingStack = config.require("loggingStack");
const stageKey = config.require("stageKey");

const logging = new pulumi.StackReference(loggingStack);
const contractVersion = logging.requireOutput("contractVersion").apply((version: string) => {
    if (String(version).split(".")[0] !== SUPPORTED_CONTRACT_MAJOR) {
        throw new Error(`${loggingStack} exports output contract ${version}; this stack reads contract ${SUPPORTED_CONTRACT_MAJOR}.x`);
    }
    return version;
});
const logged = pulumi.all([logging.requireOutput("stages"), contractVersion]).apply(([stages]) => {
    const entry = (stages as Record<string, LoggedStage>)[stageKey];
    if (!entry) {
        throw new Error(
            `${loggingStack} logs no stage "${stageKey}" (it logs: ${Object.keys(stages).join(", ") || "none"}); ` +
                "ask the platform team to add this stage to apigw-logging:stages first",
        );
    }
    return entry;
});

// The team's API. On the first deploy its id is not known to the platform stack yet; once the
// platform lists it in apigw-logging:stages, this stack's next `pulumi up` attaches the logging.
const api = new aws.apigateway.RestApi("orders", { name: "orders", endpointConfiguration: { types: "REGIONAL" } });
const method = new aws.apigateway.Method("orders-get", {
    restApi: api.id,
    resourceId: api.rootResourceId,
    httpMethod: "GET",
    authorization: "NONE",
});
const integration = new aws.apigateway.Integration(
    "orders-get",
    { restApi: api.id, resourceId: api.rootResourceId, httpMethod: "GET", type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } },
    { dependsOn: [method] },
);
const deployment = new aws.apigateway.Deployment("orders", { restApi: api.id, triggers: { integration: "MOCK GET /" } }, { dependsOn: [integration] });

const stage = new aws.apigateway.Stage("orders", {
    restApi: api.id,
    deployment: deployment.id,
    stageName: logged.stageName,
    accessLogSettings: logged.accessLogSettings,
});

export const invokeUrl = stage.invokeUrl;
export const accessLogDestination = logged.accessLogSettings.destinationArn;
export const executionLogGroupName = logged.executionLogGroupName;
