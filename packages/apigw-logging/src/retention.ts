// How long logs are kept: a retention or an expiry, checked by its own rule and, in a production
// stack, against the policy's minimum. Part of the component's one check of its arguments; a plain
// value is checked now (no Output is made), an Output when it resolves (inputs.ts).

import type * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "./errors";
import { whenKnown } from "./inputs";
import { belowProductionMinimum } from "./rules";

/** The production minimum (`policy.minimumRetentionInDays`) and where it was set; unset outside production. */
export interface RetentionFloor {
    days: number;
    setting: string;
}

/** `value` (days, at `path`) checked by `rule` and against `floor`; the checked value carries on to the resources. */
export function keptDays(value: unknown, path: string, rule: (value: unknown, path: string) => number, floor: RetentionFloor | undefined): pulumi.Input<number> {
    return whenKnown(value as pulumi.Input<number>, (plain) => {
        const days = rule(plain, path);
        const problem = floor && belowProductionMinimum(days, floor.days, floor.setting);
        if (problem) {
            throw new ValidationError(path, days, problem);
        }
        return days;
    });
}
