// The package's pure parts, for a policy pack or a tool that checks what this component makes:
// rules, names, defaults and format checks, with no Pulumi resources. Importing
// `apigw-logging/pure` instead of `apigw-logging` keeps @pulumi/aws's declarations (thousands of
// files) out of a type check: the Pulumi CLI type-checks a policy pack at every preview that runs
// it, and this one's check went from 3,674 files to a few hundred (docs/policy.md).

export { describe as describeValue, ValidationError } from "./errors";
export { accessLogFormatProblems } from "./accessLogFormat";
export { STAGE_LOGGING_DEFAULTS } from "./declarations.generated";
export { EXECUTION_LOGS_LOG_TYPE } from "./executionLogs/deliveryPolicies";
export { FIREHOSE_STREAM_PREFIX, firehoseStreamName } from "./firehoseRules";
export { belowProductionMinimum, CLOUDWATCH_RETENTION_DAYS, isProductionStackName, methodPathOf, retention } from "./rules";
export { STAGE_LOGGING_PATCH_TYPE } from "./stagePatch/resources";
