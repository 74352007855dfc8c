// Reading a stage back from API Gateway (GetStage) and S3 objects back from a Firehose prefix: what
// scenarios 2, 3 and 5 compare with the config.

import { methodSettingKey } from "apigw-logging";
import { APIGatewayClient, GetStageCommand, GetStageCommandOutput } from "@aws-sdk/client-api-gateway";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import * as zlib from "zlib";
import { CheckResult, done, pending } from "./wait";

export type StageReadBack = Pick<GetStageCommandOutput, "stageName" | "methodSettings" | "accessLogSettings" | "deploymentId">;

export async function readStage(client: APIGatewayClient, restApiId: string, stageName: string): Promise<StageReadBack> {
    const { stageName: name, methodSettings, accessLogSettings, deploymentId } = await client.send(new GetStageCommand({ restApiId, stageName }));
    return { stageName: name, methodSettings, accessLogSettings, deploymentId };
}

/**
 * How API Gateway itself spells the key of a method in a stage's `methodSettings` when the console
 * or CloudFormation sets it: the resource path's slashes as `~1` (JSON Pointer escaping), e.g.
 * `~1pets~1{id}/GET` for GET /pets/{id}. Shown in failure messages beside the key the program wrote.
 */
export function pointerEscapedMethodPath(methodPath: string): string {
    return methodSettingKey(methodPath, "methodPath");
}

/** Whether the stage has a method setting under exactly `methodPath` at `loggingLevel`; if not, what it has. */
export function methodSettingProblem(stage: StageReadBack, methodPath: string, loggingLevel: string): string | undefined {
    const settings = stage.methodSettings ?? {};
    const found = settings[methodPath];
    if (found?.loggingLevel === loggingLevel) {
        return undefined;
    }
    const listed = Object.entries(settings).map(([key, s]) => `${JSON.stringify(key)} (${s.loggingLevel ?? "no level"})`);
    const escaped = pointerEscapedMethodPath(methodPath);
    return (
        `stage ${stage.stageName}: ` +
        (found ? `method setting ${JSON.stringify(methodPath)} has loggingLevel ${found.loggingLevel ?? "unset"}, not ${loggingLevel}` : `no method setting under the key ${JSON.stringify(methodPath)}`) +
        `; its method settings: ${listed.join(", ") || "none"}` +
        (settings[escaped] && escaped !== methodPath ? ` (API Gateway's own spelling of that method is ${JSON.stringify(escaped)})` : "")
    );
}

export interface S3Object {
    key: string;
    text: string;
}

/**
 * A check for `waitFor`: done when an object under `prefix` contains `needle` (GZIP objects are
 * unpacked). Objects already read are not read again.
 */
export function objectContaining(client: S3Client, bucket: string, prefix: string, needle: string): () => Promise<CheckResult<S3Object>> {
    const read = new Set<string>();
    return async () => {
        let token: string | undefined;
        const keys: string[] = [];
        do {
            const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
            keys.push(...(page.Contents ?? []).map((o) => o.Key!).filter(Boolean));
            token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        for (const key of keys.filter((k) => !read.has(k))) {
            read.add(key);
            const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
            const bytes = Buffer.from(await object.Body!.transformToByteArray());
            const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? zlib.gunzipSync(bytes) : bytes).toString("utf8");
            if (text.includes(needle)) {
                return done({ key, text });
            }
        }
        return pending(`${keys.length} objects under s3://${bucket}/${prefix}, none containing ${needle}`);
    };
}

/** Firehose's partitions under the base prefix: `year=YYYY/month=MM/day=DD/hour=HH/`. */
export const PARTITIONED_KEY = /^year=\d{4}\/month=\d{2}\/day=\d{2}\/hour=\d{2}\/[^/]+$/;
