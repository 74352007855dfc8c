// `npm run generate`: reads the settings' one declaration (the TypeScript interfaces of the
// component's arguments and of the stack config, with their doc comments and `@default` tags) with
// the TypeScript compiler API, and writes what is derived from it:
//   packages/apigw-logging/src/declarations.generated.ts  defaults, known keys and enum values
//   program/config/declarations.generated.ts              the stack config's shape, for its checks
//   docs/config-reference.md                              the config reference
// `npm run generate -- --check` writes nothing and exits 1 when a file is stale (tests do the same).

import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import * as ts from "typescript";
import type { ShapeKind } from "../program/config/shape";

export const ROOT = path.resolve(__dirname, "..");
const LIBRARY_ARGS = "packages/apigw-logging/src/stageLoggingArgs.ts";
const ACCOUNT_SETTING_ARGS = "packages/apigw-logging/src/accountSettingArgs.ts";
const CONFIG_DECLARATION = "program/config/declaration.ts";

/** What a setting holds, as far as the config checks and the docs need to know (the program's type). */
export type Kind = ShapeKind;

export interface Setting {
    /** Dotted path from the root; list items are `[]`, map values `{}`. */
    path: string;
    optional: boolean;
    doc: string;
    /** The `@default` tag as written (JSON for literal defaults). */
    default?: string;
    type: Kind;
    /**
     * Declared `pulumi.Input<…>` (a string or a number, or a map of strings): the component takes an
     * Output here, so a secret can stay secret. `"value"` for the setting itself, `"values"` for each
     * value of a map.
     */
    input?: "value" | "values";
}

export interface Declaration {
    root: string;
    settings: Setting[];
    /** Object settings' known keys, by path ("" is the root). */
    keys: Record<string, string[]>;
    enums: Record<string, string[]>;
}

function program(): ts.Program {
    const files = [LIBRARY_ARGS, ACCOUNT_SETTING_ARGS, CONFIG_DECLARATION].map((f) => path.join(ROOT, f));
    return ts.createProgram(files, {
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        baseUrl: ROOT,
        paths: { "apigw-logging": ["packages/apigw-logging/src/index.ts"], "@pulumi/aws": ["tools/declarationsAws.d.ts"] },
        skipLibCheck: true,
        types: ["node"],
    });
}

/** Reads the interface `root` of `file` and every setting under it. */
export function readDeclaration(p: ts.Program, file: string, root: string): Declaration {
    const checker = p.getTypeChecker();
    const source = p.getSourceFile(path.join(ROOT, file));
    if (!source) {
        throw new Error(`no such file: ${file}`);
    }
    const symbol = checker.getSymbolAtLocation(source)?.exports?.get(root as ts.__String);
    if (!symbol) {
        throw new Error(`${file} declares no interface ${root}`);
    }
    const declaration: Declaration = { root, settings: [], keys: {}, enums: {} };
    walk(checker, checker.getDeclaredTypeOfSymbol(symbol), "", declaration, new Set());
    return declaration;
}

function walk(checker: ts.TypeChecker, type: ts.Type, at: string, out: Declaration, seen: Set<ts.Type>): void {
    if (seen.has(type)) {
        return;
    }
    seen.add(type);
    const keys: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
        keys.push(property.name);
        const settingPath = at ? `${at}.${property.name}` : property.name;
        const declared = property.valueDeclaration ?? property.declarations?.[0];
        // The type as written (an enum's alias survives there; `?` would add undefined and lose it).
        const written = declared && (ts.isPropertySignature(declared) || ts.isPropertyDeclaration(declared)) ? declared.type : undefined;
        const propertyType = written
            ? checker.getTypeFromTypeNode(written)
            : declared
              ? checker.getTypeOfSymbolAtLocation(property, declared)
              : checker.getTypeOfSymbol(property);
        const kind = classify(checker, propertyType, out);
        const defaultTag = property.getJsDocTags(checker).find((tag) => tag.name === "default");
        const input = inputOf(checker, propertyType, kind);
        out.settings.push({
            path: settingPath,
            optional: (property.flags & ts.SymbolFlags.Optional) !== 0,
            doc: ts.displayPartsToString(property.getDocumentationComment(checker)).replace(/\s+/g, " ").trim(),
            ...(defaultTag ? { default: ts.displayPartsToString(defaultTag.text).trim() } : {}),
            type: kind,
            ...(input ? { input } : {}),
        });
        descend(checker, propertyType, kind, settingPath, out, seen);
    }
    out.keys[at] = keys;
}

function descend(checker: ts.TypeChecker, type: ts.Type, kind: Kind, at: string, out: Declaration, seen: Set<ts.Type>): void {
    const inner = withoutUndefined(unwrapInput(type));
    if (kind.kind === "object") {
        walk(checker, objectMember(inner) ?? inner, at, out, seen);
    } else if (kind.kind === "list") {
        const item = checker.getIndexTypeOfType(inner, ts.IndexKind.Number) ?? (inner as ts.TypeReference).typeArguments?.[0];
        if (item) {
            descend(checker, item, kind.of, `${at}[]`, out, seen);
        }
    } else if (kind.kind === "union") {
        const member = objectMember(inner);
        if (member) {
            walk(checker, member, at, out, seen);
        }
    }
}

function objectMember(type: ts.Type): ts.Type | undefined {
    return type.isUnion() ? valueMembers(type).find((t) => (t.flags & ts.TypeFlags.Object) !== 0 && t.getProperties().length > 0) : undefined;
}

/** Whether a string or number setting, or a map's string values, is declared as `pulumi.Input<…>`. */
function inputOf(checker: ts.TypeChecker, type: ts.Type, kind: Kind): Setting["input"] {
    // The type as written keeps the alias; `withoutUndefined` would see through it.
    const isInput = (t: ts.Type) => t.aliasSymbol?.name === "Input";
    if ((kind.kind === "string" || kind.kind === "number") && isInput(type)) {
        return "value";
    }
    if (kind.kind === "map" && kind.of.kind === "string") {
        const index = checker.getIndexTypeOfType(withoutUndefined(unwrapInput(type)), ts.IndexKind.String);
        return index && isInput(index) ? "values" : undefined;
    }
    return undefined;
}

/** `pulumi.Input<T>` is `T | Promise<T> | OutputInstance<T>`: its first plain member is T. */
function unwrapInput(type: ts.Type): ts.Type {
    if (type.aliasSymbol?.name === "Input" && type.aliasTypeArguments?.length === 1) {
        return type.aliasTypeArguments[0];
    }
    return type;
}

/** The members of a union that hold a value: not undefined, and not the promise or Output of an Input. */
function valueMembers(type: ts.UnionType): ts.Type[] {
    return type.types.filter((t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) === 0 && !isInputWrapper(t));
}

function isInputWrapper(type: ts.Type): boolean {
    const parts = type.isIntersection() ? type.types : [type];
    return parts.some((t) => ["Promise", "OutputInstance", "Output", "Lifted"].includes((t.aliasSymbol ?? t.getSymbol())?.name ?? ""));
}

function withoutUndefined(type: ts.Type): ts.Type {
    if (!type.isUnion()) {
        return type;
    }
    const rest = valueMembers(type);
    return rest.length === 1 ? rest[0] : type;
}

/** Types being classified: a recursive type (a format's nested fields) is named, not unrolled. */
const classifying = new Set<ts.Type>();

function classify(checker: ts.TypeChecker, raw: ts.Type, out: Declaration): Kind {
    const type = withoutUndefined(unwrapInput(raw));
    if (classifying.has(type)) {
        return { kind: "object", name: (type.aliasSymbol ?? type.getSymbol())?.name ?? "object" };
    }
    classifying.add(type);
    try {
        return classifyOnce(checker, type, out);
    } finally {
        classifying.delete(type);
    }
}

function classifyOnce(checker: ts.TypeChecker, type: ts.Type, out: Declaration): Kind {
    const flags = type.flags;
    if (flags & ts.TypeFlags.String) return { kind: "string" };
    if (flags & ts.TypeFlags.Number) return { kind: "number" };
    if (flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral) && !(flags & ts.TypeFlags.BooleanLiteral && (type as ts.Type & { intrinsicName?: string }).intrinsicName === "false")) {
        return { kind: "boolean" };
    }
    if (flags & ts.TypeFlags.BooleanLiteral) return { kind: "false" };
    if (flags & ts.TypeFlags.Any || flags & ts.TypeFlags.Unknown) return { kind: "any" };
    if (type.isUnion()) {
        const members = valueMembers(type);
        if (members.every((t) => t.isStringLiteral())) {
            const name = type.aliasSymbol?.name ?? "enum";
            const values = members.map((t) => (t as ts.StringLiteralType).value);
            out.enums[name] = values;
            return { kind: "enum", name, values };
        }
        if (members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) {
            return { kind: "boolean" };
        }
        const kinds = members.map((t) => classify(checker, t, out));
        // Collapse `true | false` inside a wider union.
        const merged = kinds.filter((k, i) => kinds.findIndex((o) => JSON.stringify(o) === JSON.stringify(k)) === i);
        return merged.length === 1 ? merged[0] : { kind: "union", of: merged };
    }
    if (checker.isArrayType(type)) {
        const item = (type as ts.TypeReference).typeArguments?.[0];
        return { kind: "list", of: item ? classify(checker, item, out) : { kind: "any" } };
    }
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    if (symbol && symbol.flags & ts.SymbolFlags.Class) {
        return { kind: "resource" };
    }
    const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (index && type.getProperties().length === 0) {
        return { kind: "map", of: classify(checker, index, out) };
    }
    return { kind: "object", name: symbol?.name ?? "object" };
}

// ---------------------------------------------------------------------------------------------

/** Literal `@default`s as a nested object: what the resolvers fill in. */
export function defaultsOf(declaration: Declaration): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const setting of declaration.settings) {
        if (setting.default === undefined || setting.path.includes("[]")) {
            continue;
        }
        let value: unknown;
        try {
            value = JSON.parse(setting.default);
        } catch {
            continue; // a described default (derived from other values), written in code once
        }
        const parts = setting.path.split(".");
        let target = defaults;
        for (const part of parts.slice(0, -1)) {
            target = (target[part] ??= {}) as Record<string, unknown>;
        }
        target[parts[parts.length - 1]] = value;
    }
    return defaults;
}

const HEADER = (what: string) =>
    `// Generated by \`npm run generate\` from ${what}: do not edit.\n` +
    "// Every value here is written once, in that declaration; a test fails when this file is stale.\n\n";

function literal(value: unknown): string {
    return JSON.stringify(value, null, 4).replace(/"([A-Za-z_$][\w$]*)":/g, "$1:");
}

export function libraryFile(stage: Declaration, account: Declaration): string {
    const enums = { ...stage.enums, ...account.enums };
    return (
        HEADER("the interfaces in stageLoggingArgs.ts and accountSettingArgs.ts") +
        `/** Every \`@default\` of \`StageLoggingArgs\` that is a literal value. */\n` +
        `export const STAGE_LOGGING_DEFAULTS = ${literal(defaultsOf(stage))} as const;\n\n` +
        `/** Every \`@default\` of \`AccountSettingArgs\` that is a literal value. */\n` +
        `export const ACCOUNT_SETTING_DEFAULTS = ${literal(defaultsOf(account))} as const;\n\n` +
        `/** The keys each object of \`StageLoggingArgs\` knows, by path ("" is the root, "[]" a list item). */\n` +
        `export const STAGE_LOGGING_KEYS: Readonly<Record<string, readonly string[]>> = ${literal(stage.keys)};\n\n` +
        `/** The keys \`AccountSettingArgs\` knows. */\n` +
        `export const ACCOUNT_SETTING_KEYS: readonly string[] = ${literal(account.keys[""])};\n\n` +
        Object.entries(enums)
            .map(([name, values]) => `/** The values of \`${name}\`. */\nexport const ${constantName(name)} = ${literal(values)} as const;\n`)
            .join("\n")
    );
}

function constantName(typeName: string): string {
    return `${typeName.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_VALUES`;
}

export function configFile(config: Declaration): string {
    const shape = Object.fromEntries(config.settings.map((s) => [s.path, s.type]));
    const secretable = config.settings.filter((s) => s.input).map((s) => (s.input === "values" ? `${s.path}{}` : s.path));
    return (
        HEADER("the interfaces in program/config/declaration.ts") +
        `import type { ConfigShape } from "./shape";\n\n` +
        `/** The stack config's settings by path ("[]" a list item): what each holds. */\n` +
        `export const CONFIG_SHAPE: ConfigShape = ${literal({ keys: config.keys, settings: shape })};\n\n` +
        `/** The settings declared \`pulumi.Input<…>\` (\`{}\`: each value of a map): a secret given there stays secret. */\n` +
        `export const SECRETABLE_SETTINGS: readonly string[] = ${literal(secretable)};\n`
    );
}

export function referenceFile(config: Declaration, rules: Readonly<Record<string, string>>): string {
    const lines = [
        "<!-- Generated by `npm run generate` from program/config/declaration.ts and the component's",
        "     argument interfaces: do not edit. A test fails when this file is stale. -->",
        "",
        "# Stack config reference",
        "",
        "Every key this project reads from `Pulumi.<stack>.yaml`, under the `apigw-logging:` namespace. Each",
        "setting is declared once, as a TypeScript interface property with its doc comment and `@default`",
        "(`program/config/declaration.ts`, which reuses the component's `StageLoggingArgs`); its rule lives",
        "beside the component's other checks (`packages/apigw-logging/src/rules.ts`). How the keys fit",
        "together, with examples: [configuration.md](configuration.md).",
        "",
        "Secret: any value may be `secure:`. `yes` (`each value` for a map): a Pulumi secret end to end. `as text`:",
        "the component needs its text (it decides which resources exist or their names); the program marks secret every",
        "input and output that holds it, and warns where Pulumi still shows it ([Secrets](configuration.md#secrets)).",
        "",
        "| Key | Type | Default | Allowed | Secret | Description |",
        "| --- | --- | --- | --- | --- | --- |",
    ];
    for (const s of config.settings) {
        // A stage entry takes the same logging keys as `logging`: listed once, there.
        const perStage = /^stages\[\]\.([^.]+)\./.exec(s.path);
        if (perStage && config.keys.logging?.includes(perStage[1])) {
            continue;
        }
        const rule = rules[s.path.replace(/^(logging|stages\[\])\./, "")] ?? "";
        const secret = s.input === "value" ? "yes" : s.input === "values" ? "each value" : ["object", "list", "map"].includes(s.type.kind) ? "" : "as text";
        const row = [`\`${s.path}\``, typeText(s.type), s.default ? `\`${s.default}\`` : s.optional ? "" : "required", rule, secret, s.doc];
        lines.push(`| ${row.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`);
    }
    return `${lines.join("\n")}\n`;
}

function typeText(kind: Kind): string {
    switch (kind.kind) {
        case "enum":
            return kind.values.map((v) => `\`${v}\``).join(", ");
        case "object":
            return "object";
        case "list":
            return `list of ${typeText(kind.of)}`;
        case "map":
            return `map of ${typeText(kind.of)}`;
        case "union":
            return [...new Set(kind.of.map((k) => (k.kind === "map" ? "object" : typeText(k))))].join(" or ");
        default:
            return kind.kind;
    }
}

/** Every generated file and its content. */
export function generate(rules: Readonly<Record<string, string>>): Record<string, string> {
    const p = program();
    const stage = readDeclaration(p, LIBRARY_ARGS, "StageLoggingArgs");
    const account = readDeclaration(p, ACCOUNT_SETTING_ARGS, "AccountSettingArgs");
    const config = readDeclaration(p, CONFIG_DECLARATION, "StackConfig");
    return {
        "packages/apigw-logging/src/declarations.generated.ts": libraryFile(stage, account),
        "program/config/declarations.generated.ts": configFile(config),
        "docs/config-reference.md": referenceFile(config, rules),
    };
}

/** The files whose content differs from what `generate` makes. */
export function staleFiles(files: Record<string, string>): string[] {
    return Object.entries(files)
        .filter(([file, text]) => !fs.existsSync(path.join(ROOT, file)) || fs.readFileSync(path.join(ROOT, file), "utf8") !== text)
        .map(([file]) => file);
}

const USAGE = "usage: npm run generate [-- --check]";

function main(): void {
    const { values } = parseArgs({ options: { check: { type: "boolean" }, help: { type: "boolean", short: "h" } }, strict: true });
    if (values.help) {
        console.log(`${USAGE}\n\n  --check   write nothing; exit 1 when a generated file is stale\n  --help    this text`);
        return;
    }
    // Loaded here, not at the top: the rules come from the library, which imports the generated file.
    const { RULE_DESCRIPTIONS } = require("apigw-logging") as typeof import("apigw-logging");
    const files = generate(RULE_DESCRIPTIONS);
    const stale = staleFiles(files);
    if (values.check) {
        if (stale.length > 0) {
            console.error(`error: stale generated files (run npm run generate): ${stale.join(", ")}`);
            process.exit(1);
        }
        return;
    }
    for (const file of stale) {
        fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
        fs.writeFileSync(path.join(ROOT, file), files[file]);
        console.log(`wrote ${file}`);
    }
}

if (require.main === module) {
    try {
        main();
    } catch (error) {
        console.error(`error: ${(error as Error).message} (${USAGE})`);
        process.exit(2);
    }
}
