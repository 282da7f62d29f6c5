// The API's vocabulary in one import: schemas, limits, error codes, document tree and response types.
export * from "./errors";
export * from "./events";
export * from "./limits";
export * from "./doc";
export * from "./schemas";
export type * from "./types";
