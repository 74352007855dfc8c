// The package's public surface: the components and their arguments, and the pure parts (the
// `$context` catalogue, formats, names, checks) that programs, tools and policy packs reuse.

// Components and their arguments.
export { AccountSetting, ACCOUNT_SETTING_TYPE, ACCOUNT_SETTING_MODE_OUTPUT, CLOUDWATCH_ROLE_ARN_OUTPUT, resolveAccountSetting, pushToCloudWatchLogsPolicyArn } from "./accountSetting";
export type { AccountSettingChoice } from "./accountSetting";
export type { AccountSettingArgs, AccountSettingMode } from "./accountSettingArgs";
export { StageLogging, STAGE_LOGGING_TYPE } from "./stageLogging";
export type { AccessLogSettings } from "./stageLogging";
export type * from "./stageLoggingArgs";
export { checkStageLoggingArgs, resolveStageLogging, resolveTags } from "./settings";

// Stages this component does not create: who owns them, the patch of their logging fields, the
// live read of what they do.
export { resolveStageOwner } from "./stageOwnership";
export { methodLoggingEntries } from "./methodSettings";
export { checkStage, parseDestination, stageCheckWarnings } from "./liveStage";
export type { CheckAnswer, Destination, StageCheck, StageCheckInput, Verdict } from "./liveStage";
export { StageLoggingPatch, STAGE_LOGGING_PATCH_TYPE, STAGE_PATCH_PROVIDER_MODULE } from "./stagePatch/resources";
export type { StageLoggingPatchArgs } from "./stagePatch/resources";
export { awsLiveStageReader, readLiveStage, setLiveStageReader } from "./stagePatch/liveStageRead";
export type { LiveStageAddress, LiveStageReader, LiveStageReading } from "./stagePatch/liveStageRead";
export type * from "./stagePatch/operations";
export * from "./methodSettingKeys";
export type * from "./settings";
export * from "./declarations.generated";

// Where access logs go.
export { ACCESS_LOG_SINKS, accessLogSink } from "./sinks/accessLogSink";
export type { AccessLogSink, AccessLogSinkContext } from "./sinks/accessLogSink";
export type { FirehoseSink } from "./sinks/firehoseSink";
export * from "./sinks/firehosePolicies";

// Where execution logs go: API Gateway's own group, or a CloudWatch Logs delivery.
export { EXECUTION_LOG_SINKS, executionLogSink } from "./executionLogs/executionLogSink";
export type { DeliveryTarget, DestinationContext, ExecutionLogContext, ExecutionLogSink } from "./executionLogs/executionLogSink";
export { executionLogDelivery } from "./executionLogs/delivery";
export type { ExecutionLogDelivery } from "./executionLogs/delivery";
export type * from "./executionLogs/settings";
export * from "./executionLogs/deliveryPolicies";
export * from "./executionLogs/rules";
export * from "./executionLogs/executionLogEvents";
export { logBucket, resolveLogBucket } from "./logBucket";
export type { LogBucket, LogBucketArgs, LogBucketSettings } from "./logBucket";

// The access-log format.
export * from "./contextVariables";
export * from "./accessLogFormat";
export * from "./accessLogFields";

// Names, links, queries and alarms.
export * from "./cloudWatchLogs";
export * from "./logLinks";
export * from "./logInsightsQueries";
export * from "./alarms";
export { partitionOf, providerAccountId, providerRegion } from "./region";
export { arnRegionProblem, inRegion, parseArn, regionCheckedSettings } from "./arns";
export type { ArnParts } from "./arns";

// Checks, for programs and policy packs that say what the component says.
export { ValidationError, closest, describe as describeValue, SECRET_VALUE } from "./errors";
export * from "./checks";
export * from "./rules";
export { fromInput, plainValue, whenKnown } from "./inputs";
