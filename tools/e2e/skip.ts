// Whether the e2e suite can run here: a Pulumi CLI on PATH, AWS credentials, and a region. When one
// is missing the suite prints one line, `e2e: skipped: <why>`, and exits 0 (or, with
// E2E_REQUIRE=true as in the nightly workflow, prints `e2e: cannot run: <why>` and exits 1, so a
// broken runner never looks like a green run).

import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { execFile } from "child_process";

export interface Probes {
    env: NodeJS.ProcessEnv;
    /** `pulumi version`: the version, or undefined when there is no CLI. */
    pulumiVersion: () => Promise<string | undefined>;
    /** The default AWS credential chain: true when it yields credentials within the timeout. */
    hasDefaultCredentials: (timeoutMs: number) => Promise<boolean>;
}

export type Prerequisites = { run: true; region: string; pulumiVersion: string } | { run: false; reason: string };

// Where the AWS SDK's default chain looks first; any of these means credentials are configured.
const CREDENTIAL_VARIABLES = [
    ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
    ["AWS_PROFILE"],
    ["AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"],
    ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"],
    ["AWS_CONTAINER_CREDENTIALS_FULL_URI"],
];

export async function checkPrerequisites(probes: Probes, credentialTimeoutMs = 3000): Promise<Prerequisites> {
    const reasons: string[] = [];
    const version = await probes.pulumiVersion();
    if (version === undefined) {
        reasons.push("no Pulumi CLI (`pulumi version` did not run; install it from https://www.pulumi.com/docs/iac/download-install/)");
    }
    const fromEnv = CREDENTIAL_VARIABLES.some((names) => names.every((name) => probes.env[name]));
    if (!fromEnv && !(await probes.hasDefaultCredentials(credentialTimeoutMs))) {
        reasons.push("no AWS credentials (none in the environment, and the SDK's default chain found none)");
    }
    const region = probes.env.AWS_REGION || probes.env.AWS_DEFAULT_REGION;
    if (!region) {
        reasons.push("no AWS region (set AWS_REGION or AWS_DEFAULT_REGION)");
    }
    if (reasons.length > 0) {
        return { run: false, reason: reasons.join("; ") };
    }
    return { run: true, region: region!, pulumiVersion: version! };
}

/** The probes for this machine. */
export function localProbes(env: NodeJS.ProcessEnv = process.env): Probes {
    return {
        env,
        pulumiVersion: () =>
            new Promise((resolve) => {
                execFile("pulumi", ["version"], { timeout: 20_000, env }, (error, stdout) => resolve(error ? undefined : stdout.trim()));
            }),
        hasDefaultCredentials: async (timeoutMs) => {
            let timer: NodeJS.Timeout | undefined;
            const timeout = new Promise<boolean>((resolve) => {
                timer = setTimeout(() => resolve(false), timeoutMs);
            });
            const chain = defaultProvider({ timeout: timeoutMs, maxRetries: 0 })().then(
                (credentials) => Boolean(credentials.accessKeyId),
                () => false,
            );
            try {
                return await Promise.race([chain, timeout]);
            } finally {
                clearTimeout(timer);
            }
        },
    };
}
