// Reads this stack's config and turns on logging for every stage it lists (and for the sample
// REST API's stage, when the sample is deployed). Exports the outputs other stacks consume.

import * as pulumi from "@pulumi/pulumi";
import { AccountSetting } from "./components/accountSetting";
import { skipPromiseStackCapture } from "./components/promiseStacks";
import { SampleApi } from "./components/sampleApi";
import { readStackSettings } from "./components/stackConfig";
import { StageLogging } from "./components/stageLogging";
import { OUTPUT_CONTRACT_VERSION, stageOutputs, StageOutputs } from "./components/stackOutputs";

// Before any resource: the SDK's per-promise stack traces were most of a large preview's time.
skipPromiseStackCapture();

const settings = readStackSettings();

// One account setting per stack, shared by every stage: the setting is region-wide.
const accountSetting = new AccountSetting("account-setting", { setting: settings.accountSetting });

const stageOutputsByKey: Record<string, pulumi.Output<StageOutputs>> = {};
for (const entry of settings.stages) {
    // Aliases carry the stage's resources across a rename; children follow their parent's alias
    // because their names start with the parent's name.
    const logging = new StageLogging(
        entry.key,
        { ...entry.logging, restApiId: entry.restApiId, apiName: entry.apiName, stageName: entry.stageName, accountSetting },
        { aliases: entry.previousNames.map((name) => ({ name })) },
    );
    stageOutputsByKey[entry.key] = stageOutputs(logging);
}

let sample: StageLogging | undefined;
if (settings.sampleApi) {
    const api = new SampleApi("sample", { apiName: settings.sampleApi.apiName, tags: settings.sampleApi.logging.tags });
    sample = new StageLogging("sample-logging", {
        ...settings.sampleApi.logging,
        restApiId: api.restApi.id,
        apiName: api.restApi.name,
        stageName: settings.sampleApi.stageName,
        stage: { deploymentId: api.deployment.id },
        accountSetting,
    });
    stageOutputsByKey["sample"] = stageOutputs(sample);
}

/** The version of the output contract documented in the README ("Outputs"). */
export const contractVersion = OUTPUT_CONTRACT_VERSION;
export const cloudWatchRoleArn = accountSetting.cloudWatchRoleArn;
export const accountSettingMode = settings.accountSetting.mode;
export const stages = stageOutputsByKey;

// The sample stage's outputs at the top level, for `pulumi stack output invokeUrl` and friends.
export const invokeUrl = sample?.invokeUrl;
export const restApiId = sample?.restApiId;
export const stageName = sample?.stageName;
export const accessLogGroupName = sample?.accessLogGroupName;
export const accessLogGroupArn = sample?.accessLogGroupArn;
export const executionLogGroupName = sample?.executionLogGroupName;
export const accessLogFormat = sample?.accessLogFormat;
export const accessLogConsoleUrl = sample?.accessLogConsoleUrl;
export const executionLogConsoleUrl = sample?.executionLogConsoleUrl;
export const accessLogTailCommand = sample?.accessLogTailCommand;
export const executionLogTailCommand = sample?.executionLogTailCommand;
// With accessLogs.destination "firehose" (unset otherwise): where an Athena table finds the logs.
export const accessLogBucketName = sample?.firehose?.bucketName;
export const accessLogPrefix = sample?.firehose?.prefix;
export const accessLogS3Location = sample?.firehose?.s3Location;
export const accessLogStreamName = sample?.firehose?.streamName;
export const accessLogStreamArn = sample?.firehose?.streamArn;
