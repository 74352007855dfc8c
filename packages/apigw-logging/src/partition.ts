// The ARN partition of a region. A module of its own, free of the AWS SDKs, so that the package's
// pure entry point (pure.ts) does not bring @pulumi/aws's declarations with it.

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
