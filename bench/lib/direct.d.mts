// Types for direct.mjs, for the tooling test that starts the worker as the bench does.
import type { ChildProcess } from "node:child_process";

export function startDirectWorker(options: {
  port: number;
  persistTo: string;
  vars?: Record<string, string>;
  bundleDir: string;
  inspectorPort?: number;
}): Promise<ChildProcess>;
