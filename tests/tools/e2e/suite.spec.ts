// `npm run test:e2e` where it cannot run: one line saying why, exit 0, and no scenario reported as
// passed; with E2E_REQUIRE=true (the nightly workflow) the same reason fails the job.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { checkPrerequisites, localProbes, Probes } from "../../../tools/e2e/skip";
import { runSuite } from "../../../tools/e2e/suite";
import { scratchDir, toolProcess } from "../../helpers";

function probes(env: NodeJS.ProcessEnv, pulumi: string | undefined, chain: boolean): Probes & { chainCalls: number } {
    const p = {
        env,
        chainCalls: 0,
        pulumiVersion: async () => pulumi,
        hasDefaultCredentials: async () => {
            p.chainCalls++;
            return chain;
        },
    };
    return p;
}

describe("e2e: prerequisites", () => {
    it("runs with a Pulumi CLI, credentials and a region", async () => {
        const p = probes({ AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "s", AWS_REGION: "eu-west-1" }, "v3.248.0", false);
        assert.deepStrictEqual(await checkPrerequisites(p), { run: true, region: "eu-west-1", pulumiVersion: "v3.248.0" });
        assert.strictEqual(p.chainCalls, 0, "credentials in the environment: the default chain is not asked");
    });

    it("finds credentials through the SDK's default chain (SSO, ~/.aws, instance roles) and the region in AWS_DEFAULT_REGION", async () => {
        const p = probes({ AWS_DEFAULT_REGION: "us-east-1" }, "v3.248.0", true);
        assert.deepStrictEqual(await checkPrerequisites(p), { run: true, region: "us-east-1", pulumiVersion: "v3.248.0" });
        assert.strictEqual(p.chainCalls, 1);
        for (const env of [{ AWS_PROFILE: "sandbox" }, { AWS_WEB_IDENTITY_TOKEN_FILE: "/t", AWS_ROLE_ARN: "arn:aws:iam::1:role/r" }, { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://x" }]) {
            const q = probes({ ...env, AWS_REGION: "eu-west-1" }, "v3.248.0", false);
            assert.strictEqual((await checkPrerequisites(q)).run, true, JSON.stringify(env));
        }
    });

    it("asks the pulumi on PATH for its version", async () => {
        const bin = scratchDir("e2e-bin-");
        fs.writeFileSync(path.join(bin, "pulumi"), "#!/bin/sh\necho v3.248.0\n", { mode: 0o755 });
        assert.strictEqual(await localProbes({ PATH: bin }).pulumiVersion(), "v3.248.0");
        assert.strictEqual(await localProbes({ PATH: path.join(bin, "missing") }).pulumiVersion(), undefined);
    });

    it("says every reason it cannot run, in one line", async () => {
        const result = await checkPrerequisites(probes({ AWS_ACCESS_KEY_ID: "AKID" }, undefined, false));
        assert.deepStrictEqual(result, {
            run: false,
            reason:
                "no Pulumi CLI (`pulumi version` did not run; install it from https://www.pulumi.com/docs/iac/download-install/); " +
                "no AWS credentials (none in the environment, and the SDK's default chain found none); no AWS region (set AWS_REGION or AWS_DEFAULT_REGION)",
        });
    });
});

describe("e2e: npm run test:e2e without a sandbox", () => {
    const run = async (argv: string[], env: NodeJS.ProcessEnv, p = probes(env, undefined, false)) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runSuite(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env, probes: p });
        return { code, out, err };
    };

    it("prints one line, e2e: skipped: <why>, and exits 0", async () => {
        const { code, out, err } = await run([], { AWS_REGION: "eu-west-1" }, probes({ AWS_REGION: "eu-west-1" }, undefined, true));
        assert.deepStrictEqual([code, out, err], [0, ["e2e: skipped: no Pulumi CLI (`pulumi version` did not run; install it from https://www.pulumi.com/docs/iac/download-install/)"], []]);
    });

    it("fails with the same reason when E2E_REQUIRE is set, so a scheduled run never passes by skipping", async () => {
        const env = { E2E_REQUIRE: "true", AWS_REGION: "eu-west-1" };
        const { code, out, err } = await run([], env, probes(env, "v3.248.0", false));
        assert.deepStrictEqual([code, out, err], [1, [], ["e2e: cannot run: no AWS credentials (none in the environment, and the SDK's default chain found none)"]]);
    });

    it("refuses an unknown argument", async () => {
        const { code, err } = await run(["--only", "3"], {});
        assert.strictEqual(code, 2);
        assert.deepStrictEqual(err, ["e2e: unknown argument --only (usage: npm run test:e2e [-- --cleanup-only])"]);
    });

    it("as a command: no pulumi on PATH and no AWS configuration, one line on stdout, nothing on stderr, exit 0", async function () {
        this.timeout(60_000);
        const home = scratchDir("e2e-home-");
        const env = {
            // Node only: no pulumi. A home without ~/.aws, no instance metadata to ask.
            PATH: path.dirname(process.execPath),
            HOME: home,
            AWS_EC2_METADATA_DISABLED: "true",
            NODE_OPTIONS: "--conditions=apigw-logging-source",
        };
        const result = await toolProcess("e2e/suite.ts", [], env);
        assert.strictEqual(result.stderr, "");
        assert.strictEqual(result.code, 0);
        assert.match(result.stdout, /^e2e: skipped: no Pulumi CLI .*; no AWS credentials .*; no AWS region .*\n$/);
        assert.ok(!/passing|✔/.test(result.stdout), "no test is reported");
    });
});
