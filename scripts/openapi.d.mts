// Types for openapi.mjs, so the tooling test can check the document it writes.
export const OPENAPI_FILE: string;
export function openApiDocument(): Promise<Record<string, any>>;
