// Hardening of the write paths: metering before work, single-use form tokens, no-op writes, trust for
// first-comment holds, moderator edits, e-mail privacy, idempotency replays, shadow bans, the honeypot and quotas.
import { describe, expect, it } from "vitest";
import { ADMIN, call, createSite, env, expectError, idempotencyKey, json, lockThread, threadPath } from "./helpers";
import {
  ageComment,
  commentRow,
  deleteOwn,
  editOwn,
  freezeClock,
  postAs,
  postOk,
  queued,
  readQueue,
  readThread,
  signFormToken,
  uniqueBody,
} from "./safety-helpers";

const limited = (readerPerMinute: number) => ({ rateLimits: { readerPerMinute, threadPerMinute: 0, sitePerMinute: 0 } });

/** The cache version of the site's comment documents: every write that changes a public page moves it. */
async function cacheVersion(siteId: string): Promise<string | undefined> {
  const named = await caches.open("parley-documents");
  return (await named.match(`https://cache.parley.invalid/v/comments/${siteId}`))?.text();
}

function vote(siteId: string, id: string, readerKey: string, up: boolean, ip = "198.51.100.1") {
  return call(`/sites/${siteId}/comments/${id}/votes`, { body: { readerKey, up }, headers: { "CF-Connecting-IP": ip } });
}

describe("metering before work", () => {
  it("counts refused attempts against the reader's limit, not only stored comments", async () => {
    const { id } = await createSite(limited(2));
    await lockThread(id, "locked");
    for (let n = 0; n < 2; n++) await expectError(await postAs(id, "locked", { ip: "203.0.113.20" }), 409, "THREAD_LOCKED");
    await expectError(await postAs(id, "open", { ip: "203.0.113.20" }), 429, "RATE_LIMITED");
    await postOk(id, "open", { ip: "203.0.113.21" });
  });

  it("refuses an attempt over the limit before any check that needs the text (a duplicate answers 429, not 409)", async () => {
    const { id } = await createSite(limited(1));
    const body = uniqueBody();
    await postOk(id, "t", { ip: "203.0.113.22", body });
    const res = await postAs(id, "t", { ip: "203.0.113.22", body });
    await expectError(res, 429, "RATE_LIMITED");
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("meters a reader's edits", async () => {
    const { id } = await createSite(limited(1));
    const { comment, editToken } = await postOk(id, "t", { ip: "203.0.113.23" });
    expect((await editOwn(id, comment.id, editToken, { body: "First edit" }, "203.0.113.23")).status).toBe(200);
    await expectError(await editOwn(id, comment.id, editToken, { body: "Second edit" }, "203.0.113.23"), 429, "RATE_LIMITED");
  });

  it("meters attempts with a wrong edit token, and deletes, before the comment is read", async () => {
    const { id } = await createSite(limited(3));
    const ip = "203.0.113.24";
    const { comment, editToken } = await postOk(id, "t", { ip });
    // Guessing the token: each try counts, so the fourth is refused before the comment is even looked at.
    for (let i = 0; i < 3; i++) await expectError(await editOwn(id, comment.id, "x".repeat(43), { body: "Guess" }, ip), 401, "UNAUTHORIZED");
    await expectError(await editOwn(id, comment.id, "x".repeat(43), { body: "Guess" }, ip), 429, "RATE_LIMITED");
    await expectError(await editOwn(id, comment.id, editToken, { body: "Real edit" }, ip), 429, "RATE_LIMITED");
    const del = await call(`/sites/${id}/comments/${comment.id}`, { method: "DELETE", token: editToken, headers: { "CF-Connecting-IP": ip } });
    await expectError(del, 429, "RATE_LIMITED");
    // Another network is not held back.
    expect((await editOwn(id, comment.id, editToken, { body: "Real edit" }, "203.0.113.25")).status).toBe(200);
  });

  it("meters votes: ten times the reader's per-minute comment limit", async () => {
    const { id } = await createSite(limited(1));
    const { comment } = await postOk(id, "t");
    for (let n = 0; n < 10; n++) expect((await vote(id, comment.id, "reader-key-aaaaaaaaaaaaaaaa", n % 2 === 0, "203.0.113.24")).status).toBe(200);
    await expectError(await vote(id, comment.id, "reader-key-aaaaaaaaaaaaaaaa", true, "203.0.113.24"), 429, "RATE_LIMITED");
  });
});

describe("form tokens", () => {
  it("are spent by any attempt that passed validation, even one refused later", async () => {
    const { id } = await createSite({ minFillSeconds: 1 });
    const clock = freezeClock();
    const token = await signFormToken({ site: id, thread: "t", issuedAt: clock.now() - 5_000, nonce: "nonce-refused-once" });
    const body = uniqueBody();
    const ip = "203.0.113.25";
    await postOk(id, "t", { ip, body, formToken: await signFormToken({ site: id, thread: "t", issuedAt: clock.now() - 5_000, nonce: "first-one" }) });
    await expectError(await postAs(id, "t", { ip, body, formToken: token }), 409, "DUPLICATE_COMMENT");
    await expectError(await postAs(id, "t", { ip, formToken: token }), 400, "FORM_TOKEN_INVALID");
  });

  it("are not spent by an attempt refused as too fast, which may be sent again", async () => {
    const { id } = await createSite({ minFillSeconds: 3 });
    const clock = freezeClock();
    const token = await signFormToken({ site: id, thread: "t", issuedAt: clock.now(), nonce: "nonce-too-fast" });
    await expectError(await postAs(id, "t", { formToken: token }), 400, "TOO_FAST");
    clock.advance(4_000);
    await postOk(id, "t", { formToken: token });
  });
});

describe("writes that change nothing", () => {
  it("leave the cache version alone: a repeated vote, an un-vote of nothing and an edit to the same text", async () => {
    const { id } = await createSite();
    const { comment, editToken } = await postOk(id, "t");
    await readThread(id, "t");
    expect((await vote(id, comment.id, "reader-key-bbbbbbbbbbbbbbbb", true)).status).toBe(200);
    const before = await cacheVersion(id);
    expect(before).toBeTruthy();
    expect((await vote(id, comment.id, "reader-key-bbbbbbbbbbbbbbbb", true)).status).toBe(200);
    expect((await vote(id, comment.id, "reader-key-cccccccccccccccc", false)).status).toBe(200);
    expect((await editOwn(id, comment.id, editToken, { body: comment.body[0].c[0].v })).status).toBe(200);
    expect(await cacheVersion(id)).toBe(before);
    // A real change still moves it.
    expect((await vote(id, comment.id, "reader-key-bbbbbbbbbbbbbbbb", false)).status).toBe(200);
    expect(await cacheVersion(id)).not.toBe(before);
  });
});

describe("hold the first comment", () => {
  it("is not satisfied by typing an e-mail address someone else used", async () => {
    const site = await createSite({ holdFirstComment: true });
    const first = await postOk(site.id, "t", { ip: "203.0.113.30", authorEmail: "regular@example.com" });
    expect(first.comment.status).toBe("pending");
    await json(`/sites/${site.id}/moderation/comments/${first.comment.id}/approve`, 200, { method: "POST", token: site.ownerToken });
    const impostor = await postOk(site.id, "t", { ip: "203.0.113.31", authorEmail: "regular@example.com" });
    expect(impostor.comment.status).toBe("pending");
    expect((await postOk(site.id, "t", { ip: "203.0.113.30" })).comment.status).toBe("published");
  });

  it("trusts a reader who proves a published comment with its edit token", async () => {
    const site = await createSite({ holdFirstComment: true });
    const first = await postOk(site.id, "t", { ip: "203.0.113.32" });
    await json(`/sites/${site.id}/moderation/comments/${first.comment.id}/approve`, 200, { method: "POST", token: site.ownerToken });
    const res = await call(threadPath(site.id, "t"), {
      body: { body: uniqueBody(), authorName: "Reader" },
      headers: { "CF-Connecting-IP": "203.0.113.33", "X-Parley-Own": `${first.comment.id}:${first.editToken}` },
    });
    expect(res.status).toBe(201);
    expect((await res.json<any>()).comment.status).toBe("published");
  });
});

describe("moderator edits", () => {
  it("stop the author from editing the comment afterwards (they may still delete it)", async () => {
    const site = await createSite();
    const { comment, editToken } = await postOk(site.id, "t");
    await json(`/sites/${site.id}/moderation/comments/${comment.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { body: "[redacted]" } });
    await expectError(await editOwn(site.id, comment.id, editToken, { body: "Back to what I said" }), 409, "INVALID_STATE");
    expect((await commentRow(site.id, comment.id))?.body_source).toBe("[redacted]");
    expect((await deleteOwn(site.id, comment.id, editToken)).status).toBe(204);
  });
});

describe("e-mail addresses", () => {
  it("are kept as a keyed hash and a masked hint only; owners see the hint and can still filter by the address", async () => {
    const site = await createSite();
    const { comment } = await postOk(site.id, "t", { authorEmail: "Reader.Person@Example.com" });
    const row = await commentRow(site.id, comment.id);
    expect(row?.author_email).toBeNull();
    expect(row?.email_hint).toBe("r***@example.com");
    expect(typeof row?.email_hash).toBe("string");
    expect(JSON.stringify(row)).not.toMatch(/reader\.person/i);
    expect((await queued(site.id, site.ownerToken, comment.id)).authorEmail).toBe("r***@example.com");
    const { comments } = await readQueue(site.id, site.ownerToken, "author=reader.person%40example.com");
    expect(comments.map((c) => c.id)).toEqual([comment.id]);
  });

  it("are scrubbed with the text when a reader deletes their own comment", async () => {
    const site = await createSite();
    const { comment, editToken } = await postOk(site.id, "t", { authorEmail: "gone@example.com", body: "Delete me entirely" });
    expect((await deleteOwn(site.id, comment.id, editToken)).status).toBe(204);
    const row = await commentRow(site.id, comment.id);
    expect(row?.status).toBe("deleted");
    expect(row?.body_source).toBe("");
    expect(row?.body_tree).toBe("[]");
    expect(row?.email_hash).toBeNull();
    expect(row?.email_hint).toBeNull();
  });
});

describe("idempotency keys", () => {
  it("are stored hashed, and a replay returns the edit token only to the same address within a day", async () => {
    const { id } = await createSite();
    const key = idempotencyKey();
    const body = uniqueBody();
    const first = await postOk(id, "t", { ip: "203.0.113.40", body, idempotencyKey: key });
    const row = await commentRow(id, first.comment.id);
    expect(row?.idempotency_key).not.toBe(key);
    expect(String(row?.idempotency_key)).not.toContain(key);
    const again = await postAs(id, "t", { ip: "203.0.113.40", body, idempotencyKey: key });
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await again.json<any>()).editToken).toBe(first.editToken);
    const stranger = await postAs(id, "t", { ip: "203.0.113.41", body, idempotencyKey: key });
    const error = await expectError(stranger, 409, "IDEMPOTENCY_KEY_REUSED");
    expect(JSON.stringify(error)).not.toContain(first.editToken);
    await ageComment(id, first.comment.id, 25 * 3600_000);
    await expectError(await postAs(id, "t", { ip: "203.0.113.40", body, idempotencyKey: key }), 409, "IDEMPOTENCY_KEY_REUSED");
  });
});

describe("shadow bans", () => {
  it("let the author reply to and vote on their own comments, stored as shadowed, so the ban does not show", async () => {
    const site = await createSite();
    await json(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value: "Sneaky", mode: "shadow" } });
    const own = await postOk(site.id, "t", { authorName: "Sneaky", ip: "203.0.113.50" });
    expect(own.comment.status).toBe("published");
    const reply = await postOk(site.id, "t", { authorName: "Sneaky", ip: "203.0.113.50", parentId: own.comment.id });
    expect(reply.comment.status).toBe("published");
    const row = await commentRow(site.id, reply.comment.id);
    expect(row?.status).toBe("spam");
    expect(row?.shadow).toBe(1);
    const voted = await vote(site.id, own.comment.id, "reader-key-dddddddddddddddd", true, "203.0.113.50");
    expect(voted.status).toBe(200);
    expect((await voted.json<any>()).voted).toBe(true);
    // Nobody else sees any of it, nor can reply to it.
    expect((await readThread(site.id, "t")).comments).toEqual([]);
    await expectError(await postAs(site.id, "t", { ip: "203.0.113.51", parentId: own.comment.id }), 404, "PARENT_NOT_FOUND");
    await expectError(await vote(site.id, own.comment.id, "reader-key-eeeeeeeeeeeeeeee", true, "203.0.113.52"), 404, "COMMENT_NOT_FOUND");
  });
});

describe("the honeypot", () => {
  it("answers like a success with a comment that is never stored or shown", async () => {
    const { id } = await createSite();
    const res = await postAs(id, "t", { website: "https://cheap-pills.example", body: "Buy now" });
    expect(res.status).toBe(201);
    const result = await res.json<any>();
    expect(result.comment.status).toBe("published");
    expect(result.editToken).toMatch(/^pe_/);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE site_id = ?1").bind(id).first("n")).toBe(0);
    expect((await readThread(id, "t")).comments).toEqual([]);
  });
});

describe("the site's quota", () => {
  it("refuses comments past the day's count with 429 QUOTA_EXCEEDED and Retry-After until the next UTC day", async () => {
    const { id } = await createSite({ quota: { commentsPerDay: 2, bytesPerDay: 0 } });
    await postOk(id, "t");
    await postOk(id, "t");
    const res = await postAs(id, "t");
    await expectError(res, 429, "QUOTA_EXCEEDED");
    const retry = Number(res.headers.get("Retry-After"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(86_400);
  });

  it("refuses comments past the day's bytes", async () => {
    const { id } = await createSite({ quota: { commentsPerDay: 0, bytesPerDay: 1_000 } });
    await postOk(id, "t", { body: "x".repeat(600) });
    await expectError(await postAs(id, "t", { body: "y".repeat(600) }), 429, "QUOTA_EXCEEDED");
    await postOk(id, "t", { body: "short" });
  });

  it("is set by the operator at creation, not by the owner", async () => {
    const site = await createSite();
    const res = await call(`/sites/${site.id}`, { method: "PATCH", token: site.ownerToken, body: { quota: { commentsPerDay: 1_000_000, bytesPerDay: 0 } } });
    const error = await expectError(res, 400, "VALIDATION_FAILED");
    // Said once, with where the quota is set; not also that the PATCH names no setting.
    expect(error.details).toEqual([
      { field: "quota", message: "Unknown field here: the storage quota is the operator's, set with PUT /api/v1/sites/{site}/quota and the admin token." },
    ]);
  });

  it("is changed later by the operator alone (PUT …/quota with the admin token), at once and audited", async () => {
    const { id, ownerToken } = await createSite({ quota: { commentsPerDay: 1, bytesPerDay: 0 } });
    await postOk(id, "t");
    await expectError(await postAs(id, "t"), 429, "QUOTA_EXCEEDED");
    const path = `/sites/${id}/quota`;
    // The owner, no token, a bad body, an unknown site: refused, and nothing changes.
    await expectError(await call(path, { method: "PUT", token: ownerToken, body: { commentsPerDay: 5, bytesPerDay: 0 } }), 401, "UNAUTHORIZED");
    await expectError(await call(path, { method: "PUT", body: { commentsPerDay: 5, bytesPerDay: 0 } }), 401, "UNAUTHORIZED");
    await expectError(await call(path, { method: "PUT", token: ADMIN, body: { commentsPerDay: -1 } }), 400, "VALIDATION_FAILED");
    await expectError(await call(`/sites/no-such-site/quota`, { method: "PUT", token: ADMIN, body: { commentsPerDay: 5, bytesPerDay: 0 } }), 404, "SITE_NOT_FOUND");
    await expectError(await postAs(id, "t"), 429, "QUOTA_EXCEEDED");

    const { site } = await json<{ site: { settings: { quota: unknown } } }>(path, 200, { method: "PUT", token: ADMIN, body: { commentsPerDay: 3, bytesPerDay: 0 } });
    expect(site.settings.quota).toEqual({ commentsPerDay: 3, bytesPerDay: 0 });
    await postOk(id, "t");
    await postOk(id, "t");
    await expectError(await postAs(id, "t"), 429, "QUOTA_EXCEEDED");
    const audit = await json<{ entries: { action: string; before: unknown; after: unknown; actor: string }[] }>(`/sites/${id}/audit`, 200, { token: ownerToken });
    expect(audit.entries[0]).toMatchObject({ action: "site.update", before: { quota: { commentsPerDay: 1, bytesPerDay: 0 } }, after: { quota: { commentsPerDay: 3, bytesPerDay: 0 } } });
    expect(audit.entries[0].actor).toMatch(/^admin:/);
  });
});
