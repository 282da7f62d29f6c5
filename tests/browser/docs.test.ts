// /docs in real Chromium: Redoc, served from the worker's own origin, renders every documented operation under the
// page's strict CSP, with no policy violation and no request to another origin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API, type Browser, WORKER, chromiumPath, launchBrowser } from "./harness";

describe.skipIf(!chromiumPath)("the API reference at /docs", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders every operation of the OpenAPI document with its examples, under its CSP, from its own origin", async () => {
    // A static asset the build writes, readable from any origin.
    const served = await fetch(`${API}/openapi.json`, { headers: { Origin: "https://tools.example" } });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toMatch(/^application\/json/);
    expect(served.headers.get("access-control-allow-origin")).toBe("*");
    const doc = await served.json();
    expect(doc.servers).toEqual([{ url: "/", description: expect.any(String) }]);
    const summaries = Object.values<Record<string, { summary: string }>>(doc.paths).flatMap((methods) =>
      Object.values(methods).map((op) => op.summary),
    );

    const page = await browser.context.newPage();
    const violations: string[] = [];
    const foreign: string[] = [];
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("requestfinished", (r) => {
      if (!r.url().startsWith(WORKER) && !/^(data|blob):/.test(r.url())) foreign.push(r.url());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { __violations: string[] }).__violations ??= [];
        (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const res = await page.goto(`${WORKER}/docs`);
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
    // Redoc's menu lists every operation once it has loaded the document.
    await page.locator("h2", { hasText: summaries[0] }).first().waitFor();
    const text = (await page.locator("#reference").textContent()) ?? "";
    for (const summary of summaries) expect(text, summary).toContain(summary);
    // The examples and the server list come from the document.
    expect(text).toContain("Request samples");
    expect(text).toContain("Response samples");
    expect(text).toContain("k3Jd9sLq0Xa7mN2pR5tV"); // the vote's request example
    expect(text).toContain("pt_own_mo7u3drxDBr72Ci0f20VmwsoARZtp3vjdrDXdVxu71Y"); // the new site's response example
    expect(text).toContain(`${WORKER}/api/v1/sites`); // the server the document names
    violations.push(...(await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? [])));
    // Redoc's sidebar tries to show its "API docs by Redocly" logo from its CDN; the CSP blocks it before any request
    // leaves (Redoc then hides the image). Nothing else may be refused: that would be a part of the page broken.
    expect(violations.filter((v) => v !== "img-src https://cdn.redoc.ly/redoc/logo-mini.svg")).toEqual([]);
    expect(foreign).toEqual([]);
    expect(errors.filter((e) => /Content Security Policy|Refused/i.test(e) && !e.includes("cdn.redoc.ly/redoc/logo-mini.svg"))).toEqual([]);
    await page.close();
  });
});
