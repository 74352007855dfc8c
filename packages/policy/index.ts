// The policy pack: `pulumi preview --policy-pack policy` (see README, "Policy pack"). The Pulumi CLI
// starts this file with the stack's name and config in the environment; the rules are in rules.ts.

import { PolicyPack } from "@pulumi/policy";
import { apigwLoggingPolicies, stackInfoFromEnv } from "./rules";

new PolicyPack("apigw-logging", {
    description: "Every REST API stage logs: access logs with a sound format, execution logs on, log retention, encrypted Firehose streams.",
    policies: apigwLoggingPolicies(stackInfoFromEnv(process.env)),
});
