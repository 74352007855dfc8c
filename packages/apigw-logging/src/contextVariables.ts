// The `$context` variables API Gateway substitutes in a REST API stage's access-log format: the one
// list every format is checked against, and the typed `contextVariables` helper built from it.
//
// Source: AWS, "API Gateway mapping template and access logging variable reference" (Amazon API
// Gateway Developer Guide; the last edition in github.com/awsdocs/amazon-api-gateway-developer-guide,
// doc_source/api-gateway-mapping-template-reference.md, both tables: the variables for "data models,
// authorizers, mapping templates, and CloudWatch access logging" and those "for access logging
// only"), and its successor page "Variables for access logging for API Gateway"
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html),
// which adds `$context.customDomain.basePathMatched`, `$context.deploymentId`, `$context.endpointType`,
// `$context.identity.clientCert.*`, `$context.identity.vpcId`, `$context.identity.vpceId` and
// `$context.isCanaryRequest`. Only the start of the successor page could be read when this list was
// written; those additions were cross-checked against AWS CDK's `AccessLogField` and public formats
// that log every variable, so re-read the page when AWS adds variables. Variables are case-sensitive.
// Variables AWS added to REST access logs since, each from the page that introduced it: the
// response-streaming ones (`$context.integration.responseTransferMode`, `.timeToAllHeaders`,
// `.timeToFirstContent`: "Troubleshoot issues with response streaming in API Gateway"), the TLS
// ones (`$context.tlsVersion`, `$context.cipherSuite`: "Security policies for REST APIs in API
// Gateway") and `$context.customDomain.routingRuleIdMatched` ("Troubleshooting issues with routing
// rules"). HTTP and WebSocket APIs have their own lists; variables only they have are named below so
// the error can say so.
//
// `type` says what API Gateway writes: "number" for counts, latencies in ms, status codes and the
// epoch time (a structured format may ask for these unquoted), "string" otherwise; `preQuoted` marks
// `$context.error.messageString`, which API Gateway writes with its own quotes; `freeText` marks values
// AWS documents as messages, lists or distinguished names, which can hold any separator (a comma-
// separated format must not carry them). `example` is a typical value, used to check that a JSON
// format is valid JSON once the values are in.

/** What API Gateway writes for a variable. */
export type ContextValueType = "string" | "number";

export interface ContextVariableInfo<N extends string = string> {
    readonly name: N;
    readonly type: ContextValueType;
    readonly example: string;
    readonly description: string;
    /** API Gateway writes the value already wrapped in double quotes. */
    readonly preQuoted?: boolean;
    /** A message, list or distinguished name: the value may hold commas, quotes or spaces. */
    readonly freeText?: boolean;
}

/** A variable in a format: `$context` and dot-separated names (a dot not followed by a name is not part of it). */
export const CONTEXT_VARIABLE = /\$context(?:\.[A-Za-z0-9_]+)*/g;

function s<const N extends string>(name: N, example: string, description: string): ContextVariableInfo<N> & { readonly type: "string" } {
    return { name, type: "string", example, description };
}

/** A text variable whose value is free text (see `freeText`). */
function t<const N extends string>(name: N, example: string, description: string): ContextVariableInfo<N> & { readonly type: "string" } {
    return { name, type: "string", example, description, freeText: true };
}

function n<const N extends string>(name: N, example: string, description: string): ContextVariableInfo<N> & { readonly type: "number" } {
    return { name, type: "number", example, description };
}

/** Every fixed-name variable AWS documents for REST API access logs, in the order of AWS's table. */
export const CONTEXT_VARIABLES = [
    s("$context.accountId", "123456789012", "The API owner's AWS account ID."),
    s("$context.apiId", "a1b2c3d4e5", "The identifier API Gateway assigns to the API."),
    t("$context.authorize.error", "Unauthorized", "The authorization error message."),
    n("$context.authorize.latency", "3", "The authorization latency in ms."),
    n("$context.authorize.status", "200", "The status code returned from an authorization attempt."),
    t("$context.authorizer.error", "Unauthorized", "The error message returned from an authorizer."),
    n("$context.authorizer.integrationLatency", "41", "The authorizer integration latency in ms."),
    n("$context.authorizer.integrationStatus", "200", "The status code returned from a Lambda authorizer."),
    n("$context.authorizer.latency", "45", "The authorizer latency in ms."),
    s("$context.authorizer.principalId", "user-1234", "The principal user identification returned by a Lambda authorizer."),
    s("$context.authorizer.requestId", "0e3a1f6c-5b0c-4d53-9b1e-0f1d2c3b4a59", "The AWS endpoint's request ID for the authorizer call."),
    n("$context.authorizer.status", "200", "The status code returned from an authorizer."),
    t("$context.authenticate.error", "Unauthorized", "The error message returned from an authentication attempt."),
    n("$context.authenticate.latency", "2", "The authentication latency in ms."),
    n("$context.authenticate.status", "200", "The status code returned from an authentication attempt."),
    s("$context.awsEndpointRequestId", "5b0c4d53-9b1e-0f1d-2c3b-4a590e3a1f6c", "The AWS endpoint's request ID."),
    s("$context.cipherSuite", "TLS_AES_128_GCM_SHA256", "The cipher suite of the TLS connection the client made (its security policy decides which are accepted)."),
    s("$context.customDomain.basePathMatched", "v1/orders", "The path of the API mapping a request to a custom domain name matched."),
    s("$context.customDomain.routingRuleIdMatched", "abc123", "The ID of the custom domain name's routing rule that sent the request to this API, or - when an API mapping did."),
    s("$context.deploymentId", "abc123", "The ID of the API deployment."),
    s("$context.domainName", "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com", "The full domain name used to invoke the API."),
    s("$context.domainPrefix", "a1b2c3d4e5", "The first label of $context.domainName."),
    s("$context.endpointType", "REGIONAL", "The endpoint type of the API."),
    t("$context.error.message", "Missing Authentication Token", "The API Gateway error message."),
    {
        name: "$context.error.messageString",
        type: "string",
        example: '"Missing Authentication Token"',
        description: "The quoted value of $context.error.message.",
        preQuoted: true,
        freeText: true,
    } as ContextVariableInfo<"$context.error.messageString">,
    s("$context.error.responseType", "MISSING_AUTHENTICATION_TOKEN", "The gateway response type."),
    t("$context.error.validationErrorString", "Invalid request body", "The detailed request validation error message."),
    s("$context.extendedRequestId", "Ab1CdEfGhIjKlMn=", "The ID API Gateway generates for the request (x-amz-apigw-id); callers cannot set it."),
    s("$context.httpMethod", "GET", "The HTTP method used."),
    s("$context.identity.accountId", "210987654321", "The AWS account ID associated with the request (IAM authorization)."),
    s("$context.identity.apiKey", "k3yV4lu3", "The API key of a method that requires one."),
    s("$context.identity.apiKeyId", "abcd1234ef", "The ID of the API key of a method that requires one."),
    s("$context.identity.caller", "AIDACKCEVSQ6C2EXAMPLE", "The principal identifier of the caller that signed the request."),
    t("$context.identity.cognitoAuthenticationProvider", "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_aaaaaaaaa", "The Amazon Cognito authentication providers of the caller."),
    s("$context.identity.cognitoAuthenticationType", "authenticated", "The Amazon Cognito authentication type of the caller."),
    s("$context.identity.cognitoIdentityId", "eu-west-1:11111111-2222-3333-4444-555555555555", "The Amazon Cognito identity ID of the caller."),
    s("$context.identity.cognitoIdentityPoolId", "eu-west-1:66666666-7777-8888-9999-000000000000", "The Amazon Cognito identity pool ID of the caller."),
    s("$context.identity.principalOrgId", "o-a1b2c3d4e5", "The AWS organization ID of the caller."),
    s("$context.identity.sourceIp", "198.51.100.7", "The source IP address of the TCP connection to API Gateway."),
    s("$context.identity.clientCert.clientCertPem", "-----BEGIN CERTIFICATE-----MIIC...", "The PEM-encoded client certificate presented in mutual TLS."),
    t("$context.identity.clientCert.subjectDN", "CN=client.example.com", "The subject distinguished name of the client certificate."),
    t("$context.identity.clientCert.issuerDN", "CN=Example CA", "The issuer distinguished name of the client certificate."),
    s("$context.identity.clientCert.serialNumber", "1234567890", "The serial number of the client certificate."),
    s("$context.identity.clientCert.validity.notBefore", "May 28 12:30:02 2019 GMT", "The date before which the client certificate is not valid."),
    s("$context.identity.clientCert.validity.notAfter", "Aug 5 09:36:04 2030 GMT", "The date after which the client certificate is not valid."),
    s("$context.identity.vpcId", "vpc-0123456789abcdef0", "The ID of the VPC the request to a private API came from."),
    s("$context.identity.vpceId", "vpce-0123456789abcdef0", "The ID of the VPC endpoint the request to a private API came through."),
    s("$context.identity.user", "user-1234", "The principal identifier of the user (Lambda authorizers)."),
    t("$context.identity.userAgent", "curl/8.5.0", "The User-Agent header of the caller."),
    s("$context.identity.userArn", "arn:aws:iam::210987654321:user/alice", "The ARN of the effective user after authentication."),
    t("$context.integration.error", "Internal server error", "The error message returned from the integration."),
    n("$context.integration.integrationStatus", "200", "For Lambda proxy integrations, the status code returned by AWS Lambda."),
    n("$context.integration.latency", "120", "The integration latency in ms (with response streaming, until the stream is complete)."),
    s("$context.integration.requestId", "5b0c4d53-9b1e-0f1d-2c3b-4a590e3a1f6c", "The AWS endpoint's request ID."),
    s("$context.integration.responseTransferMode", "BUFFERED", "The integration's response transfer mode: BUFFERED or STREAMED."),
    n("$context.integration.status", "200", "The status code returned from the integration."),
    n("$context.integration.timeToAllHeaders", "35", "The time from establishing the integration connection to receiving all integration response headers."),
    n("$context.integration.timeToFirstContent", "40", "The time from establishing the integration connection to receiving the first content bytes."),
    t("$context.integrationErrorMessage", "Internal server error", "The integration error message."),
    n("$context.integrationLatency", "120", "The integration latency in ms."),
    n("$context.integrationStatus", "200", "For Lambda proxy integrations, the status code returned by AWS Lambda."),
    s("$context.isCanaryRequest", "false", "Whether the request went to the canary."),
    s("$context.path", "/v1/orders/42", "The request path, with the stage."),
    s("$context.protocol", "HTTP/1.1", "The request protocol."),
    s("$context.requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "The request ID (x-amzn-RequestId); a caller may set it to a UUID."),
    n("$context.responseLatency", "130", "The response latency in ms."),
    n("$context.responseLength", "1024", "The response payload length in bytes."),
    n("$context.responseOverride.status", "200", "The response status code set by a mapping template override."),
    s("$context.requestTime", "25/Nov/2026:01:23:45 +0000", "The CLF-formatted request time (dd/MMM/yyyy:HH:mm:ss +-hhmm)."),
    n("$context.requestTimeEpoch", "1795656225000", "The request time in epoch milliseconds."),
    s("$context.resourceId", "a1b2c3", "The identifier API Gateway assigns to the resource."),
    s("$context.resourcePath", "/orders/{id}", "The path of the resource."),
    s("$context.stage", "v1", "The deployment stage of the request."),
    n("$context.status", "200", "The method response status."),
    s("$context.tlsVersion", "TLSv1.3", "The TLS version of the connection the client made."),
    t("$context.waf.error", "Forbidden", "The error message returned from AWS WAF."),
    n("$context.waf.latency", "1", "The AWS WAF latency in ms."),
    n("$context.waf.status", "200", "The status code returned from AWS WAF."),
    s("$context.wafResponseCode", "WAF_ALLOW", "The AWS WAF response: WAF_ALLOW or WAF_BLOCK."),
    s("$context.webaclArn", "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/1111", "The ARN of the web ACL that decided the request."),
    s("$context.xrayTraceId", "1-5759e988-bd862e3fe1be46a994272793", "The X-Ray trace ID."),
] as const satisfies readonly ContextVariableInfo[];

/** A fixed-name `$context` variable of REST API access logs. */
export type ContextVariableName = (typeof CONTEXT_VARIABLES)[number]["name"];

/** The variables API Gateway writes as numbers (a structured format may leave them unquoted). */
export type NumericContextVariable = Extract<(typeof CONTEXT_VARIABLES)[number], { type: "number" }>["name"];

/** A family of variables whose last part is a name the user chooses (a claim, a header, ...). */
export interface ContextVariablePattern {
    /** Everything before the chosen name, ending in a dot. */
    readonly prefix: string;
    /** How AWS's table writes the chosen part. */
    readonly placeholder: string;
    readonly example: string;
    readonly description: string;
}

/**
 * The patterned variables. The chosen name is one segment of letters, digits and underscores: for
 * a Lambda authorizer's context key, AWS documents the underscore as the only special character.
 * Listed most specific first: `$context.authorizer.claims.<claim>` before `$context.authorizer.<key>`.
 */
export const CONTEXT_VARIABLE_PATTERNS: readonly ContextVariablePattern[] = [
    { prefix: "$context.authorizer.claims.", placeholder: "<claim>", example: "alice@example.com", description: "A claim returned by the Amazon Cognito user pool authorizer." },
    { prefix: "$context.authorizer.", placeholder: "<key>", example: "tenant-7", description: "The stringified value of a key of the context map a Lambda authorizer returns." },
    { prefix: "$context.requestOverride.header.", placeholder: "<header_name>", example: "override", description: "A request header override set by a mapping template." },
    { prefix: "$context.requestOverride.path.", placeholder: "<path_name>", example: "override", description: "A request path override set by a mapping template." },
    { prefix: "$context.requestOverride.querystring.", placeholder: "<querystring_name>", example: "override", description: "A request query string override set by a mapping template." },
    { prefix: "$context.responseOverride.header.", placeholder: "<header_name>", example: "override", description: "A response header override set by a mapping template." },
];

/** Variables other API types have, so the error can say why a REST stage would log nothing. */
export const OTHER_API_TYPE_VARIABLES: Readonly<Record<string, string>> = {
    "$context.routeKey": "HTTP and WebSocket APIs",
    "$context.connectionId": "WebSocket APIs",
    "$context.connectedAt": "WebSocket APIs",
    "$context.eventType": "WebSocket APIs",
    "$context.messageId": "WebSocket APIs",
    "$context.messageDirection": "WebSocket APIs",
    "$context.dataProcessed": "HTTP APIs",
};

const BY_NAME: ReadonlyMap<string, ContextVariableInfo> = new Map(CONTEXT_VARIABLES.map((v) => [v.name, v]));

/** What a variable is, when it is a documented REST access-log variable (fixed or patterned). */
export function lookupContextVariable(name: string): ContextVariableInfo | undefined {
    const fixed = BY_NAME.get(name);
    if (fixed) {
        return fixed;
    }
    for (const pattern of CONTEXT_VARIABLE_PATTERNS) {
        if (name.startsWith(pattern.prefix) && /^[A-Za-z0-9_]+$/.test(name.slice(pattern.prefix.length))) {
            return { name, type: "string", example: pattern.example, description: pattern.description };
        }
    }
    return undefined;
}

// ---------------------------------------------------------------------------------------------
// Typed helpers: `contextVariables.identity.sourceIp` is "$context.identity.sourceIp", with
// completion for every variable above, so a typo is a compile error (as in AWS CDK's AccessLogField).

type Split<S extends string> = S extends `${infer Head}.${infer Rest}` ? [Head, ...Split<Rest>] : [S];
type Nest<Path extends string[], V> = Path extends [infer Head extends string, ...infer Rest extends string[]]
    ? { readonly [K in Head]: Nest<Rest, V> }
    : V;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Tree = UnionToIntersection<
    { [N in ContextVariableName]: Nest<Split<N extends `$context.${infer Rest}` ? Rest : never>, N> }[ContextVariableName]
>;

/** The patterned variables, as functions of the chosen name. */
export interface ContextVariableFunctions {
    readonly authorizer: {
        /** `$context.authorizer.claims.<claim>`: a claim from an Amazon Cognito user pool authorizer. */
        claim<C extends string>(claim: C): `$context.authorizer.claims.${C}`;
        /** `$context.authorizer.<key>`: a key of the context map a Lambda authorizer returns. */
        contextKey<K extends string>(key: K): `$context.authorizer.${K}`;
    };
    readonly requestOverride: {
        header<H extends string>(name: H): `$context.requestOverride.header.${H}`;
        path<P extends string>(name: P): `$context.requestOverride.path.${P}`;
        querystring<Q extends string>(name: Q): `$context.requestOverride.querystring.${Q}`;
    };
    readonly responseOverride: {
        header<H extends string>(name: H): `$context.responseOverride.header.${H}`;
    };
}

function buildTree(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (const { name } of CONTEXT_VARIABLES) {
        const parts = name.split(".").slice(1);
        let node = root;
        for (const part of parts.slice(0, -1)) {
            node = (node[part] ??= {}) as Record<string, unknown>;
        }
        node[parts[parts.length - 1]] = name;
    }
    return root;
}

function withFunctions(tree: Record<string, unknown>): Tree & ContextVariableFunctions {
    const sub = (key: string) => tree[key] as Record<string, unknown>;
    return {
        ...tree,
        authorizer: {
            ...sub("authorizer"),
            claim: (claim: string) => `$context.authorizer.claims.${claim}`,
            contextKey: (key: string) => `$context.authorizer.${key}`,
        },
        requestOverride: {
            header: (name: string) => `$context.requestOverride.header.${name}`,
            path: (name: string) => `$context.requestOverride.path.${name}`,
            querystring: (name: string) => `$context.requestOverride.querystring.${name}`,
        },
        responseOverride: { ...sub("responseOverride"), header: (name: string) => `$context.responseOverride.header.${name}` },
    } as unknown as Tree & ContextVariableFunctions;
}

/**
 * Every REST API access-log variable by path: `contextVariables.status`,
 * `contextVariables.identity.clientCert.validity.notAfter`, `contextVariables.authorizer.claim("email")`.
 */
export const contextVariables = withFunctions(buildTree());

/** A field a structured format writes unquoted: only for variables API Gateway writes as numbers. */
export function asNumber<N extends NumericContextVariable>(variable: N): { var: N; type: "number" } {
    return { var: variable, type: "number" };
}
