// The bridge from Pulumi's stack config to validated settings: the one place that reads config.

import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "apigw-logging";
import { resolveStackConfig, StackSettings } from "apigw-logging";

/**
 * Reads every key of this project's namespace (structured values with `getObject`) and validates
 * them. A bad value stops the program with one line naming the key, the value and what is allowed.
 */
export function readStackSettings(): StackSettings {
    const project = pulumi.getProject();
    const config = new pulumi.Config(project);
    const prefix = `${project}:`;
    const present: Record<string, unknown> = {};
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        if (fullKey.startsWith(prefix)) {
            const key = fullKey.slice(prefix.length);
            present[key] = structuredOrPlain(config, key);
        }
    }
    try {
        return resolveStackConfig(present, project, pulumi.getStack());
    } catch (error) {
        // RunError: Pulumi prints the message alone, without a stack trace.
        throw error instanceof ValidationError ? new pulumi.RunError(error.message) : error;
    }
}

/** Structured values (objects, numbers, booleans) parsed; anything else kept as the plain string. */
function structuredOrPlain(config: pulumi.Config, key: string): unknown {
    try {
        return config.getObject<unknown>(key);
    } catch {
        return config.get(key);
    }
}
