// Reads this stack's config and turns on logging for every stage it lists (and for the sample
// REST API's stage, when the sample is deployed). The function it exports returns the stack outputs.

import * as pulumi from "@pulumi/pulumi";
import { AccountSetting } from "apigw-logging";
import { skipPromiseStackCapture } from "./promiseStacks";
import { SampleApi } from "./sampleApi";
import { readStackSettings } from "./stackConfig";
import { StageLogging } from "apigw-logging";
import { OUTPUT_CONTRACT_VERSION, stageOutputs, StageOutputs } from "./stackOutputs";

// Pulumi calls the function that a program's module exports, once the module has loaded, and makes
// what it returns the stack's outputs (@pulumi/pulumi cmd/run/run.js). The SDK records, and
// source-maps, the whole call stack of every resource it registers; created here rather than while
// the module loads, the resources leave the module loader's frames out of it: about a tenth of a
// 100-stage preview (README, "Performance").
export = function stackOutputs(): Record<string, unknown> {
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

    return {
        /** The version of the output contract documented in the README ("Outputs"). */
        contractVersion: OUTPUT_CONTRACT_VERSION,
        cloudWatchRoleArn: accountSetting.cloudWatchRoleArn,
        accountSettingMode: settings.accountSetting.mode,
        stages: stageOutputsByKey,

        // The sample stage's outputs at the top level, for `pulumi stack output invokeUrl` and friends.
        invokeUrl: sample?.invokeUrl,
        restApiId: sample?.restApiId,
        stageName: sample?.stageName,
        accessLogGroupName: sample?.accessLogGroupName,
        accessLogGroupArn: sample?.accessLogGroupArn,
        executionLogGroupName: sample?.executionLogGroupName,
        accessLogFormat: sample?.accessLogFormat,
        accessLogConsoleUrl: sample?.accessLogConsoleUrl,
        executionLogConsoleUrl: sample?.executionLogConsoleUrl,
        accessLogTailCommand: sample?.accessLogTailCommand,
        executionLogTailCommand: sample?.executionLogTailCommand,
        // With accessLogs.destination "firehose" (unset otherwise): where an Athena table finds the logs.
        accessLogBucketName: sample?.firehose?.bucketName,
        accessLogPrefix: sample?.firehose?.prefix,
        accessLogS3Location: sample?.firehose?.s3Location,
        accessLogStreamName: sample?.firehose?.streamName,
        accessLogStreamArn: sample?.firehose?.streamArn,
    };
};
