// The component: everything that makes one REST API stage log, in the order AWS needs it.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountSetting } from "./accountSetting";
import { stageAlarms } from "./alarms";
import { accessLogGroupName, executionLogGroupName, logGroup } from "./cloudWatchLogs";
import { ValidationError } from "./errors";
import { FirehoseSink, firehoseSink } from "./firehoseSink";
import { logInsightsQueries, QueryPlan } from "./logInsightsQueries";
import { logGroupConsoleUrl, s3ConsoleUrl, tailCommand } from "./logLinks";
import {
    AccountSettingInput,
    alarmsNeedApiName,
    LoggingInput,
    LoggingSettings,
    MethodLogging,
    resolveAccountSetting,
    resolveLoggingSettings,
    stageName as checkStageName,
} from "./validation";

export const STAGE_LOGGING_TYPE = "apigw-logging:index:StageLogging";

/** The stage to create, when this component owns it. */
export interface StageOptions {
    /** The deployment the stage serves. */
    deploymentId: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    /** X-Ray tracing for the stage. Defaults to false. */
    xrayTracingEnabled?: pulumi.Input<boolean>;
    variables?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface StageLoggingArgs extends LoggingInput {
    /** The REST API's id. */
    restApiId: pulumi.Input<string>;
    /**
     * The REST API's name. Needed for alarms (API Gateway's metrics know the API by its name) and
     * names the saved queries' folder (the id does otherwise).
     */
    apiName?: pulumi.Input<string>;
    /** The stage name. Plain text: it is part of the execution log group's name. */
    stageName: string;
    /**
     * When given, the component creates the `aws.apigateway.Stage`. When omitted, the stage is owned
     * by other code: put `accessLogSettings` on it; the method settings are made against `stageName`.
     */
    stage?: StageOptions;
    /**
     * With `stage` omitted: the stage resource (or an output resolving to it, e.g. from
     * `pulumi.deferredOutput()`), so the method settings are created after it. Leave unset when the
     * stage was deployed earlier or by another program.
     */
    existingStage?: pulumi.Input<pulumi.Resource>;
    /**
     * The region's API Gateway CloudWatch role: a choice (the component then creates what it asks
     * for; defaults to `{ mode: "create" }`), or an `AccountSetting` shared by the stack's stages.
     */
    accountSetting?: AccountSettingInput | AccountSetting;
}

export class StageLogging extends pulumi.ComponentResource {
    /** The validated settings with every default filled in. */
    readonly settings: LoggingSettings;
    readonly stageName: string;
    readonly restApiId: pulumi.Output<string>;
    /** The region's account setting this stage logs through (shared, or created by this component). */
    readonly accountSetting: AccountSetting;
    /** With destination "cloudwatch" (the default). */
    readonly accessLogGroup?: aws.cloudwatch.LogGroup;
    /** With destination "firehose": the stream, its S3 bucket, role and error log. */
    readonly firehose?: FirehoseSink;
    readonly executionLogGroup: aws.cloudwatch.LogGroup;
    readonly stage?: aws.apigateway.Stage;
    /** `*` `/` `*` first, then one per override. */
    readonly methodSettings: aws.apigateway.MethodSettings[];
    /** Exactly what is written to the stage's access-log settings. */
    readonly accessLogFormat: string;
    readonly accessLogSettings: pulumi.Output<{ destinationArn: string; format: string }>;
    /** Unset with destination "firehose". */
    readonly accessLogGroupName: pulumi.Output<string | undefined>;
    readonly accessLogGroupArn: pulumi.Output<string | undefined>;
    readonly executionLogGroupName: pulumi.Output<string>;
    /** The region's API Gateway CloudWatch role, when this stack manages or was told it. */
    readonly cloudWatchRoleArn: pulumi.Output<string | undefined>;
    /** The stage's invoke URL, when this component created the stage. */
    readonly invokeUrl?: pulumi.Output<string>;
    /** Saved Logs Insights queries (with `queries.enabled`, the default). */
    readonly queryDefinitions: aws.cloudwatch.QueryDefinition[];
    /** Which queries were saved, and which were left out because the format lacks a field they need. */
    readonly queryPlan: QueryPlan;
    /** The 5XXError and Latency alarms (with `alarms.enabled`, the default in production). */
    readonly alarms: aws.cloudwatch.MetricAlarm[];
    /** The access logs in the console: the log group, or with Firehose the S3 prefix. */
    readonly accessLogConsoleUrl: pulumi.Output<string>;
    readonly executionLogConsoleUrl: pulumi.Output<string>;
    /** `aws logs tail …` for the access-log group; unset with Firehose. */
    readonly accessLogTailCommand: pulumi.Output<string | undefined>;
    readonly executionLogTailCommand: pulumi.Output<string>;

    constructor(name: string, args: StageLoggingArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(STAGE_LOGGING_TYPE, name, {}, opts);
        const { restApiId, apiName, stageName, stage, existingStage, accountSetting, ...logging } = args;
        try {
            this.stageName = checkStageName(stageName, "args.stageName");
            this.settings = resolveLoggingSettings(logging, "args");
            this.accountSetting =
                accountSetting instanceof AccountSetting
                    ? accountSetting
                    : new AccountSetting(
                          `${name}-account-setting`,
                          { setting: resolveAccountSetting(accountSetting, "args.accountSetting"), tags: this.settings.tags },
                          { parent: this },
                      );
            if (this.settings.alarms.enabled && apiName === undefined) {
                throw new ValidationError("args.apiName", undefined, alarmsNeedApiName("args.alarms.enabled"));
            }
        } catch (error) {
            throw error instanceof ValidationError ? new pulumi.ResourceError(error.message, this, true) : error;
        }
        if (stage !== undefined && existingStage !== undefined) {
            throw new pulumi.ResourceError("args.existingStage: give either stage (create it here) or existingStage, not both", this, true);
        }
        const settings = this.settings;
        const child = { parent: this };
        const retainLogs = settings.retainLogsOnDelete;
        const region = aws.config.region ?? "us-east-1";
        this.restApiId = pulumi.output(restApiId);

        this.cloudWatchRoleArn = this.accountSetting.cloudWatchRoleArn;
        const afterAccount = this.accountSetting.dependencies;

        const accessLogs = settings.accessLogs;
        if (accessLogs.firehose) {
            this.firehose = firehoseSink(
                name,
                {
                    settings: accessLogs.firehose,
                    restApiId: this.restApiId,
                    stageName,
                    region,
                    retainOnDelete: retainLogs,
                    tags: settings.tags,
                },
                child,
            );
        } else {
            this.accessLogGroup = logGroup(
                `${name}-access-logs`,
                {
                    name: accessLogs.logGroupName ?? fromInput(restApiId, (id) => accessLogGroupName(id, stageName)),
                    retentionInDays: accessLogs.retentionInDays!,
                    kmsKeyArn: accessLogs.kmsKeyArn,
                    retainOnDelete: retainLogs,
                    tags: settings.tags,
                },
                child,
            );
        }
        this.executionLogGroup = logGroup(
            `${name}-execution-logs`,
            {
                name: fromInput(restApiId, (id) => executionLogGroupName(id, stageName)),
                retentionInDays: settings.executionLogs.retentionInDays,
                kmsKeyArn: settings.executionLogs.kmsKeyArn,
                retainOnDelete: retainLogs,
                tags: settings.tags,
            },
            child,
        );
        this.accessLogGroupName = pulumi.output(this.accessLogGroup?.name);
        this.accessLogGroupArn = pulumi.output(this.accessLogGroup?.arn);
        this.executionLogGroupName = this.executionLogGroup.name;
        this.accessLogFormat = settings.accessLogs.format;
        const destinationArn = this.firehose ? this.firehose.streamArn : this.accessLogGroup!.arn;
        this.accessLogSettings = pulumi.output({ destinationArn, format: this.accessLogFormat });

        this.executionLogConsoleUrl = this.executionLogGroup.name.apply((group) => logGroupConsoleUrl(region, group));
        this.executionLogTailCommand = this.executionLogGroup.name.apply((group) => tailCommand(region, group));
        if (this.firehose) {
            const { bucketName, basePrefix } = this.firehose;
            this.accessLogConsoleUrl = pulumi.all([bucketName, basePrefix]).apply(([bucket, p]) => s3ConsoleUrl(region, bucket, p));
            this.accessLogTailCommand = pulumi.output(undefined);
        } else {
            this.accessLogConsoleUrl = this.accessLogGroup!.name.apply((group) => logGroupConsoleUrl(region, group));
            this.accessLogTailCommand = this.accessLogGroup!.name.apply((group) => tailCommand(region, group));
        }

        this.queryPlan = logInsightsQueries(this.accessLogFormat, this.accessLogGroup !== undefined);
        const folder = fromInput(apiName ?? restApiId, (api) => `${settings.queries.folder}/${api}/${stageName}`);
        const groupNames = { access: this.accessLogGroup?.name, execution: this.executionLogGroup.name };
        this.queryDefinitions = settings.queries.enabled
            ? this.queryPlan.queries.map(
                  (query) =>
                      new aws.cloudwatch.QueryDefinition(
                          `${name}-query-${query.key}`,
                          {
                              name: fromInput(folder, (path) => `${path}/${query.title}`),
                              queryString: query.queryString,
                              logGroupNames: query.logGroups.map((group) => groupNames[group]!),
                          },
                          child,
                      ),
              )
            : [];
        this.alarms = settings.alarms.enabled
            ? stageAlarms(name, { apiName: apiName!, restApiId, stageName, settings: settings.alarms, tags: settings.tags }, child)
            : [];

        if (stage) {
            this.stage = new aws.apigateway.Stage(
                `${name}-stage`,
                {
                    restApi: restApiId,
                    stageName,
                    deployment: stage.deploymentId,
                    description: stage.description,
                    xrayTracingEnabled: stage.xrayTracingEnabled,
                    variables: stage.variables,
                    // A plain object, not the accessLogSettings output: in a preview the destination ARN
                    // is unknown, and only this way the format stays known for policy checks.
                    accessLogSettings: { destinationArn, format: this.accessLogFormat },
                    tags: settings.tags,
                },
                { ...child, dependsOn: afterAccount },
            );
            this.invokeUrl = this.stage.invokeUrl;
        }

        // The execution log group must exist before the stage logs anything, or API Gateway creates
        // it with no retention. Each MethodSettings waits for the previous one: they all patch the
        // same stage, and concurrent patches fail with ConflictException.
        const stageDependency: pulumi.Input<pulumi.Resource>[] = this.stage ? [this.stage] : existingStage ? [existingStage] : [];
        let previous: pulumi.Input<pulumi.Resource>[] = [this.executionLogGroup, ...afterAccount, ...stageDependency];
        const all = [{ methodPath: "*/*", ...pick(settings.methodSettings) }, ...settings.methodSettings.overrides];
        this.methodSettings = all.map((entry) => {
            const resourceName =
                entry.methodPath === "*/*" ? `${name}-method-settings` : `${name}-method-settings-${entry.methodPath}`;
            const methodSettings = new aws.apigateway.MethodSettings(
                resourceName,
                {
                    restApi: restApiId,
                    stageName: this.stage ? this.stage.stageName : stageName,
                    methodPath: entry.methodPath,
                    settings: pick(entry),
                },
                { ...child, dependsOn: previous },
            );
            previous = [methodSettings];
            return methodSettings;
        });

        this.registerOutputs({
            accessLogGroupName: this.accessLogGroupName,
            accessLogGroupArn: this.accessLogGroupArn,
            executionLogGroupName: this.executionLogGroupName,
            cloudWatchRoleArn: this.cloudWatchRoleArn,
            accessLogFormat: this.accessLogFormat,
            stageName: this.stageName,
            invokeUrl: this.invokeUrl,
            accessLogConsoleUrl: this.accessLogConsoleUrl,
            executionLogConsoleUrl: this.executionLogConsoleUrl,
            accessLogTailCommand: this.accessLogTailCommand,
            executionLogTailCommand: this.executionLogTailCommand,
            ...(this.firehose
                ? {
                      accessLogBucketName: this.firehose.bucketName,
                      accessLogPrefix: this.firehose.prefix,
                      accessLogS3Location: this.firehose.s3Location,
                      accessLogStreamName: this.firehose.streamName,
                      accessLogStreamArn: this.firehose.streamArn,
                  }
                : {}),
        });
    }
}

/**
 * `derive(value)` now when the value is a plain string (a stage listed in config), otherwise once it
 * resolves. Every `apply` costs the SDK a chain of promises: for the names below they were about a
 * tenth of a 100-stage preview (README, "Performance").
 */
function fromInput<T>(value: pulumi.Input<string>, derive: (value: string) => T): pulumi.Input<T> {
    return typeof value === "string" ? derive(value) : pulumi.output(value).apply(derive);
}

function pick(m: MethodLogging): MethodLogging {
    return { loggingLevel: m.loggingLevel, dataTraceEnabled: m.dataTraceEnabled, metricsEnabled: m.metricsEnabled };
}
