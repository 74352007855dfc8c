// The flags of the project's commands (`npm run plan`, `plan:diff`, `logs`): `--flag value` pairs,
// and one error line naming the usage for anything else.

/**
 * Reads `--flag value` pairs into the keys `flags` maps them to. A value starting with `-` is taken
 * for a forgotten value, unless `dashValues` allows values like a format string (then only `--` is).
 */
export function readFlags<K extends string>(
    argv: string[],
    flags: Readonly<Record<string, K>>,
    usage: string,
    fail: (message: string) => Error,
    dashValues = false,
): Partial<Record<K, string>> {
    const values: Partial<Record<K, string>> = {};
    for (let i = 0; i < argv.length; i += 2) {
        const key = Object.prototype.hasOwnProperty.call(flags, argv[i]) ? flags[argv[i]] : undefined;
        if (key === undefined) {
            throw fail(`unknown argument ${argv[i]} (${usage})`);
        }
        const value = argv[i + 1];
        if (value === undefined || value.startsWith(dashValues ? "--" : "-")) {
            throw fail(`${argv[i]} needs a value (${usage})`);
        }
        values[key] = value;
    }
    return values;
}
