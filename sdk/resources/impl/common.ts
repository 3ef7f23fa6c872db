// What every resource implementation shares, by side: the API (credentials, client, errors), the
// inputs (unknowns, schema checks, diffs) and the state (clean values, outputs, read results).
export * from "./api";
export * from "./inputs";
export * from "./state";
