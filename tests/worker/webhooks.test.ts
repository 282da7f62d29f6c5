// Webhooks end to end: owner routes, signed deliveries to a real local HTTP receiver, retries with the same
// delivery id, backoff, Retry of a failed delivery, and chat formats. (Outages, the pause and Resume:
// webhook-outage.test.ts.)
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { NOTIFY_LIMITS } from "../../worker/contract/notifications";
import { checkWebhookUrl } from "../../worker/services/notify/webhooks";
import { SELF_ORIGIN, call, createSite, expectError, json, postComment, putArticle } from "./helpers";
import { formatBody } from "../../worker/services/notify/formats";
import { dispatched, createWebhook, deliveries, eventually, receiver, runQueue, verifiesSignature } from "./notify-helpers";

describe("webhook routes", () => {
  it("creates a webhook, shows its secret once, lists and deletes it", async () => {
    const site = await createSite();
    const hook = receiver();
    const created = await createWebhook(site.id, site.ownerToken, { url: hook.url, events: ["comment.created", "comment.pending"] });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.webhook).toMatchObject({ url: hook.url, events: ["comment.created", "comment.pending"], format: "json", pausedAt: null });
    const listed = await json<{ webhooks: any[] }>(`/sites/${site.id}/webhooks`, 200, { token: site.ownerToken });
    expect(listed.webhooks.map((w) => w.id)).toEqual([created.webhook.id]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect((await call(`/sites/${site.id}/webhooks/${created.webhook.id}`, { method: "DELETE", token: site.ownerToken })).status).toBe(204);
    await expectError(await call(`/sites/${site.id}/webhooks/${created.webhook.id}`, { method: "DELETE", token: site.ownerToken }), 404, "WEBHOOK_NOT_FOUND");
  });

  it("needs the owner token", async () => {
    const site = await createSite();
    await expectError(await call(`/sites/${site.id}/webhooks`), 401, "UNAUTHORIZED");
  });

  it("refuses unknown events and formats", async () => {
    const site = await createSite();
    const res = await call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url: "https://example.com/h", events: ["comment.nope"] } });
    await expectError(res, 400, "VALIDATION_FAILED");
    const bad = await call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url: "https://example.com/h", events: ["comment.created"], format: "xml" } });
    await expectError(bad, 400, "VALIDATION_FAILED");
  });

  it("refuses a URL with a user name or password, even in local development, and never lists it", async () => {
    const site = await createSite();
    const hook = receiver();
    const port = new URL(hook.url).port;
    for (const url of [
      `http://hook-user:s3cr%40t-Pa55@127.0.0.1:${port}/hook/${hook.name}?mode=ok`,
      `http://:only-s3cr3t@127.0.0.1:${port}/hook/${hook.name}`,
      `https://deploy-bot@hooks.example.com/parley`,
    ]) {
      const res = await call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url, events: ["comment.created"] } });
      const error = await expectError(res, 400, "VALIDATION_FAILED");
      expect(error.details, url).toEqual([{ field: "url", message: expect.stringMatching(/user name or password/) }]);
      expect(JSON.stringify(error)).not.toMatch(/s3cr|Pa55/);
    }
    const listed = await call(`/sites/${site.id}/webhooks`, { token: site.ownerToken });
    expect(await listed.json()).toEqual({ webhooks: [] });
    expect(() => checkWebhookUrl(`http://u:p@127.0.0.1:${port}/x`, true)).toThrow();
  });

  it("in local development takes a receiver on this machine, over http too, and still refuses a private network's", async () => {
    const site = await createSite();
    for (const url of ["https://10.0.0.1/x", "https://169.254.169.254/latest", "https://[fd00::1]/", "http://192.168.1.5/x", "http://example.com/x"]) {
      const res = await call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url, events: ["comment.created"] } });
      await expectError(res, 400, "VALIDATION_FAILED");
    }
    for (const url of ["http://localhost:8080/x", "http://127.0.0.1:9/x", "http://[::1]:9/x", "http://api.localhost/x", "https://hooks.example.com/x"]) {
      expect(() => checkWebhookUrl(url, true), url).not.toThrow();
    }
  });

  it("refuses port 0, where no receiver listens, in production and in local development", async () => {
    const site = await createSite();
    const res = await call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url: "https://hooks.example.com:0/x", events: ["comment.created"] } });
    const error = await expectError(res, 400, "VALIDATION_FAILED");
    expect(error.details).toEqual([{ field: "url", message: "Port 0 is no port a receiver can listen on." }]);
    expect(() => checkWebhookUrl("http://127.0.0.1:0/x", true)).toThrow(/Port 0/);
  });

  it("refuses the same URL twice on one site with 409 WEBHOOK_EXISTS, so one event is delivered once", async () => {
    const site = await createSite();
    const hook = receiver();
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: hook.url, events: ["comment.created"] });
    // The same receiver written differently (scheme in capitals), for other events and in another format.
    const again = hook.url.replace(/^http:/, "HTTP:");
    const res = await call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url: again, events: ["comment.created", "comment.pending"], format: "slack" } });
    const error = await expectError(res, 409, "WEBHOOK_EXISTS");
    expect(error.message).toContain(webhook.id);
    expect(error.details).toEqual([{ field: "url", message: expect.stringContaining("already") }]);
    // Nor does another spelling of the same bytes (%68 is h; hex in either case).
    await expectError(await call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url: hook.url.replace("/hook/", "/%68ook/"), events: ["comment.created"] } }), 409, "WEBHOOK_EXISTS");
    // A fragment (which fetch never sends) makes no other receiver either.
    await expectError(await call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url: `${hook.url}#again`, events: ["comment.created"] } }), 409, "WEBHOOK_EXISTS");
    const listed = await json<{ webhooks: any[] }>(`/sites/${site.id}/webhooks`, 200, { token: site.ownerToken });
    expect(listed.webhooks.map((w) => w.id)).toEqual([webhook.id]);

    await postComment(site.id, "/2026/12/once/", { body: "Only one delivery, please" });
    await dispatched(site.id);
    await eventually(async () => (await hook.received()).length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await hook.received()).toHaveLength(1);

    // Another site may use the same receiver.
    const other = await createSite();
    await createWebhook(other.id, other.ownerToken, { url: hook.url });
  });

  it("stores a URL as fetch sends it: without its fragment or an empty query", async () => {
    const site = await createSite();
    const bare = receiver().url.replace(/\?.*$/, "");
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: `${bare}?#frag` });
    expect(webhook.url).toBe(bare);
    await expectError(await call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url: `${bare}?`, events: ["comment.created"] } }), 409, "WEBHOOK_EXISTS");
  });

  it("adds one of two identical webhooks sent at once", async () => {
    const site = await createSite();
    const hook = receiver();
    const send = () => call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url: hook.url, events: ["comment.created"] } });
    const statuses = (await Promise.all([send(), send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const listed = await json<{ webhooks: any[] }>(`/sites/${site.id}/webhooks`, 200, { token: site.ownerToken });
    expect(listed.webhooks).toHaveLength(1);
  });

  it("stays within a site's cap when webhooks of different URLs are sent at once, and each made gets events", async () => {
    const site = await createSite();
    const cap = NOTIFY_LIMITS.webhooksPerSite;
    for (let i = 0; i < cap - 2; i++) await createWebhook(site.id, site.ownerToken, { url: `https://hooks.example.com/before-${i}` });
    const send = (i: number) => call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url: `https://hooks.example.com/at-once-${i}`, events: ["comment.created"] } });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => send(i)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 400, 400, 400, 400, 400, 400]);
    for (const res of answers.filter((r) => r.status === 400)) expect((await res.json<any>()).error.message).toContain(`Too many webhooks: a site has at most ${cap}.`);
    const listed = await json<{ webhooks: any[] }>(`/sites/${site.id}/webhooks`, 200, { token: site.ownerToken });
    expect(listed.webhooks).toHaveLength(cap);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM webhooks WHERE site_id = ?1").bind(site.id).first("n")).toBe(cap);
  });

  it("allows only public https URLs unless the dev variable is set", () => {
    expect(() => checkWebhookUrl("https://hooks.example.com/parley", false)).not.toThrow();
    for (const url of ["http://hooks.example.com/x", "https://127.0.0.1/x", "https://localhost/x", "https://10.0.0.2/x", "https://user:pw@example.com/x"]) {
      expect(() => checkWebhookUrl(url, false), url).toThrow();
    }
    expect(() => checkWebhookUrl("http://127.0.0.1:8080/x", true)).not.toThrow();
  });
});

describe("deliveries", () => {
  it("sends a signed test delivery that the receiver can verify", async () => {
    const site = await createSite();
    const hook = receiver();
    const { webhook, secret } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const { delivery } = await json(`/sites/${site.id}/webhooks/${webhook.id}/test`, 200, { method: "POST", token: site.ownerToken });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200, event: "webhook.test" });
    const [got] = await hook.received();
    expect(got.headers["parley-event"]).toBe("webhook.test");
    expect(got.headers["parley-delivery"]).toBe(delivery.id);
    expect(await verifiesSignature(secret, got.headers["parley-signature"] as string, got.body)).toBe(true);
    expect(await verifiesSignature("whsec_wrong", got.headers["parley-signature"] as string, got.body)).toBe(false);
    expect(JSON.parse(got.body)).toMatchObject({ type: "webhook.test", site: { id: site.id } });
  });

  it("delivers a posted comment as the owner sees it, without the author's e-mail", async () => {
    const site = await createSite();
    const hook = receiver();
    const { secret } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const { comment } = await postComment(site.id, "/2024/05/hello/", { body: "Hello *there*", authorEmail: "reader@example.com" });
    await dispatched(site.id);
    const [got] = await eventually(async () => (await hook.received()).length > 0 && hook.received());
    expect(await verifiesSignature(secret, got.headers["parley-signature"] as string, got.body)).toBe(true);
    const payload = JSON.parse(got.body);
    expect(Object.keys(payload).sort()).toEqual(["createdAt", "data", "id", "site", "type"]);
    expect(payload.type).toBe("comment.created");
    expect(payload.data.comment).toMatchObject({ id: comment.id, authorName: "Reader", source: "Hello *there*", status: "published" });
    expect(payload.data.threadKey).toBe("/2024/05/hello/");
    expect(payload.data.pageUrl).toBe("https://blog.example.com/2024/05/hello/");
    expect(payload.data.links.comment).toBe(`https://blog.example.com/2024/05/hello/#comment-${comment.id}`);
    expect(got.body).not.toContain("reader@example.com");
  });

  it("links a comment on an article to the article's page, says the status before a moderation event, and offers no View link while held", async () => {
    const site = await createSite({ moderation: "pre" });
    await putArticle(site.id, site.ownerToken, "hosted-post", { title: "Hosted", body: "Text." });
    const hook = receiver();
    await createWebhook(site.id, site.ownerToken, { url: hook.url, events: ["comment.pending", "comment.approved"] });
    const { comment } = await postComment(site.id, "hosted-post", { body: "On the article" });
    await json(`/sites/${site.id}/moderation/comments/${comment.id}/approve`, 200, { method: "POST", token: site.ownerToken });
    await dispatched(site.id);
    const got = await eventually(async () => (await hook.received()).length >= 2 && hook.received());
    const [created, approved] = got.map((r) => JSON.parse(r.body)).sort((a, b) => (a.type == "comment.pending" ? -1 : 1));
    const page = `${SELF_ORIGIN}/p/${site.id}/hosted-post`;
    expect(approved).toMatchObject({ type: "comment.approved", data: { previousStatus: "pending", pageUrl: page, links: { comment: `${page}#comment-${comment.id}`, moderate: null } } });
    expect(created.data).not.toHaveProperty("previousStatus");
    expect(created.data.links.moderate).toMatchObject({ approve: expect.stringContaining("/approve/") });
    // In a chat message, a held comment offers its moderation links, not a View link to a page it is not on yet.
    const slack = (payload: any) => JSON.parse(formatBody("slack", payload, "https://hooks.slack.com/services/x")).text as string;
    expect(slack(created)).not.toContain("|View>");
    expect(slack(created)).toContain("|Approve>");
    expect(slack(approved)).toContain(`<${page}#comment-${comment.id}|View>`);
  });

  it("retries a failing receiver with the same delivery id, backing off", async () => {
    const site = await createSite();
    const hook = receiver("fail");
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const { comment } = await postComment(site.id, "t-retry", { body: "Will fail" });
    await dispatched(site.id);
    const [first] = await eventually(async () => (await deliveries(site.id, site.ownerToken, webhook.id)).find((d) => d.attempts === 1) && deliveries(site.id, site.ownerToken, webhook.id));
    expect(first).toMatchObject({ status: "retrying", lastStatus: 500, lastError: expect.stringContaining("HTTP 500") });
    expect(Date.parse(first.nextAttemptAt) - Date.now()).toBeGreaterThan(30_000);
    // The queue redelivers the message; the second attempt waits about 5 minutes before the third.
    const result = await runQueue({ kind: "webhook", siteId: site.id, deliveryId: first.id }, 2);
    expect(result.retryMessages).toHaveLength(1);
    const got = await hook.received();
    expect(got.length).toBeGreaterThanOrEqual(2);
    expect(new Set(got.map((r) => r.headers["parley-delivery"]))).toEqual(new Set([first.id]));
    const [second] = await deliveries(site.id, site.ownerToken, webhook.id);
    expect(second).toMatchObject({ id: first.id, status: "retrying", attempts: 2 });
    // about 5 minutes after the second attempt (the first waited about 1 minute)
    expect(Date.parse(second.nextAttemptAt) - Date.parse(first.nextAttemptAt)).toBeGreaterThan(200_000);
  });

  it("answers a comment POST while the receiver still hangs", async () => {
    const site = await createSite();
    const hook = receiver("hang");
    await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const { comment } = await postComment(site.id, "t-slow", { body: "Fast anyway" });
    await dispatched(site.id);
    // The receiver has the request and has not answered; the POST above already returned 201.
    const [got] = await eventually(async () => (await hook.received()).length > 0 && hook.received());
    expect(JSON.parse(got.body).data.comment.id).toBe(comment.id);
    await hook.release();
  });
});

describe("chat formats", () => {
  for (const [format, field] of [
    ["slack", "text"],
    ["discord", "content"],
    ["telegram", "text"],
  ] as const) {
    it(`sends ${format} text with author, thread, excerpt and moderation links`, async () => {
      const site = await createSite({ moderation: "pre" });
      const hook = receiver();
      await createWebhook(site.id, site.ownerToken, { url: `${hook.url}&chat_id=42`, format, events: ["comment.pending"] });
      const { comment } = await postComment(site.id, "t-chat", {
        body: "<b>@everyone</b> look *Admin* _team_ ~urgent~ at https://evil.example/login",
        authorName: "Ann <script>",
      });
      await dispatched(site.id);
      const [got] = await eventually(async () => (await hook.received()).length > 0 && hook.received());
      const body = JSON.parse(got.body);
      const text: string = body[field];
      expect(text).toContain("Ann");
      expect(text).toContain("t-chat");
      expect(text).toContain("look");
      expect(text).not.toContain("<script>");
      expect(text).not.toContain("<b>@everyone</b>");
      expect(text).toMatch(/\/moderate\/[^/]+\/[^/]+\/approve\//);
      // Slack's formatting characters and every address in what the reader wrote are made inert.
      // (Discord also escapes them with backslashes.)
      const plain = text.replace(/\u200B/g, "").replace(/\\([*_~])/g, "$1");
      expect(plain).toContain("*Admin* _team_ ~urgent~");
      expect(text).not.toMatch(/https:\/\/evil|evil\.example/);
      expect(text).toMatch(format === "discord" ? /\\\*Admin/ : /\u200B\*Admin/);
      if (format === "discord") expect(body.allowed_mentions).toEqual({ parse: [] });
      if (format === "telegram") expect(body).toMatchObject({ chat_id: "42", parse_mode: "HTML" });
      expect(got.headers["parley-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    });
  }

  it("keeps a hostile thread key one link on the site's origin in every format: no mention, no link of its own", async () => {
    const site = await createSite();
    const hook = receiver();
    for (const format of ["json", "slack", "discord", "telegram"]) await createWebhook(site.id, site.ownerToken, { url: `${hook.url}&f=${format}&chat_id=7`, format });
    // A Slack link and @channel, a Discord masked link, an HTML tag and a stray %, as a page's path.
    const key = "/a|Approve> <!channel> <https://evil.example/phish|Approve this>)[Click](https://evil.example/x) <b>%zz/";
    const { comment } = await postComment(site.id, key, { body: "hello" });
    await dispatched(site.id);
    const got = await eventually(async () => (await hook.received()).length >= 4 && hook.received());
    const by = (f: string) => JSON.parse(got.find((r) => new URL(r.path, "http://x").searchParams.get("f") === f)!.body);
    const page = "https://blog.example.com/a%7CApprove%3E%20%3C!channel%3E%20%3Chttps://evil.example/phish%7CApprove%20this%3E%29%5BClick%5D%28https://evil.example/x%29%20%3Cb%3E%25zz/";
    expect(by("json").data).toMatchObject({ threadKey: key, pageUrl: page, links: { comment: `${page}#comment-${comment.id}` } });
    // Slack: the only link is View, to that page; the key shows as text with its < and > escaped.
    const slack: string = by("slack").text;
    expect(slack.match(/<[^>]*>/g)).toEqual([`<${page}#comment-${comment.id}|View>`]);
    expect(slack).not.toContain("<!channel>");
    // Discord: one link target, that page; every ( ) [ ] < > of the key escaped in the text.
    const discord: string = by("discord").content;
    expect([...discord.matchAll(/\]\(<([^>]*)>\)/g)].map((m) => m[1])).toEqual([`${page}#comment-${comment.id}`]);
    expect(discord.match(/\]\(/g)).toHaveLength(1);
    // Telegram: one <a>, to that page; the key's tag is text.
    const telegram: string = by("telegram").text;
    expect([...telegram.matchAll(/<a href="([^"]*)">/g)].map((m) => m[1])).toEqual([`${page}#comment-${comment.id}`]);
    expect(telegram).not.toContain("<b>%zz");
  });
});

void env;

describe("retrying a failed delivery", () => {
  /**
   * A delivery that used up every retry while another delivery to the same receiver got through, so the webhook
   * never paused: its receiver failed only for it (here: for a while, then answered again for the other one).
   */
  async function failedDelivery() {
    const site = await createSite();
    const hook = receiver("fail");
    const { webhook, secret } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const { comment } = await postComment(site.id, "/2026/12/lost/", { authorName: "Zoë «lost»", body: "Lost in transit? 🙃 <b>x</b>" });
    await dispatched(site.id);
    const [lost] = await eventually(async () => {
      const list = await deliveries(site.id, site.ownerToken, webhook.id);
      return list.length === 1 && list[0].attempts === 1 && list;
    });
    await hook.setMode("ok");
    await postComment(site.id, "/2026/12/fine/", { authorName: "Ann", body: "This one goes through." });
    await dispatched(site.id);
    await eventually(async () => (await deliveries(site.id, site.ownerToken, webhook.id)).some((d) => d.status === "delivered"));
    await hook.setMode("fail");
    // The queue brings the message back after each delay; the sixth attempt is the last.
    for (let attempt = 2; attempt <= NOTIFY_LIMITS.retryDelaysSeconds.length + 1; attempt++) {
      await runQueue({ kind: "webhook", siteId: site.id, deliveryId: lost.id }, attempt);
    }
    const failed = (await deliveries(site.id, site.ownerToken, webhook.id)).find((d) => d.id === lost.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 6, lastStatus: 500 });
    expect((await json(`/sites/${site.id}/webhooks`, 200, { token: site.ownerToken })).webhooks[0].pausedAt).toBeNull();
    return { site, hook, webhook, secret, comment, lost };
  }

  const retry = (site: { id: string; ownerToken: string }, webhookId: string, deliveryId: string) =>
    call(`/sites/${site.id}/webhooks/${webhookId}/deliveries/${deliveryId}/retry`, { method: "POST", token: site.ownerToken });

  it("sends it again under its same delivery id, signed, with a fresh schedule; pressing Retry again sends nothing more", async () => {
    const { site, hook, webhook, secret, comment, lost } = await failedDelivery();
    await hook.setMode("ok");
    const res = await retry(site, webhook.id, lost.id);
    expect(res.status).toBe(200);
    const first = (await res.json()) as { delivery: any; retried: boolean };
    expect(first.retried).toBe(true);
    expect(first.delivery.id).toBe(lost.id);
    expect(["pending", "delivered"]).toContain(first.delivery.status);
    const done = await eventually(async () => (await deliveries(site.id, site.ownerToken, webhook.id)).find((d) => d.id === lost.id && d.status === "delivered"));
    expect(done).toMatchObject({ attempts: 7, lastStatus: 200, lastError: null });
    const accepted = (await hook.received()).filter((r) => r.status === 200 && r.headers["parley-delivery"] === lost.id);
    expect(accepted).toHaveLength(1);
    expect(JSON.parse(accepted[0].body).data.comment.id).toBe(comment.id);
    expect(await verifiesSignature(secret, accepted[0].headers["parley-signature"] as string, accepted[0].body)).toBe(true);

    const again = await json<{ delivery: any; retried: boolean }>(`/sites/${site.id}/webhooks/${webhook.id}/deliveries/${lost.id}/retry`, 200, { method: "POST", token: site.ownerToken });
    expect(again).toMatchObject({ retried: false, delivery: { id: lost.id, status: "delivered", attempts: 7 } });
    await new Promise((r) => setTimeout(r, 300));
    expect((await hook.received()).filter((r) => r.status === 200 && r.headers["parley-delivery"] === lost.id)).toHaveLength(1);
  });

  it("queues it once when Retry is sent three times at once, and a failure starts the retries over instead of failing again", async () => {
    const { site, webhook, lost } = await failedDelivery();
    const answers = await Promise.all([1, 2, 3].map(async () => (await retry(site, webhook.id, lost.id)).json() as Promise<{ retried: boolean }>));
    expect(answers.map((a) => a.retried).sort()).toEqual([false, false, true]);
    // The receiver still fails: the delivery is retrying (from the first delay again), not failed.
    const now = await eventually(async () => (await deliveries(site.id, site.ownerToken, webhook.id)).find((d) => d.id === lost.id && d.attempts === 7));
    expect(now).toMatchObject({ status: "retrying", lastStatus: 500 });
    expect(Date.parse(now.nextAttemptAt) - Date.now()).toBeLessThan(2 * 60_000);
  });

  it("says what may be wrong when nothing answers the connection", async () => {
    const site = await createSite();
    // Port 1 (tcpmux), which nothing on a test machine listens on.
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: "http://127.0.0.1:1/gone" });
    const { delivery } = await json(`/sites/${site.id}/webhooks/${webhook.id}/test`, 200, { method: "POST", token: site.ownerToken });
    expect(delivery.lastError).toMatch(/^Could not connect: .*\(nothing listening, or a firewall\)$/);
  });

  it("sends a failed test delivery again as a test: tried once more, never retried, even while the webhook is paused", async () => {
    const site = await createSite();
    const hook = receiver("fail");
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const { delivery } = await json(`/sites/${site.id}/webhooks/${webhook.id}/test`, 200, { method: "POST", token: site.ownerToken });
    expect(delivery).toMatchObject({ status: "failed", attempts: 1 });
    await env.DB.prepare("UPDATE webhooks SET paused_at = ?1, paused_reason = 'HTTP 500' WHERE id = ?2").bind(Date.now(), webhook.id).run();
    const res = await retry(site, webhook.id, delivery.id);
    expect(((await res.json()) as { retried: boolean }).retried).toBe(true);
    const after = await eventually(async () => (await deliveries(site.id, site.ownerToken, webhook.id)).find((d) => d.id === delivery.id && d.attempts === 2));
    expect(after).toMatchObject({ status: "failed", nextAttemptAt: null, lastStatus: 500 });
    expect(new Set((await hook.received()).map((r) => r.headers["parley-delivery"]))).toEqual(new Set([delivery.id]));
  });

  it("refuses an unknown delivery, one of another webhook, a malformed id, and a retry while the webhook is paused", async () => {
    const { site, webhook, lost } = await failedDelivery();
    await expectError(await retry(site, webhook.id, "dl_nosuchdelivery00"), 404, "DELIVERY_NOT_FOUND");
    const other = await createWebhook(site.id, site.ownerToken, { url: receiver().url });
    await expectError(await retry(site, other.webhook.id, lost.id), 404, "DELIVERY_NOT_FOUND");
    await expectError(await retry(site, webhook.id, "not-a-delivery"), 400, "VALIDATION_FAILED");
    const stranger = await createSite();
    await expectError(await retry(stranger, webhook.id, lost.id), 404, "WEBHOOK_NOT_FOUND");
    await env.DB.prepare("UPDATE webhooks SET paused_at = ?1, paused_reason = 'HTTP 500' WHERE id = ?2").bind(Date.now(), webhook.id).run();
    const paused = await expectError(await retry(site, webhook.id, lost.id), 409, "INVALID_STATE");
    expect(paused.message).toContain("Resume");
    expect((await deliveries(site.id, site.ownerToken, webhook.id)).find((d) => d.id === lost.id)).toMatchObject({ status: "failed", attempts: 6 });
  });
});
