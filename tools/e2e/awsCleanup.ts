// The CleanupApi over AWS: finds what runs left (by run id in the name, or a bucket's e2e tag) and
// removes it, each kind with what its delete needs first (a bucket's object versions, a role's
// policies). Deletes tolerate "already gone"; throttled calls are retried with backoff.

import { APIGatewayClient, DeleteRestApiCommand, GetAccountCommand, GetRestApisCommand, UpdateAccountCommand } from "@aws-sdk/client-api-gateway";
import {
    CloudWatchLogsClient,
    DeleteLogGroupCommand,
    DeleteQueryDefinitionCommand,
    DescribeLogGroupsCommand,
    DescribeQueryDefinitionsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { DeleteDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand } from "@aws-sdk/client-firehose";
import {
    DeleteRoleCommand,
    DeleteRolePolicyCommand,
    DetachRolePolicyCommand,
    IAMClient,
    ListAttachedRolePoliciesCommand,
    ListRolePoliciesCommand,
    ListRolesCommand,
} from "@aws-sdk/client-iam";
import { DeleteBucketCommand, DeleteObjectsCommand, GetBucketTaggingCommand, ListBucketsCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import * as fs from "fs";
import * as path from "path";
import { E2E_TAG } from "./config";
import { CleanupApi, Found, Inventory, withRunId } from "./cleanup";
import { RUN_ID_PATTERN } from "./runId";
import { done, pending, waitFor } from "./wait";

export interface AwsClients {
    logs: CloudWatchLogsClient;
    apigateway: APIGatewayClient;
    firehose: FirehoseClient;
    s3: S3Client;
    iam: IAMClient;
}

export function awsClients(region: string): AwsClients {
    // The SDK's own retries (standard mode, 3 attempts) plus ours for the slow quotas (DeleteRestApi).
    const config = { region, maxAttempts: 5 };
    return {
        logs: new CloudWatchLogsClient(config),
        apigateway: new APIGatewayClient(config),
        firehose: new FirehoseClient(config),
        s3: new S3Client(config),
        iam: new IAMClient(config),
    };
}

/** Log group name prefixes API Gateway and the Firehose sink use; a run's groups carry its id after them. */
export const LOG_GROUP_PREFIXES = ["API-Gateway-Access-Logs_", "API-Gateway-Execution-Logs_", "/aws/kinesisfirehose/amazon-apigateway-"];
/** The saved queries' top folder (logging.queries.folder's default, which the suite keeps). */
export const QUERY_FOLDER_PREFIX = "API Gateway/";
const ROLE_NAME = new RegExp(`^${RUN_ID_PATTERN.source}-`);
const STACK_FILE = new RegExp(`^Pulumi\\.(${RUN_ID_PATTERN.source})\\.yaml$`);

const errorName = (error: unknown) => (error as { name?: string }).name ?? "";

/** Runs `call`, retrying throttling errors with exponential backoff (DeleteRestApi allows one call per 30 s per account). */
export async function retrying<T>(
    call: () => Promise<T>,
    options: { attempts?: number; baseMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<T> {
    const attempts = options.attempts ?? 8;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (error) {
            const throttled = /TooManyRequests|Throttl|LimitExceeded|RequestLimitExceeded|SlowDown/.test(errorName(error));
            if (!throttled || attempt >= attempts) {
                throw error;
            }
            await sleep(Math.min((options.baseMs ?? 2000) * 2 ** (attempt - 1), 60_000));
        }
    }
}

/** Runs a delete; an error saying the thing is not there (any more) counts as done. */
async function gone(call: () => Promise<unknown>, notFound: RegExp): Promise<void> {
    try {
        await retrying(call);
    } catch (error) {
        if (!notFound.test(errorName(error))) {
            throw error;
        }
    }
}

export async function listLogGroups(logs: CloudWatchLogsClient): Promise<Found[]> {
    const found: Found[] = [];
    for (const logGroupNamePrefix of LOG_GROUP_PREFIXES) {
        let nextToken: string | undefined;
        do {
            const page = await retrying(() => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix, nextToken })));
            for (const group of page.logGroups ?? []) {
                const item = group.logGroupName ? withRunId("log-group", group.logGroupName, group.logGroupName) : undefined;
                if (item) found.push(item);
            }
            nextToken = page.nextToken;
        } while (nextToken);
    }
    return found;
}

export async function listQueryDefinitions(logs: CloudWatchLogsClient): Promise<Found[]> {
    const found: Found[] = [];
    let nextToken: string | undefined;
    do {
        const page = await retrying(() => logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: QUERY_FOLDER_PREFIX, maxResults: 1000, nextToken })));
        for (const query of page.queryDefinitions ?? []) {
            const item = query.queryDefinitionId && query.name ? withRunId("query-definition", query.queryDefinitionId, query.name) : undefined;
            if (item) found.push(item);
        }
        nextToken = page.nextToken;
    } while (nextToken);
    return found;
}

export async function removeLogGroup(logs: CloudWatchLogsClient, name: string): Promise<void> {
    await gone(() => logs.send(new DeleteLogGroupCommand({ logGroupName: name })), /ResourceNotFound/);
}

export async function removeQueryDefinition(logs: CloudWatchLogsClient, id: string): Promise<void> {
    await gone(() => logs.send(new DeleteQueryDefinitionCommand({ queryDefinitionId: id })), /ResourceNotFound/);
}

async function listRestApis(apigateway: APIGatewayClient): Promise<Found[]> {
    const found: Found[] = [];
    let position: string | undefined;
    do {
        const page = await retrying(() => apigateway.send(new GetRestApisCommand({ limit: 500, position })));
        for (const api of page.items ?? []) {
            const item = api.id && api.name ? withRunId("rest-api", api.id, api.name) : undefined;
            if (item) found.push(item);
        }
        position = page.position;
    } while (position);
    return found;
}

async function listStreams(firehose: FirehoseClient): Promise<Found[]> {
    const names: string[] = [];
    let start: string | undefined;
    for (;;) {
        const page = await retrying(() => firehose.send(new ListDeliveryStreamsCommand({ Limit: 100, ExclusiveStartDeliveryStreamName: start })));
        names.push(...(page.DeliveryStreamNames ?? []));
        if (!page.HasMoreDeliveryStreams || !page.DeliveryStreamNames?.length) break;
        start = page.DeliveryStreamNames[page.DeliveryStreamNames.length - 1];
    }
    return names.filter((n) => n.startsWith("amazon-apigateway-")).flatMap((n) => withRunId("firehose-stream", n, n) ?? []);
}

/** Buckets the Firehose sink made for a run: named `apigw-logs-…` (often cut with a hash), tagged with the run id. */
async function listBuckets(s3: S3Client, region: string): Promise<Found[]> {
    const found: Found[] = [];
    let token: string | undefined;
    do {
        const page = await retrying(() => s3.send(new ListBucketsCommand({ Prefix: "apigw-logs-", BucketRegion: region, MaxBuckets: 1000, ContinuationToken: token })));
        for (const bucket of page.Buckets ?? []) {
            const name = bucket.Name!;
            try {
                const tags = await retrying(() => s3.send(new GetBucketTaggingCommand({ Bucket: name })));
                const runId = tags.TagSet?.find((t) => t.Key === E2E_TAG)?.Value;
                const item = runId ? withRunId("s3-bucket", name, runId) : undefined;
                if (item) found.push({ ...item, name });
            } catch (error) {
                if (!/NoSuchTagSet|NoSuchBucket/.test(errorName(error))) throw error;
            }
        }
        token = page.ContinuationToken;
    } while (token);
    return found;
}

async function listRoles(iam: IAMClient): Promise<Found[]> {
    const found: Found[] = [];
    let marker: string | undefined;
    do {
        const page = await retrying(() => iam.send(new ListRolesCommand({ Marker: marker, MaxItems: 1000 })));
        for (const role of page.Roles ?? []) {
            const item = role.RoleName && ROLE_NAME.test(role.RoleName) ? withRunId("iam-role", role.RoleName, role.RoleName) : undefined;
            if (item) found.push(item);
        }
        marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return found;
}

function listStackFiles(projectDir: string): Found[] {
    return fs.readdirSync(projectDir).flatMap((file) => {
        const match = STACK_FILE.exec(file);
        return match ? [{ kind: "stack-file" as const, id: path.join(projectDir, file), name: file, runId: match[1] }] : [];
    });
}

async function removeBucket(s3: S3Client, bucket: string): Promise<void> {
    try {
        // Versioning is on: every version and delete marker has to go before the bucket can.
        let keyMarker: string | undefined;
        let versionMarker: string | undefined;
        do {
            const page = await retrying(() => s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionMarker })));
            const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId }));
            if (objects.length > 0) {
                const result = await retrying(() => s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } })));
                if (result.Errors?.length) {
                    throw new Error(`could not delete ${result.Errors.length} object versions, e.g. ${result.Errors[0].Key}: ${result.Errors[0].Message}`);
                }
            }
            keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
            versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
        } while (keyMarker);
        await retrying(() => s3.send(new DeleteBucketCommand({ Bucket: bucket })));
    } catch (error) {
        if (errorName(error) !== "NoSuchBucket") throw error;
    }
}

async function removeRole(iam: IAMClient, roleName: string): Promise<void> {
    try {
        const attached = await retrying(() => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName })));
        for (const policy of attached.AttachedPolicies ?? []) {
            await gone(() => iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policy.PolicyArn })), /NoSuchEntity/);
        }
        const inline = await retrying(() => iam.send(new ListRolePoliciesCommand({ RoleName: roleName })));
        for (const policyName of inline.PolicyNames ?? []) {
            await gone(() => iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })), /NoSuchEntity/);
        }
        await gone(() => iam.send(new DeleteRoleCommand({ RoleName: roleName })), /NoSuchEntity/);
    } catch (error) {
        if (errorName(error) !== "NoSuchEntity") throw error;
    }
}

async function removeStream(firehose: FirehoseClient, name: string): Promise<void> {
    await gone(() => firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name, AllowForceDelete: true })), /ResourceNotFound/);
    // Deleting takes a minute or two; the stream's role and bucket go after it.
    await waitFor(
        async () => {
            try {
                const { DeliveryStreamDescription: d } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
                return pending(`stream ${name} is ${d?.DeliveryStreamStatus}`);
            } catch (error) {
                if (/ResourceNotFound/.test(errorName(error))) return done(undefined);
                throw error;
            }
        },
        { what: `Firehose stream ${name} to be deleted`, timeoutMs: 10 * 60_000, intervalMs: 10_000 },
    );
}

export function awsCleanupApi(clients: AwsClients, region: string, projectDir: string): CleanupApi {
    return {
        async inventory(): Promise<Inventory> {
            const [streams, apis, queries, groups, buckets, roles, account] = await Promise.all([
                listStreams(clients.firehose),
                listRestApis(clients.apigateway),
                listQueryDefinitions(clients.logs),
                listLogGroups(clients.logs),
                listBuckets(clients.s3, region),
                listRoles(clients.iam),
                retrying(() => clients.apigateway.send(new GetAccountCommand({}))),
            ]);
            return {
                found: [...streams, ...apis, ...queries, ...groups, ...buckets, ...roles, ...listStackFiles(projectDir)],
                accountRoleArn: account.cloudwatchRoleArn || undefined,
            };
        },
        async remove(resource: Found): Promise<void> {
            switch (resource.kind) {
                case "firehose-stream":
                    return removeStream(clients.firehose, resource.id);
                case "rest-api":
                    return gone(() => clients.apigateway.send(new DeleteRestApiCommand({ restApiId: resource.id })), /NotFound/);
                case "query-definition":
                    return removeQueryDefinition(clients.logs, resource.id);
                case "log-group":
                    return removeLogGroup(clients.logs, resource.id);
                case "s3-bucket":
                    return removeBucket(clients.s3, resource.id);
                case "iam-role":
                    return removeRole(clients.iam, resource.id);
                case "stack-file":
                    return fs.promises.rm(resource.id, { force: true });
            }
        },
        async setAccountRole(roleArn: string): Promise<void> {
            await retrying(() =>
                clients.apigateway.send(new UpdateAccountCommand({ patchOperations: [{ op: "replace", path: "/cloudwatchRoleArn", value: roleArn }] })),
            );
        },
    };
}
