// The owner's commands beyond moderation: webhooks (against a real receiver on 127.0.0.1 that checks the
// signature), the digest's e-mail settings, thread locks, stats and the audit log; each a real `parley` process.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, confirmOwnerMail, createSite, parley, parleyJson } from "./harness";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver: records every POST and answers with `status` (200 unless a test changes it). */
function startReceiver() {
  const received: Received[] = [];
  const state = { status: 200 };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(state.status, { "Content-Type": "text/plain" }).end(state.status < 300 ? "ok" : "broken");
    });
  });
  const ready = new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)));
  return { received, state, ready, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let receiver: ReturnType<typeof startReceiver>;
let hookUrl: string;
beforeAll(async () => {
  receiver = startReceiver();
  hookUrl = await receiver.ready;
});
afterAll(() => receiver.close());

/** A site whose threads take posts without a form token (minFillSeconds 0), as a script posts. */
async function openSite(prefix: string) {
  const created = await createSite(prefix);
  const { status } = await api(`/sites/${created.site}`, { method: "PATCH", token: created.token, body: { minFillSeconds: 0 } });
  expect(status).toBe(200);
  return created;
}

async function postComment(site: string, thread: string, body: string) {
  const { status, body: res } = await api(`/sites/${site}/threads/${encodeURIComponent(thread)}/comments`, { body: { body, authorName: "Reader" } });
  expect(status, JSON.stringify(res)).toBe(201);
  return res.comment.id as string;
}

describe("parley webhooks", () => {
  it("adds a webhook, sends a signed test event the receiver accepts, lists its deliveries, and removes it", async () => {
    const { site, token } = await createSite("hooks");
    const added = await parleyJson<{ webhook: { id: string; events: string[]; format: string }; secret: string }>(["--site", site, "webhooks", "add", hookUrl], token);
    expect(added.webhook.events).toEqual(["comment.created", "comment.pending"]);
    expect(added.webhook.format).toBe("json");
    expect(added.secret).toMatch(/^whsec_/);
    const id = added.webhook.id;

    const list = await parley(["--site", site, "webhooks", "list"], { token });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+${hookUrl.replace(/[.]/g, "\\.")}\\s+json\\s+comment\\.created,comment\\.pending\\s+active`));

    const before = receiver.received.length;
    const test = await parley(["--site", site, "webhooks", "test", id], { token });
    expect(test.code, test.stderr).toBe(0);
    expect(test.stdout).toMatch(/^Test event dl_\S+: delivered \(HTTP 200\) after 1 attempt\.\n$/);
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    // The receiver can check the signature with the secret the add printed once.
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(got[0].headers["parley-signature"]))!;
    expect(createHmac("sha256", added.secret).update(`${t}.${got[0].body}`).digest("hex")).toBe(v1);
    expect(got[0].headers["parley-event"]).toBe("webhook.test");

    const deliveries = await parleyJson<{ deliveries: { id: string; status: string; event: string }[] }>(["--site", site, "webhooks", "deliveries", id], token);
    expect(deliveries.deliveries[0]).toMatchObject({ id: got[0].headers["parley-delivery"], status: "delivered", event: "webhook.test" });

    // Resume on a webhook that is not paused sends nothing, and says so rather than "Resumed".
    const resume = await parley(["--site", site, "webhooks", "resume", id], { token });
    expect(resume.stdout).toBe(`Webhook ${id} is active; it held no deliveries, so none go out now.\n`);

    const removed = await parley(["--site", site, "webhooks", "remove", id], { token });
    expect(removed.stdout).toBe(`Removed webhook ${id}.\n`);
    expect((await parleyJson(["--site", site, "webhooks", "list"], token)).webhooks).toEqual([]);
  });

  it("exits 1 with the receiver's answer when it does not accept the test event", async () => {
    const { site, token } = await createSite("hooks");
    const { webhook } = await parleyJson(["--site", site, "webhooks", "add", hookUrl, "--format", "slack", "--event", "all"], token);
    expect(webhook.events).toContain("comment.edited");
    receiver.state.status = 500;
    try {
      const test = await parley(["--site", site, "webhooks", "test", webhook.id], { token });
      expect(test.code).toBe(1);
      expect(test.stdout).toMatch(/: failed \(HTTP 500/);
      // The status once, not "HTTP 500: HTTP 500 Internal Server Error".
      expect(test.stdout.match(/HTTP 500/g)).toHaveLength(1);
      expect(test.stderr).toContain("did not accept the test event");
    } finally {
      receiver.state.status = 200;
    }
    // Once the receiver is mended, the failed delivery goes again under its own id; a second retry leaves it be.
    const [failed] = (await parleyJson(["--site", site, "webhooks", "deliveries", webhook.id, "--status", "failed"], token)).deliveries;
    expect(failed.status).toBe("failed");
    const before = receiver.received.length;
    const retry = await parley(["--site", site, "webhooks", "retry", webhook.id, failed.id], { token });
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toBe(`Sending ${failed.id} again; \`parley webhooks deliveries ${webhook.id}\` shows how it went.\n`);
    // The queue sends it within seconds (bounded wait).
    for (let i = 0; i < 100 && receiver.received.length === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received.slice(before).map((r) => r.headers["parley-delivery"])).toEqual([failed.id]);
    let now = failed;
    for (let i = 0; i < 50 && now.status !== "delivered"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [now] = (await parleyJson(["--site", site, "webhooks", "deliveries", webhook.id], token)).deliveries;
    }
    expect(now).toMatchObject({ id: failed.id, status: "delivered", lastStatus: 200 });
    // Only the failed ones: none now; all of them, however many pages that takes.
    expect((await parleyJson(["--site", site, "webhooks", "deliveries", webhook.id, "--status", "failed"], token)).deliveries).toEqual([]);
    const delivered = await parleyJson(["--site", site, "webhooks", "deliveries", webhook.id, "--status", "delivered", "--limit", "500"], token);
    expect(delivered.deliveries.map((d: { id: string }) => d.id)).toEqual([failed.id]);
    const again = await parley(["--site", site, "webhooks", "retry", webhook.id, failed.id], { token });
    expect(again.stdout).toMatch(new RegExp(`^Left ${failed.id} alone: it is delivered .*, not failed\\.\n$`));
  });

  it("delivers a real comment event to the webhook the CLI added", async () => {
    const { site, token } = await openSite("hooks");
    const { webhook } = await parleyJson(["--site", site, "webhooks", "add", hookUrl, "--event", "comment.created"], token);
    const id = await postComment(site, "events-thread", "A comment the owner hears about");
    // Delivery goes through the queue: wait for the receiver (bounded).
    let event: Received | undefined;
    for (let i = 0; i < 100 && !event; i++) {
      event = receiver.received.find((r) => r.body.includes(id));
      if (!event) await new Promise((r) => setTimeout(r, 100));
    }
    expect(event?.headers["parley-event"]).toBe("comment.created");
    const deliveries = await parleyJson(["--site", site, "webhooks", "deliveries", webhook.id, "--limit", "5"], token);
    expect(deliveries.deliveries.map((d: { event: string }) => d.event)).toContain("comment.created");
  });

  it("names the events when one is unknown, and refuses a bad --limit, as usage errors", async () => {
    const { site, token } = await createSite("hooks");
    const bad = await parley(["--site", site, "webhooks", "add", hookUrl, "--event", "comment.creatd"], { token });
    expect(bad.code).toBe(2);
    // The option before the URL, repeated and comma-separated: it takes one value each time, never the URL.
    const before = await parleyJson(["--site", site, "webhooks", "add", "--event", "comment.created,comment.deleted", "--event", "comment.pending", `${hookUrl}?before`], token);
    expect(before.webhook.events).toEqual(["comment.created", "comment.deleted", "comment.pending"]);
    expect(bad.stderr).toContain('No event "comment.creatd". The events are: comment.created, comment.pending');
    const limit = await parley(["--site", site, "webhooks", "deliveries", "wh_abcdefgh", "--limit", "0"], { token });
    expect(limit.code).toBe(2);
    const status = await parley(["--site", site, "webhooks", "deliveries", "wh_abcdefgh", "--status", "lost"], { token });
    expect(status.code).toBe(2);
    expect(status.stderr).toContain("Allowed choices are pending, retrying, held, delivered, failed");
  });

  it("passes the API's refusal through: an unknown webhook is exit code 1 with its code", async () => {
    const { site, token } = await createSite("hooks");
    const r = await parley(["--site", site, "webhooks", "test", "wh_doesnotexist"], { token });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^parley: WEBHOOK_NOT_FOUND: /);
  });
});

describe("parley mail", () => {
  it("sets the digest's address and switches it on, shows it masked, and removes it with --email none", async () => {
    const { site, token } = await createSite("mail");
    const set = await parleyJson(["--site", site, "mail", "set", "--email", "owner@example.com", "--digest", "on"], token);
    expect(set).toMatchObject({ ownerEmail: "o***@example.com", digest: true });
    const show = await parley(["--site", site, "mail", "show"], { token });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/ownerEmail\s+o\*\*\*@example\.com/);
    expect(show.stdout).not.toContain("owner@example.com");
    const cleared = await parleyJson(["--site", site, "mail", "set", "--email", "none"], token);
    expect(cleared.ownerEmail).toBeNull();
    const none = await parley(["--site", site, "mail", "set"], { token });
    expect(none.code).toBe(2);
    const notMail = await parley(["--site", site, "mail", "set", "--email", "not-an-address"], { token });
    expect(notMail.code).toBe(1);
    expect(notMail.stderr).toContain("VALIDATION_FAILED");
  });

  it("shows a new address as waiting for confirmation until its link is confirmed, and resends it at most once in 5 minutes", async () => {
    const { site, token } = await createSite("mailconfirm");
    const email = `Owner.${site}@Example.com`;
    const set = await parley(["--site", site, "mail", "set", "--email", email, "--digest", "on"], { token });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/ownerEmailConfirmed\s+false/);
    const waiting = "Waiting for confirmation: we sent a link to o***@example.com. No digest goes to it until the link is confirmed; `parley mail resend` sends it again.\n";
    expect(set.stdout.endsWith(`\n${waiting}`)).toBe(true);
    expect((await parley(["--site", site, "mail", "show"], { token })).stdout).toContain(waiting);

    const early = await parley(["--site", site, "mail", "resend"], { token });
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/^parley: RATE_LIMITED: A confirmation e-mail went to this address less than 5 minutes ago/);

    await confirmOwnerMail(email);
    const show = await parley(["--site", site, "mail", "show"], { token });
    expect(show.stdout).toMatch(/ownerEmailConfirmed\s+true/);
    expect(show.stdout.endsWith("\nConfirmed: digests go to o***@example.com.\n")).toBe(true);
    const resend = await parley(["--site", site, "mail", "resend"], { token });
    expect(resend.code).toBe(1);
    expect(resend.stderr).toMatch(/^parley: INVALID_STATE: The digest address is already confirmed/);
    expect(await parleyJson(["--site", site, "mail", "show"], token)).toMatchObject({ ownerEmailConfirmed: true, confirmationSentAt: null });
  });
});

describe("parley threads, site stats and site audit", () => {
  it("locks a thread against new comments, lists it, unlocks it, and the audit log and stats show it", async () => {
    const { site, token } = await openSite("threads");
    await postComment(site, "/2021/06/my-post/", "First");
    const lock = await parley(["--site", site, "threads", "lock", "/2021/06/my-post/"], { token });
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stdout).toBe("Locked /2021/06/my-post/ (1 comment).\n");
    const again = await parley(["--site", site, "threads", "lock", "/2021/06/my-post/"], { token });
    expect(again.stdout).toBe("/2021/06/my-post/ was already locked (1 comment).\n");
    expect(await parleyJson(["--site", site, "threads", "lock", "/2021/06/my-post/"], token)).toMatchObject({ key: "/2021/06/my-post/", locked: true, changed: false });
    const refused = await api(`/sites/${site}/threads/${encodeURIComponent("/2021/06/my-post/")}/comments`, { body: { body: "Late", authorName: "Reader" } });
    expect(refused.body.error.code).toBe("THREAD_LOCKED");

    const list = await parleyJson(["--site", site, "threads", "list"], token);
    expect(list.threads).toEqual([expect.objectContaining({ key: "/2021/06/my-post/", commentCount: 1, locked: true })]);
    const unlock = await parley(["--site", site, "threads", "unlock", "/2021/06/my-post/"], { token });
    expect(unlock.stdout).toBe("Unlocked /2021/06/my-post/ (1 comment).\n");
    await postComment(site, "/2021/06/my-post/", "After the unlock");

    const audit = await parleyJson(["--site", site, "site", "audit"], token);
    // The locks of a locked thread wrote nothing: one entry each way.
    expect(audit.entries.map((e: { action: string }) => e.action).filter((a: string) => a.startsWith("thread."))).toEqual(["thread.unlock", "thread.lock"]);
    const table = await parley(["--site", site, "site", "audit", "--limit", "1"], { token });
    expect(table.stdout.trim().split("\n")).toHaveLength(2);
    expect(table.stdout).toMatch(/thread\.unlock\s+thread\s+\/2021\/06\/my-post\//);

    const stats = await parley(["--site", site, "site", "stats"], { token });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/2 comments in 30 days; 0 awaiting moderation\.\n$/);
  });

  it("locks a page's thread by its path as typed, spelled as the browser spells it, and says when a key has no comments", async () => {
    const { site, token } = await openSite("threads-path");
    await postComment(site, "/2020/05/caf%C3%A9%20post/", "Un café");
    const lock = await parley(["--site", site, "threads", "lock", "/2020/05/café post/"], { token });
    expect(lock.stdout).toBe("Locked /2020/05/caf%C3%A9%20post/ (1 comment).\n");
    const typo = await parley(["--site", site, "threads", "lock", "/2020/05/cafe-post/"], { token });
    expect(typo.stdout).toBe("Locked /2020/05/cafe-post/ (0 comments). No comments: if that is not the thread you meant, `parley threads list` shows the site's threads.\n");
    // An empty key names no thread: a usage error, before any request.
    const empty = await parley(["--site", site, "threads", "lock", " "], { token });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("Name the thread");
  });

  it("lists the new commands in the program's help", async () => {
    const top = await parley(["--help"]);
    for (const cmd of ["threads", "webhooks", "mail"]) expect(top.stdout).toContain(cmd);
    for (const sub of [["webhooks", "add"], ["webhooks", "retry"], ["mail", "set"], ["mail", "resend"], ["threads", "lock"], ["site", "audit"]]) {
      const r = await parley([...sub, "--help"]);
      expect(r.code, sub.join(" ")).toBe(0);
      expect(r.stdout).toContain(`parley ${sub.join(" ")}`);
    }
  });
});

describe("parley comments list, by author and text", () => {
  it("lists only one author's comments (by name, or by the e-mail they gave) and only those whose text holds a word", async () => {
    const { site, token } = await openSite("find");
    const post = async (body: string, authorName: string, authorEmail?: string) => {
      const { status, body: res } = await api(`/sites/${site}/threads/t/comments`, { body: { body, authorName, ...(authorEmail ? { authorEmail } : {}) } });
      expect(status, JSON.stringify(res)).toBe(201);
      return res.comment.id as string;
    };
    const ada = await post("Ada on engines", "Ada", "ada@example.com");
    const ada2 = await post("Ada again, on looms", "Ada");
    const bob = await post("Bob on looms", "Bob");
    const ids = async (...args: string[]) =>
      (await parleyJson<{ comments: { id: string }[] }>(["--site", site, "comments", "list", ...args], token)).comments.map((c) => c.id).sort();
    expect(await ids("--author", "Ada")).toEqual([ada, ada2].sort());
    expect(await ids("--author", "ada@example.com")).toEqual([ada]);
    expect(await ids("--search", "looms")).toEqual([ada2, bob].sort());
    expect(await ids("--author", "Bob", "--search", "engines")).toEqual([]);
  });
});

describe("parley site rotate-token", () => {
  it("shows the new owner token once; the old one is refused from then on, the new one works", async () => {
    const { site, token } = await createSite("rotate");
    const r = await parley(["--site", site, "site", "rotate-token"], { token });
    expect(r.code, r.stderr).toBe(0);
    const fresh = r.stdout.match(/^Owner token of site "[^"]+" \(shown once; keep it secret\): (\S+)\n$/)?.[1];
    expect(fresh, r.stdout).toBeDefined();
    expect(r.stderr).toBe("The old token no longer works: set PARLEY_TOKEN to this one.\n");
    const old = await parley(["--site", site, "site", "show"], { token });
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/UNAUTHORIZED/);
    expect((await parley(["--site", site, "site", "show"], { token: fresh })).code).toBe(0);
    const again = await parleyJson<{ ownerToken: string }>(["--site", site, "site", "rotate-token"], fresh!);
    expect(again.ownerToken).not.toBe(fresh);
  });
});
