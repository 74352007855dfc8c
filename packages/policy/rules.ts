// The policy pack's rules. Every check the StageLogging component also makes is the component's own
// function (the apigw-logging package: accessLogFormat.ts, rules.ts), so the component and the pack
// cannot disagree about a format, a retention value or a stream name. Plain objects and functions:
// tests call them without the Pulumi CLI. This file assembles the pack's rules and re-exports them:
// stageRules.ts (stages, method settings), logStorageRules.ts (log groups, Firehose, delivery
// buckets), stack.ts (which stack, production or not), props.ts (reading values unknown in a
// preview), resourceTypes.ts (the type tokens).

import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { firehoseAccessLogStream, logDeliveryBucket, logGroupKms, logGroupRetention } from "./logStorageRules";
import { StackInfo } from "./stack";
import { accessLogFormat, dataTraceInProduction, methodLoggingInProduction, stageAccessLogs, stageMethodSettings } from "./stageRules";

export * from "./logStorageRules";
export { read, UNKNOWN } from "./props";
export * from "./resourceTypes";
export { isProductionStack, stackInfoFromEnv } from "./stack";
export type { StackInfo } from "./stack";
export * from "./stageRules";

/** Every rule of the pack, for the stack being checked. */
export function apigwLoggingPolicies(stack: StackInfo): (ResourceValidationPolicy | StackValidationPolicy)[] {
    return [
        stageAccessLogs(),
        accessLogFormat(),
        methodLoggingInProduction(stack),
        dataTraceInProduction(stack),
        logGroupRetention(stack),
        logGroupKms(stack),
        firehoseAccessLogStream(),
        stageMethodSettings(),
        logDeliveryBucket(),
    ];
}
