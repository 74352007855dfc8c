import * as assert from "assert";
import { describeMethodSettingKey, methodSettingKey } from "../../packages/apigw-logging/src/methodSettingKeys";

const key = (value: unknown) => methodSettingKey(value, "args.methodSettings.overrides[0].methodPath");
const refusal = (value: unknown) => {
    try {
        key(value);
    } catch (error) {
        return (error as Error).message;
    }
    assert.fail(`${JSON.stringify(value)} was accepted`);
};

describe("methodSettingKey", () => {
    it("escapes every slash of a nested resource path as API Gateway keys it", () => {
        assert.strictEqual(key("/orders/items/GET"), "~1orders~1items/GET");
    });

    it("takes the path without its leading slash too", () => {
        assert.strictEqual(key("orders/items/GET"), "~1orders~1items/GET");
    });

    it("keeps path variables, greedy ones included", () => {
        assert.deepStrictEqual([key("orders/{id}/GET"), key("/{proxy+}/ANY")], ["~1orders~1{id}/GET", "~1{proxy+}/ANY"]);
    });

    it("keys every method of one resource with *", () => {
        assert.strictEqual(key("orders/*"), "~1orders/*");
    });

    it("keys the root resource's method as ~1/METHOD", () => {
        assert.deepStrictEqual([key("/GET"), key("~1/GET")], ["~1/GET", "~1/GET"]);
    });

    it("takes API Gateway's own key as it is", () => {
        assert.deepStrictEqual([key("~1orders/GET"), key("~1orders~1{id}~1items/POST")], ["~1orders/GET", "~1orders~1{id}~1items/POST"]);
    });

    it("keeps */* for the whole stage, also written /*/*", () => {
        assert.deepStrictEqual([key("*/*"), key("/*/*")], ["*/*", "*/*"]);
    });

    it("refuses a path without a method, showing both forms", () => {
        assert.strictEqual(
            refusal("orders/items"),
            'args.methodSettings.overrides[0].methodPath: "orders/items" must end in "/{HTTP method}", one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY, *, e.g. "/orders/items/GET" (as the console shows it) or "~1orders~1items/GET" (API Gateway\'s key)',
        );
    });

    it("says that methods are upper case", () => {
        assert.match(refusal("orders/get"), /\(methods are upper case: "GET"\)/);
    });

    it("refuses a path that mixes ~1 and /", () => {
        assert.strictEqual(
            refusal("~1orders/items/GET"),
            'args.methodSettings.overrides[0].methodPath: "~1orders/items/GET" mixes "~1" and "/" in the resource path; write it either way, e.g. "/orders/items/GET" (as the console shows it) or "~1orders~1items/GET" (API Gateway\'s key)',
        );
    });

    it("refuses every resource with one method, which API Gateway has no key for", () => {
        assert.strictEqual(
            refusal("*/GET"),
            'args.methodSettings.overrides[0].methodPath: "*/GET" names every resource with "*", which API Gateway takes only as "*/*" (every method of the stage)',
        );
    });

    it("refuses a path part API Gateway would not create", () => {
        assert.strictEqual(
            refusal("/orders/it ems/GET"),
            'args.methodSettings.overrides[0].methodPath: "/orders/it ems/GET" has the resource path part "it ems", which API Gateway does not allow (letters, digits, . _ - : or a {variable})',
        );
    });

    it("refuses an empty path part", () => {
        assert.match(refusal("orders//GET"), /has an empty resource path part/);
    });

    it("says what a key stands for, as the console shows it", () => {
        assert.deepStrictEqual(
            ["~1orders~1items/GET", "~1orders/*", "*/*"].map(describeMethodSettingKey),
            ["GET /orders/items", "every method of /orders", "every method of the stage"],
        );
    });
});
