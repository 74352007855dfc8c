// "Did you mean": the documented variable a misspelt one most likely means. Kept inside the
// variable's own namespace, because another namespace's variable can pass every check and log
// nothing: `$context.authorizer.<anything>` is a valid Lambda authorizer key.

import { closest } from "./errors";
import { CONTEXT_VARIABLE_PATTERNS, CONTEXT_VARIABLES } from "./contextVariables";

const parentOf = (name: string) => name.slice(0, name.lastIndexOf("."));

/** Where documented variables live: `$context`, `$context.identity`, `$context.authorizer.claims`, ... */
const NAMESPACES = [...new Set([...CONTEXT_VARIABLES.map((v) => parentOf(v.name)), ...CONTEXT_VARIABLE_PATTERNS.map((p) => p.prefix.slice(0, -1))])];

/**
 * The documented variable `variable` most likely means, in its own namespace (or the documented
 * namespace its parent misspells): `$context.integration.<x>` is never answered with another
 * namespace's `<x>`, which for `$context.authorizer.<x>` would pass as a Lambda authorizer key and log
 * "-" forever. Only a variable written at the root may be sent to the one namespace that has its name
 * (`$context.sourceIp` → `$context.identity.sourceIp`).
 */
export function suggestionFor(variable: string): string | undefined {
    const parent = parentOf(variable);
    const leaf = variable.slice(parent.length + 1);
    const bare = (name: string) => name.replace(/^\$context\.?/, "");
    const namespace = NAMESPACES.includes(parent) ? parent : NAMESPACES.find((n) => bare(n) === closest(bare(parent), NAMESPACES.map(bare)));
    if (namespace === undefined) {
        return undefined;
    }
    if (namespace === "$context") {
        const sameLeaf = CONTEXT_VARIABLES.filter((v) => v.name.slice(v.name.lastIndexOf(".") + 1).toLowerCase() === leaf.toLowerCase());
        if (sameLeaf.length === 1 && sameLeaf[0].name !== variable) {
            return sameLeaf[0].name;
        }
    }
    const patterned = CONTEXT_VARIABLE_PATTERNS.some((p) => p.prefix === `${namespace}.`);
    const leaves = CONTEXT_VARIABLES.filter((v) => parentOf(v.name) === namespace).map((v) => v.name.slice(namespace.length + 1));
    if (namespace !== parent && (patterned || leaves.includes(leaf))) {
        return `${namespace}.${leaf}`;
    }
    const hint = closest(leaf, leaves.filter((l) => `${namespace}.${l}` !== variable));
    return hint === undefined ? undefined : `${namespace}.${hint}`;
}
