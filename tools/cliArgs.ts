// The flags of the project's commands (`npm run plan`, `plan:diff`, `logs`, `bench`), read with
// Node's util.parseArgs in strict mode. What parseArgs leaves to each command is done here once:
// `--help` (the usage, what the command does, one line per flag; on stdout), and one error line
// that names the usage for anything parseArgs refuses.

import { parseArgs, ParseArgsOptionsConfig } from "util";

export interface Flag {
    type: "string" | "boolean";
    /** A one-letter alias, e.g. "s" for `-s`. */
    short?: string;
    /** The value's placeholder in the help, e.g. "<name>" (string flags). */
    value?: string;
    /** One line for the help. */
    description: string;
}

export type Flags = Record<string, Flag>;

export interface Command<F extends Flags> {
    /** "usage: npm run … -- …": the help's first line, and the end of every error line. */
    usage: string;
    /** What the command does, one line for the help. */
    summary: string;
    flags: F;
    /**
     * String flags take a value starting with one "-" as given (a format string can): `--format -x`
     * is read as `--format=-x`, the spelling parseArgs's strict mode asks for. A value starting
     * with "--" is still taken for a forgotten value.
     */
    dashValues?: boolean;
}

/** The flags given, by their long names; boolean flags are true when given. */
export type FlagValues<F extends Flags> = { [K in keyof F]?: F[K]["type"] extends "boolean" ? boolean : string };

/** Either the flags, or the help text when `--help` (or `-h`) was given. */
export type Parsed<F extends Flags> = { help: string; values?: undefined } | { help?: undefined; values: FlagValues<F> };

const HELP: Flag = { type: "boolean", short: "h", description: "print this help and exit" };

/**
 * Reads `argv` with util.parseArgs (strict: only the command's flags, no positional arguments).
 * Anything refused becomes `fail("<what> (<usage>)")`, `<what>` being "unknown argument X",
 * "X needs a value" or "X takes no value".
 */
export function readFlags<F extends Flags>(argv: string[], command: Command<F>, fail: (message: string) => Error): Parsed<F> {
    const flags: Flags = { ...command.flags, help: HELP };
    const options: ParseArgsOptionsConfig = Object.fromEntries(
        Object.entries(flags).map(([name, flag]) => [name, flag.short ? { type: flag.type, short: flag.short } : { type: flag.type }]),
    );
    const args = command.dashValues ? joinDashValues(argv, flags) : argv;
    let values: Record<string, string | boolean | undefined>;
    try {
        values = parseArgs({ args, options, strict: true, allowPositionals: false }).values as typeof values;
    } catch (error) {
        if (optionTokens(args, options).some((token) => token.name === "help")) {
            return { help: helpText(command) }; // asked for help: that comes before a typo elsewhere
        }
        throw fail(`${explain(args, options, error)} (${command.usage})`);
    }
    const { help, ...given } = values; // a plain object: parseArgs's has no prototype
    return help ? { help: helpText(command) } : { values: given as FlagValues<F> };
}

/** The usage, the summary, and one line per flag (`-s, --stack <name>  what it is`). */
export function helpText<F extends Flags>(command: Command<F>): string {
    const rows = Object.entries({ ...command.flags, help: HELP }).map(([name, flag]) => {
        const spelling = `${flag.short ? `-${flag.short}, ` : "    "}--${name}${flag.type === "string" ? ` ${flag.value ?? "<value>"}` : ""}`;
        return [spelling, flag.description];
    });
    const width = Math.max(...rows.map(([spelling]) => spelling.length));
    return [command.usage, "", command.summary, "", "Flags:", ...rows.map(([spelling, description]) => `  ${spelling.padEnd(width)}  ${description}`)].join(
        "\n",
    );
}

/** `--flag -value` → `--flag=-value`, for the command's string flags (long or short spelling). */
function joinDashValues(argv: string[], flags: Flags): string[] {
    const stringFlag = (arg: string): string | undefined =>
        Object.entries(flags).find(([name, flag]) => flag.type === "string" && (arg === `--${name}` || (flag.short !== undefined && arg === `-${flag.short}`)))?.[0];
    const out: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--") {
            out.push(...argv.slice(i)); // after "--" nothing is a flag
            break;
        }
        const name = stringFlag(argv[i]);
        const next = argv[i + 1];
        if (name !== undefined && next !== undefined && next.startsWith("-") && !next.startsWith("--")) {
            out.push(`--${name}=${next}`);
            i++;
        } else {
            out.push(argv[i]);
        }
    }
    return out;
}

type OptionToken = { kind: "option"; name: string; rawName: string; value?: string; inlineValue?: boolean };
type Token = OptionToken | { kind: "positional"; value: string } | { kind: "option-terminator" };

/** The arguments as parseArgs reads them without strictness: each option with the value it took. */
function tokens(args: string[], options: ParseArgsOptionsConfig): Token[] {
    return parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true }).tokens as Token[];
}

function optionTokens(args: string[], options: ParseArgsOptionsConfig): OptionToken[] {
    return tokens(args, options).filter((token): token is OptionToken => token.kind === "option");
}

/** What strict parseArgs refused, in the words of the project's commands: the first bad argument. */
function explain(args: string[], options: ParseArgsOptionsConfig, error: unknown): string {
    for (const token of tokens(args, options)) {
        if (token.kind === "positional") {
            return `unknown argument ${token.value}`;
        }
        if (token.kind !== "option") {
            continue;
        }
        const option = Object.prototype.hasOwnProperty.call(options, token.name) ? options[token.name] : undefined;
        if (option === undefined) {
            return `unknown argument ${token.rawName}`;
        }
        // parseArgs's strict mode refuses `--flag -x` as ambiguous: the value was probably forgotten.
        if (option.type === "string" && (token.value === undefined || (!token.inlineValue && token.value.length > 1 && token.value.startsWith("-")))) {
            return `${token.rawName} needs a value`;
        }
        if (option.type === "boolean" && token.value !== undefined) {
            return `${token.rawName} takes no value`;
        }
    }
    return (error as Error).message.split("\n")[0]; // not expected: parseArgs's own words, one line
}
