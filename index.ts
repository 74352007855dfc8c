// Reads this stack's config, deploys the sample REST API and turns on its stage's logging.

import * as pulumi from "@pulumi/pulumi";
import { SampleApi } from "./components/sampleApi";
import { StageLogging } from "./components/stageLogging";
import { readStackSettings } from "./components/stackConfig";

const settings = readStackSettings();

const sample = new SampleApi("sample", { apiName: settings.sampleApi.apiName, tags: settings.logging.tags });

const logging = new StageLogging("sample-logging", {
    ...settings.logging,
    restApiId: sample.restApi.id,
    stageName: settings.sampleApi.stageName,
    stage: { deploymentId: sample.deployment.id },
});

export const invokeUrl = logging.invokeUrl;
export const restApiId = logging.restApiId;
export const stageName = logging.stageName;
export const accessLogGroupName = logging.accessLogGroupName;
export const accessLogGroupArn = logging.accessLogGroupArn;
export const executionLogGroupName = logging.executionLogGroupName;
export const cloudWatchRoleArn = logging.cloudWatchRoleArn;
export const accessLogFormat = logging.accessLogFormat;
