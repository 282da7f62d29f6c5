// Settings → Webhooks in real Chromium against `wrangler dev`: a URL with a password, or one the site already has,
// is refused in words by the field. With a paused webhook, the State cell says
// "Paused" once, with the reason and how many events it holds; a successful Test leaves it paused; Resume sends
// the held events to a real local receiver, oldest first; the Actions column lines up at 1000 px. A delivery that
// failed for good is sent again with Retry in the webhook's delivery list, each Retry saying how it went on a line
// of its own.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, chromiumPath, createSite, describedBy, focusedElement, launchBrowser, localSql, openAdmin, postComment, signIn, type Browser } from "./admin-harness";

describe.skipIf(!chromiumPath)("webhooks in the dashboard", () => {
  let owner: Browser;
  let server: Server;
  const received: { event: string; commentId: string | null; delivery: string; status: number }[] = [];
  /** While true, the receiver answers 503 (an outage). */
  let failing = false;

  beforeAll(async () => {
    owner = await launchBrowser();
    server = createServer((req, res) => {
      // A receiver that never answers: the worker gives up on it after 10 s.
      if (req.url?.includes("hang=1")) return;
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString("utf8")));
      req.on("end", () => {
        const payload = JSON.parse(body);
        // A delivery whose id says "fail" fails whatever happens.
        res.statusCode = failing || String(req.headers["parley-delivery"]).includes("fail") ? 503 : 200;
        received.push({ event: String(req.headers["parley-event"]), commentId: payload.data?.comment?.id ?? null, delivery: String(req.headers["parley-delivery"]), status: res.statusCode });
        res.end(res.statusCode == 503 ? "down" : "ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  });
  afterAll(async () => {
    await owner?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("says in words why a webhook URL with a password, or one the site already has, is not added", async () => {
    const site = await createSite("dash-hook-refused");
    const address = server.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}/parley?site=${site.id}&for=%E2%80%9Cdup%E2%80%9D`;
    await api(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url, events: ["comment.created"] }, expect: 201 });

    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const field = page.getByLabel("Webhook URL", { exact: true });
    const status = page.locator("admin-settings form.panel [role=status]");
    const rows = page.locator("admin-settings tbody tr");
    await expect.poll(() => rows.count()).toBe(1);

    await field.fill(`http://deploy:hunter2-S3cret@127.0.0.1:${address.port}/parley`);
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect.poll(() => status.textContent()).toMatch(/^Not added\. Must not contain a user name or password/);
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect(await describedBy(field)).toEqual([expect.stringMatching(/^Must not contain a user name or password/)]);
    expect(await focusedElement(page)).toBe("input#hook-url");

    await field.fill(url.replace("http://", "HTTP://"));
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect.poll(() => status.textContent()).toBe("Not added. This site already has a webhook for this URL. Remove it first to change its events or format.");
    expect(await rows.count()).toBe(1);
    const listed = await api<{ webhooks: unknown[] }>(`/sites/${site.id}/webhooks`, { token: site.ownerToken });
    expect(listed.webhooks).toHaveLength(1);
    expect(JSON.stringify(await page.locator("admin-settings").innerText())).not.toContain("hunter2");

    // Remove asks first (the secret goes with the webhook): dismissed, it stays; accepted, it goes, and the keyboard
    // moves to the webhooks' heading.
    const asked: string[] = [];
    let answer = false;
    page.on("dialog", (d) => {
      asked.push(d.message());
      void (answer ? d.accept() : d.dismiss());
    });
    await page.getByRole("button", { name: `Remove ${url}` }).click();
    expect(asked).toEqual([
      `Remove the webhook to ${url}? Its secret and its deliveries go with it: added again, it gets a new secret for the receiver. This cannot be undone.`,
    ]);
    expect(await rows.count()).toBe(1);
    answer = true;
    await page.getByRole("button", { name: `Remove ${url}` }).click();
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe(`Removed ${url}.`);
    expect((await api<{ webhooks: unknown[] }>(`/sites/${site.id}/webhooks`, { token: site.ownerToken })).webhooks).toEqual([]);
    await expect.poll(() => focusedElement(page), { timeout: 10_000 }).toBe("h3#hooks-h");
  });

  it("shows why it paused and what it holds; Test leaves it paused; Resume sends the held events in order", async () => {
    const site = await createSite("dash-hook-resume");
    const address = server.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}/parley?site=${site.id}&note=%E2%80%9Cpaused%E2%80%9D`;
    const { webhook } = await api<{ webhook: { id: string } }>(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url, events: ["comment.created"] }, expect: 201 });
    // Failing for a whole retry schedule takes 8.6 hours; the pause is written as the worker writes it.
    localSql(
      `UPDATE webhooks SET paused_at = ${Date.now()}, consecutive_failures = 14, ` +
        `paused_reason = 'No attempt succeeded for 9 hours, through every retry; the last one: HTTP 502 Bad Gateway' WHERE id = '${webhook.id}'`,
    );
    const first = await postComment(site.id, "/2026/12/paused/", { authorName: "Zoë «first»", body: "Held one 🙃 <b>bold?</b>" });
    const second = await postComment(site.id, "/2026/12/paused/", { authorName: "Ann", body: "Held two, a reply in spirit." });
    await expect
      .poll(async () => (await api<{ webhooks: { held: number }[] }>(`/sites/${site.id}/webhooks`, { token: site.ownerToken })).webhooks[0].held, { timeout: 20_000 })
      .toBe(2);

    const { page } = await openAdmin(owner, { width: 1000 });
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const row = page.locator("admin-settings tbody tr").filter({ hasText: url });
    await expect.poll(() => row.locator("td").nth(3).innerText()).toContain("2 events held");
    const state = await row.locator("td").nth(3).innerText();
    expect(state).toMatch(/^Paused since /);
    expect(state.match(/paused/gi)).toHaveLength(1);
    expect(state).toContain("No attempt succeeded for 9 hours, through every retry; the last one: HTTP 502 Bad Gateway");

    // The Actions column lines up with its header and the row: one cell as tall as the others, its buttons inside it.
    const boxes = await row.locator("td").evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().toJSON() as DOMRect));
    const header = await page.locator("admin-settings thead th").last().evaluate((th) => th.getBoundingClientRect().toJSON() as DOMRect);
    const actions = boxes[4];
    expect(new Set(boxes.map((b) => Math.round(b.top)))).toEqual(new Set([Math.round(actions.top)]));
    expect(new Set(boxes.map((b) => Math.round(b.height)))).toEqual(new Set([Math.round(actions.height)]));
    expect(Math.round(actions.left)).toBe(Math.round(header.left));
    expect(Math.round(actions.right)).toBe(Math.round(header.right));
    for (const name of ["Resume", "Test", "Remove"]) {
      const button = await row.getByRole("button", { name: `${name} ${url}` }).boundingBox();
      expect(button!.x).toBeGreaterThanOrEqual(actions.left);
      expect(button!.x + button!.width).toBeLessThanOrEqual(actions.right + 0.5);
    }

    const status = page.locator("admin-settings form.panel [role=status]");
    await row.getByRole("button", { name: `Test ${url}` }).click();
    await expect.poll(() => status.textContent()).toBe(`Test delivery to ${url}: delivered. It stays paused until you resume it.`);
    expect(await row.getByRole("button", { name: `Resume ${url}` }).count()).toBe(1);
    expect(received.filter((r) => r.event === "comment.created")).toEqual([]);

    await row.getByRole("button", { name: `Resume ${url}` }).click();
    await expect.poll(() => status.textContent()).toBe(`Resumed ${url}: sending 2 events it held, oldest first.`);
    await expect.poll(() => row.locator("td").nth(3).innerText()).toBe("Active");
    expect(await row.getByRole("button", { name: `Resume ${url}` }).count()).toBe(0);
    await expect
      .poll(() => received.filter((r) => r.event === "comment.created").map((r) => r.commentId), { timeout: 20_000 })
      .toEqual([first.id, second.id]);
  });

  it("lists a webhook's deliveries and sends a failed one again with Retry, under its same delivery id", async () => {
    const site = await createSite("dash-hook-retry");
    const address = server.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}/parley?site=${site.id}&retry=%E2%9C%93`;
    const { webhook } = await api<{ webhook: { id: string } }>(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url, events: ["comment.created"] }, expect: 201 });
    const deliveries = async () => (await api<{ deliveries: { id: string; status: string; attempts: number }[] }>(`/sites/${site.id}/webhooks/${webhook.id}/deliveries`, { token: site.ownerToken })).deliveries;
    failing = true;
    const comment = await postComment(site.id, "/2026/12/lost/", { authorName: "Zoë «lost»", body: "Lost while the receiver was down 🙃" });
    await expect.poll(async () => (await deliveries())[0]?.attempts ?? 0, { timeout: 20_000 }).toBe(1);
    const [lost] = await deliveries();
    failing = false;
    // Failing through a whole retry schedule takes 8.6 hours; its end is written as the worker writes it.
    localSql(
      `UPDATE webhook_deliveries SET status = 'failed', attempts = 6, next_attempt_at = NULL, last_status = 503, ` +
        `last_error = 'HTTP 503 Service Unavailable' WHERE id = '${lost.id}'`,
    );

    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const toggle = page.getByRole("button", { name: `Deliveries to ${url}`, exact: true });
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    const row = page.locator("admin-deliveries tbody tr").filter({ hasText: lost.id });
    await expect.poll(() => row.innerText()).toContain("HTTP 503 Service Unavailable");
    expect(await row.locator("td").nth(2).innerText()).toBe("failed");

    await row.getByRole("button", { name: `Retry ${lost.id}` }).click();
    const status = page.locator("admin-deliveries [role=status] .retry");
    // The dashboard looks again by itself, and says how it went: no Refresh needed.
    await expect
      .poll(() => status.allTextContents(), { timeout: 20_000 })
      .toEqual([`Sent comment.created ${lost.id} again: delivered (HTTP 200).`]);
    expect(received.filter((r) => r.delivery === lost.id && r.status === 200).map((r) => r.commentId)).toEqual([comment.id]);
    expect(await row.locator("td").nth(2).innerText()).toBe("delivered");
    expect(await row.getByRole("button", { name: `Retry ${lost.id}` }).count()).toBe(0);
    expect(await row.locator("td").nth(3).innerText()).toBe("7");
    expect(pageErrors).toEqual([]);
  });

  it("says when a retried delivery is held because the webhook paused meanwhile, and shows the webhook paused with Resume", async () => {
    const site = await createSite("dash-hook-held");
    const address = server.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}/parley?site=${site.id}&hang=1`;
    const { webhook } = await api<{ webhook: { id: string } }>(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url, events: ["comment.created"] }, expect: 201 });
    const id = `dl_held${site.id.slice(-6)}xxxxxx`;
    const at = Date.now() - 60_000;
    localSql(
      `INSERT INTO webhook_deliveries (id, site_id, webhook_id, event_id, event_type, body, status, attempts, last_status, last_error, created_at, updated_at) ` +
        `VALUES ('${id}', '${site.id}', '${webhook.id}', 'ev_${id}', 'comment.created', '{}', 'failed', 6, 503, 'HTTP 503', ${at}, ${at});`,
    );
    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByRole("button", { name: `Deliveries to ${url}`, exact: true }).click();
    await page.getByRole("button", { name: `Retry ${id}` }).click();
    const status = page.locator("admin-deliveries [role=status] .retry");
    await expect.poll(() => status.textContent()).toBe(`Sending comment.created ${id} again…`);
    // The receiver does not answer; meanwhile the webhook pauses (as after hours of failures), so the attempt,
    // which fails after 10 s, leaves the delivery held.
    localSql(`UPDATE webhooks SET paused_at = ${Date.now()}, paused_reason = 'No attempt succeeded for 8 hours' WHERE id = '${webhook.id}';`);
    await expect
      .poll(() => status.textContent(), { timeout: 30_000 })
      .toBe(`Sent comment.created ${id} again: it failed, and the webhook has paused, so it is held (Resume sends it).`);
    // Settings loaded the webhook again: its row says it paused and offers Resume.
    await expect.poll(() => page.getByRole("button", { name: `Resume ${url}` }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("gives each of several Retries at once its own line, says when a failed one is tried next, and a fresh list keeps only those still watched", async () => {
    const site = await createSite("dash-hook-many");
    const address = server.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}/parley?site=${site.id}&many=1`;
    const { webhook } = await api<{ webhook: { id: string } }>(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url, events: ["comment.created"] }, expect: 201 });
    // Two that the receiver takes now, one it refuses again, one it never answers (its Retry is still watched).
    const tail = site.id.slice(-6);
    const [first, second, fail] = ["one", "two", "fail"].map((k) => `dl_${k}${tail}`.padEnd(22, "x"));
    const hung = await api<{ webhook: { id: string } }>(`/sites/${site.id}/webhooks`, {
      token: site.ownerToken,
      body: { url: `${url}&hang=1`, events: ["comment.created"] },
      expect: 201,
    });
    const hangs = `dl_hang${tail}`.padEnd(22, "x");
    const at = Date.now() - 60_000;
    const row = (id: string, hook: string) =>
      `('${id}', '${site.id}', '${hook}', 'ev_${id}', 'comment.created', '{}', 'failed', 6, 503, 'HTTP 503', ${at}, ${at})`;
    localSql(
      `INSERT INTO webhook_deliveries (id, site_id, webhook_id, event_id, event_type, body, status, attempts, last_status, last_error, created_at, updated_at) VALUES ` +
        `${[first, second, fail].map((id) => row(id, webhook.id)).join(", ")}, ${row(hangs, hung.webhook.id)};`,
    );
    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByRole("button", { name: `Deliveries to ${url}`, exact: true }).click();
    for (const id of [first, second, fail]) await page.getByRole("button", { name: `Retry ${id}` }).click();
    const lines = page.locator("admin-deliveries [role=status] .retry");
    await expect.poll(() => lines.count(), { timeout: 20_000 }).toBe(3);
    // Each keeps its line, in the order they were made, however they end (the watch looks again up to 31 s on).
    await expect
      .poll(() => lines.allTextContents(), { timeout: 45_000 })
      .toEqual([
        `Sent comment.created ${first} again: delivered (HTTP 200).`,
        `Sent comment.created ${second} again: delivered (HTTP 200).`,
        expect.stringMatching(new RegExp(`^Sent comment\\.created ${fail} again: it failed \\(HTTP 503[^)]*\\); the next try is in \\d+ (s|min)\\.$`)),
      ]);
    // Another list: its own line says what it shows, and the finished Retries' lines go (their rows show them).
    await page.getByLabel("Show", { exact: true }).selectOption({ label: "Delivered" });
    const status = page.locator("admin-deliveries [role=status]");
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toBe("Showing 2: delivered, newest first.");

    // A Retry still watched keeps its line when the list changes under it, and the list's line stays the list's.
    await page.getByRole("button", { name: `Deliveries to ${url}&hang=1`, exact: true }).click();
    const hungList = page.locator("admin-deliveries").filter({ hasText: hangs });
    await hungList.getByRole("button", { name: `Retry ${hangs}` }).click();
    const hungLines = hungList.locator("[role=status] .retry");
    await expect.poll(() => hungLines.allTextContents(), { timeout: 15_000 }).toEqual([`Sending comment.created ${hangs} again…`]);
    await hungList.getByLabel("Show", { exact: true }).selectOption({ label: "Retrying" });
    await expect.poll(() => hungList.locator("[role=status] > div").first().textContent(), { timeout: 15_000 }).toMatch(/^Showing \d+: retrying, newest first\.$/);
    expect(await hungLines.allTextContents()).toEqual([`Sending comment.created ${hangs} again…`]);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it("shows a webhook's deliveries 20 at a time, older ones with Load more, and only those of one status", async () => {
    const site = await createSite("dash-hook-pages");
    const address = server.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}/parley?site=${site.id}&pages=1`;
    const { webhook } = await api<{ webhook: { id: string } }>(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url, events: ["comment.created"] }, expect: 201 });
    // 26 deliveries made a second apart, every fifth failed; the newest is dl_page0025…, the oldest dl_page0000….
    const ids = Array.from({ length: 26 }, (_, i) => `dl_page${String(i).padStart(4, "0")}${site.id.slice(-6)}`);
    // An hour ago: the cron deletes finished deliveries a month old.
    const start = Date.now() - 3_600_000;
    localSql(
      ids
        .map(
          (id, i) =>
            `INSERT INTO webhook_deliveries (id, site_id, webhook_id, event_id, event_type, body, status, attempts, last_status, created_at, updated_at) ` +
            `VALUES ('${id}', '${site.id}', '${webhook.id}', 'ev_${id}', 'comment.created', '{}', '${i % 5 == 0 ? "failed" : "delivered"}', ${i % 5 == 0 ? 6 : 1}, ${i % 5 == 0 ? 503 : 200}, ${start + i * 1000}, ${start + i * 1000});`,
        )
        .join(" "),
    );
    const newestFirst = [...ids].reverse();

    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByRole("button", { name: `Deliveries to ${url}`, exact: true }).click();
    const rows = page.locator("admin-deliveries tbody tr");
    const shownIds = async () => (await rows.locator("td:nth-child(2) .muted").allInnerTexts()).map((t) => t.trim());
    await expect.poll(shownIds).toEqual(newestFirst.slice(0, 20));
    const status = page.locator("admin-deliveries [role=status]");
    expect(await status.textContent()).toBe("Showing 20: all deliveries, newest first; Load more shows older ones.");
    // Twice at once (a double click, or Enter held): one page more, once; the keyboard stays on the buttons.
    const more = page.getByRole("button", { name: `Load more: older deliveries to ${url}` });
    await more.focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await expect.poll(shownIds).toEqual(newestFirst);
    expect(await more.count()).toBe(0);
    expect(await status.textContent()).toBe("Showing 26: all deliveries, newest first.");
    await expect.poll(() => focusedElement(page)).toBe("button.refresh");

    await page.getByLabel("Show", { exact: true }).selectOption({ label: "Failed (gave up)" });
    await expect.poll(shownIds).toEqual(newestFirst.filter((id) => ids.indexOf(id) % 5 == 0));
    expect(await status.textContent()).toBe("Showing 6: failed (gave up), newest first.");
    expect(await page.locator("admin-deliveries caption").textContent()).toBe(`Failed (gave up), newest first, to ${url}`);
    await page.getByLabel("Show", { exact: true }).selectOption({ label: "Held while paused" });
    await expect.poll(() => page.locator("admin-deliveries p.muted").first().textContent()).toBe('No deliveries shown as "Held while paused".');
    expect(await rows.count()).toBe(0);

    // On a phone the deliveries sit under the webhooks' table, not in it (which scrolls sideways): the status line
    // and the Show field fit the screen, however long the webhook's URL.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByLabel("Show", { exact: true }).selectOption({ label: "Failed (gave up)" });
    await expect.poll(shownIds).toEqual(newestFirst.filter((id) => ids.indexOf(id) % 5 == 0));
    for (const part of [status, page.getByLabel("Show", { exact: true }), page.locator("admin-settings #deliveries h4")]) {
      const box = (await part.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
    }
    expect(pageErrors).toEqual([]);
  });
});
