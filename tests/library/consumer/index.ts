// A consumer's own stack program, as someone who installed the apigw-logging package writes it:
// tests/library/package.spec.ts copies it into a scratch project that installed the packed
// tarball, type-checks it against the tarball's declarations and runs it under mocks. Here in the
// repository, `npm run typecheck` checks it against the package's source. Keep it small: it follows
// StageLogging's and AccountSetting's arguments wherever they go.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountSetting, StageLogging } from "apigw-logging";

export = function consumer() {
    const api = new aws.apigateway.RestApi("orders", { name: "orders" });
    const method = new aws.apigateway.Method("orders-get", {
        restApi: api.id,
        resourceId: api.rootResourceId,
        httpMethod: "GET",
        authorization: "NONE",
    });
    const integration = new aws.apigateway.Integration("orders-get-mock", {
        restApi: api.id,
        resourceId: api.rootResourceId,
        httpMethod: method.httpMethod,
        type: "MOCK",
        requestTemplates: { "application/json": '{"statusCode": 200}' },
    });
    const deployment = new aws.apigateway.Deployment("orders-deployment", { restApi: api.id }, { dependsOn: [integration] });

    // The region's CloudWatch role, and the logging of a stage this program owns.
    const accountSetting = new AccountSetting("account-setting", { mode: "create" });
    const [stageRef, setStage] = pulumi.deferredOutput<aws.apigateway.Stage>();
    const logging = new StageLogging("orders-v1", {
        restApiId: api.id,
        apiName: api.name,
        stageName: "v1",
        existingStage: stageRef,
        cloudWatchRoleArn: accountSetting.cloudWatchRoleArn,
        methodSettings: { loggingLevel: "INFO", metricsEnabled: true },
        accessLogs: { retentionInDays: 90 },
    });
    // accessLogSettings carries the account setting as a dependency: the stage waits for the role.
    const stage = new aws.apigateway.Stage("orders-v1-stage", {
        restApi: api.id,
        stageName: "v1",
        deployment: deployment.id,
        accessLogSettings: logging.accessLogSettings,
    });
    setStage(pulumi.output(stage));

    // The declarations carry real types, down to @pulumi/pulumi's: were they `any`, the directive
    // below would go unused, and tsc fails on that.
    // @ts-expect-error an Output<string> is no number
    const notANumber: number = logging.executionLogGroupName;
    void notANumber;

    return {
        stageName: logging.stageName,
        executionLogGroupName: logging.executionLogGroupName,
        accessLogGroupName: logging.accessLogGroupName,
        accessLogFormat: logging.accessLogFormat,
        cloudWatchRoleArn: accountSetting.cloudWatchRoleArn,
        invokeUrl: stage.invokeUrl,
    };
};
