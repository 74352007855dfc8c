// Alarms on a stage's API Gateway metrics: server errors and latency. API Gateway publishes REST API
// metrics in the AWS/ApiGateway namespace, per stage under the dimensions ApiName and Stage
// (Amazon API Gateway Developer Guide, "Amazon API Gateway dimensions and metrics").

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { whenAllKnown } from "./inputs";
import type { AlarmSettings } from "./settings";

export interface StageAlarmsArgs {
    apiName: pulumi.Input<string>;
    restApiId: pulumi.Input<string>;
    stageName: string;
    settings: AlarmSettings;
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The alarms' names, by metric: they carry the API's name, the stage and the REST API's id. */
export function alarmNames(apiName: string, stageName: string, restApiId: string, latencyStatistic: string): { serverErrors: string; latency: string } {
    return {
        serverErrors: `${apiName} ${stageName} 5XXError rate (${restApiId})`,
        latency: `${apiName} ${stageName} Latency ${latencyStatistic} (${restApiId})`,
    };
}

/** The 5XXError and Latency alarms of one stage. */
export function stageAlarms(name: string, args: StageAlarmsArgs, opts: pulumi.CustomResourceOptions): aws.cloudwatch.MetricAlarm[] {
    const { settings, stageName } = args;
    const actions = settings.snsTopicArn === undefined ? [] : [settings.snsTopicArn];
    const label = pulumi.interpolate`${args.apiName} (${args.restApiId}) stage ${stageName}`;
    const common = {
        namespace: "AWS/ApiGateway",
        // API Gateway drops non-ASCII characters from the ApiName dimension ("Amazon API Gateway
        // dimensions and metrics"); an alarm on the full name would watch a metric that never comes.
        dimensions: { ApiName: pulumi.output(args.apiName).apply(metricApiName), Stage: stageName },
        comparisonOperator: "GreaterThanThreshold",
        period: settings.periodSeconds,
        evaluationPeriods: settings.evaluationPeriods,
        datapointsToAlarm: settings.datapointsToAlarm,
        // No requests means no datapoints; a quiet API is not a failing one.
        treatMissingData: "notBreaching",
        alarmActions: actions,
        okActions: actions,
        tags: args.tags,
    };
    const names = pulumi.all([args.apiName, args.restApiId]).apply(([api, id]) => alarmNames(api, stageName, id, settings.latencyStatistic));
    // Plain now, or when a secret rate resolves (and secret itself, like the description it is in).
    const percent = whenAllKnown<[number], number>([settings.serverErrorRate], ([rate]) => Math.round(rate * 1000) / 10);
    const latency = settings.latencyStatistic;
    const percentile = latency.startsWith("p");
    return [
        new aws.cloudwatch.MetricAlarm(
            `${name}-5xx-alarm`,
            {
                ...common,
                name: names.serverErrors,
                alarmDescription: pulumi.interpolate`More than ${percent}% of requests to ${label} were answered with a 5xx error.`,
                metricName: "5XXError",
                // 5XXError is 1 for a request answered 5xx and 0 otherwise, so its average is the error rate.
                statistic: "Average",
                threshold: settings.serverErrorRate,
            },
            opts,
        ),
        new aws.cloudwatch.MetricAlarm(
            `${name}-latency-alarm`,
            {
                ...common,
                name: names.latency,
                alarmDescription: pulumi.interpolate`The ${latency} latency of ${label} is above ${settings.latencyThresholdMs} ms.`,
                metricName: "Latency",
                // CloudWatch takes percentiles as extended statistics, never both kinds at once.
                ...(percentile ? { extendedStatistic: latency } : { statistic: latency }),
                threshold: settings.latencyThresholdMs,
            },
            opts,
        ),
    ];
}

/** The API's name as API Gateway writes it into the ApiName metric dimension. */
export function metricApiName(apiName: string): string {
    return apiName.replace(/[^\x00-\x7F]/g, "");
}
