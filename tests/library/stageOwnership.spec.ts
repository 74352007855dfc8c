import * as assert from "assert";
import { resolveStageOwner } from "../../packages/apigw-logging/src/stageOwnership";

const STAGE = { deploymentId: "dep123" };
const EXISTING = {} as never;

function refusal(args: Parameters<typeof resolveStageOwner>[0]): string {
    try {
        resolveStageOwner(args, "args");
    } catch (error) {
        return (error as Error).message;
    }
    assert.fail("accepted");
}

describe("resolveStageOwner", () => {
    it("makes the component the owner of a stage it creates", () => {
        assert.strictEqual(resolveStageOwner({ stage: STAGE }, "args"), "component");
    });

    it("leaves a stage it does not create to another IaC program unless told", () => {
        assert.deepStrictEqual([resolveStageOwner({}, "args"), resolveStageOwner({ existingStage: EXISTING }, "args")], ["iac", "iac"]);
    });

    it("takes none for a stage nothing owns", () => {
        assert.strictEqual(resolveStageOwner({ stageOwner: "none" }, "args"), "none");
    });

    it("refuses an owner it does not know", () => {
        assert.strictEqual(refusal({ stageOwner: "team" as never }), 'args.stageOwner: "team" is not allowed (allowed: component, iac, none)');
    });

    it("refuses component without a stage to create", () => {
        assert.strictEqual(
            refusal({ stageOwner: "component" }),
            'args.stageOwner: "component" needs args.stage (the deployment of the stage to create); for a stage made elsewhere give "iac" or "none"',
        );
    });

    it("refuses another owner for the stage the component creates", () => {
        assert.strictEqual(
            refusal({ stageOwner: "iac", stage: STAGE }),
            'args.stageOwner: "iac" conflicts with args.stage: a stage this component creates is its own ("component")',
        );
    });

    it("refuses none for a stage created in the same program", () => {
        assert.match(refusal({ stageOwner: "none", existingStage: EXISTING }), /^args\.stageOwner: "none" conflicts with args\.existingStage: a stage created in this program is owned by its Stage resource/);
    });
});
