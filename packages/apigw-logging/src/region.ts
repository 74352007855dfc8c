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
 * The region of the provider `resource` uses for AWS (its own, or the default provider).
 *
 * The default provider's region is the stack's `aws:region` when that is set: the provider takes its
 * `region` from that config first, and only without it from AWS_REGION / AWS_DEFAULT_REGION
 * (@pulumi/aws config/vars.js, `region`). Then the region is known as text now, and every name,
 * URL and ARN made from it stays plain text: an Output per derived value costs the SDK a chain of
 * promises, per stage (docs/performance.md). An explicit provider (the component's own, or one
 * it inherits from a parent), or a default provider without `aws:region`, is asked
 * (`aws:index/getRegion`), once per provider in a program, however many components share it.
 */
export function providerRegion(resource: pulumi.Resource): pulumi.Input<string> {
    if (resource.getProvider("aws::") === undefined) {
        const configured = new pulumi.Config("aws").get("region");
        if (configured) {
            return configured;
        }
    }
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

export { partitionOf } from "./partition";
