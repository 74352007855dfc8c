// tools/cliArgs.ts: the commands' flags through util.parseArgs (strict), their --help, and the one
// error line for anything refused.

import * as assert from "assert";
import { Command, Flags, helpText, readFlags } from "../../tools/cliArgs";

const COMMAND = {
    usage: "usage: npm run thing -- --stack <name> [--json FILE] [--dry-run]",
    summary: "Does the thing.",
    flags: {
        stack: { type: "string", short: "s", value: "<name>", description: "the stack" },
        json: { type: "string", value: "FILE", description: "write JSON to FILE" },
        "dry-run": { type: "boolean", description: "change nothing" },
    },
} satisfies Command<Flags>;

class UsageError extends Error {}

function read(argv: string[], command: Command<Flags> = COMMAND) {
    return readFlags(argv, command, (message) => new UsageError(message));
}

function refusal(argv: string[], command: Command<Flags> = COMMAND): string {
    try {
        read(argv, command);
    } catch (error) {
        assert.ok(error instanceof UsageError, String(error));
        return error.message;
    }
    return assert.fail(`${argv.join(" ")} was accepted`);
}

describe("cliArgs", () => {
    it("reads long, short and inline spellings by the flags' long names", () => {
        assert.deepStrictEqual(read(["--stack", "dev", "--json=out.json", "--dry-run"]), { values: { stack: "dev", json: "out.json", "dry-run": true } });
        assert.deepStrictEqual(read(["-s", "prod"]), { values: { stack: "prod" } });
        assert.deepStrictEqual(read([]), { values: {} });
    });

    it("the last of a repeated flag wins", () => {
        assert.deepStrictEqual(read(["--stack", "dev", "--stack", "prod"]), { values: { stack: "prod" } });
    });

    const refusals: [string, string[], string][] = [
        ["an unknown flag", ["--stack", "dev", "--stak", "prod"], "unknown argument --stak"],
        ["an unknown short flag", ["-x"], "unknown argument -x"],
        ["an argument that is not a flag", ["dev"], "unknown argument dev"],
        ["a flag at the end without its value", ["--stack"], "--stack needs a value"],
        ["a flag followed by another flag instead of a value", ["--stack", "--json", "x"], "--stack needs a value"],
        ["a value that starts with a dash", ["-s", "-dev"], "-s needs a value"],
        ["a value for a flag that takes none", ["--dry-run=yes"], "--dry-run takes no value"],
    ];
    for (const [what, argv, message] of refusals) {
        it(`refuses ${what} with one line ending in the usage`, () => {
            assert.strictEqual(refusal(argv), `${message} (${COMMAND.usage})`);
        });
    }

    it("with dashValues, takes a value that starts with one dash, but not with two", () => {
        const command = { ...COMMAND, dashValues: true };
        assert.deepStrictEqual(read(["--json", "-$context.requestId", "-s", "-dev"], command), { values: { json: "-$context.requestId", stack: "-dev" } });
        assert.strictEqual(refusal(["--json", "--dry-run"], command), `--json needs a value (${COMMAND.usage})`);
        assert.strictEqual(refusal(["--", "-x"], command), `unknown argument -x (${COMMAND.usage})`);
    });

    it("--help and -h return the help instead of the flags, even next to a mistake", () => {
        for (const argv of [["--help"], ["-h"], ["--stack", "dev", "--help"], ["--stak", "dev", "--help"]]) {
            assert.deepStrictEqual(read(argv), { help: helpText(COMMAND) }, argv.join(" "));
        }
    });

    it("the help is the usage, the summary and one line per flag, aligned", () => {
        assert.strictEqual(
            helpText(COMMAND),
            [
                "usage: npm run thing -- --stack <name> [--json FILE] [--dry-run]",
                "",
                "Does the thing.",
                "",
                "Flags:",
                "  -s, --stack <name>  the stack",
                "      --json FILE     write JSON to FILE",
                "      --dry-run       change nothing",
                "  -h, --help          print this help and exit",
            ].join("\n"),
        );
    });
});
