// What a stage really does, read at preview: the verdicts (pure), and the component's warnings and
// stageCheck output under mocks, where a test's mock answers the read.

import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkStage, parseDestination, StageCheckInput, stageCheckWarnings } from "../../packages/apigw-logging/src/liveStage";
import { StageLogging } from "../../packages/apigw-logging/src/stageLogging";
import type { StageLoggingArgs } from "../../packages/apigw-logging/src/stageLoggingArgs";
import { LiveStageAddress, LiveStageReading, setLiveStageReader } from "../../packages/apigw-logging/src/stagePatch/liveStageRead";
import { ROLE_ARN, run } from "../helpers";

const API_ID = "a1b2c3d4e5";
const OURS = `arn:aws:logs:eu-west-1:123456789012:log-group:API-Gateway-Access-Logs_${API_ID}/v1`;
const FORMAT = '{"requestId":"$context.requestId"}';

function input(reading: LiveStageReading | undefined, extra: Partial<StageCheckInput> = {}): StageCheckInput {
    return {
        componentName: "orders-v1",
        stage: `${API_ID}/v1`,
        stageOwner: "iac",
        destination: { service: "logs", region: "eu-west-1", name: `API-Gateway-Access-Logs_${API_ID}/v1` },
        format: FORMAT,
        loggingLevel: "INFO",
        reading,
        ...extra,
    };
}

const found = (extra: Partial<LiveStageReading> = {}): LiveStageReading => ({
    readFromAws: true,
    stageFound: true,
    accessLogSettings: { destinationArn: OURS, format: FORMAT },
    stageWide: { loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: true },
    restApiName: "orders-api",
    ...extra,
});

describe("checkStage", () => {
    it("says yes when the stage sends access logs to this component's log group", () => {
        assert.deepStrictEqual(checkStage(input(found())).accessLogs, { verdict: "yes", detail: `the stage sends them to this component's log group API-Gateway-Access-Logs_${API_ID}/v1` });
    });

    it("says no, with the output to put on the stage, when the stage has no access-log settings", () => {
        assert.deepStrictEqual(checkStage(input(found({ accessLogSettings: null }))).accessLogs, {
            verdict: "no",
            detail: "the stage has no access-log settings",
            fix: 'put the accessLogSettings output of StageLogging "orders-v1" on the stage in its owner\'s program, or give stageOwner "none" if no program owns the stage, so that this component sets them',
        });
    });

    it("says no when the stage sends them elsewhere, naming where", () => {
        const elsewhere = "arn:aws:logs:eu-west-1:123456789012:log-group:team-access-logs";
        assert.deepStrictEqual(
            [checkStage(input(found({ accessLogSettings: { destinationArn: elsewhere, format: FORMAT } }))).accessLogs.verdict, checkStage(input(found({ accessLogSettings: { destinationArn: elsewhere, format: FORMAT } }))).accessLogs.detail],
            ["no", `the stage sends them to ${elsewhere}`],
        );
    });

    it("says no for the same log group name in another region", () => {
        const otherRegion = `arn:aws:logs:us-east-1:123456789012:log-group:API-Gateway-Access-Logs_${API_ID}/v1`;
        assert.strictEqual(checkStage(input(found({ accessLogSettings: { destinationArn: otherRegion, format: FORMAT } }))).accessLogs.verdict, "no");
    });

    it("notes a format that is not this component's", () => {
        assert.match(checkStage(input(found({ accessLogSettings: { destinationArn: OURS, format: "$context.requestId" } }))).accessLogs.detail, /its format is not this component's/);
    });

    it("says unknown (offline) when nothing was read from AWS", () => {
        const check = checkStage(input({}));
        assert.deepStrictEqual([check.accessLogs.verdict, check.loggingLevel.verdict], ["unknown", "unknown"]);
        assert.match(check.accessLogs.detail, /^unknown \(offline\)/);
    });

    it("says unknown, and why, when AWS could not be read", () => {
        assert.strictEqual(
            checkStage(input(found({ readError: "GetStage: AccessDeniedException: denied" }))).accessLogs.detail,
            "unknown (could not read the stage: GetStage: AccessDeniedException: denied)",
        );
    });

    it("says no when the stage does not exist", () => {
        assert.deepStrictEqual(checkStage(input({ readFromAws: true, stageFound: false, restApiName: "orders-api" })).accessLogs, {
            verdict: "no",
            detail: `the stage ${API_ID}/v1 does not exist`,
            fix: "check restApiId and stageName, or deploy the stage first",
        });
    });

    it("says yes for a stage nothing owns, whose access-log settings this component sets", () => {
        const check = checkStage(input(found({ accessLogSettings: null }), { stageOwner: "none" }));
        assert.deepStrictEqual(check.accessLogs, { verdict: "yes", detail: "this component sets the stage's access-log settings on deploy (now: the stage has no access-log settings)" });
    });

    it("compares the stage-wide logging level, a stage without one logging OFF", () => {
        const check = checkStage(input(found({ stageWide: null })));
        assert.deepStrictEqual([check.loggingLevel.verdict, check.loggingLevel.detail], ["no", "the stage logs at OFF; this component asks for INFO"]);
        assert.strictEqual(checkStage(input(found())).loggingLevel.verdict, "yes");
    });

    it("checks apiName against the REST API's name, which the alarms' ApiName dimension needs", () => {
        assert.strictEqual(checkStage(input(found(), { apiName: "orders-api" })).apiName?.verdict, "yes");
        assert.deepStrictEqual(checkStage(input(found(), { apiName: "orders" })).apiName, {
            verdict: "no",
            detail: `REST API ${API_ID} is named "orders-api", not "orders": API Gateway's metrics name the API by its name (dimension ApiName), so the alarms would watch a metric that never exists`,
            fix: 'set apiName "orders-api"',
        });
    });

    it("warns once per answer that is no, with its fix", () => {
        assert.deepStrictEqual(stageCheckWarnings(checkStage(input(found({ accessLogSettings: null })))), [
            `stage ${API_ID}/v1 (stageOwner iac): access logs reach this component's destination: no: the stage has no access-log settings. ` +
                'Fix: put the accessLogSettings output of StageLogging "orders-v1" on the stage in its owner\'s program, or give stageOwner "none" if no program owns the stage, so that this component sets them',
        ]);
    });

    it("does not warn offline", () => {
        assert.deepStrictEqual(stageCheckWarnings(checkStage(input({}, { apiName: "orders-api" }))), []);
    });

    it("reads log group and Firehose destination ARNs", () => {
        assert.deepStrictEqual(
            [parseDestination(`${OURS}:*`), parseDestination("arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-x"), parseDestination("arn:aws:s3:::bucket")],
            [
                { service: "logs", region: "eu-west-1", name: `API-Gateway-Access-Logs_${API_ID}/v1` },
                { service: "firehose", region: "eu-west-1", name: "amazon-apigateway-x" },
                undefined,
            ],
        );
    });
});

describe("StageLogging's stage check (under mocks)", () => {
    /** The stages read while a test runs, through a reader standing in for AWS. */
    let reads: LiveStageAddress[];
    let answer: LiveStageReading | undefined;
    let previous: ReturnType<typeof setLiveStageReader>;
    beforeEach(() => {
        reads = [];
        answer = undefined;
        previous = setLiveStageReader((stage) => {
            reads.push(stage);
            return answer && Promise.resolve(answer);
        });
    });
    afterEach(() => setLiveStageReader(previous));

    /** Runs a StageLogging whose live-stage read answers `reading` (none: offline, as without an engine). */
    async function checked(extra: Partial<StageLoggingArgs>, reading?: LiveStageReading) {
        answer = reading;
        const result = await run(() => {
            const logging = new StageLogging("orders-v1", { restApiId: API_ID, stageName: "v1", cloudWatchRoleArn: ROLE_ARN, ...extra });
            return { check: logging.stageCheck };
        });
        return { result, check: result.outputs.check as ReturnType<typeof checkStage> };
    }

    it("reads the stage by region, restApiId and stageName, and creates no resource for it", async () => {
        const { result } = await checked({}, found());
        assert.deepStrictEqual(reads, [{ region: "eu-west-1", restApiId: API_ID, stageName: "v1" }]);
        assert.deepStrictEqual(
            result.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).map((r) => r.type),
            ["pulumi-nodejs:dynamic/apigw-logging:StageLoggingPatch"],
        );
    });

    it("says unknown (offline) and warns nothing when the stage is not read", async () => {
        const { result, check } = await checked({});
        assert.match(check.accessLogs.detail, /^unknown \(offline\)/);
        assert.deepStrictEqual(result.warnings, []);
    });

    it("warns on the component when the stage's access logs do not reach its log group", async () => {
        const { result, check } = await checked({ methodSettings: { loggingLevel: "INFO" } }, found({ accessLogSettings: null }));
        assert.strictEqual(check.accessLogs.verdict, "no");
        assert.deepStrictEqual(result.warnings, stageCheckWarnings(check));
        assert.match(result.warnings[0], /^stage a1b2c3d4e5\/v1 \(stageOwner iac\): access logs reach this component's destination: no/);
    });

    it("warns when apiName is not the REST API's name", async () => {
        const { result } = await checked({ apiName: "orders", methodSettings: { loggingLevel: "INFO" } }, found());
        assert.deepStrictEqual(result.warnings.map((w) => w.split(": ")[1]), ["apiName is the REST API's name"]);
    });

    it("does not read a stage whose REST API id is known only at deploy", async () => {
        const { check } = await checked({ restApiId: pulumi.output(API_ID) }, found());
        assert.deepStrictEqual(reads, []);
        assert.strictEqual(check.accessLogs.detail, "unknown (the REST API id is known only at deploy)");
    });

    it("compares the access-log settings of a stage created in the same program instead of reading it", async () => {
        answer = found();
        const result = await run(() => {
            const [stageRef, setStage] = pulumi.deferredOutput<aws.apigateway.Stage>();
            const logging = new StageLogging("orders-v1", { restApiId: API_ID, stageName: "v1", cloudWatchRoleArn: ROLE_ARN, existingStage: stageRef });
            setStage(pulumi.output(new aws.apigateway.Stage("team-stage", { restApi: API_ID, stageName: "v1", deployment: "dep123" })));
            return { check: logging.stageCheck };
        });
        const check = result.outputs.check as ReturnType<typeof checkStage>;
        assert.deepStrictEqual(reads, []);
        assert.deepStrictEqual([check.accessLogs.verdict, check.accessLogs.detail], ["no", "the stage has no access-log settings"]);
    });
});

describe("the default live-stage read", () => {
    it("reads nothing without Pulumi's engine: a run under mocks never reaches AWS", async () => {
        const previous = setLiveStageReader(undefined);
        try {
            const result = await run(() => ({
                check: new StageLogging("orders-v1", { restApiId: API_ID, stageName: "v1", cloudWatchRoleArn: ROLE_ARN }).stageCheck,
            }));
            const check = result.outputs.check as ReturnType<typeof checkStage>;
            assert.strictEqual(check.accessLogs.detail, "unknown (offline): the stage was not read from AWS (a run under mocks)");
        } finally {
            setLiveStageReader(previous);
        }
    });
});
