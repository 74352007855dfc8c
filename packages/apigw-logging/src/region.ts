// The region and account of the AWS provider a component runs with. Never the stack's `aws:region`:
// a program may hand a component a provider for another region or account, and URLs, ARNs and
// policy conditions must name that one.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const DEFAULT_PROVIDER = {};
/** Per deployment (the engine connection), per provider: a program run never sees another's values. */
type Cache = WeakMap<object, WeakMap<object, pulumi.Output<string>>>;
const regions: Cache = new WeakMap();
const accounts: Cache = new WeakMap();

/**
 * The region of the provider `resource` uses for AWS (its own, or the default provider). Asked once
 * per provider in a program, however many components share it.
 */
export function providerRegion(resource: pulumi.Resource): pulumi.Output<string> {
    return once(regions, resource, (opts) => aws.getRegionOutput({}, opts).region);
}

/** The account id of the provider `resource` uses for AWS. */
export function providerAccountId(resource: pulumi.Resource): pulumi.Output<string> {
    return once(accounts, resource, (opts) => aws.getCallerIdentityOutput({}, opts).accountId);
}

function once(
    cache: Cache,
    resource: pulumi.Resource,
    read: (opts: pulumi.InvokeOutputOptions) => pulumi.Output<string>,
): pulumi.Output<string> {
    const provider = resource.getProvider("aws::");
    const deployment = (pulumi.runtime.getMonitor() as object | undefined) ?? DEFAULT_PROVIDER;
    let byProvider = cache.get(deployment);
    if (!byProvider) {
        byProvider = new WeakMap();
        cache.set(deployment, byProvider);
    }
    const key = provider ?? DEFAULT_PROVIDER;
    let value = byProvider.get(key);
    if (!value) {
        value = read(provider ? { provider } : {});
        byProvider.set(key, value);
    }
    return value;
}

/** The ARN partition of a region: China and GovCloud regions have their own. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) {
        return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
        return "aws-us-gov";
    }
    return "aws";
}
