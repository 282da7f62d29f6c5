// Types for weight.mjs, for the tooling tests that read what the worker bundles.
export function workerInputs(): Promise<{ total: number; inputs: { file: string; bytes: number }[] }>;
