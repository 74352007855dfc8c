// The stack config this program reads (`apigw-logging:<key>` in Pulumi.<stack>.yaml): one
// declaration of each key's type, doc and `@default`. A stage's logging settings are the
// component's own arguments (`StageLoggingArgs`), so they are declared there once; only what is a
// stack's concern is declared here. `npm run generate` derives the config checks' shape table and
// docs/config-reference.md from these interfaces.

import type {
    AccessLogsArgs,
    AccountSettingArgs,
    AdoptLogGroupsArgs,
    AlarmsArgs,
    ExecutionLogsArgs,
    ExternalStageOwner,
    MethodSettingsArgs,
    QueriesArgs,
    StageLoggingArgs,
} from "apigw-logging";
import type { AccessLogFields } from "apigw-logging";

/** The project's stack config keys. */
export interface StackConfig {
    /**
     * A production stack: data trace refused unless acknowledged, retention held to
     * `minimumRetentionInDays`, alarms on by default. Defaults to true for stacks named `prod`,
     * `production` or starting with `prod-`, `prod_`, `prod.` (any case), false otherwise.
     */
    production?: boolean;
    /**
     * In a production stack, the shortest log retention allowed (days).
     * @default 30
     */
    minimumRetentionInDays?: number;
    /**
     * The region's API Gateway account setting, shared by every stage of the stack (it is region-wide).
     * @default {"mode":"create"}
     */
    accountSetting?: AccountSettingArgs;
    /** Defaults for every stage; a stage's own settings go on top (objects merge, anything else replaces). */
    logging?: StageSettingsConfig;
    /** The stages to log, each an existing REST API stage. */
    stages?: StageEntryConfig[];
    /**
     * The public sample REST API (`GET /` answered by a MOCK integration) with a logged stage.
     * Deployed only when set (`{}` takes the defaults); unset or `false`, it is not.
     */
    sampleApi?: SampleApiConfig | false;
}

/** A stage's logging settings, as stack config writes them. */
export interface StageSettingsConfig {
    /** The access logs: destination, format and retention. */
    accessLogs?: AccessLogsConfig;
    /** The execution log group's retention and key. */
    executionLogs?: ExecutionLogsArgs;
    /** Logging level, data trace and metrics, stage-wide and per method. */
    methodSettings?: MethodSettingsArgs;
    /** 5XXError and Latency alarms. */
    alarms?: AlarmsArgs;
    /** Saved Logs Insights queries. */
    queries?: QueriesArgs;
    /**
     * Acknowledges that full request/response logs in production record sensitive data.
     * @default false
     */
    allowDataTraceInProduction?: boolean;
    /**
     * Keep what holds logs when the stack is destroyed or they are replaced.
     * @default true
     */
    retainLogsOnDelete?: boolean;
    /**
     * Log groups that exist already, adopted by the next `pulumi up` instead of created (Pulumi's
     * `import` option): after `pulumi destroy`, for a stage that logged before this stack, or when
     * plan:diff says a group "already exists". Remove it once adopted.
     */
    adoptLogGroups?: AdoptLogGroupsArgs;
    /** Tags for every taggable resource created for the stage. Keys must not start with `aws:`. */
    tags?: StageLoggingArgs["tags"];
}

/** The access logs in stack config: the component's `accessLogs`, with a format that may be an object of fields. */
export interface AccessLogsConfig extends Omit<AccessLogsArgs, "format"> {
    /**
     * A preset (`json`, `clf`, `console-json`, `xml`, `csv`), a one-line `$context` format string, or an
     * object of fields (field name → `$context` variable, `{ var, type: number }`, or a nested object)
     * written as one line of JSON.
     * @default "json"
     */
    format?: string | AccessLogFields;
}

/** One stage to log. */
export interface StageEntryConfig extends StageSettingsConfig {
    /**
     * Names the stage's Pulumi resources: keep it stable. 1-63 letters, digits, - or _. Defaults to
     * `{restApiId}-{stageName}`. With access logs to Firehose, at most 42 characters (the default
     * too): Pulumi names the Firehose role after it, and IAM role names are at most 64.
     */
    name?: string;
    /** Names this entry had before a rename: its resources keep their identity (Pulumi aliases). */
    previousNames?: string[];
    /** The REST API's id. */
    restApiId: string;
    /** The REST API's name: the alarms need it (API Gateway's metrics name the API), and it names the queries' folder. */
    apiName?: string;
    /** The stage's name. */
    stageName: StageLoggingArgs["stageName"];
    /**
     * Who owns the stage. `iac`: another IaC program deploys it and puts this stack's
     * `stages.<name>.accessLogSettings` output on it; this stack patches only the logging fields of its
     * method settings and puts them back when the entry is removed. `none`: nothing owns it (console,
     * scripts): as `iac`, and this stack also sets its access-log settings, putting back what was there.
     * @default "iac"
     */
    stageOwner?: ExternalStageOwner;
}

/** The sample REST API. */
export interface SampleApiConfig {
    /** The REST API's name. Defaults to `{project}-sample`. */
    apiName?: string;
    /** The stage's name. Defaults to the stack's name. */
    stageName?: string;
}
