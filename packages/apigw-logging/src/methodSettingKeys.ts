// A method's key in a stage's method settings, from the path users see in the console or an OpenAPI
// file. Pure: tested without mocks.
//
// API Gateway keys `Stage.methodSettings` by `{resource path}/{HTTP method}`, with every "/" inside
// the resource path written "~1" (JSON-pointer escaping, as its PATCH operations address them):
// `~1orders~1items/GET` for GET /orders/items, `~1orders/*` for every method of /orders, `~1/GET`
// for GET on the root resource, and `*/*` for the whole stage (GetStage answers with these keys;
// Stage.methodSettings, API Gateway API reference; PatchOperation.path: 'Any slash ("/") character
// appearing in path names must be escaped with "~1"').
// The AWS provider does not escape: terraform-provider-aws internal/service/apigateway/
// method_settings.go builds each patch path as fmt.Sprintf("/%s/", methodPath) + "logging/loglevel"
// and reads the result back as stage.MethodSettings[methodPath], so `orders/items/GET` lands under a
// key that no method has (terraform-provider-aws issues #9738, #41104). The component therefore
// sends the escaped key, whichever way it was written.

import { ValidationError } from "./errors";

/** The methods a method setting can name; `*` is every method of the resource. */
export const METHOD_SETTING_HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY", "*"] as const;

/** The key of the stage-wide entry, which every method inherits from. */
export const STAGE_WIDE_KEY = "*/*";

/** How both spellings look, for messages. */
export const METHOD_PATH_EXAMPLES = '"/orders/items/GET" (as the console shows it) or "~1orders~1items/GET" (API Gateway\'s key)';

// A resource path part (API Gateway: letters, digits, . _ - :), or a path variable `{id}` / `{proxy+}`.
const PATH_PART = /^(?:[A-Za-z0-9._:-]+|\{[A-Za-z0-9._-]+\+?\})$/;

/**
 * The key API Gateway files the method's settings under. Takes the path as the console or an OpenAPI
 * file writes it, with or without the leading "/" (`/orders/{id}/GET`, `orders/*`, `/GET` for the
 * root resource), or already escaped (`~1orders~1{id}/GET`); `*` `/` `*` is the whole stage.
 */
export function methodSettingKey(value: unknown, path: string): string {
    const fail = (problem: string): never => {
        throw new ValidationError(path, value, problem);
    };
    if (typeof value !== "string" || value === "") {
        return fail(`must be "{resource path}/{HTTP method}", e.g. ${METHOD_PATH_EXAMPLES}`);
    }
    const slash = value.lastIndexOf("/");
    const method = value.slice(slash + 1);
    const resource = slash < 0 ? "" : value.slice(0, slash);
    if (slash < 0 || !(METHOD_SETTING_HTTP_METHODS as readonly string[]).includes(method)) {
        const upper = method.toUpperCase();
        const hint = slash >= 0 && (METHOD_SETTING_HTTP_METHODS as readonly string[]).includes(upper) ? ` (methods are upper case: "${upper}")` : "";
        return fail(`must end in "/{HTTP method}", one of ${METHOD_SETTING_HTTP_METHODS.join(", ")}${hint}, e.g. ${METHOD_PATH_EXAMPLES}`);
    }
    if (resource === "*" || resource === "/*") {
        return method === "*" ? STAGE_WIDE_KEY : fail('names every resource with "*", which API Gateway takes only as "*/*" (every method of the stage)');
    }
    let parts: string[];
    if (resource.startsWith("~1")) {
        // Already API Gateway's key: the resource path's slashes are all "~1".
        if (resource.includes("/")) {
            return fail(`mixes "~1" and "/" in the resource path; write it either way, e.g. ${METHOD_PATH_EXAMPLES}`);
        }
        parts = resource.slice(2).split("~1");
    } else {
        if (resource.includes("~")) {
            return fail(`has "~" in the resource path: the escaped form starts with "~1", e.g. ${METHOD_PATH_EXAMPLES}`);
        }
        parts = (resource.startsWith("/") ? resource.slice(1) : resource).split("/");
    }
    const root = parts.length === 1 && parts[0] === "";
    const bad = root ? undefined : parts.find((part) => !PATH_PART.test(part));
    if (bad !== undefined) {
        return fail(
            bad === ""
                ? 'has an empty resource path part ("//", or a "/" at its end)'
                : `has the resource path part "${bad}", which API Gateway does not allow (letters, digits, . _ - : or a {variable})`,
        );
    }
    return `~1${root ? "" : parts.join("~1")}/${method}`;
}

/** The resource path and method a key stands for, as the console shows it: `/orders/items GET`. */
export function describeMethodSettingKey(key: string): string {
    if (key === STAGE_WIDE_KEY) {
        return "every method of the stage";
    }
    const slash = key.lastIndexOf("/");
    const resource = key.slice(0, slash).replace(/~1/g, "/");
    const method = key.slice(slash + 1);
    return `${method === "*" ? "every method of" : method} ${resource}`;
}
