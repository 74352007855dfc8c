// The delivery of a stage's execution logs: the delivery source (the stage, log type
// EXECUTION_LOGS) and the delivery linking it to the destination, in the order AWS needs.
//
// - The source only after the stage logs: API Gateway refuses to create it while the stage's
//   loggingLevel is neither ERROR nor INFO ("Create a log delivery for REST API execution logs",
//   Prerequisites), so it waits for every MethodSettings of the stage.
// - The delivery only after the destination's resource policies and bucket settings (the destination
//   waits for them too), so the first events find the door open.
// A source names the stage by ARN and never changes it: this works for stages another stack owns.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fromInput } from "../inputs";
import { deliveryDestinationName, deliverySourceName, EXECUTION_LOGS_LOG_TYPE, executionLogSourceArn } from "./deliveryPolicies";
import type { DeliveryTarget, ExecutionLogContext } from "./executionLogSink";

export interface ExecutionLogDelivery {
    /** The stage as a delivery source (log type EXECUTION_LOGS). */
    source: aws.cloudwatch.LogDeliverySource;
    /** Where the delivery writes: the log group, bucket or stream. */
    destination: aws.cloudwatch.LogDeliveryDestination;
    /** The delivery that links the source to the destination. */
    delivery: aws.cloudwatch.LogDelivery;
}

/**
 * The delivery destination of every kind (a log group, a bucket, a stream): named after the stage,
 * the kind (`cwl`, `s3`, `fh`) and the output format, created after `ready` (the resource and the
 * policies that let the delivery write to it).
 */
export function deliveryDestination(
    context: ExecutionLogContext,
    kind: string,
    outputFormat: string,
    resourceArn: pulumi.Input<string>,
    ready: pulumi.Input<pulumi.Resource>[] = [],
): aws.cloudwatch.LogDeliveryDestination {
    const { name, stageName, opts } = context;
    return new aws.cloudwatch.LogDeliveryDestination(
        `${name}-execution-log-destination`,
        {
            name: fromInput(context.restApiId, (id) => deliveryDestinationName(id, stageName, kind, outputFormat)),
            outputFormat,
            deliveryDestinationConfiguration: { destinationResourceArn: resourceArn },
            tags: context.tags,
        },
        { ...opts, dependsOn: ready },
    );
}

/** Connects the stage to `target` once `after` (the stage's method settings) are in place. */
export function executionLogDelivery(target: DeliveryTarget, context: ExecutionLogContext, after: pulumi.Input<pulumi.Resource>[]): ExecutionLogDelivery {
    const { name, restApiId, stageName, region, opts } = context;
    const source = new aws.cloudwatch.LogDeliverySource(
        `${name}-execution-log-source`,
        {
            name: fromInput(restApiId, (id) => deliverySourceName(id, stageName)),
            logType: EXECUTION_LOGS_LOG_TYPE,
            resourceArn: pulumi
                .all([region, context.accountId(), restApiId])
                .apply(([r, accountId, id]) => executionLogSourceArn(r, accountId, id, stageName)),
            tags: context.tags,
        },
        { ...opts, dependsOn: after },
    );
    const delivery = new aws.cloudwatch.LogDelivery(
        `${name}-execution-log-delivery`,
        {
            deliverySourceName: source.name,
            deliveryDestinationArn: target.destination.arn,
            tags: context.tags,
        },
        { ...opts, dependsOn: [source, target.destination, ...target.ready] },
    );
    return { source, destination: target.destination, delivery };
}
