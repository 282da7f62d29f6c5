// Types for weight.mjs, for the tooling tests that read what the worker bundles and start it as the bench does.
export function workerInputs(): Promise<{ total: number; inputs: { file: string; bytes: number }[] }>;
export function bundleWorker(outdir: string, options?: { minify?: boolean }): void;
