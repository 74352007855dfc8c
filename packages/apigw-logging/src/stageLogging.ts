// The component: everything that makes one REST API stage log, in the order AWS needs it.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stageAlarms } from "./alarms";
import { regionCheckedSettings } from "./arns";
import { ValidationError } from "./errors";
import { ExecutionLogDelivery, executionLogDelivery } from "./executionLogs/delivery";
import { ExecutionLogSink, executionLogSink } from "./executionLogs/executionLogSink";
import { checkAutonamedIamNames } from "./iamRules";
import { asOutput, plainValue, whenAllKnown } from "./inputs";
import { liveStageCheck, StageCheck } from "./liveStage";
import { logInsightsQueries, queryName, QueryPlan } from "./logInsightsQueries";
import { stageMethodSettings } from "./methodSettings";
import { providerAccountId, providerRegion } from "./region";
import { CheckedStageLoggingArgs, checkStageLoggingArgs, MethodLogging, StageLoggingSettings } from "./settings";
import { accessLogSink, AccessLogSink } from "./sinks/accessLogSink";
import { FIREHOSE_IAM_NAMES } from "./sinks/firehosePolicies";
import type { StageLoggingArgs, StageOwner } from "./stageLoggingArgs";
import type { StageLoggingPatch } from "./stagePatch/resources";

export const STAGE_LOGGING_TYPE = "apigw-logging:index:StageLogging";

/**
 * Turns on, and keeps honest, the logging of one API Gateway REST API stage: the access-log
 * destination, the execution log group with a retention, the stage's method settings, saved Logs
 * Insights queries and alarms. Give it the region's `AccountSetting` role (`cloudWatchRoleArn`).
 */
export class StageLogging extends pulumi.ComponentResource {
    /** The stage's name. */
    readonly stageName: pulumi.Output<string>;
    /** The REST API's id. */
    readonly restApiId: pulumi.Output<string>;
    /** The region's CloudWatch Logs role this stage logs through. */
    readonly cloudWatchRoleArn: pulumi.Output<string>;
    /** API Gateway's own execution log group, created before the stage logs so that it has a retention; kept with a delivery. */
    readonly executionLogGroup: aws.cloudwatch.LogGroup;
    /** Where new execution logs go: `standard` (API Gateway's own group), `logGroup`, `s3` or `firehose`. */
    readonly executionLogDestination: pulumi.Output<string>;
    /** Where new execution logs land: a log group's name, `s3://{bucket}/AWSLogs/{account}/`, or a Firehose stream's ARN. */
    readonly executionLogLocation: pulumi.Output<string>;
    /** The delivery source, destination and delivery, when the execution logs are delivered. */
    readonly executionLogDelivery?: ExecutionLogDelivery;
    /** The stage, when this component created it. */
    readonly stage?: aws.apigateway.Stage;
    /** Who owns the stage: what this component writes to it (`stageOwner`). */
    readonly stageOwner: StageOwner;
    /** On a stage this component creates: `*` `/` `*` first, then one per override. */
    readonly methodSettings: aws.apigateway.MethodSettings[];
    /** What the stage does as read at preview: do its access logs reach us, its logging level, `apiName`. */
    readonly stageCheck: pulumi.Output<StageCheck>;
    /** Exactly what is written to the stage's access-log settings as the format. */
    readonly accessLogFormat: pulumi.Output<string>;
    /** What the stage's `accessLogSettings` must be: put it on a stage this component does not own. */
    readonly accessLogSettings: pulumi.Output<AccessLogSettings>;
    /** The access-log group's name; unset when access logs go to Firehose. */
    readonly accessLogGroupName: pulumi.Output<string | undefined>;
    /** The access-log group's ARN; unset when access logs go to Firehose. */
    readonly accessLogGroupArn: pulumi.Output<string | undefined>;
    /** API Gateway's own execution log group's name, `API-Gateway-Execution-Logs_{restApiId}/{stageName}`. */
    readonly executionLogGroupName: pulumi.Output<string>;
    /** The stage's invoke URL, when this component created the stage. */
    readonly invokeUrl?: pulumi.Output<string>;
    /** The saved Logs Insights queries. */
    readonly queryDefinitions: aws.cloudwatch.QueryDefinition[];
    /** The 5XXError and Latency alarms. */
    readonly alarms: aws.cloudwatch.MetricAlarm[];
    /** The access logs in the console: the log group, or with Firehose the S3 prefix. */
    readonly accessLogConsoleUrl: pulumi.Output<string>;
    /** The new execution logs in the console: their log group, the S3 prefix, or the Firehose stream. */
    readonly executionLogConsoleUrl: pulumi.Output<string>;
    /** `aws logs tail …` for the access-log group; unset with Firehose. */
    readonly accessLogTailCommand: pulumi.Output<string | undefined>;
    /** `aws logs tail …` for the group new execution logs land in; unset with S3 and Firehose. */
    readonly executionLogTailCommand: pulumi.Output<string | undefined>;
    /** What each method logs, stage-wide: the `*` `/` `*` settings. */
    readonly methodLogging: MethodLogging;

    // Not outputs of the component, for programs in TypeScript: getters, because every property of
    // the class, private ones too, is an output in the component's schema (Pulumi's analyzer), and
    // these types are not ones the schema can express. Their values are kept in `internals`.
    /** The settings with every default filled in. */
    get settings(): StageLoggingSettings {
        return internals.get(this)!.settings;
    }
    /** Where the access logs go: ARN, links, and the outputs the destination adds. */
    get accessLogSink(): AccessLogSink {
        return internals.get(this)!.sink;
    }
    /** On a stage it does not create: the patch of its logging fields, undone on delete (a dynamic resource, not in the schema). */
    get stagePatch(): StageLoggingPatch | undefined {
        return internals.get(this)!.stagePatch;
    }
    /** Which queries were saved, and which were left out because the format lacks a field they need. */
    get queryPlan(): QueryPlan {
        return internals.get(this)!.queryPlan;
    }
    /** Where the execution logs go: location, links, and the outputs the destination adds. */
    get executionLogSink(): ExecutionLogSink {
        return internals.get(this)!.executionSink;
    }
    /**
     * Values of the outputs above as plain text where they are known when the program runs (a REST
     * API id given as text), Outputs where not: for a program that builds text from many stages
     * (stack outputs), without an Output per value. They carry no dependency on the resources: pass
     * the Output properties to resources.
     */
    get knownValues(): KnownValues {
        return internals.get(this)!.known;
    }

    constructor(name: string, args: StageLoggingArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(STAGE_LOGGING_TYPE, name, {}, opts);
        const { apiName, stageName, stage, existingStage } = args;
        let checked: CheckedStageLoggingArgs;
        try {
            checked = checkStageLoggingArgs(args, "args");
            if (checked.settings.accessLogs.sink.kind === "firehose") {
                // The Firehose sink's role and policy take their names from this component's (iamRules.ts).
                checkAutonamedIamNames(name, FIREHOSE_IAM_NAMES, pulumi.runtime.allConfig());
            }
        } catch (error) {
            throw asResourceError(error, this);
        }
        if (stage !== undefined && existingStage !== undefined) {
            throw new pulumi.ResourceError("args.existingStage: give either stage (create it here) or existingStage, not both", this, true);
        }
        const { settings, restApiId: apiId, cloudWatchRoleArn: roleArn, stageOwner } = checked;
        this.stageOwner = stageOwner;
        const child = { parent: this };
        const retainLogs = settings.retainLogsOnDelete;
        const region = providerRegion(this);
        // What the resources get: the ARNs also checked against the provider's region (arns.ts).
        let inputs: StageLoggingSettings;
        try {
            inputs = regionCheckedSettings(settings, region, "args");
        } catch (error) {
            throw asResourceError(error, this);
        }
        this.restApiId = asOutput(apiId);
        this.stageName = pulumi.output(stageName);
        this.cloudWatchRoleArn = asOutput(roleArn);
        this.methodLogging = pick(settings.methodSettings);

        const context = {
            name,
            restApiId: apiId,
            stageName,
            region,
            accountId: () => providerAccountId(this),
            retainOnDelete: retainLogs,
            adoptLogGroup: settings.accessLogs.sink.kind === "cloudwatch" ? settings.adoptLogGroups.access : settings.adoptLogGroups.firehoseErrors,
            tags: settings.tags,
            opts: child,
        };
        const sink = accessLogSink(inputs.accessLogs.sink, context);
        const executionSink = executionLogSink(inputs.executionLogs, { ...context, adoptLogGroup: settings.adoptLogGroups.execution });
        this.executionLogGroup = executionSink.standardLogGroup;
        const accessLogGroup = sink.logGroup;
        this.accessLogGroupName = accessLogGroup ? accessLogGroup.name : pulumi.output(undefined);
        this.accessLogGroupArn = accessLogGroup ? accessLogGroup.arn : pulumi.output(undefined);
        this.executionLogGroupName = this.executionLogGroup.name;
        this.accessLogFormat = pulumi.output(settings.accessLogs.format);
        const destinationArn = sink.destinationArn;
        // Carries the role ARN's resources too: a stage that another part of the program creates with
        // these settings waits for the region's account setting, as API Gateway requires.
        this.accessLogSettings = pulumi
            .all([destinationArn, roleArn])
            .apply(([arn]) => ({ destinationArn: arn, format: settings.accessLogs.format }));
        this.accessLogConsoleUrl = asOutput(sink.consoleUrl);
        this.accessLogTailCommand = asOutput(sink.tailCommand);
        this.executionLogDestination = pulumi.output(executionSink.kind);
        this.executionLogLocation = asOutput(executionSink.location);
        this.executionLogConsoleUrl = asOutput(executionSink.consoleUrl);
        this.executionLogTailCommand = asOutput(executionSink.tailCommand);

        const queryPlan = logInsightsQueries(settings.accessLogs.format, accessLogGroup !== undefined);
        const api = apiName ?? apiId;
        const groupNames = { access: accessLogGroup ? [accessLogGroup.name] : [], execution: executionSink.queryLogGroupNames };
        const queries = settings.queries.enabled ? queryPlan.queries : [];
        // Plain text now when the API's name and the folder are (a stage listed in config).
        const queryNames = queries.map((query) =>
            whenAllKnown<[string, string], string>([api, settings.queries.folder], ([value, folder]) => queryName(folder, value, stageName, query.title)),
        );
        const known: KnownValues = { restApiId: apiId, stageName, executionLogGroupName: executionSink.standardLogGroupName, queryNames };
        internals.set(this, { settings, sink, executionSink, queryPlan, known });
        this.queryDefinitions = queries.map(
                  (query, i) =>
                      new aws.cloudwatch.QueryDefinition(
                          `${name}-query-${query.key}`,
                          {
                              name: queryNames[i],
                              queryString: query.queryString,
                              logGroupNames: query.logGroups.flatMap((group) => groupNames[group]),
                          },
                          child,
                      ),
              );
        this.alarms = settings.alarms.enabled
            ? stageAlarms(name, { apiName: apiName!, restApiId: apiId, stageName, settings: inputs.alarms, tags: settings.tags }, child)
            : [];

        // API Gateway refuses to log ("CloudWatch Logs role ARN must be set in account settings to
        // enable logging") before the region's setting names a role: the stage and the method
        // settings wait for the role ARN's resources (the Account, when this program manages it).
        // An Output in dependsOn counts the resources it came from (@pulumi/pulumi runtime/dependsOn.js).
        const afterAccount = resourcesOf(roleArn);
        if (stage) {
            this.stage = new aws.apigateway.Stage(
                `${name}-stage`,
                {
                    restApi: apiId,
                    stageName,
                    deployment: stage.deploymentId,
                    description: stage.description,
                    xrayTracingEnabled: stage.xrayTracingEnabled,
                    variables: stage.variables,
                    // A plain object, not the accessLogSettings output: in a preview the destination ARN
                    // is unknown, and only this way the format stays known for policy checks.
                    accessLogSettings: { destinationArn, format: settings.accessLogs.format },
                    tags: settings.tags,
                },
                { ...child, dependsOn: afterAccount },
            );
            this.invokeUrl = this.stage.invokeUrl;
        }

        // The execution log group must exist before the stage logs anything, or API Gateway creates
        // it with no retention.
        const stageDependency: pulumi.Input<pulumi.Resource>[] = this.stage ? [this.stage] : existingStage ? [existingStage] : [];
        const written = stageMethodSettings({
            name,
            owner: stageOwner,
            restApiId: apiId,
            stageName: this.stage ? this.stage.stageName : stageName,
            region,
            settings: settings.methodSettings,
            after: [this.executionLogGroup, afterAccount, ...stageDependency],
            accessLogSettings: { destinationArn, format: settings.accessLogs.format },
            opts: child,
        });
        this.methodSettings = written.methodSettings;
        internals.get(this)!.stagePatch = written.stagePatch;

        const plainApiName = plainValue(apiName);
        this.stageCheck = liveStageCheck(this, {
            componentName: name,
            stageOwner,
            restApiId: apiId,
            stageName,
            region,
            existingStage,
            destination: accessLogGroup
                ? { service: "logs", name: sink.outputs.accessLogGroupName }
                : { service: "firehose", name: sink.outputs.accessLogStreamName },
            format: settings.accessLogs.format,
            loggingLevel: settings.methodSettings.loggingLevel,
            ...(plainApiName === undefined ? {} : { apiName: plainApiName }),
        });

        // After what sets the stage's logging level (its method settings, or the patch of a stage this
        // component does not create): API Gateway refuses a delivery source while the stage does not log.
        const target = executionSink.delivery;
        const loggingSet = [...this.methodSettings, ...(written.stagePatch ? [written.stagePatch] : [])];
        this.executionLogDelivery = target && executionLogDelivery(target, context, loggingSet);

        // The same values as the properties above, plain text where known now: the SDK awaits and
        // serializes every Output registered here, per stage (docs/performance.md).
        this.registerOutputs({
            stageName,
            restApiId: apiId,
            cloudWatchRoleArn: roleArn,
            accessLogGroupName: this.accessLogGroupName,
            accessLogGroupArn: this.accessLogGroupArn,
            executionLogGroupName: executionSink.standardLogGroupName,
            accessLogFormat: settings.accessLogs.format,
            accessLogSettings: this.accessLogSettings,
            stageCheck: this.stageCheck,
            invokeUrl: this.invokeUrl,
            accessLogConsoleUrl: sink.consoleUrl,
            executionLogConsoleUrl: executionSink.consoleUrl,
            accessLogTailCommand: sink.tailCommand,
            executionLogTailCommand: executionSink.tailCommand,
            executionLogDestination: executionSink.kind,
            executionLogLocation: executionSink.location,
            ...sink.outputs,
            ...executionSink.outputs,
        });
    }
}

/** What a `StageLogging` keeps for its getters: TypeScript-only, not outputs (see the class). */
const internals = new WeakMap<
    StageLogging,
    { settings: StageLoggingSettings; sink: AccessLogSink; executionSink: ExecutionLogSink; queryPlan: QueryPlan; known: KnownValues; stagePatch?: StageLoggingPatch }
>();

/** `StageLogging.knownValues`: plain text where known when the program runs. */
export interface KnownValues {
    restApiId: pulumi.Input<string>;
    stageName: string;
    /** API Gateway's own execution log group's name. */
    executionLogGroupName: pulumi.Input<string>;
    /** The saved queries' names, as `queryDefinitions`. */
    queryNames: pulumi.Input<string>[];
}

/** What a stage's `accessLogSettings` holds. */
export interface AccessLogSettings {
    /** The ARN of the log group or Firehose stream. */
    destinationArn: string;
    /** The one-line `$context` format. */
    format: string;
}

/** The resources an Output came from, as a `dependsOn` entry: one per Output, shared by every stage that uses the same role. */
const dependencies = new WeakMap<object, pulumi.Input<pulumi.Resource>>();
function resourcesOf(value: pulumi.Input<string>): pulumi.Input<pulumi.Resource> {
    const output = asOutput(value);
    let entry = dependencies.get(output);
    if (!entry) {
        entry = output.apply(() => [] as pulumi.Resource[]) as unknown as pulumi.Resource;
        dependencies.set(output, entry);
    }
    return entry;
}

/**
 * A ValidationError as Pulumi reports an input error of a resource: its message, no stack trace. The
 * ValidationError stays the cause: a program can name the input its own way (a config key) or hide a secret.
 */
function asResourceError(error: unknown, resource: pulumi.Resource): unknown {
    return error instanceof ValidationError ? Object.assign(new pulumi.ResourceError(error.message, resource, true), { cause: error }) : error;
}

function pick(m: MethodLogging): MethodLogging {
    return { loggingLevel: m.loggingLevel, dataTraceEnabled: m.dataTraceEnabled, metricsEnabled: m.metricsEnabled };
}
