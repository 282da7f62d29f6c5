// Calls per invocation. Cloudflare's free plan lets one invocation make 50 D1 queries (and 50 subrequests): a bulk
// action's request runs its events' subscribers in waitUntil, within the same invocation, and the cron run that finds
// them undelivered takes up to 100 at once. Here a bulk approve of 100 held replies (on a site with two webhooks, two
// readers watching the comments replied to, and the owner's digest) is counted through a D1 binding and a queue that
// note every call: the request with its dispatch, and the cron run over the same events left undelivered; then 100
// held comments whose events were never dispatched (each with its one-click moderation links, and the owner's digest).
// What they set off is then checked as it arrives.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import type { Bindings } from "../../worker/env";
import worker from "../../worker/index";
import { apiRequest, call, createSite, json, postComment, type CallOptions } from "./helpers";
import { confirmedOwnerMail, createWebhook, eventually, linkIn, mailTo, receiver } from "./notify-helpers";

/** The free plan's D1 queries per invocation. */
const FREE_PLAN_QUERIES = 50;

interface Calls {
  d1: number;
  queue: number;
}

/** The worker's bindings with a D1 and a queue that count every call (a batch is one query, as D1 sends it). */
function countingEnv(): { env: Bindings; calls: Calls } {
  const calls: Calls = { d1: 0, queue: 0 };
  const counted = (statement: D1PreparedStatement): D1PreparedStatement => {
    const s = statement as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ["run", "all", "first", "raw"]) {
      const inner = s[method].bind(statement);
      s[method] = (...args: unknown[]) => {
        calls.d1 += 1;
        return inner(...args);
      };
    }
    const bind = statement.bind.bind(statement);
    statement.bind = (...values: unknown[]) => counted(bind(...values));
    return statement;
  };
  const db = {
    prepare: (sql: string) => counted(env.DB.prepare(sql)),
    batch: (statements: D1PreparedStatement[]) => {
      calls.d1 += 1;
      return env.DB.batch(statements);
    },
    exec: (sql: string) => env.DB.exec(sql),
    dump: () => env.DB.dump(),
    withSession: (c?: string) => env.DB.withSession(c),
  } as unknown as D1Database;
  const inner = env.NOTIFY_QUEUE as NonNullable<Bindings["NOTIFY_QUEUE"]>;
  const queue = {
    send: (body: unknown, options?: QueueSendOptions) => {
      calls.queue += 1;
      return inner.send(body as never, options);
    },
    sendBatch: (messages: Iterable<MessageSendRequest>, options?: QueueSendBatchOptions) => {
      calls.queue += 1;
      return inner.sendBatch(messages as never, options);
    },
  } as unknown as Bindings["NOTIFY_QUEUE"];
  return { env: { ...env, DB: db, NOTIFY_QUEUE: queue }, calls };
}

/** One request through a fresh app on `bindings`, waiting for its waitUntil work (the dispatch). */
async function settledOn(bindings: Bindings, path: string, options: CallOptions, dispatchEvents = true): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await createApp({ dispatchEvents }).fetch(apiRequest(path, options), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

let n = 0;
const address = (who: string) => `${who}${++n}-${Math.random().toString(36).slice(2, 8)}@example.com`;

/**
 * A site with two webhooks for approvals, two comments each watched by its confirmed author, the owner's digest
 * confirmed, then pre-moderation and 100 replies held (50 to each watched comment, by other readers).
 */
async function busySite() {
  const site = await createSite();
  const hooks = [receiver(), receiver()];
  for (const hook of hooks) await createWebhook(site.id, site.ownerToken, { url: hook.url, events: ["comment.approved"] });
  const watchers = [address("ann"), address("ben")];
  const watched: string[] = [];
  for (const email of watchers) {
    const { comment } = await postComment(site.id, "busy", { body: `Watching, ${email}`, authorEmail: email, notify: true });
    const [mail] = await eventually(async () => (await mailTo(email)).length === 1 && mailTo(email));
    expect((await call(linkIn(mail.text, "http://parley.test/mail/confirm/"), { method: "POST" })).status).toBe(200);
    watched.push(comment.id);
  }
  await confirmedOwnerMail(site);
  await json(`/sites/${site.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { moderation: "pre" } });
  const held: string[] = [];
  for (let i = 0; i < 100; i++) {
    const { comment } = await postComment(site.id, "busy", { body: `Reply ${i}`, parentId: watched[i % 2], authorName: `Replier ${i}` });
    held.push(comment.id);
  }
  return { site, hooks, watchers, held };
}

const bulkApprove = (site: { id: string; ownerToken: string }, ids: string[]) =>
  ({ method: "POST", token: site.ownerToken, body: { ids, action: "approve" } }) satisfies CallOptions;

const deliveryRows = async (siteId: string) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE site_id = ?1 AND event_type = 'comment.approved'").bind(siteId).first<number>("n")) ?? 0;

describe("a bulk action's events within one invocation's calls", () => {
  it("the request and its dispatch of 100 events make a bounded number of D1 queries and queue sends, and everything arrives", async () => {
    const { site, watchers, held } = await busySite();
    const counting = countingEnv();
    const res = await settledOn(counting.env, `/sites/${site.id}/moderation/bulk`, bulkApprove(site, held));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { updated: string[] }).updated).toHaveLength(100);
    expect(counting.calls.d1).toBeLessThanOrEqual(FREE_PLAN_QUERIES / 2);
    expect(counting.calls.queue).toBeLessThanOrEqual(6);
    // Every approval reaches both webhooks, and each watcher an e-mail with the replies to their comment.
    expect(await deliveryRows(site.id)).toBe(200);
    for (const email of watchers) {
      const replyMails = async () => (await mailTo(email)).filter((m) => /new repl/i.test(m.subject));
      const [mail] = await eventually(async () => (await replyMails()).length === 1 && replyMails());
      expect(mail.text).toMatch(/Replier \d+ wrote:/);
    }
  });

  it("the cron run that finds those 100 events undelivered stays within the same bound", async () => {
    const { site, held } = await busySite();
    const res = await settledOn(env, `/sites/${site.id}/moderation/bulk`, bulkApprove(site, held), false);
    expect(res.status).toBe(200);
    expect(await deliveryRows(site.id)).toBe(0);
    // Past the lease the request's own dispatch would have held them by.
    const counting = countingEnv();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now() + 60_000, cron: "* * * * *" }), counting.env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await deliveryRows(site.id)).toBe(200);
    expect(counting.calls.d1).toBeLessThanOrEqual(FREE_PLAN_QUERIES / 2);
    expect(counting.calls.queue).toBeLessThanOrEqual(6);
  });

  it("the cron run that finds 100 held comments' events undelivered makes their moderation links and the digest within it too", async () => {
    const site = await createSite({ moderation: "pre" });
    const hook = receiver();
    await createWebhook(site.id, site.ownerToken, { url: hook.url, events: ["comment.pending"] });
    const owner = await confirmedOwnerMail(site);
    for (let i = 0; i < 100; i++) {
      const body = { body: `Held ${i}`, authorName: `Poster ${i}` };
      const res = await settledOn(env, `/sites/${site.id}/threads/held-${i % 7}/comments`, { body }, false);
      expect(res.status).toBe(201);
    }
    const counting = countingEnv();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now() + 60_000, cron: "* * * * *" }), counting.env, ctx);
    await waitOnExecutionContext(ctx);
    expect(counting.calls.d1).toBeLessThanOrEqual(FREE_PLAN_QUERIES / 2);
    expect(counting.calls.queue).toBeLessThanOrEqual(6);
    // Each delivery carries its comment's own set of links.
    const bodies = await env.DB.prepare("SELECT body FROM webhook_deliveries WHERE site_id = ?1").bind(site.id).all<{ body: string }>();
    expect(bodies.results).toHaveLength(100);
    const approveLinks = bodies.results.map((r) => JSON.parse(r.body).data.links.moderate.approve as string);
    expect(new Set(approveLinks).size).toBe(100);
    const [digest] = await eventually(async () => (await mailTo(owner)).filter((m) => / waiting for moderation on /.test(m.subject)).length === 1 && mailTo(owner));
    expect(digest.text).toMatch(/Poster \d+/);
  });
});
