// Types for local.mjs, so the TypeScript test harness can share it with `npm run dev` and the benchmark.
import type { ChildProcess } from "node:child_process";

export const ROOT: string;
/** Module aliases the worker is bundled with (markdown-it's entities, see worker/services/markdown/entities.ts). */
export const WORKER_ALIAS: Record<string, string>;
export const CHROMIUM_ARGS: string[];
export const DEV_VARS: Record<string, string>;
export function wranglerEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export function buildWidget(): string;
export function buildAssets(): string;
export function applyMigrations(persistTo: string): string;
export function executeLocalSql(persistTo: string, sql: string): string;
export function importWorkerModule(relativePath: string): Promise<Record<string, any>>;
export function findChromium(): string | null;
export function launchChromium(executablePath: string, profile: string): Promise<import("playwright-core").BrowserContext>;
export function seedDemo(persistTo: string, origins: string[]): Promise<{ site: string; slug: string; title: string; paragraphs: number; comments: number }>;
export function freePort(): Promise<number>;
export function startWorker(options: {
  port: number;
  persistTo: string;
  vars?: Record<string, string>;
  stdio?: "pipe" | "inherit" | "ignore";
}): Promise<ChildProcess>;
export function runCronLocally(base: string, everyMs?: number): () => void;
