// What a stage is really doing, read at preview: do its access logs reach this component's
// destination, does it log at the level asked for, and is `apiName` the REST API's name? Said per
// stage as a warning on the component (pulumi preview) and as the component's `stageCheck` output
// (npm run plan prints it). The verdicts are pure functions of what was read: tested without mocks.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { whenAllKnown } from "./inputs";
import { LiveStageReading, readLiveStage } from "./stagePatch/liveStageRead";
import type { LoggingLevel, StageOwner } from "./stageLoggingArgs";

export const Verdict = {
    /** The stage does what this component asks. */
    Yes: "yes",
    /** It does not: see the detail and the fix. */
    No: "no",
    /** It could not be read (offline, the stage missing, no permission). */
    Unknown: "unknown",
} as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

/** One answer: the verdict, why, and what to do when it is not "yes". */
export interface CheckAnswer {
    /** Yes, no, or unknown. */
    verdict: Verdict;
    /** What was found. */
    detail: string;
    /** What to do, when the verdict is not "yes". */
    fix?: string;
}

/** What the component found about its stage. */
export interface StageCheck {
    /** `restApiId/stageName`. */
    stage: string;
    /** Who owns the stage: what this component writes to it. */
    stageOwner: StageOwner;
    /** Do the stage's access logs reach this component's destination? */
    accessLogs: CheckAnswer;
    /** Does the stage (its `*` `/` `*` entry) log at the level this component asks for? */
    loggingLevel: CheckAnswer;
    /** Is `apiName` the REST API's name? Only when `apiName` was given as text. */
    apiName?: CheckAnswer;
}

/** Where this component sends access logs, as a stage's destination ARN would name it. */
export interface Destination {
    service: "logs" | "firehose";
    region: string;
    /** The log group's or the Firehose stream's name. */
    name: string;
}

/** What the verdicts are made of. `reading` unset: the stage was not read, for `notRead`. */
export interface StageCheckInput {
    componentName: string;
    stage: string;
    stageOwner: StageOwner;
    destination: Destination;
    format: string;
    loggingLevel: LoggingLevel;
    apiName?: string;
    reading?: LiveStageReading;
    notRead?: string;
}

const OFFLINE = "unknown (offline): the stage was not read from AWS (a run under mocks)";

/** The verdicts for one stage. */
export function checkStage(input: StageCheckInput): StageCheck {
    const { reading } = input;
    const unread = !reading ? `unknown (${input.notRead ?? "not read"})` : !reading.readFromAws ? OFFLINE : undefined;
    const failed = reading?.readError ? `unknown (could not read the stage: ${reading.readError})` : undefined;
    return {
        stage: input.stage,
        stageOwner: input.stageOwner,
        accessLogs: accessLogsAnswer(input, unread ?? failed),
        loggingLevel: loggingLevelAnswer(input, unread ?? failed),
        ...(input.apiName === undefined ? {} : { apiName: apiNameAnswer(input, input.apiName, unread ?? failed) }),
    };
}

function accessLogsAnswer(input: StageCheckInput, unknown: string | undefined): CheckAnswer {
    const { reading, stageOwner, componentName } = input;
    if (stageOwner === "component") {
        return { verdict: "yes", detail: "this component creates the stage with its access-log settings" };
    }
    const now = unknown ?? describeLive(input);
    if (stageOwner === "none") {
        return { verdict: "yes", detail: `this component sets the stage's access-log settings on deploy (now: ${now})` };
    }
    const fix =
        `put the accessLogSettings output of StageLogging "${componentName}" on the stage in its owner's program, ` +
        'or give stageOwner "none" if no program owns the stage, so that this component sets them';
    if (unknown || !reading) {
        return { verdict: "unknown", detail: now, fix };
    }
    if (reading.stageFound === false) {
        return { verdict: "no", detail: `the stage ${input.stage} does not exist`, fix: "check restApiId and stageName, or deploy the stage first" };
    }
    const live = reading.accessLogSettings ? parseDestination(reading.accessLogSettings.destinationArn) : undefined;
    if (!live || !sameDestination(live, input.destination)) {
        return { verdict: "no", detail: now, fix };
    }
    const format = reading.accessLogSettings!.format === input.format ? "" : "; its format is not this component's, so the saved queries may not match it";
    return { verdict: "yes", detail: `${now}${format}` };
}

function describeLive(input: StageCheckInput): string {
    const { reading } = input;
    if (reading?.stageFound === false) {
        return `the stage ${input.stage} does not exist`;
    }
    const arn = reading?.accessLogSettings?.destinationArn;
    if (!arn) {
        return "the stage has no access-log settings";
    }
    const live = parseDestination(arn);
    return live && sameDestination(live, input.destination) ? `the stage sends them to this component's ${kind(live)}` : `the stage sends them to ${arn}`;
}

function loggingLevelAnswer(input: StageCheckInput, unknown: string | undefined): CheckAnswer {
    const wanted = input.loggingLevel;
    if (input.stageOwner === "component") {
        return { verdict: "yes", detail: `this component sets ${wanted} on the stage it creates` };
    }
    if (unknown) {
        return { verdict: "unknown", detail: unknown };
    }
    const now = input.reading?.stageFound === false ? undefined : (input.reading?.stageWide?.loggingLevel ?? "OFF");
    if (now === wanted) {
        return { verdict: "yes", detail: `the stage logs at ${now}` };
    }
    return {
        verdict: "no",
        detail: now === undefined ? "the stage does not exist" : `the stage logs at ${now}; this component asks for ${wanted}`,
        fix:
            `pulumi up sets ${wanted} (the stage patch of StageLogging "${input.componentName}"); ` +
            "if the stage reads otherwise after that, its owner's program writes the logging level too: let one of the two set it",
    };
}

function apiNameAnswer(input: StageCheckInput, apiName: string, unknown: string | undefined): CheckAnswer {
    if (unknown) {
        return { verdict: "unknown", detail: unknown };
    }
    const actual = input.reading?.restApiName;
    const apiId = input.stage.split("/")[0];
    if (actual === apiName) {
        return { verdict: "yes", detail: `REST API ${apiId} is named "${apiName}"` };
    }
    const why = "API Gateway's metrics name the API by its name (dimension ApiName), so the alarms would watch a metric that never exists";
    return actual === null || actual === undefined
        ? { verdict: "no", detail: `no REST API has the id ${apiId}`, fix: "check restApiId" }
        : { verdict: "no", detail: `REST API ${apiId} is named "${actual}", not "${apiName}": ${why}`, fix: `set apiName "${actual}"` };
}

/** The service, region and name a destination ARN names; undefined for anything else. */
export function parseDestination(arn: string): Destination | undefined {
    const logs = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):\d{12}:log-group:(.+?)(:\*)?$/.exec(arn);
    if (logs) {
        return { service: "logs", region: logs[1], name: logs[2] };
    }
    const firehose = /^arn:aws[a-z-]*:firehose:([a-z0-9-]+):\d{12}:deliverystream\/(.+)$/.exec(arn);
    return firehose ? { service: "firehose", region: firehose[1], name: firehose[2] } : undefined;
}

function sameDestination(a: Destination, b: Destination): boolean {
    return a.service === b.service && a.region === b.region && a.name === b.name;
}

function kind(d: Destination): string {
    return d.service === "logs" ? `log group ${d.name}` : `Firehose stream ${d.name}`;
}

/** The warnings a check gives: one per answer that is "no", or "unknown" because AWS could not be read. */
export function stageCheckWarnings(check: StageCheck): string[] {
    const warnings: string[] = [];
    const say = (what: string, answer: CheckAnswer | undefined) => {
        if (answer && (answer.verdict === "no" || (answer.verdict === "unknown" && answer.detail.startsWith("unknown (could not read")))) {
            warnings.push(`stage ${check.stage} (stageOwner ${check.stageOwner}): ${what}: ${answer.verdict}: ${answer.detail}${answer.fix ? `. Fix: ${answer.fix}` : ""}`);
        }
    };
    say("access logs reach this component's destination", check.accessLogs);
    say("logging level as asked", check.loggingLevel);
    say("apiName is the REST API's name", check.apiName);
    return warnings;
}

/** How the component reads its stage. */
export interface LiveStageCheckArgs extends Omit<StageCheckInput, "reading" | "notRead" | "destination" | "stage"> {
    restApiId: pulumi.Input<string>;
    stageName: string;
    region: pulumi.Input<string>;
    destination: { service: Destination["service"]; name: pulumi.Input<string> };
    /** A stage this program creates elsewhere: its own access-log settings are compared, not read. */
    existingStage?: pulumi.Input<aws.apigateway.Stage>;
}

/**
 * Reads the stage where it can be read (a REST API id given as text), compares, warns on `component`
 * and returns the check. The read happens at every preview and update; it owns nothing.
 */
export function liveStageCheck(component: pulumi.ComponentResource, args: LiveStageCheckArgs): pulumi.Output<StageCheck> {
    const { restApiId, stageName, existingStage } = args;
    let reading: pulumi.Input<LiveStageReading | undefined>;
    let notRead: string | undefined;
    if (existingStage !== undefined) {
        notRead = "the stage is created in this program";
        reading = pulumi.output(existingStage).apply((stage) =>
            stage.accessLogSettings.apply(
                (settings): LiveStageReading => ({ readFromAws: true, stageFound: true, accessLogSettings: settings ?? null, stageWide: undefined, restApiName: undefined }),
            ),
        );
    } else if (args.stageOwner === "component" && args.apiName === undefined) {
        // Nothing to compare: the stage is this component's own, and there is no apiName to check.
        notRead = "the stage is created by this component";
        reading = undefined;
    } else if (typeof restApiId === "string") {
        reading = undefined; // read by compare, once the provider's region is known
    } else {
        notRead = "the REST API id is known only at deploy";
        reading = undefined;
    }
    const apiName = args.apiName;
    const readHere = reading === undefined && notRead === undefined;
    const compare = async (read: LiveStageReading | undefined, region: string, name: string, apiId: string): Promise<StageCheck> => {
        const check = checkStage({
            ...args,
            stage: `${apiId}/${stageName}`,
            destination: { service: args.destination.service, region, name },
            // Nothing is read when there is no engine (a run under mocks): "unknown (offline)".
            reading: readHere ? ((await readLiveStage({ region, restApiId: apiId, stageName })) ?? {}) : read,
            notRead,
            ...(apiName === undefined ? {} : { apiName }),
        });
        if (existingStage !== undefined) {
            // Only the access-log settings were compared; the logging level is this program's own.
            check.loggingLevel = { verdict: "yes", detail: `this component's stage patch sets ${args.loggingLevel}` };
        }
        for (const warning of stageCheckWarnings(check)) {
            void pulumi.log.warn(warning, component);
        }
        return check;
    };
    // With every part plain text (a stage listed in config) a promise, without a pulumi.all of them;
    // otherwise an Output, whose apply awaits it.
    return pulumi.output(
        whenAllKnown<[LiveStageReading | undefined, string, string, string], Promise<StageCheck>>([reading, args.region, args.destination.name, restApiId], (parts) =>
            compare(...parts),
        ),
    ) as pulumi.Output<StageCheck>;
}
