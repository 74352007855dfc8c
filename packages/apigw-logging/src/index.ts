// The package's public surface: the components, their argument types, and the pure parts (the
// `$context` catalogue, formats, names, checks) that programs, tools and policy packs reuse.

export * from "./accessLogFields";
export * from "./accessLogFormat";
export * from "./accountSetting";
export * from "./alarms";
export * from "./cloudWatchLogs";
export * from "./contextVariables";
export * from "./errors";
export * from "./firehoseSink";
export * from "./logInsightsQueries";
export * from "./logLinks";
export * from "./stageLogging";
export * from "./validation";
