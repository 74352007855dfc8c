// Who owns the stage (`stageOwner`), checked against how the stage was given (`stage`,
// `existingStage`). Pure: tested without mocks.
//
// What each owner means for the stage, on add and on remove:
//   component  the component creates the stage with its access-log settings and writes its method
//              settings (aws.apigateway.MethodSettings); removing the component deletes the stage.
//   iac        another IaC program (or another part of this program) owns the stage and puts this
//              component's `accessLogSettings` on it. The component patches only the logging fields
//              of the stage's method settings and puts back what they were when removed.
//   none       nothing owns the stage: as `iac`, and the component also sets the stage's access-log
//              settings, putting back what they were when removed.

import { oneOf } from "./checks";
import { STAGE_OWNER_VALUES } from "./declarations.generated";
import { ValidationError } from "./errors";
import type { StageLoggingArgs, StageOwner } from "./stageLoggingArgs";

export function resolveStageOwner(args: Pick<StageLoggingArgs, "stageOwner" | "stage" | "existingStage">, path: string): StageOwner {
    const { stage, existingStage } = args;
    if (args.stageOwner === undefined) {
        return stage !== undefined ? "component" : "iac";
    }
    const owner = oneOf(args.stageOwner, `${path}.stageOwner`, STAGE_OWNER_VALUES);
    if (owner === "component" && stage === undefined) {
        throw new ValidationError(`${path}.stageOwner`, owner, `needs ${path}.stage (the deployment of the stage to create); for a stage made elsewhere give "iac" or "none"`);
    }
    if (owner !== "component" && stage !== undefined) {
        throw new ValidationError(`${path}.stageOwner`, owner, `conflicts with ${path}.stage: a stage this component creates is its own ("component")`);
    }
    if (owner === "none" && existingStage !== undefined) {
        throw new ValidationError(
            `${path}.stageOwner`,
            owner,
            `conflicts with ${path}.existingStage: a stage created in this program is owned by its Stage resource; give "iac" and put accessLogSettings on it`,
        );
    }
    return owner;
}
