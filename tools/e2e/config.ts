// The stack config of each e2e step, in this project's config keys (README "Config"). Kept in this
// one function so a rename of the keys is one edit here; tests/tools/e2e/config.spec.ts runs every
// step's config through the program's own validation (resolveStackConfig), so a rename that is not
// made here fails `npm test` rather than a nightly run.

import type { ConfigMap } from "@pulumi/pulumi/automation";

/** The tag every tagged resource of a run carries: its run id (cleanup finds the buckets by it). */
export const E2E_TAG = "apigw-logging-e2e";

/** The override the suite puts on the nested REST API's stage (scenario 3). */
export const NESTED_OVERRIDE = { methodPath: "pets/{id}/GET", loggingLevel: "INFO" } as const;

export interface E2eStep {
    /** The run id: stack name, stage name of both stages, prefix of the REST APIs' names. */
    runId: string;
    region: string;
    /** CloudWatch Logs access logs with this retention and format preset, or Firehose into S3. */
    accessLogs: { destination: "cloudwatch"; retentionInDays: number; format: string } | { destination: "firehose"; format: string };
    /** The REST API the suite made with a nested path, listed in `stages`; unset to list no stage. */
    nested?: {
        restApiId: string;
        name: string;
        previousNames?: string[];
        /** The per-method override on the nested path (scenario 3 on). */
        override?: boolean;
    };
}

/**
 * The config of each scenario, in order (scenarios.ts applies them; config.spec.ts validates and
 * plans every one). `again` is the config `up` runs with after `destroy` in scenario 6.
 */
export function scenarioSteps(run: { runId: string; region: string; nestedRestApiId: string }) {
    const base = { runId: run.runId, region: run.region };
    const cloudwatch = (retentionInDays: number, format: string) => ({ destination: "cloudwatch" as const, retentionInDays, format });
    const nested = { restApiId: run.nestedRestApiId, name: "nested" };
    const renamed = { restApiId: run.nestedRestApiId, name: "nested-renamed", previousNames: ["nested"], override: true };
    const steps = {
        up: { ...base, accessLogs: cloudwatch(7, "json"), nested },
        inPlace: { ...base, accessLogs: cloudwatch(14, "clf"), nested },
        override: { ...base, accessLogs: cloudwatch(14, "clf"), nested: { ...nested, override: true } },
        rename: { ...base, accessLogs: cloudwatch(14, "clf"), nested: renamed },
        // The listed stage would inherit the Firehose default too; its part is done, so it leaves the list.
        firehose: { ...base, accessLogs: { destination: "firehose" as const, format: "json" } },
        again: { ...base, accessLogs: cloudwatch(14, "clf"), nested: renamed },
    } satisfies Record<string, E2eStep>;
    return steps;
}

export const sampleApiName = (runId: string) => `${runId}-sample`;
export const nestedApiName = (runId: string) => `${runId}-nested`;

/**
 * Every config value of one step. Values are strings; the project's structured keys are JSON, which
 * the program reads with `config.getObject`. `pulumi:autonaming.pattern` is a path key (the engine
 * requires `pulumi:autonaming` to be an object): see `byPathMode`.
 */
export function e2eStackConfig(step: E2eStep): ConfigMap {
    const { runId } = step;
    const accessLogs =
        step.accessLogs.destination === "firehose"
            ? {
                  destination: "firehose",
                  format: step.accessLogs.format,
                  // Small and soon: the suite waits for the first object, and nothing it writes is kept.
                  firehose: {
                      bufferingIntervalInSeconds: 60,
                      bufferingSizeInMBs: 1,
                      errorLogRetentionInDays: 1,
                      bucket: { expireAfterDays: 1, noncurrentVersionExpireAfterDays: 1 },
                  },
              }
            : { retentionInDays: step.accessLogs.retentionInDays, format: step.accessLogs.format };
    const logging = {
        accessLogs,
        executionLogs: { retentionInDays: 3 },
        methodSettings: { loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: true },
        // retainLogsOnDelete stays at its default (true): scenario 6 checks what destroy leaves.
        tags: { [E2E_TAG]: runId },
    };
    const stages = step.nested
        ? [
              {
                  name: step.nested.name,
                  ...(step.nested.previousNames ? { previousNames: step.nested.previousNames } : {}),
                  restApiId: step.nested.restApiId,
                  apiName: nestedApiName(runId),
                  stageName: runId,
                  // ERROR for the stage, so that an INFO line for the nested path can only come from the override.
                  methodSettings: {
                      loggingLevel: "ERROR",
                      ...(step.nested.override ? { overrides: [{ ...NESTED_OVERRIDE }] } : {}),
                  },
              },
          ]
        : [];
    const json = (value: unknown) => ({ value: JSON.stringify(value) });
    return {
        "aws:region": { value: step.region },
        // Auto-named resources (the CloudWatch and Firehose roles, the role policy) start with the run
        // id, so cleanup can find them; Pulumi CLI 3.146+ with @pulumi/aws 6.66+ honour this key.
        "pulumi:autonaming.pattern": { value: "${stack}-${name}-${hex(4)}" },
        "apigw-logging:accountSetting": json({ mode: "create" }),
        "apigw-logging:logging": json(logging),
        "apigw-logging:stages": json(stages),
        "apigw-logging:sampleApi": json({ apiName: sampleApiName(runId), stageName: runId }),
    };
}

/**
 * The keys to set as they are (`pulumi config set-all`) and the path keys (`--path`, a dot after the
 * namespace), so that JSON values are stored as the plain strings `pulumi config set` stores.
 */
export function byPathMode(config: ConfigMap): { plain: ConfigMap; path: ConfigMap } {
    const isPath = (key: string) => key.slice(key.indexOf(":") + 1).includes(".");
    const pick = (path: boolean) => Object.fromEntries(Object.entries(config).filter(([key]) => isPath(key) === path));
    return { plain: pick(false), path: pick(true) };
}
