// Reads this stack's config and turns on logging for every stage it lists (and for the sample
// REST API's stage, when the sample is deployed). The function it exports returns the stack outputs.

import * as pulumi from "@pulumi/pulumi";
import { AccountSetting, checkStageLoggingArgs, resolveAccountSetting, resolveTags, StageLogging } from "apigw-logging";
import { configErrors, readStackSettings, underConfigKeys, withConfigPaths } from "./config/stackConfig";
import { skipPromiseStackCapture } from "./promiseStacks";
import { SampleApi } from "./sampleApi";
import { secretMatch, secretText } from "./secretText";
import { SharedExecutionLogDestinations } from "./sharedDestinations";
import { OUTPUT_CONTRACT_VERSION, stageOutputs, StageOutputs } from "./stackOutputs";

// Pulumi calls the function that a program's module exports, once the module has loaded, and makes
// what it returns the stack's outputs (@pulumi/pulumi cmd/run/run.js). The SDK records, and
// source-maps, the whole call stack of every resource it registers; created here rather than while
// the module loads, the resources leave the module loader's frames out of it: about a tenth of a
// 100-stage preview (docs/performance.md).
export = function stackOutputs(): Record<string, unknown> {
    // Before any resource: the SDK's per-promise stack traces were most of a large preview's time.
    skipPromiseStackCapture();

    const settings = readStackSettings();
    // A secure value the components take as text (a stage's name, a choice) stays secret in every
    // input and output that holds it.
    const secret = secretText((settings.secureTexts ?? []).map(secretMatch));

    // One account setting per stack, shared by every stage: the setting is region-wide.
    const account = settings.accountSetting;
    const accountSetting = configErrors(() =>
        withConfigPaths(account.source, () => {
            if (account.known) {
                // Its secret values, checked now in plain text: an error names the key and says [secret].
                const { tags, ...choice } = account.known;
                resolveAccountSetting(choice, "args");
                resolveTags(tags, "args.tags");
            }
            return new AccountSetting("account-setting", account.args, secret.options);
        }),
    );
    const cloudWatchRoleArn = accountSetting.cloudWatchRoleArn;

    const stageOutputsByKey: Record<string, pulumi.Output<StageOutputs>> = {};
    // Stages naming the same delivered log group or bucket share it: the first creates it.
    const shared = new SharedExecutionLogDestinations();
    for (const entry of settings.stages) {
        // Aliases carry the stage's resources across a rename; children follow their parent's alias
        // because their names start with the parent's name.
        let logging: StageLogging;
        try {
            if (entry.known) {
                checkStageLoggingArgs({ ...entry.known, cloudWatchRoleArn }, "args");
            }
            const args = shared.share(entry.args, entry.known);
            logging = new StageLogging(entry.key, { ...args, cloudWatchRoleArn }, { aliases: entry.previousNames.map((name) => ({ name })), ...secret.options });
        } catch (error) {
            throw underConfigKeys(error, entry.source); // withConfigPaths, one call frame less per resource
        }
        shared.record(entry.key, entry.args, logging, entry.known);
        stageOutputsByKey[entry.key] = stageOutputs(logging);
    }

    let sample: StageLogging | undefined;
    if (settings.sampleApi) {
        const { apiName, stageName, args, known, source } = settings.sampleApi;
        sample = withConfigPaths(source, () => {
            const api = new SampleApi("sample", { apiName, tags: args.tags }, secret.options);
            if (known) {
                checkStageLoggingArgs({ ...known, apiName, stageName, restApiId: api.restApi.id, cloudWatchRoleArn }, "args");
            }
            return new StageLogging("sample-logging", {
                ...shared.share(args, known),
                restApiId: api.restApi.id,
                apiName: api.restApi.name,
                stageName,
                stage: { deploymentId: api.deployment.id },
                cloudWatchRoleArn,
            }, secret.options);
        });
        stageOutputsByKey["sample"] = stageOutputs(sample);
    }

    const sink = sample?.accessLogSink.outputs ?? {};
    return secret.outputs({
        /** The version of the output contract (docs/outputs.md). */
        contractVersion: OUTPUT_CONTRACT_VERSION,
        cloudWatchRoleArn,
        accountSettingMode: accountSetting.mode,
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
        // Since contract 1.2: where the sample stage's new execution logs go, and the outputs its destination adds.
        executionLogDestination: sample?.executionLogDestination,
        executionLogLocation: sample?.executionLogLocation,
        ...sample?.executionLogSink.outputs,
        // With accessLogs.destination "firehose" (unset otherwise): where an Athena table finds the logs.
        accessLogBucketName: sink.accessLogBucketName,
        accessLogPrefix: sink.accessLogPrefix,
        accessLogS3Location: sink.accessLogS3Location,
        accessLogStreamName: sink.accessLogStreamName,
        accessLogStreamArn: sink.accessLogStreamArn,
    });
};
