// Which `secure:` values of a stack file can stay secret, and why the others cannot: the values that
// only reach resource inputs (SECRETABLE_SETTINGS) stay secret; a value that decides which
// resources exist, their Pulumi names or how they are made cannot, since Pulumi shows those in
// plain text. Pulumi tells the program only which top-level keys hold a secret, so the program
// reads the stack file's `secure:` markers to refuse the others at preview (checkStackFileSecrets,
// stackConfig.ts), as `npm run plan` refuses them offline (tools/planSecrets.ts).

import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_SHAPE, SECRETABLE_SETTINGS } from "./declarations.generated";

const SECRETABLE = new Set(SECRETABLE_SETTINGS);

/**
 * The declaration's path of the setting at `parts` (list indices dropped): a stage entry's logging
 * settings are declared once, under `logging`; a map's values are `{}`; a value inside a setting the
 * declaration does not go into (a format's fields) is that setting's.
 */
export function declaredSetting(parts: string[]): string | undefined {
    const segments: string[] = [];
    for (const part of parts) {
        if (/^\d+$/.test(part)) {
            segments[segments.length - 1] += "[]";
        } else {
            segments.push(part);
        }
    }
    const declared = (path: string) => (CONFIG_SHAPE.settings[path] ? path : undefined);
    for (let n = segments.length; n > 0; n--) {
        const path = segments.slice(0, n).join(".");
        const found =
            declared(path) ?? (path.startsWith("stages[].") ? declared(path.replace(/^stages\[\]\./, "logging.")) : undefined) ?? declared(path.replace(/\[\]$/, ""));
        if (found) {
            return n === segments.length - 1 && CONFIG_SHAPE.settings[found].kind === "map" ? `${found}{}` : found;
        }
    }
    return undefined;
}

/** Why a setting cannot be secret (what it decides that Pulumi shows in plain text), and what to do. */
export function plainReason(setting: string): string {
    const kind = CONFIG_SHAPE.settings[setting];
    const relative = setting.replace(/^(logging|stages\[\])\./, "");
    const named = PLAIN_SETTINGS[setting] ?? PLAIN_SETTINGS[relative];
    if (named) {
        return `${named}; write it in plain text`;
    }
    switch (kind?.kind) {
        case "enum":
        case "boolean":
        case "false":
            return "it is a choice: it decides which resources exist and how they are made, which Pulumi shows in plain text; write it in plain text";
        case "object":
        case "list":
        case "map":
        case "union":
            return "it holds settings, not a value: put secure: on the values inside it that may be secret";
        default:
            throw new Error(`no reason is written for why ${setting} cannot be secret`);
    }
}

/** The plain settings that are neither choices nor containers, and what each decides. */
const PLAIN_SETTINGS: Readonly<Record<string, string>> = {
    "stages[].name": "it names the stage's Pulumi resources, which Pulumi shows in plain text",
    "stages[].previousNames": "it names the stage's Pulumi resources (their aliases), which Pulumi shows in plain text",
    "stages[].restApiId": "it identifies the stage, and names its Pulumi resources unless the entry has a name ({restApiId}-{stageName}), which Pulumi shows in plain text",
    "stages[].stageName": "it identifies the stage, and names its Pulumi resources unless the entry has a name ({restApiId}-{stageName}), which Pulumi shows in plain text",
    "stages[].apiName": "it identifies the stage's REST API: every preview's stage check prints it beside the API's name",
    "sampleApi.apiName": "it names the sample REST API, which the stack outputs show",
    "sampleApi.stageName": "it names the sample API's stage and its log groups, which Pulumi shows in plain text",
    minimumRetentionInDays: "it is the rule the retentions are checked against, and reaches no resource to keep it secret in",
    "accountSetting.stack": "it names the stack reference, a resource Pulumi shows in plain text",
    "accessLogs.format": "it decides which saved queries exist (the fields they read), which Pulumi shows in plain text",
    "methodSettings.overrides[].methodPath": "it decides which of the stage's method settings exist (their keys), which Pulumi shows in plain text",
    "executionLogs.logGroup.name": "stages that name the same group share it: it decides which stage creates the group, which Pulumi shows in plain text",
    "executionLogs.s3.bucket.name": "stages that name the same bucket share it: it decides which stage creates the bucket, which Pulumi shows in plain text",
};

/** Whether a stack file's value is a `secure:` value. */
export function isSecure(value: unknown): boolean {
    return !!value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

/**
 * Why the `secure:` value at `at` (the fully qualified key, then the path under it) cannot stay
 * secret, or undefined when it can (or is no setting of this project: the program refuses unknown
 * keys by name anyway).
 */
export function whyNotSecret(at: string[], project: string): string | undefined {
    const [key, ...rest] = at;
    if (key === "aws:region") {
        return "it is the region every resource is made in, which Pulumi shows in plain text; write it in plain text";
    }
    if (!key.startsWith(`${project}:`)) {
        return undefined;
    }
    const setting = declaredSetting([key.slice(project.length + 1), ...rest]);
    return setting === undefined || SECRETABLE.has(setting) ? undefined : plainReason(setting);
}

/** `at` as a config key: `apigw-logging:stages[0].name`. */
export function configKeyOf(at: string[]): string {
    const [key, ...rest] = at;
    return `${key}${rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("")}`;
}

/**
 * The stack file's `secure:` values that cannot stay secret, each as one line naming the key and
 * why. Read from `Pulumi.<stack>.yaml` in `projectDir` when it is there: a stack whose config comes
 * from elsewhere (an ESC environment, --config-file) is not checked.
 */
export function stackFileSecretProblems(projectDir: string, stack: string, project: string): string[] {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    let config: unknown;
    try {
        config = (yaml.load(fs.readFileSync(file, "utf8")) as { config?: unknown } | undefined)?.config;
    } catch {
        return []; // no stack file here, or one Pulumi itself would have refused
    }
    const problems: string[] = [];
    const walk = (value: unknown, at: string[]): void => {
        if (isSecure(value)) {
            const why = whyNotSecret(at, project);
            if (why) {
                problems.push(`${configKeyOf(at)}: [secret] cannot be secret: ${why}`);
            }
        } else if (Array.isArray(value)) {
            value.forEach((item, i) => walk(item, [...at, String(i)]));
        } else if (value && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) {
                walk(v, [...at, k]);
            }
        }
    };
    if (config && typeof config === "object") {
        for (const [key, value] of Object.entries(config)) {
            walk(value, [key.includes(":") ? key : `${project}:${key}`]);
        }
    }
    return problems;
}

/**
 * Whether Pulumi marked a key secret (the CLI passes the list as PULUMI_CONFIG_SECRET_KEYS; the mocks
 * take it in setAllConfig). The SDK's own reader is exported at run time but left out of its typings
 * (@pulumi/pulumi runtime/config.js, `@internal`): it is the one place that list is read.
 */
export function isConfigSecret(fullKey: string): boolean {
    return (pulumi.runtime as unknown as { isConfigSecret(key: string): boolean }).isConfigSecret(fullKey);
}

/**
 * When any key is secret: refuses, in one line each, the stack file's `secure:` values that the
 * program would have to store in plain text. Pulumi says only which keys hold a secret; the stack
 * file says which values were secure.
 */
export function refuseSecretsThatCannotStay(keys: readonly string[], project: string): void {
    if (!keys.some(isConfigSecret)) {
        return;
    }
    // The project's folder: the CLI passes it (PULUMI_NODEJS_ROOT_DIRECTORY); without it (mocks say
    // "rootDirectory"), the working directory, where the CLI runs the program.
    const root = [pulumi.runtime.getRootDirectory(), process.cwd()].find((dir) => dir && fs.existsSync(path.join(dir, "Pulumi.yaml")));
    const problems = root ? stackFileSecretProblems(root, pulumi.getStack(), project) : [];
    if (problems.length > 0) {
        throw new pulumi.RunError(problems.join("\n"));
    }
}
