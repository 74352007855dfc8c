// What a module loads, read the way TypeScript's own pre-processor reads it: `import` (also
// `import type`), `export … from`, `require()`, `import()` and `/// <reference types>`. Shared by
// the packaging specs: the library's boundary, the tarball's contents, the policy pack's.

import * as fs from "fs";
import { isBuiltin } from "module";
import * as path from "path";
import * as ts from "typescript";

export interface Specifiers {
    /** Module specifiers, as written. */
    imports: string[];
    /** `/// <reference types="…" />`: packages of type declarations. */
    typeReferences: string[];
}

export function specifiersOf(source: string): Specifiers {
    const info = ts.preProcessFile(source, true, true);
    return {
        imports: info.importedFiles.map((file) => file.fileName),
        typeReferences: info.typeReferenceDirectives.map((directive) => directive.fileName),
    };
}

export function isRelative(specifier: string): boolean {
    return specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../");
}

/** `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`; built-ins stay as written. */
export function packageNameOf(specifier: string): string {
    const parts = specifier.split("/");
    return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

export function isNodeBuiltin(specifier: string): boolean {
    return isBuiltin(specifier);
}

/** The file a relative specifier names, as Node/TypeScript look for it: as written, with an extension, or its index. */
export function resolveRelative(fromFile: string, specifier: string, extensions: string[]): string | undefined {
    const base = path.resolve(path.dirname(fromFile), specifier);
    const candidates = [base, ...extensions.map((ext) => base + ext), ...extensions.map((ext) => path.join(base, `index${ext}`))];
    return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
}

export interface ModuleGraph {
    /** Every file reached through relative specifiers, the entry first (absolute paths). */
    files: string[];
    /** Bare specifiers (packages and built-ins), each with the first file that uses it. */
    bare: Map<string, string>;
    /** Packages named by `/// <reference types>`, each with the first file that names it. */
    typeReferences: Map<string, string>;
    /** Relative specifiers that name no file. */
    unresolved: Array<{ from: string; specifier: string }>;
}

/** Follows the relative specifiers of `entry`, transitively. */
export function moduleGraph(entry: string, extensions: string[]): ModuleGraph {
    const graph: ModuleGraph = { files: [], bare: new Map(), typeReferences: new Map(), unresolved: [] };
    const pending = [path.resolve(entry)];
    while (pending.length > 0) {
        const file = pending.shift()!;
        if (graph.files.includes(file)) {
            continue;
        }
        graph.files.push(file);
        const { imports, typeReferences } = specifiersOf(fs.readFileSync(file, "utf8"));
        for (const name of typeReferences) {
            if (!graph.typeReferences.has(name)) {
                graph.typeReferences.set(name, file);
            }
        }
        for (const specifier of imports) {
            if (!isRelative(specifier)) {
                if (!graph.bare.has(specifier)) {
                    graph.bare.set(specifier, file);
                }
                continue;
            }
            const resolved = resolveRelative(file, specifier, extensions);
            if (resolved) {
                pending.push(resolved);
            } else {
                graph.unresolved.push({ from: file, specifier });
            }
        }
    }
    return graph;
}

/** Files under `dir` (recursively) whose names end with `suffix`. */
export function filesUnder(dir: string, suffix: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) =>
            entry.isDirectory()
                ? filesUnder(path.join(dir, entry.name), suffix)
                : entry.name.endsWith(suffix)
                  ? [path.join(dir, entry.name)]
                  : [],
        )
        .sort();
}
