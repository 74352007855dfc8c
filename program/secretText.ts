// Secret values the program must use as text (program/config/secureValues.ts): a stage's name, a
// choice, a switch, the format, a method path, aws:region. They decide which resources exist and
// their names, so the components take them as plain values; for each to stay secret wherever it
// lands, a transformation on every resource the program makes marks secret each input that holds
// one (legacy `transformations`, which the SDK runs in the program and a child inherits from its
// parent: @pulumi/pulumi resource.js), and the components' and the stack's outputs that hold one
// are marked the same way.
//
// What "holds" means:
// - A text (a name, an id, a format, a method path, the region) is held by every input string that
//   contains it between characters that are not letters or digits (a stage name in its log group's
//   name), as written or as the component sends it (a preset's format, a method's `~1` key).
// - A choice, a switch or a number is held by an input of the same name with the same value
//   (`loggingLevel: "INFO"`): the settings carry AWS's names for what they set.
// Any other input that happens to contain the same text is marked too: more secret, never less.

import * as pulumi from "@pulumi/pulumi";
import { methodSettingKey, resolveAccessLogFormat } from "apigw-logging";
import { CONFIG_SHAPE } from "./config/declarations.generated";
import type { SecureValue } from "./config/secureValues";

/** What holds a secret value: inputs containing one of `texts`, or the inputs named `property` equal to `equals`. */
export type SecretMatch = { texts: string[] } | { property: string; equals: unknown };

/** How the inputs hold `secret`. */
export function secretMatch(secret: SecureValue): SecretMatch {
    const kind = secret.setting === "aws:region" ? "string" : CONFIG_SHAPE.settings[secret.setting]?.kind;
    if (kind === "string" || (kind === "union" && secret.setting.endsWith("accessLogs.format"))) {
        return { texts: spellings(secret).filter((text) => text !== "") };
    }
    return { property: secret.setting.replace(/(\{\}|\[\])$/, "").split(".").pop()!, equals: secret.value };
}

/** The value as written and as the component sends it. */
function spellings({ setting, value, key }: SecureValue): string[] {
    const sent = (convert: () => string): string[] => {
        try {
            return [convert()];
        } catch {
            return []; // a bad value: the component's check refuses it under its key
        }
    };
    if (setting.endsWith("accessLogs.format")) {
        return sent(() => resolveAccessLogFormat(value, key)); // a preset's name is not what the stage gets
    }
    if (setting.endsWith("methodPath")) {
        return [String(value), ...sent(() => methodSettingKey(value, key))];
    }
    return [String(value)];
}

/** The resource options and the outputs' wrapper that keep `matches` secret; nothing to do without any. */
export interface SecretText {
    options: { transformations?: pulumi.ResourceTransformation[] };
    outputs<T>(outputs: T): T;
}

export function secretText(matches: readonly SecretMatch[]): SecretText {
    if (matches.length === 0) {
        return { options: {}, outputs: (outputs) => outputs };
    }
    const transformation: pulumi.ResourceTransformation = ({ resource, props, opts }) => {
        if (resource instanceof pulumi.StackReference) {
            // The engine reads a stack reference itself and asserts that its name is a plain string
            // (pulumi/pulumi pkg/resource/deploy/builtins.go, readStackReference): a secret name
            // would crash the update. Its name is its id anyway, which Pulumi keeps in plain text.
            return undefined;
        }
        if (resource instanceof pulumi.CustomResource) {
            // The stage patch's dynamic provider says it takes no secrets (@pulumi/pulumi
            // cmd/dynamic-provider: setAcceptsecrets(false)): the engine hands it the plain values.
            return { props: marked(matches, props, undefined) as pulumi.Inputs, opts };
        }
        // A component's registered outputs are kept in the state too. Its constructor registers them
        // after this runs (in the SDK's Resource constructor), so this instance's registerOutputs marks them first.
        const component = resource as unknown as { registerOutputs(outputs?: unknown): void };
        const register = component.registerOutputs.bind(component);
        component.registerOutputs = (outputs) => register(outputs === undefined ? outputs : marked(matches, outputs, undefined));
        return undefined;
    };
    return { options: { transformations: [transformation] }, outputs: (outputs) => marked(matches, outputs, undefined) as typeof outputs };
}

/** `value` with every scalar that holds a match a secret; an Output or promise that holds one, secret as a whole. */
function marked(matches: readonly SecretMatch[], value: unknown, property: string | undefined): unknown {
    if (isScalar(value)) {
        return holds(matches, value, property) ? pulumi.secret(value) : value;
    }
    if (Array.isArray(value)) {
        return value.map((item) => marked(matches, item, property));
    }
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return pulumi.output(value).apply((resolved) => (holds(matches, resolved, property) ? pulumi.secret(resolved) : resolved));
    }
    if (isRecord(value)) {
        // `__provider` and the like are the SDK's, not values of the config.
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k.startsWith("__") ? v : marked(matches, v, k)]));
    }
    return value; // a resource, an asset: not a value of the config
}

function holds(matches: readonly SecretMatch[], value: unknown, property: string | undefined): boolean {
    if (isScalar(value)) {
        return matches.some((m) => ("texts" in m ? typeof value === "string" && m.texts.some((text) => containsText(value, text)) : m.property === property && m.equals === value));
    }
    if (Array.isArray(value)) {
        return value.some((item) => holds(matches, item, property));
    }
    return isRecord(value) && Object.entries(value).some(([k, v]) => holds(matches, v, k));
}

/** Whether `text` occurs in `value` with no letter or digit right before or after it. */
export function containsText(value: string, text: string): boolean {
    const alphanumeric = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);
    for (let at = value.indexOf(text); at >= 0; at = value.indexOf(text, at + 1)) {
        if (!alphanumeric(value[at - 1]) && !alphanumeric(value[at + text.length])) {
            return true;
        }
    }
    return false;
}

function isScalar(value: unknown): value is string | number | boolean {
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function isRecord(value: unknown): value is Record<string, unknown> {
    const prototype = value !== null && typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
    return prototype === Object.prototype || prototype === null;
}
