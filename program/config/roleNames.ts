// The names Pulumi gives the IAM roles a stage's component creates: it names them from the
// component's name, which is the stage's key (`name`, or `{restApiId}-{stageName}`), so a long key
// makes a role name IAM refuses (the component package's iamRules.ts says why and where from). The
// stack says so under the key the user wrote, before any resource is registered.

import { autonamedIamNamesProblem, FIREHOSE_IAM_NAMES, StageLoggingArgs, ValidationError } from "apigw-logging";

/**
 * Refuses a stage whose key would make its Firehose delivery role's or policy's name too long for
 * IAM: under `{path}.name` when the stage is named, else under `{path}.stageName`, which made the
 * key. `customAutonaming`: the stack sets `pulumi:autonaming`, so the key does not decide the names.
 */
export function checkStageRoleNames(
    args: Pick<StageLoggingArgs, "accessLogs" | "stageName">,
    entryKey: string,
    named: boolean,
    path: string,
    customAutonaming: boolean,
): void {
    const destination = (args.accessLogs as { destination?: unknown } | undefined)?.destination;
    const problem = destination === "firehose" && !customAutonaming ? autonamedIamNamesProblem(entryKey, FIREHOSE_IAM_NAMES) : undefined;
    if (!problem) {
        return;
    }
    throw named
        ? new ValidationError(`${path}.name`, entryKey, problem)
        : new ValidationError(
              `${path}.stageName`,
              args.stageName,
              `makes the stage's resource names start "${entryKey}" (restApiId-stageName), which ${problem}; give the stage a shorter name (${path}.name)`,
          );
}
