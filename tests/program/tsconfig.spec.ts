// tsconfig.json: ts-node compiles with swc wherever Pulumi runs this program, and the policy pack,
// whose runner always type-checks, keeps TypeScript. ts-node is created here with the options
// @pulumi/pulumi 3.276.0 passes it (cmd/run/run.js and cmd/run-policy-pack/run.js, both unchanged
// since 3.248.0).

import * as assert from "assert";
import * as path from "path";
import { create, CreateOptions } from "ts-node";

const ROOT = path.resolve(__dirname, "../..");
const SOURCE = "export const a: number = 1;\n";
// tsc declares an export up front (`exports.a = void 0`); swc defines a getter instead.
const TSC_EMIT = /exports\.a = void 0/;

/** cmd/run/run.js: transpileOnly from PULUMI_NODEJS_TRANSPILE_ONLY, else tsconfig's noCheck (unset here). */
function pulumiRunner(transpileOnlyEnv: string | undefined): CreateOptions {
    return {
        compiler: "typescript",
        transpileOnly: transpileOnlyEnv === undefined ? undefined : transpileOnlyEnv === "true",
        project: path.join(ROOT, "tsconfig.json"),
        skipProject: false,
        compilerOptions: {},
    };
}

describe("tsconfig (how ts-node compiles the program)", () => {
    for (const env of [undefined, "true"]) {
        it(`Pulumi's runner compiles with swc when PULUMI_NODEJS_TRANSPILE_ONLY is ${env ?? "unset"}`, () => {
            const output = create(pulumiRunner(env)).compile(SOURCE, path.join(ROOT, "probe.ts"));
            assert.doesNotMatch(output, TSC_EMIT);
            assert.match(output, /Object\.defineProperty\(exports, "a"/);
        });
    }

    it('PULUMI_NODEJS_TRANSPILE_ONLY="false" is refused by ts-node, as the README says', () => {
        assert.throws(() => create(pulumiRunner("false")), /Cannot enable 'swc' option with 'transpileOnly: false'/);
    });

    it("the policy runner (typeCheck: true) compiles policy/ with TypeScript, type errors included", () => {
        const service = create({
            typeCheck: true,
            compiler: "typescript",
            project: path.join(ROOT, "packages", "policy", "tsconfig.json"),
            skipProject: false,
            compilerOptions: { target: "ES2020", module: "commonjs", moduleResolution: "node" },
        });
        assert.match(service.compile(SOURCE, path.join(ROOT, "packages", "policy", "probe.ts")), TSC_EMIT);
        assert.throws(() => service.compile("export const a: number = 'one';\n", path.join(ROOT, "packages", "policy", "probe2.ts")), /TS2322/);
    });
});
