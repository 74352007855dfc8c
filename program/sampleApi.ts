// A small REST API to log: GET / answered by a MOCK integration, so a fresh account gets a
// callable URL without any Lambda function or backend.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export const SAMPLE_API_TYPE = "apigw-logging:index:SampleApi";

export interface SampleApiArgs {
    /** The REST API's name in API Gateway. */
    apiName: string;
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

export class SampleApi extends pulumi.ComponentResource {
    readonly restApi: aws.apigateway.RestApi;
    readonly deployment: aws.apigateway.Deployment;

    constructor(name: string, args: SampleApiArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(SAMPLE_API_TYPE, name, {}, opts);
        const child = { parent: this };

        this.restApi = new aws.apigateway.RestApi(
            `${name}-rest-api`,
            {
                name: args.apiName,
                description: "Sample API whose stage logging is managed by apigw-logging",
                endpointConfiguration: { types: "REGIONAL" },
                tags: args.tags,
            },
            child,
        );
        const common = { restApi: this.restApi.id, resourceId: this.restApi.rootResourceId, httpMethod: "GET" };
        const method = new aws.apigateway.Method(`${name}-get-root`, { ...common, authorization: "NONE" }, child);
        const integration = new aws.apigateway.Integration(
            `${name}-get-root-integration`,
            { ...common, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } },
            { ...child, dependsOn: [method] },
        );
        const methodResponse = new aws.apigateway.MethodResponse(
            `${name}-get-root-200`,
            { ...common, statusCode: "200" },
            { ...child, dependsOn: [method] },
        );
        const body = '{"message": "hello from the sample API", "requestId": "$context.requestId"}';
        const integrationResponse = new aws.apigateway.IntegrationResponse(
            `${name}-get-root-integration-200`,
            { ...common, statusCode: "200", responseTemplates: { "application/json": body } },
            { ...child, dependsOn: [integration, methodResponse] },
        );
        // A deployment is a snapshot: redeploy whenever what it serves changes.
        this.deployment = new aws.apigateway.Deployment(
            `${name}-deployment`,
            {
                restApi: this.restApi.id,
                description: "Managed by apigw-logging",
                triggers: { body, integration: "MOCK", method: "GET /" },
            },
            { ...child, dependsOn: [integration, integrationResponse] },
        );
        this.registerOutputs({ restApiId: this.restApi.id, deploymentId: this.deployment.id });
    }
}
