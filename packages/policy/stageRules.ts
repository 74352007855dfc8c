// The policy pack's rules about stages and their method settings: access logs on and well formatted,
// execution logging on (a MethodSettings "*/*" or an execution-log delivery), and in production no
// method logging OFF and no data trace.

import type { PolicyConfigSchema, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { accessLogFormatProblems, EXECUTION_LOGS_LOG_TYPE, FIREHOSE_STREAM_PREFIX, methodPathOf } from "apigw-logging/pure";
import { known, line, read, stageLabel, UNKNOWN } from "./props";
import { DELIVERY_SOURCE, METHOD_SETTINGS, STAGE, STAGE_LOGGING_PATCH } from "./resourceTypes";
import { isProductionStack, production, PRODUCTION_NOTE, StackInfo } from "./stack";

export function stageAccessLogs(): ResourceValidationPolicy {
    return {
        name: "apigateway-stage-access-logs",
        description: "Every REST API stage writes access logs: accessLogSettings with a destinationArn and a format.",
        enforcementLevel: "mandatory",
        validateResource: (args, reportViolation) => {
            if (args.type !== STAGE) {
                return;
            }
            const label = stageLabel(args.props, args.name);
            const settings = read(() => args.props.accessLogSettings as Record<string, unknown> | undefined);
            if (settings === UNKNOWN) {
                return;
            }
            if (!settings) {
                reportViolation(
                    `Stage ${label}: ${line("accessLogSettings", undefined, "means API Gateway writes no access logs for this stage")}; ` +
                        `give it { destinationArn, format } (a CloudWatch Logs group, or a Firehose stream named ${FIREHOSE_STREAM_PREFIX}...)`,
                );
                return;
            }
            for (const key of ["destinationArn", "format"]) {
                const value = read(() => settings[key]);
                if (value !== UNKNOWN && !known(value)) {
                    reportViolation(`Stage ${label}: ${line(`accessLogSettings.${key}`, value, "is required: API Gateway needs both a destination and a format to write access logs")}`);
                }
            }
        },
    };
}

export function accessLogFormat(): ResourceValidationPolicy {
    return {
        name: "apigateway-access-log-format",
        description:
            "A stage's access-log format passes the StageLogging component's own rules: one line, $context.requestId or $context.extendedRequestId, only documented $context variables, at most 3 KB.",
        enforcementLevel: "mandatory",
        validateResource: (args, reportViolation) => {
            if (args.type !== STAGE) {
                return;
            }
            // A missing format is apigateway-stage-access-logs' to report.
            const format = read(() => (args.props.accessLogSettings as Record<string, unknown> | undefined)?.format);
            if (!known(format)) {
                return;
            }
            for (const problem of accessLogFormatProblems(format)) {
                reportViolation(`Stage ${stageLabel(args.props, args.name)}: ${line("accessLogSettings.format", format, problem)}`);
            }
        },
    };
}

export interface MethodLoggingConfig {
    production?: boolean;
    /** Method paths (`/health/GET`, `health/GET` or API Gateway's key `~1health/GET`) allowed to turn logging off in production. */
    exemptMethodPaths?: string[];
}

/** A method path by API Gateway's key, so that every spelling of one method matches; as written when it is none. */
function methodKey(path: unknown): unknown {
    try {
        return methodPathOf(path, "methodPath");
    } catch {
        return path;
    }
}

/** One method's logging as a resource writes it: a MethodSettings, or an entry of the stage patch. */
interface MethodLoggingEntry {
    /** How a message names it: the resource kind, its stage and method path. */
    label: string;
    methodPath: unknown;
    /** Where the fields are, in the resource's own terms. */
    at: string;
    loggingLevel: unknown;
    dataTraceEnabled: unknown;
}

/** The method settings a resource writes; none for any other resource. */
function methodLoggingEntries(type: string, props: Record<string, unknown>, name: string): MethodLoggingEntry[] {
    if (type === METHOD_SETTINGS) {
        const methodPath = read(() => props.methodPath);
        const settings = read(() => props.settings as Record<string, unknown> | undefined);
        return [
            {
                label: `MethodSettings ${stageLabel(props, name)} ${known(methodPath) ? methodPath : ""}`,
                methodPath,
                at: "settings",
                loggingLevel: settings === UNKNOWN ? UNKNOWN : read(() => settings?.loggingLevel),
                dataTraceEnabled: settings === UNKNOWN ? UNKNOWN : read(() => settings?.dataTraceEnabled),
            },
        ];
    }
    if (type === STAGE_LOGGING_PATCH) {
        const entries = read(() => props.methodSettings as Array<Record<string, unknown>> | undefined);
        return Array.isArray(entries)
            ? entries.map((entry, i) => ({
                  label: `Stage patch ${stageLabel(props, name)} ${known(read(() => entry.key)) ? entry.key : ""}`,
                  methodPath: read(() => entry.key),
                  at: `methodSettings[${i}]`,
                  loggingLevel: read(() => entry.loggingLevel),
                  dataTraceEnabled: read(() => entry.dataTraceEnabled),
              }))
            : [];
    }
    return [];
}

export function methodLoggingInProduction(stack: StackInfo): ResourceValidationPolicy {
    return {
        name: "apigateway-method-logging-in-production",
        description: `Method settings in a production stack log at ERROR or INFO, never OFF. ${PRODUCTION_NOTE}`,
        enforcementLevel: "mandatory",
        configSchema: {
            properties: { ...production, exemptMethodPaths: { type: "array", items: { type: "string" }, default: [] } },
        },
        validateResource: (args, reportViolation) => {
            const config = args.getConfig<MethodLoggingConfig>();
            if (!isProductionStack(stack, config)) {
                return;
            }
            const exempt = (config.exemptMethodPaths ?? []).map(methodKey);
            for (const entry of methodLoggingEntries(args.type, args.props, args.name)) {
                const level = entry.loggingLevel;
                if ((known(entry.methodPath) && exempt.includes(methodKey(entry.methodPath))) || level === UNKNOWN || level === "ERROR" || level === "INFO") {
                    continue;
                }
                reportViolation(
                    `${entry.label}: ` +
                        line(
                            `${entry.at}.loggingLevel`,
                            level,
                            `turns execution logging off in production stack "${stack.name}" (allowed: ERROR, INFO; ` +
                                "unset is OFF); exempt a method path deliberately with this policy's exemptMethodPaths",
                        ),
                );
            }
        },
    };
}

export function dataTraceInProduction(stack: StackInfo): ResourceValidationPolicy {
    return {
        name: "apigateway-data-trace-in-production",
        description: `Method settings in a production stack do not turn on data trace (full request/response logging). ${PRODUCTION_NOTE}`,
        enforcementLevel: "mandatory",
        configSchema: { properties: { ...production } },
        validateResource: (args, reportViolation) => {
            if (!isProductionStack(stack, args.getConfig<{ production?: boolean }>())) {
                return;
            }
            for (const entry of methodLoggingEntries(args.type, args.props, args.name)) {
                if (entry.dataTraceEnabled === true) {
                    reportViolation(
                        `${entry.label}: ` +
                            line(
                                `${entry.at}.dataTraceEnabled`,
                                true,
                                `is refused in production stack "${stack.name}": full request/response logs record sensitive data ` +
                                    "(headers, bodies, tokens). Turn it off, or lower this policy's enforcement level for stacks that accept that",
                            ),
                    );
                }
            }
        },
    };
}
export interface StageMethodSettingsConfig {
    /** Stages whose method settings another stack manages: `restApiId/stageName`, or the Stage's resource name. */
    exemptStages?: string[];
}

/** Whether two resources name the same value for `key`: by value, else by the resource it came from. */
function same(a: PolicyResource, b: PolicyResource, key: string): boolean | typeof UNKNOWN {
    const left = read(() => a.props[key]);
    const right = read(() => b.props[key]);
    if (left !== UNKNOWN && right !== UNKNOWN) {
        return left === right;
    }
    // In a preview, both ids come from the same RestApi; a stage name from the stage itself.
    const from = (r: PolicyResource) => (r.propertyDependencies[key] ?? []).map((d) => d.urn);
    const shared = from(a).some((urn) => from(b).includes(urn)) || from(b).includes(a.urn);
    return shared ? true : UNKNOWN;
}

/**
 * Whether an EXECUTION_LOGS delivery source in the stack names `stage`: by its resource ARN
 * (`…:/restapis/{id}/stages/{name}`), or, in a preview that does not know the ARN yet, by the REST
 * API both came from (then the verdict waits for `pulumi up`, which knows it).
 */
function deliveredStage(stage: PolicyResource, sources: PolicyResource[]): boolean {
    return sources.some((source) => {
        if (read(() => source.props.logType) !== EXECUTION_LOGS_LOG_TYPE) {
            return false;
        }
        const arn = read(() => source.props.resourceArn);
        if (known(arn)) {
            const match = /:\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(arn);
            const api = read(() => stage.props.restApi);
            const name = read(() => stage.props.stageName);
            return match !== null && (!known(api) || api === match[1]) && (!known(name) || name === match[2]) && (known(api) || known(name));
        }
        const from = (r: PolicyResource, key: string) => (r.propertyDependencies[key] ?? []).map((d) => d.urn);
        return from(source, "resourceArn").some((urn) => from(stage, "restApi").includes(urn));
    });
}

export function stageMethodSettings(): StackValidationPolicy {
    const configSchema: PolicyConfigSchema = {
        properties: { exemptStages: { type: "array", items: { type: "string" }, default: [] } },
    };
    return {
        name: "apigateway-stage-method-settings",
        description:
            'Every REST API stage in the stack has a MethodSettings for the same REST API and stage with methodPath "*/*" and ' +
            "loggingLevel ERROR or INFO, so execution logging is on, or a CloudWatch Logs delivery of its EXECUTION_LOGS (AWS creates " +
            "that delivery source only for a stage logging at ERROR or INFO). Stages in other stacks cannot be seen.",
        enforcementLevel: "mandatory",
        configSchema,
        validateStack: (args, reportViolation) => {
            const exempt = args.getConfig<StageMethodSettingsConfig>().exemptStages ?? [];
            const methodSettings = args.resources.filter((r) => r.type === METHOD_SETTINGS);
            const sources = args.resources.filter((r) => r.type === DELIVERY_SOURCE);
            for (const stage of args.resources.filter((r) => r.type === STAGE)) {
                const label = stageLabel(stage.props, stage.name);
                // By resource name too: a new REST API's id is unknown in a preview.
                if (exempt.includes(label) || exempt.includes(stage.name)) {
                    continue;
                }
                const matches = methodSettings
                    .filter((m) => read(() => m.props.methodPath) === "*/*")
                    .map((m) => ({ m, restApi: same(stage, m, "restApi"), stageName: same(stage, m, "stageName") }));
                const covering = matches.filter((x) => x.restApi === true && x.stageName === true).map((x) => x.m);
                if (covering.length === 0) {
                    // Method settings whose target cannot be told yet are checked again after `pulumi up`.
                    // A delivered stage logs: its method settings are managed where the stage is.
                    if (!matches.some((x) => x.restApi !== false && x.stageName !== false) && !deliveredStage(stage, sources)) {
                        reportViolation(
                            `Stage ${label} has no MethodSettings with methodPath "*/*" in this stack, so its execution logging is off ` +
                                "(API Gateway's default). Add one with loggingLevel ERROR or INFO (StageLogging does), or list the stage in " +
                                "this policy's exemptStages if another stack manages its method settings",
                            stage.urn,
                        );
                    }
                    continue;
                }
                const levels = covering.map((m) => read(() => (m.props.settings as Record<string, unknown> | undefined)?.loggingLevel));
                if (!levels.some((level) => level === UNKNOWN || level === "ERROR" || level === "INFO")) {
                    reportViolation(
                        `Stage ${label}: ${line('MethodSettings "*/*" settings.loggingLevel', levels[0], "turns its execution logging off (allowed: ERROR, INFO; unset is OFF)")}`,
                        stage.urn,
                    );
                }
            }
        },
    };
}
