import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { listStacks, loadStackConfig, Plan, planStack, PROJECT_DIR } from "../../tools/plan";
import { ChangeKind, diffPlans, RegionalPlan } from "../../tools/planDiff";
import { deletesBeforeReplace, hasReplaceRules, REPLACE_ON_CHANGES } from "../../tools/replaceRules";

type Resource = Plan["resources"][number];

function resource(type: string, inputs: Record<string, unknown>): Resource {
    return { type, name: "r", parent: "apigw-logging-dev", inputs, dependsOn: [], retainOnDelete: false, protect: false };
}

/** What pulumi up does to a resource of `type` whose inputs go from `before` to `after`. */
function change(type: string, before: Record<string, unknown>, after: Record<string, unknown>, regions: [string?, string?] = []): ChangeKind | "same" {
    const side = (inputs: Record<string, unknown>, region?: string): RegionalPlan => ({ stack: "dev", resources: [resource(type, inputs)], outputs: {}, region });
    return diffPlans(side(before, regions[0]), side(after, regions[1])).changes[0]?.kind ?? "same";
}

const API = { restApi: "a1b2c3d4e5" };

describe("replace rules (terraform-provider-aws ForceNew, as plan:diff applies them)", () => {
    it("replaces a log group for a new name or class, and updates its retention and key in place", () => {
        const t = "aws:cloudwatch/logGroup:LogGroup";
        const base = { name: "API-Gateway-Execution-Logs_a1b2c3d4e5/v1", retentionInDays: 30 };
        assert.strictEqual(change(t, base, { ...base, name: "orders/v1" }), "replace");
        assert.strictEqual(change(t, base, { ...base, logGroupClass: "INFREQUENT_ACCESS" }), "replace");
        assert.strictEqual(change(t, base, { ...base, retentionInDays: 90 }), "update");
        assert.strictEqual(change(t, base, { ...base, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" }), "update");
    });

    it("replaces a log stream for a new name or group", () => {
        const t = "aws:cloudwatch/logStream:LogStream";
        const base = { logGroupName: "/aws/kinesisfirehose/s", name: "DestinationDelivery" };
        assert.strictEqual(change(t, base, { ...base, name: "Other" }), "replace");
        assert.strictEqual(change(t, base, { ...base, logGroupName: "/aws/kinesisfirehose/t" }), "replace");
    });

    it("updates a saved query in place, name included", () => {
        const t = "aws:cloudwatch/queryDefinition:QueryDefinition";
        const base = { name: "API Gateway/orders/v1/Top client IPs", queryString: "stats count(*) by ip" };
        assert.strictEqual(change(t, base, { ...base, name: "API Gateway/orders-api/v1/Top client IPs" }), "update");
        assert.strictEqual(change(t, base, { ...base, queryString: "stats count(*) by ip | limit 10" }), "update");
    });

    it("replaces a metric alarm whose name changes, and updates its threshold in place", () => {
        const t = "aws:cloudwatch/metricAlarm:MetricAlarm";
        const base = { name: "orders v1 5XXError rate (a1b2c3d4e5)", threshold: 0.05, metricName: "5XXError" };
        assert.strictEqual(change(t, base, { ...base, name: "orders-api v1 5XXError rate (a1b2c3d4e5)" }), "replace");
        assert.strictEqual(change(t, base, { ...base, threshold: 0.1 }), "update");
    });

    it("updates a REST API in place, name included", () => {
        const t = "aws:apigateway/restApi:RestApi";
        assert.strictEqual(change(t, { name: "sample", description: "a" }, { name: "sample-2", description: "b" }), "update");
    });

    it("updates the region's account setting in place", () => {
        const t = "aws:apigateway/account:Account";
        assert.strictEqual(change(t, { cloudwatchRoleArn: "arn:aws:iam::123456789012:role/a" }, { cloudwatchRoleArn: "arn:aws:iam::123456789012:role/b" }), "update");
    });

    it("replaces a stage for a new REST API or stage name, and updates its deployment and access-log settings", () => {
        const t = "aws:apigateway/stage:Stage";
        const base = { ...API, stageName: "v1", deployment: "d1", accessLogSettings: { destinationArn: "arn:a", format: "$context.requestId" } };
        assert.strictEqual(change(t, base, { ...base, stageName: "v2" }), "replace");
        assert.strictEqual(change(t, base, { ...base, restApi: "k2l3m4n5o6" }), "replace");
        assert.strictEqual(change(t, base, { ...base, deployment: "d2" }), "update");
        assert.strictEqual(change(t, base, { ...base, accessLogSettings: { destinationArn: "arn:b", format: "$context.requestId" } }), "update");
    });

    it("replaces method settings for a new method path or stage, and updates the settings in place", () => {
        const t = "aws:apigateway/methodSettings:MethodSettings";
        const base = { ...API, stageName: "v1", methodPath: "*/*", settings: { loggingLevel: "ERROR" } };
        assert.strictEqual(change(t, base, { ...base, methodPath: "pets/GET" }), "replace");
        assert.strictEqual(change(t, base, { ...base, stageName: "v2" }), "replace");
        assert.strictEqual(change(t, base, { ...base, settings: { loggingLevel: "INFO" } }), "update");
    });

    it("replaces a method for a new HTTP method or resource, and updates its authorization", () => {
        const t = "aws:apigateway/method:Method";
        const base = { ...API, resourceId: "root00", httpMethod: "GET", authorization: "NONE" };
        assert.strictEqual(change(t, base, { ...base, httpMethod: "POST" }), "replace");
        assert.strictEqual(change(t, base, { ...base, resourceId: "pets00" }), "replace");
        assert.strictEqual(change(t, base, { ...base, authorization: "AWS_IAM" }), "update");
    });

    it("replaces an integration for a new type or passthrough behaviour, and updates its templates", () => {
        const t = "aws:apigateway/integration:Integration";
        const base = { ...API, resourceId: "root00", httpMethod: "GET", type: "MOCK", requestTemplates: { "application/json": "{}" } };
        assert.strictEqual(change(t, base, { ...base, type: "HTTP" }), "replace");
        assert.strictEqual(change(t, base, { ...base, passthroughBehavior: "NEVER" }), "replace");
        assert.strictEqual(change(t, base, { ...base, requestTemplates: { "application/json": '{"statusCode": 200}' } }), "update");
    });

    it("updates a method response's status code in place (not ForceNew), and replaces it for a new method", () => {
        const t = "aws:apigateway/methodResponse:MethodResponse";
        const base = { ...API, resourceId: "root00", httpMethod: "GET", statusCode: "200" };
        assert.strictEqual(change(t, base, { ...base, statusCode: "201" }), "update");
        assert.strictEqual(change(t, base, { ...base, httpMethod: "PUT" }), "replace");
    });

    it("updates an integration response's status code and templates in place, and replaces it for a new resource", () => {
        const t = "aws:apigateway/integrationResponse:IntegrationResponse";
        const base = { ...API, resourceId: "root00", httpMethod: "GET", statusCode: "200", responseTemplates: { "application/json": "{}" } };
        assert.strictEqual(change(t, base, { ...base, statusCode: "201", responseTemplates: { "application/json": "[]" } }), "update");
        assert.strictEqual(change(t, base, { ...base, resourceId: "pets00" }), "replace");
    });

    it("replaces a deployment for new triggers or variables, and updates its description", () => {
        const t = "aws:apigateway/deployment:Deployment";
        const base = { ...API, description: "a", triggers: { body: "x" } };
        assert.strictEqual(change(t, base, { ...base, triggers: { body: "y" } }), "replace");
        assert.strictEqual(change(t, base, { ...base, variables: { stage: "v1" } }), "replace");
        assert.strictEqual(change(t, base, { ...base, description: "b" }), "update");
    });

    it("replaces an IAM role for a new name or path, and updates its trust policy and description", () => {
        const t = "aws:iam/role:Role";
        const base = { assumeRolePolicy: "{}", description: "a" };
        assert.strictEqual(change(t, base, { ...base, name: "apigw-cloudwatch" }), "replace");
        assert.strictEqual(change(t, base, { ...base, path: "/service/" }), "replace");
        assert.strictEqual(change(t, base, { ...base, assumeRolePolicy: '{"Version":"2012-10-17"}', description: "b" }), "update");
    });

    it("replaces a role policy for another role, and updates the policy document", () => {
        const t = "aws:iam/rolePolicy:RolePolicy";
        const base = { role: "r-1", policy: "{}" };
        assert.strictEqual(change(t, base, { ...base, role: "r-2" }), "replace");
        assert.strictEqual(change(t, base, { ...base, policy: '{"Statement":[]}' }), "update");
    });

    it("replaces a policy attachment whenever the role or policy changes", () => {
        const t = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
        const base = { role: "r-1", policyArn: "arn:aws:iam::aws:policy/a" };
        assert.strictEqual(change(t, base, { ...base, policyArn: "arn:aws:iam::aws:policy/b" }), "replace");
        assert.strictEqual(change(t, base, { ...base, role: "r-2" }), "replace");
    });

    it("replaces a Firehose stream for a new name or dynamic partitioning, and updates buffering and prefixes in place", () => {
        const t = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
        const s3 = { bucketArn: "arn:aws:s3:::b", roleArn: "arn:aws:iam::123456789012:role/f", bufferingInterval: 300, prefix: "access-logs/" };
        const base = { name: "amazon-apigateway-a1b2c3d4e5-v1", destination: "extended_s3", extendedS3Configuration: s3 };
        assert.strictEqual(change(t, base, { ...base, name: "amazon-apigateway-orders" }), "replace");
        assert.strictEqual(change(t, base, { ...base, destination: "http_endpoint" }), "replace");
        assert.strictEqual(change(t, base, { ...base, extendedS3Configuration: { ...s3, dynamicPartitioningConfiguration: { enabled: true } } }), "replace");
        assert.strictEqual(change(t, base, { ...base, extendedS3Configuration: { ...s3, bufferingInterval: 900, prefix: "logs/" } }), "update");
    });

    it("replaces a bucket for a new name, and updates forceDestroy and tags in place", () => {
        const t = "aws:s3/bucket:Bucket";
        const base = { bucket: "apigw-logs-123456789012-eu-west-1-a1b2c3d4e5-v1", forceDestroy: false };
        assert.strictEqual(change(t, base, { ...base, bucket: "orders-access-logs" }), "replace");
        assert.strictEqual(change(t, base, { ...base, objectLockEnabled: true }), "replace");
        assert.strictEqual(change(t, base, { ...base, forceDestroy: true, tags: { team: "core" } }), "update");
    });

    it("replaces a bucket policy for another bucket, and updates the policy", () => {
        const t = "aws:s3/bucketPolicy:BucketPolicy";
        assert.strictEqual(change(t, { bucket: "a", policy: "{}" }, { bucket: "b", policy: "{}" }), "replace");
        assert.strictEqual(change(t, { bucket: "a", policy: "{}" }, { bucket: "a", policy: '{"Statement":[]}' }), "update");
    });

    it("replaces a public access block for another bucket, and updates its switches", () => {
        const t = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
        assert.strictEqual(change(t, { bucket: "a", blockPublicAcls: true }, { bucket: "b", blockPublicAcls: true }), "replace");
        assert.strictEqual(change(t, { bucket: "a", blockPublicAcls: true }, { bucket: "a", blockPublicAcls: false }), "update");
    });

    it("replaces ownership controls for another bucket, and updates the rule", () => {
        const t = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
        const base = { bucket: "a", rule: { objectOwnership: "BucketOwnerEnforced" } };
        assert.strictEqual(change(t, base, { ...base, bucket: "b" }), "replace");
        assert.strictEqual(change(t, base, { ...base, rule: { objectOwnership: "ObjectWriter" } }), "update");
    });

    it("replaces bucket versioning for another bucket or expected owner, and updates its status", () => {
        const t = "aws:s3/bucketVersioning:BucketVersioning";
        const base = { bucket: "a", versioningConfiguration: { status: "Enabled" } };
        assert.strictEqual(change(t, base, { ...base, expectedBucketOwner: "123456789012" }), "replace");
        assert.strictEqual(change(t, base, { ...base, versioningConfiguration: { status: "Suspended" } }), "update");
    });

    it("replaces bucket encryption for another bucket, and updates its rules", () => {
        const t = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
        const base = { bucket: "a", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] };
        assert.strictEqual(change(t, base, { ...base, bucket: "b" }), "replace");
        assert.strictEqual(change(t, base, { ...base, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] }), "update");
    });

    it("replaces a lifecycle configuration for another bucket, and updates its rules", () => {
        const t = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
        const base = { bucket: "a", rules: [{ id: "expire-access-logs", status: "Enabled", expiration: { days: 365 } }] };
        assert.strictEqual(change(t, base, { ...base, bucket: "b" }), "replace");
        assert.strictEqual(change(t, base, { ...base, rules: [{ id: "expire-access-logs", status: "Enabled", expiration: { days: 30 } }] }), "update");
    });

    it("reads another stack (a stack reference) again when its name changes", () => {
        assert.strictEqual(change("pulumi:pulumi:StackReference", { name: "acme/apigw-logging/dev" }, { name: "acme/apigw-logging/dev2" }), "replace");
    });

    it("replaces every regional resource when aws:region changes, but not IAM's", () => {
        const regions: [string, string] = ["eu-west-1", "eu-central-1"];
        assert.strictEqual(change("aws:cloudwatch/logGroup:LogGroup", { name: "g" }, { name: "g" }, regions), "replace");
        assert.strictEqual(change("aws:s3/bucketPolicy:BucketPolicy", { bucket: "b" }, { bucket: "b" }, regions), "replace");
        assert.strictEqual(change("aws:iam/role:Role", { assumeRolePolicy: "{}" }, { assumeRolePolicy: "{}" }, regions), "same");
        assert.strictEqual(change("aws:cloudwatch/logGroup:LogGroup", { name: "g" }, { name: "g" }, ["eu-west-1", undefined]), "same");
    });

    it("deletes an explicitly named resource before creating its replacement, and creates first otherwise", () => {
        assert.strictEqual(deletesBeforeReplace("aws:cloudwatch/logGroup:LogGroup", { name: "g" }), true);
        assert.strictEqual(deletesBeforeReplace("aws:s3/bucket:Bucket", { bucket: "b" }), true);
        assert.strictEqual(deletesBeforeReplace("aws:iam/role:Role", { assumeRolePolicy: "{}" }), false);
        assert.strictEqual(deletesBeforeReplace("aws:apigateway/methodSettings:MethodSettings", { methodPath: "*/*" }), false);
    });

    it("names only inputs that @pulumi/aws declares for the type", () => {
        for (const [type, fields] of Object.entries(REPLACE_ON_CHANGES).filter(([t]) => t.startsWith("aws:"))) {
            const [, module, name] = /^aws:([\w]+)\/(\w+):(\w+)$/.exec(type)!;
            const declaration = fs.readFileSync(path.join(PROJECT_DIR, "node_modules", "@pulumi", "aws", module, `${name}.d.ts`), "utf8");
            const args = declaration.slice(declaration.indexOf(`export interface ${type.split(":")[2]}Args {`));
            for (const field of fields) {
                assert.match(args, new RegExp(`^\\s+${field.split(".")[0]}\\??: `, "m"), `${type} ${field}`);
            }
        }
    });

    it("knows the rules of every resource type the stacks create", async function () {
        this.timeout(120000);
        const types = new Set<string>();
        for (const stack of listStacks()) {
            for (const r of (await planStack(loadStackConfig(stack))).resources) types.add(r.type);
        }
        const unknown = [...types].filter((t) => !t.startsWith("apigw-logging:") && !hasReplaceRules(t));
        assert.deepStrictEqual(unknown, []);
    });
});
