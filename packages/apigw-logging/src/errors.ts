// The one error type for a bad input, and the "did you mean" helper its messages use.

/**
 * Stands in for a value that must not be printed: a secret's (an input Pulumi marks secret, or a
 * `secure:` config value). An error about it says `[secret]` where it would show the value.
 */
export const SECRET_VALUE: unique symbol = Symbol("[secret]");

/**
 * An input that is not allowed: names where it came from, the value, and what is allowed.
 * `secretProblem` says the same without anything learnt from a value (another setting's, or a part
 * of this one's), for a problem whose text quotes one: the redacted error says that instead.
 */
export class ValidationError extends Error {
    constructor(
        readonly path: string,
        readonly value: unknown,
        readonly problem: string,
        readonly secretProblem: string = problem,
    ) {
        super(`${path}: ${describe(value)} ${problem}`);
        this.name = "ValidationError";
    }

    /** The same error about a secret: neither the value nor anything learnt from it is printed or kept. */
    redacted(): ValidationError {
        return new ValidationError(this.path, SECRET_VALUE, this.secretProblem);
    }
}

export function describe(value: unknown): string {
    if (value === SECRET_VALUE) {
        return "[secret]";
    }
    if (value === undefined) {
        return "(missing)";
    }
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The closest candidate by edit distance (or the one it abbreviates), when it is a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    const lower = word.toLowerCase();
    const abbreviated = candidates.filter((c) => lower.length >= 4 && c.toLowerCase().startsWith(lower));
    if (abbreviated.length === 1) {
        return abbreviated[0];
    }
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}
