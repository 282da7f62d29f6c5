// Helpers for the dashboard suites on top of harness.ts: open /admin with everything it does recorded, sign in,
// find a queue item, run axe on a page whose CSP forbids injected scripts, and a local webhook receiver.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { expect } from "vitest";
import { api, WORKER, type Browser, type Locator, type Page, type TestSite } from "./harness";

export * from "./harness";

export interface AdminPage {
  page: Page;
  /** Every request the page made. */
  requests: string[];
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations(): Promise<string[]>;
}

/** Opens /admin in a new tab (optionally in dark mode or at a width) and records what it does. */
export async function openAdmin(browser: Browser, options: { colorScheme?: "light" | "dark"; width?: number } = {}): Promise<AdminPage> {
  const page = await browser.context.newPage();
  if (options.width) await page.setViewportSize({ width: options.width, height: 800 });
  await page.emulateMedia({ colorScheme: options.colorScheme ?? "light" });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`), true);
  });
  await page.goto(`${WORKER}/admin`);
  return { page, requests, consoleErrors, pageErrors, cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp) };
}

/** Signs in through the form as an owner would, and waits for the queue. */
export async function signIn(page: Page, site: { id: string; ownerToken: string }) {
  await page.getByLabel("Site", { exact: true }).fill(site.id);
  await page.getByLabel("Owner token", { exact: true }).fill(site.ownerToken);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Moderation queue" }).waitFor();
}

/** The queue item whose text contains `text`. */
export const queueItem = (page: Page, text: string): Locator => page.locator("admin-queue article").filter({ hasText: text });

/** The status tab of the queue, e.g. "Pending (3)". */
export const tab = (page: Page, status: string): Locator => page.getByRole("tab", { name: new RegExp(`^${status} \\(`) });

/** Waits until the API shows the comment in `status` (actions reach the API after their undo window). */
export async function waitForStatus(site: TestSite, commentId: string, status: string) {
  await expect
    .poll(
      async () => {
        const q = await api<{ comments: { id: string }[] }>(`/sites/${site.id}/moderation/comments?status=${status}&limit=100`, { token: site.ownerToken });
        return q.comments.some((c) => c.id === commentId);
      },
      { timeout: 20_000, interval: 250 },
    )
    .toBe(true);
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's serious and critical violations on the whole page (shadow roots included). The dashboard's CSP
 * refuses injected script tags, so axe is evaluated through the driver, which the page's CSP does not govern.
 */
export async function adminAxe(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: unknown[]; failureSummary?: string }[] }[] };
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<Result> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`));
  });
}

/** A local webhook receiver that takes every delivery at once ("ok"), so that Test answers straight away. */
export async function startReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
