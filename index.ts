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
// With accessLogs.destination "firehose" (unset otherwise): where an Athena table finds the logs.
export const accessLogBucketName = logging.firehose?.bucketName;
export const accessLogPrefix = logging.firehose?.prefix;
export const accessLogS3Location = logging.firehose?.s3Location;
export const accessLogStreamName = logging.firehose?.streamName;
export const accessLogStreamArn = logging.firehose?.streamArn;
