// The names a stage's saved queries and alarms get carry the API's name (and the stage's): a REST API
// name AWS accepts (up to 1024 characters of anything) can still make a query or alarm name AWS
// refuses. Checked with the names exactly as the component builds them.

import { alarmNames, metricApiName } from "./alarms";
import { QUERY_TITLES, queryName } from "./logInsightsQueries";
import { alarmNameProblem, queryDefinitionNameProblem } from "./rules";
import type { StageLoggingSettings } from "./settings";

/** A placeholder REST API id: every id is 10 characters, so the names' lengths do not depend on it. */
const ANY_REST_API_ID = "a1b2c3d4e5";

/**
 * Why `api` (the API's name, or its id when unnamed) cannot name this stage's queries (in `folder`)
 * or alarms, and the switch that avoids them. `secretProblem` says it without the lengths, which
 * would tell something of a secret name or folder.
 */
export function stageNamesProblem(
    api: string,
    stageName: string,
    folder: string,
    settings: StageLoggingSettings,
): { problem: string; secretProblem: string; switch: string } | undefined {
    if (settings.queries.enabled) {
        for (const title of Object.values(QUERY_TITLES)) {
            const problem = queryDefinitionNameProblem(queryName(folder, api, stageName, title));
            if (problem) {
                const tooLong = "would make a saved query's name longer than Logs Insights allows (255 characters)";
                return { problem, secretProblem: /\d+ characters long/.test(problem) ? tooLong : problem, switch: "queries.enabled" };
            }
        }
    }
    if (settings.alarms.enabled) {
        const { serverErrors, latency } = alarmNames(api, stageName, ANY_REST_API_ID, settings.alarms.latencyStatistic);
        const problem = alarmNameProblem(serverErrors.length > latency.length ? serverErrors : latency);
        if (problem) {
            return { problem, secretProblem: "would make an alarm's name longer than CloudWatch allows (255 characters)", switch: "alarms.enabled" };
        }
        if (metricApiName(api) === "") {
            const problem = "has no ASCII character: API Gateway drops the others from the ApiName metric dimension, so the alarms would watch no metric";
            return { problem, secretProblem: problem, switch: "alarms.enabled" };
        }
    }
    return undefined;
}
