// adoptLogGroups: log groups that exist already, which the component imports (Pulumi's `import`
// resource option, by the group's name) instead of creating them. Pure: tested without mocks.

import type * as pulumi from "@pulumi/pulumi";
import { object, optionalBoolean } from "./checks";
import { STAGE_LOGGING_DEFAULTS as DEFAULTS, STAGE_LOGGING_KEYS as KEYS } from "./declarations.generated";
import { ValidationError } from "./errors";
import type { AccessLogSinkSettings, StageLoggingSettings } from "./settings";

/** Checks `adoptLogGroups` against the access-log destination; `path` is the setting's. */
export function resolveAdoptLogGroups(input: unknown, path: string, destination: AccessLogSinkSettings["kind"]): StageLoggingSettings["adoptLogGroups"] {
    const raw = object(input ?? {}, path, KEYS.adoptLogGroups);
    const d = DEFAULTS.adoptLogGroups;
    const flag = (key: "execution" | "access" | "firehoseErrors") => optionalBoolean(raw[key], `${path}.${key}`) ?? d[key];
    const adopt = { execution: flag("execution"), access: flag("access"), firehoseErrors: flag("firehoseErrors") };
    // Adopting a group the destination does not have would import nothing and silently do nothing.
    if (adopt.access && destination === "firehose") {
        throw new ValidationError(`${path}.access`, true, 'has no effect with accessLogs.destination "firehose", which has no access-log group (see adoptLogGroups.firehoseErrors)');
    }
    if (adopt.firehoseErrors && destination === "cloudwatch") {
        throw new ValidationError(`${path}.firehoseErrors`, true, 'needs accessLogs.destination "firehose" (only Firehose has a delivery-error log group)');
    }
    return adopt;
}

/**
 * The import option takes the group's name before any resource exists: a name derived from a REST
 * API id that is an Output (an API created by the same program) is not known yet. A given
 * `logGroupName` or `streamName` names the group without it, when it is plain text: a secret one
 * would be shown in plain text as the import id, so it cannot be adopted by.
 */
export function checkAdoptedNamesKnown(settings: StageLoggingSettings, restApiId: pulumi.Input<string>, path: string): void {
    const { sink } = settings.accessLogs;
    const given = {
        execution: undefined,
        access: sink.kind === "cloudwatch" ? { setting: "accessLogs.logGroupName", value: sink.logGroupName } : undefined,
        firehoseErrors: sink.kind === "firehose" ? { setting: "accessLogs.firehose.streamName", value: sink.streamName } : undefined,
    };
    for (const flag of ["execution", "access", "firehoseErrors"] as const) {
        if (!settings.adoptLogGroups[flag]) {
            continue;
        }
        const name = given[flag];
        if (name?.value !== undefined && typeof name.value !== "string") {
            throw new ValidationError(
                `${path}.adoptLogGroups.${flag}`,
                true,
                `needs ${path}.${name.setting} as plain text: Pulumi imports a group by its name, which it shows in plain text and must know before anything is created (a secret name cannot be adopted)`,
            );
        }
        if (name?.value === undefined && typeof restApiId !== "string") {
            throw new ValidationError(
                `${path}.adoptLogGroups.${flag}`,
                true,
                "needs restApiId as a plain string: Pulumi imports a group by its name, which must be known before anything is created",
            );
        }
    }
}
