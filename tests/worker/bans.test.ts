import { describe, expect, it, vi } from "vitest";
import { call, countCommentRows, env, expectError, expectInvalid, json, sha256Hex } from "./helpers";
import { act, createOwnedSite, idsOf, post, postAs, publicCounts, queueEntry, readThread } from "./owner-helpers";

const DAY_MS = 86_400_000;

/** Creates a ban as the owner and returns it. */
async function ban(site: { id: string; ownerToken: string }, body: Record<string, unknown>): Promise<any> {
  return (await json<{ ban: any }>(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body })).ban;
}

function listBans(site: { id: string; ownerToken: string }, query = ""): Promise<{ bans: any[]; nextCursor: string | null }> {
  return json(`/sites/${site.id}/bans${query ? `?${query}` : ""}`, 200, { token: site.ownerToken });
}

/** Expects a post to be refused with 403 BANNED and nothing to be stored. */
async function expectBanned(siteId: string, poster: Parameters<typeof postAs>[2]) {
  const rows = await countCommentRows(siteId);
  await expectError(await postAs(siteId, "t", poster), 403, "BANNED");
  expect(await countCommentRows(siteId)).toBe(rows);
}

describe("email bans", () => {
  it("refuses a post from the banned email with 403 BANNED, ignoring case, and stores nothing", async () => {
    const site = await createOwnedSite();
    const created = await ban(site, { type: "email", value: "Troll@Example.com", reason: "Abuse" });
    expect(created).toMatchObject({ type: "email", mode: "visible", reason: "Abuse", expiresAt: null, active: true, hint: "t***@example.com" });
    await expectBanned(site.id, { authorEmail: "troll@example.com" });
    await expectBanned(site.id, { authorEmail: "TROLL@EXAMPLE.COM" });
    expect(await publicCounts(site.id, "t")).toEqual({ total: 0, counts: 0 });
  });

  it("lets other emails and posts without an email through", async () => {
    const site = await createOwnedSite();
    await ban(site, { type: "email", value: "troll@example.com" });
    await post(site.id, "t", { authorEmail: "friend@example.com" });
    await post(site.id, "t");
    expect(await publicCounts(site.id, "t")).toEqual({ total: 2, counts: 2 });
  });

  it("refuses a reply from the banned email too", async () => {
    const site = await createOwnedSite();
    const root = (await post(site.id, "t")).comment.id;
    await ban(site, { type: "email", value: "troll@example.com" });
    await expectBanned(site.id, { authorEmail: "troll@example.com", parentId: root });
  });
});

describe("IP bans", () => {
  it("refuses a post from the banned IP, read from CF-Connecting-IP", async () => {
    const site = await createOwnedSite();
    const created = await ban(site, { type: "ip", value: "203.0.113.7" });
    expect(created).toMatchObject({ type: "ip", mode: "visible", active: true });
    await expectBanned(site.id, { ip: "203.0.113.7" });
    await expectBanned(site.id, { ip: "203.0.113.7", authorName: "Someone Else", authorEmail: "else@example.com" });
    await post(site.id, "t", { ip: "203.0.113.8" });
    await post(site.id, "t");
  });

  it("bans an IPv6 address with its /64", async () => {
    const site = await createOwnedSite();
    await ban(site, { type: "ip", value: "2001:db8::7" });
    await expectBanned(site.id, { ip: "2001:db8::7" });
    // Another address of the same /64 is the same reader; another /64 is not.
    await expectBanned(site.id, { ip: "2001:db8::8" });
    await post(site.id, "t", { ip: "2001:db8:0:1::8" });
  });
});

describe("name bans", () => {
  it("refuses the banned name whatever its case and spacing", async () => {
    const site = await createOwnedSite();
    const created = await ban(site, { type: "name", value: "  Troll   Face " });
    expect(created).toMatchObject({ type: "name", hint: "Troll   Face" });
    await expectBanned(site.id, { authorName: "troll face" });
    await expectBanned(site.id, { authorName: "TROLL FACE" });
    await expectBanned(site.id, { authorName: "Troll \t  Face" });
    await expectBanned(site.id, { authorName: "  tRoLl fAcE  " });
    // Its hint holds no direction override or invisible character, which would turn or hide the owner's list.
    expect(await ban(site, { type: "name", value: "\u202eGrief\u200b Bot\u2066" })).toMatchObject({ hint: "Grief Bot" });
  });

  it("lets a different name through", async () => {
    const site = await createOwnedSite();
    await ban(site, { type: "name", value: "Troll Face" });
    await post(site.id, "t", { authorName: "Troll Faces" });
    await post(site.id, "t", { authorName: "TrollFace" });
  });
});

describe("shadow bans", () => {
  async function shadowed() {
    const site = await createOwnedSite();
    await ban(site, { type: "name", value: "Shady", mode: "shadow" });
    const visible = (await post(site.id, "t", { authorName: "Honest" })).comment.id;
    const posted = await post(site.id, "t", { authorName: "Shady", body: "Buy my stuff" });
    return { ...site, visible, posted };
  }

  it("answers the banned poster 201 with status published", async () => {
    const { posted } = await shadowed();
    expect(posted.comment).toMatchObject({ status: "published", authorName: "Shady" });
    expect(posted.editToken).toMatch(/^pe_/);
  });

  it("stores the comment as spam, marked shadow, in the queue", async () => {
    const { id, ownerToken, posted } = await shadowed();
    expect(await queueEntry(id, ownerToken, posted.comment.id)).toMatchObject({ status: "spam", shadow: true, source: "Buy my stuff" });
  });

  it("hides the comment from other readers and does not count it", async () => {
    const { id, visible, posted } = await shadowed();
    const page = await readThread(id, "t");
    expect(idsOf(page.comments)).toEqual([visible]);
    expect(page.own).toEqual([]);
    expect(await publicCounts(id, "t")).toEqual({ total: 1, counts: 1 });
    expect(JSON.stringify(page)).not.toContain(posted.comment.id);
  });

  it("shows the poster their comment as published through X-Parley-Own", async () => {
    const { id, posted } = await shadowed();
    const page = await readThread(id, "t", { own: `${posted.comment.id}:${posted.editToken}` });
    expect(page.own).toEqual([expect.objectContaining({ id: posted.comment.id, status: "published", authorName: "Shady" })]);
    expect(page.total).toBe(1);
  });

  it("publishes a shadowed comment when the owner approves it", async () => {
    const { id, ownerToken, posted } = await shadowed();
    const approved = await act(id, ownerToken, posted.comment.id, "approve");
    expect(approved.comment).toMatchObject({ status: "published", shadow: false });
    expect(idsOf((await readThread(id, "t")).comments)).toContain(posted.comment.id);
    expect(await publicCounts(id, "t")).toEqual({ total: 2, counts: 2 });
  });

  it("stops showing the poster their comment once the owner confirms it as spam", async () => {
    const { id, ownerToken, posted } = await shadowed();
    expect((await act(id, ownerToken, posted.comment.id, "spam")).comment).toMatchObject({ status: "spam", shadow: false });
    expect((await readThread(id, "t", { own: `${posted.comment.id}:${posted.editToken}` })).own).toEqual([]);
  });

  it("lets a visible ban win over a shadow ban for the same poster", async () => {
    const site = await createOwnedSite();
    await ban(site, { type: "name", value: "Shady", mode: "shadow" });
    await ban(site, { type: "email", value: "shady@example.com", mode: "visible" });
    await expectBanned(site.id, { authorName: "Shady", authorEmail: "shady@example.com" });
  });

  it("shadows a reply the same way", async () => {
    const site = await createOwnedSite();
    const root = (await post(site.id, "t")).comment.id;
    await ban(site, { type: "ip", value: "198.51.100.4", mode: "shadow" });
    const reply = await post(site.id, "t", { ip: "198.51.100.4", parentId: root });
    expect(reply.comment.status).toBe("published");
    expect((await readThread(site.id, "t")).comments[0].replies).toEqual([]);
    expect(await publicCounts(site.id, "t")).toEqual({ total: 1, counts: 1 });
  });
});

describe("ban expiry", () => {
  it("refuses an expiresAt that has already passed, naming the field, and stores nothing", async () => {
    const site = await createOwnedSite();
    const refused = await expectInvalid(
      await call(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "name", value: "Old Troll", expiresAt: "2020-01-01T00:00:00Z" } }),
      "expiresAt",
    );
    expect(refused.details!.map((d) => d.message)).toEqual(["Must be in the future; leave it out for a ban without end."]);
    expect((await listBans(site)).bans).toEqual([]);
    await post(site.id, "t", { authorName: "Old Troll" });
    // A plain date: one in the past is refused once, with the same words; one to come is the start of its day in UTC.
    const pastDay = await expectInvalid(
      await call(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "name", value: "Old Troll", expiresAt: "2020-01-01" } }),
      "expiresAt",
    );
    expect(pastDay.details!.map((d) => d.message)).toEqual(["Must be in the future; leave it out for a ban without end."]);
    expect(await ban(site, { type: "name", value: "Later Troll", expiresAt: "2099-01-01" })).toMatchObject({ expiresAt: "2099-01-01T00:00:00.000Z", active: true });
    await expectInvalid(await call(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "name", value: "X", expiresAt: "2099-02-30" } }), "expiresAt");
  });

  it("does not apply a ban whose expiresAt has passed, and lists it as inactive", async () => {
    const site = await createOwnedSite();
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const created = await ban(site, { type: "name", value: "Old Troll", expiresAt });
    vi.useFakeTimers({ now: Date.now() + 120_000, toFake: ["Date"] });
    try {
      await post(site.id, "t", { authorName: "Old Troll" });
      const { bans } = await listBans(site);
      expect(bans).toEqual([expect.objectContaining({ id: created.id, active: false })]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("applies a ban until it expires, then lets the poster back in", async () => {
    const site = await createOwnedSite();
    const expiresAt = new Date(Date.now() + DAY_MS).toISOString();
    const created = await ban(site, { type: "name", value: "Cooling Off", expiresAt });
    expect(created).toMatchObject({ active: true, expiresAt });
    await expectBanned(site.id, { authorName: "Cooling Off" });
    vi.useFakeTimers({ now: Date.now() + 2 * DAY_MS, toFake: ["Date"] });
    try {
      await post(site.id, "t", { authorName: "Cooling Off" });
      expect((await listBans(site)).bans[0]).toMatchObject({ id: created.id, active: false });
    } finally {
      vi.useRealTimers();
    }
  });

  it("takes an expiry with a time zone offset", async () => {
    const site = await createOwnedSite();
    const created = await ban(site, { type: "name", value: "Offset", expiresAt: "2999-01-01T02:00:00+02:00" });
    expect(created).toMatchObject({ active: true, expiresAt: "2999-01-01T00:00:00.000Z" });
  });
});

describe("adding the same ban again", () => {
  it("answers 200 with the ban already in force instead of adding a second row, audited once", async () => {
    const site = await createOwnedSite();
    const first = await ban(site, { type: "email", value: "troll@example.com", reason: "Abuse" });
    const again = await json<{ ban: any }>(`/sites/${site.id}/bans`, 200, { token: site.ownerToken, body: { type: "email", value: " TROLL@example.com ", reason: "Abuse" } });
    expect(again.ban).toEqual(first);
    expect((await listBans(site)).bans.map((b) => b.id)).toEqual([first.id]);
    const audit = await json(`/sites/${site.id}/audit`, 200, { token: site.ownerToken });
    expect(audit.entries.filter((e: any) => e.action === "ban.create")).toHaveLength(1);
  });

  it("makes one row, one audit entry and one event when the same ban arrives several times at once", async () => {
    const site = await createOwnedSite();
    const body = { type: "ip", value: "2001:db8:0:0:0:0:0:7", mode: "shadow", reason: "Spam — again & again", expiresAt: "2999-06-30T23:59:59Z" };
    const responses = await Promise.all(Array.from({ length: 5 }, () => call(`/sites/${site.id}/bans`, { method: "POST", token: site.ownerToken, body })));
    const answers = await Promise.all(responses.map(async (r) => ({ status: r.status, id: ((await r.json()) as any).ban.id })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const created = answers.find((a) => a.status === 201)!.id;
    expect(answers.map((a) => a.id)).toEqual(Array(5).fill(created));
    expect((await listBans(site)).bans.map((b) => b.id)).toEqual([created]);
    const audit = await json(`/sites/${site.id}/audit`, 200, { token: site.ownerToken });
    expect(audit.entries.filter((e: any) => e.action === "ban.create").map((e: any) => e.targetId)).toEqual([created]);
    const { results } = await env.DB.prepare("SELECT payload FROM outbox WHERE site_id = ?1 AND type = 'ban.created'").bind(site.id).all<{ payload: string }>();
    expect(results.map((r) => JSON.parse(r.payload).data.banId)).toEqual([created]);
  });

  it("adds a ban that differs in mode, reason or expiry, or that repeats one that has expired", async () => {
    const site = await createOwnedSite();
    const base = { type: "name", value: "Casino Bot" };
    await ban(site, base);
    await ban(site, { ...base, mode: "shadow" });
    await ban(site, { ...base, reason: "Spam" });
    await ban(site, { ...base, expiresAt: "2999-01-01T00:00:00Z" });
    const soon = { ...base, reason: "Cooling off", expiresAt: new Date(Date.now() + 60_000).toISOString() };
    await ban(site, soon);
    expect((await listBans(site)).bans).toHaveLength(5);
    // Once it has run out, the same ban with a new end is a new ban, not the old one again.
    vi.useFakeTimers({ now: Date.now() + 120_000, toFake: ["Date"] });
    try {
      await ban(site, { ...soon, expiresAt: new Date(Date.now() + 60_000).toISOString() });
      expect((await listBans(site)).bans).toHaveLength(6);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("bans from a comment", () => {
  async function withComment(poster: Parameters<typeof post>[2]) {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t", poster);
    return { ...site, comment };
  }

  it("bans the IP a comment was posted from, whatever name or email comes next", async () => {
    const site = await withComment({ ip: "192.0.2.55", authorName: "First Name" });
    const created = await ban(site, { type: "ip", commentId: site.comment.id });
    // Named by who wrote it, as the owner saw them, not by the comment's id alone.
    expect(created).toMatchObject({ type: "ip", hint: `IP address of “First Name”, who wrote comment ${site.comment.id}`, active: true });
    await expectBanned(site.id, { ip: "192.0.2.55", authorName: "Another Name", authorEmail: "new@example.com" });
    await post(site.id, "t", { ip: "192.0.2.56", authorName: "First Name" });
  });

  it("bans a comment's email with a masked hint", async () => {
    const site = await withComment({ authorEmail: "Mallory@Example.org" });
    const created = await ban(site, { type: "email", commentId: site.comment.id });
    // The hint comes from the comment's stored hint, which is made from the normalized (lowercase) address.
    expect(created.hint).toBe("m***@example.org");
    await expectBanned(site.id, { authorEmail: "mallory@example.org" });
  });

  it("bans a comment's author name", async () => {
    const site = await withComment({ authorName: "Name To Ban" });
    const created = await ban(site, { type: "name", commentId: site.comment.id });
    expect(created.hint).toBe("Name To Ban");
    await expectBanned(site.id, { authorName: "name to ban" });
  });

  it("answers 400 when the comment has no email or no IP on record", async () => {
    const site = await withComment({});
    const send = (type: string) => call(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type, commentId: site.comment.id } });
    await expectInvalid(await send("email"), "value");
    await expectInvalid(await send("ip"), "value");
    expect((await listBans(site)).bans).toEqual([]);
  });

  it("answers 404 COMMENT_NOT_FOUND for an unknown comment or another site's comment", async () => {
    const site = await createOwnedSite();
    const other = await withComment({ ip: "192.0.2.99" });
    await expectError(await call(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "ip", commentId: "unknownComment1" } }), 404, "COMMENT_NOT_FOUND");
    await expectError(await call(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "ip", commentId: other.comment.id } }), 404, "COMMENT_NOT_FOUND");
    expect((await listBans(site)).bans).toEqual([]);
  });
});

describe("what bans store", () => {
  it("never stores the raw IP in the bans or comments rows, nor in the audit log", async () => {
    const site = await createOwnedSite();
    const ip = "203.0.113.77";
    await post(site.id, "t", { ip });
    const byValue = await ban(site, { type: "ip", value: ip });
    const { comment } = await post(site.id, "t", { ip: "203.0.113.78" });
    await ban(site, { type: "ip", commentId: comment.id });

    const bans = (await env.DB.prepare("SELECT * FROM bans WHERE site_id = ?1").bind(site.id).all<Record<string, unknown>>()).results;
    expect(bans).toHaveLength(2);
    for (const row of bans) {
      expect(JSON.stringify(row)).not.toContain("203.0.113.7");
      expect(row.value).not.toBe(await sha256Hex(ip));
    }
    const comments = (await env.DB.prepare("SELECT * FROM comments WHERE site_id = ?1").bind(site.id).all<Record<string, unknown>>()).results;
    expect(comments).toHaveLength(2);
    for (const row of comments) {
      expect(row.ip_hash).toEqual(expect.any(String));
      expect(JSON.stringify(row)).not.toContain("203.0.113.7");
    }
    // An unkeyed hash of an IP can be reversed by trying every address; the stored one is keyed.
    expect(comments.map((r) => r.ip_hash)).not.toContain(await sha256Hex(ip));
    // The ban by value and the comment posted from that IP name the same reader.
    expect(bans.find((b) => b.id === byValue.id)?.value).toBe(comments.find((c) => c.id !== comment.id)?.ip_hash);

    const audit = await json<any>(`/sites/${site.id}/audit`, 200, { token: site.ownerToken });
    expect(JSON.stringify(audit)).not.toContain("203.0.113.7");
    expect(JSON.stringify(await listBans(site))).not.toContain("203.0.113.7");
  });

  it("never stores the raw email of an email ban, and keeps only a keyed hash on the comment", async () => {
    const site = await createOwnedSite();
    const email = "secret.person@example.com";
    const { comment } = await post(site.id, "t", { authorEmail: email });
    await ban(site, { type: "email", value: "Secret.Person@Example.com" });

    const row = await env.DB.prepare("SELECT * FROM bans WHERE site_id = ?1").bind(site.id).first<Record<string, unknown>>();
    expect(JSON.stringify(row).toLowerCase()).not.toContain("secret.person");
    expect(row?.value).not.toBe(await sha256Hex(email));
    expect(row?.hint).toBe("s***@example.com");
    const stored = await env.DB.prepare("SELECT email_hash FROM comments WHERE site_id = ?1 AND id = ?2").bind(site.id, comment.id).first<{ email_hash: string }>();
    expect(stored?.email_hash).toEqual(expect.any(String));
    expect(stored?.email_hash.toLowerCase()).not.toContain("secret.person");
    expect(stored?.email_hash).not.toBe(await sha256Hex(email));
    expect(row?.value).toBe(stored?.email_hash);

    const audit = await json<any>(`/sites/${site.id}/audit`, 200, { token: site.ownerToken });
    expect(JSON.stringify(audit).toLowerCase()).not.toContain("secret.person");
  });
});

describe("listing and lifting bans", () => {
  it("lists bans newest first with a cursor", async () => {
    const site = await createOwnedSite();
    const made: string[] = [];
    for (const name of ["One", "Two", "Three"]) {
      made.push((await ban(site, { type: "name", value: name })).id);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const first = await listBans(site, "limit=2");
    expect(first.bans.map((b) => b.id)).toEqual([made[2], made[1]]);
    const second = await listBans(site, `limit=2&cursor=${first.nextCursor}`);
    expect(second.bans.map((b) => b.id)).toEqual([made[0]]);
    expect(second.nextCursor).toBeNull();
    expect(first.bans[0]).toEqual({
      id: made[2],
      type: "name",
      hint: "Three",
      mode: "visible",
      reason: null,
      expiresAt: null,
      createdAt: expect.any(String),
      active: true,
    });
  });

  it("lifts a ban with DELETE /bans/{id}, after which the poster gets through", async () => {
    const site = await createOwnedSite();
    const created = await ban(site, { type: "email", value: "troll@example.com" });
    await expectBanned(site.id, { authorEmail: "troll@example.com" });
    const res = await call(`/sites/${site.id}/bans/${created.id}`, { method: "DELETE", token: site.ownerToken });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect((await listBans(site)).bans).toEqual([]);
    await post(site.id, "t", { authorEmail: "troll@example.com" });
  });

  it("answers 404 BAN_NOT_FOUND for an unknown ban, a lifted one, or another site's", async () => {
    const site = await createOwnedSite();
    const other = await createOwnedSite();
    const theirs = await ban(other, { type: "name", value: "Theirs" });
    const mine = await ban(site, { type: "name", value: "Mine" });
    await call(`/sites/${site.id}/bans/${mine.id}`, { method: "DELETE", token: site.ownerToken });
    for (const id of ["unknownBan1234", mine.id, theirs.id]) {
      await expectError(await call(`/sites/${site.id}/bans/${id}`, { method: "DELETE", token: site.ownerToken }), 404, "BAN_NOT_FOUND");
    }
    expect((await listBans(other)).bans.map((b) => b.id)).toEqual([theirs.id]);
  });
});

describe("ban validation", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["both value and commentId", { type: "email", value: "a@example.com", commentId: "someComment1" }, "value"],
    ["neither value nor commentId", { type: "email" }, "value"],
    ["a value that is not an email", { type: "email", value: "not-an-email" }, "value"],
    ["a value that is not an IP address", { type: "ip", value: "not.an.ip.address" }, "value"],
    ["a truncated IPv4 address", { type: "ip", value: "10.0.0" }, "value"],
    ["an empty name", { type: "name", value: "   " }, "value"],
    ["an unknown type", { type: "phone", value: "555" }, "type"],
    ["no type", { value: "x" }, "type"],
    ["an unknown mode", { type: "name", value: "x", mode: "loud" }, "mode"],
    ["an expiry that is not a date", { type: "name", value: "x", expiresAt: "tomorrow" }, "expiresAt"],
    ["an expiry that has passed", { type: "name", value: "x", expiresAt: "2020-01-01T00:00:00Z" }, "expiresAt"],
    ["an unknown field", { type: "name", value: "x", until: "never" }, "until"],
  ];

  it.each(cases)("answers 400 VALIDATION_FAILED for %s, storing nothing", async (_label, body, field) => {
    const site = await createOwnedSite();
    await expectInvalid(await call(`/sites/${site.id}/bans`, { token: site.ownerToken, body }), field);
    expect((await listBans(site)).bans).toEqual([]);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM bans WHERE site_id = ?1").bind(site.id).first<number>("n");
    expect(rows).toBe(0);
  });
});

describe("name bans of ugly names", () => {
  // Each folds into more than 254 UTF-16 code units, or right up to them: ligatures, a character NFKC spells with
  // seven, combining marks, mathematical letters, an Arabic ligature, Hebrew points, letters beyond the BMP.
  const UGLY = [
    "ﬃ".repeat(254),
    "㈝".repeat(254),
    "e\u0301\u0336".repeat(84),
    "𝐓𝐫𝐨𝐥𝐥".repeat(25),
    "ﻼ".repeat(254),
    "\u05D0\u05B7".repeat(127),
    "𐐀".repeat(127),
    "ﷺ".repeat(254),
  ];

  it("export and import again, and still ban the names they were made from", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t", { authorName: "㎏".repeat(80) });
    await ban(site, { type: "name", commentId: comment.id });
    for (const value of UGLY) await ban(site, { type: "name", value });
    const exported = await json<{ items: any[] }>(`/sites/${site.id}/export?part=bans`, 200, { token: site.ownerToken });
    expect(exported.items).toHaveLength(UGLY.length + 1);
    for (const b of exported.items) expect(b.value.length, b.hint).toBeLessThanOrEqual(254);

    const copy = await createOwnedSite();
    const bans = exported.items.map(({ id, ...b }) => ({ ...b, source: "parley", sourceId: id }));
    const result = await json<any>(`/sites/${copy.id}/import`, 200, { token: copy.ownerToken, body: { bans } });
    expect(result.bans).toEqual({ inserted: UGLY.length + 1, present: 0 });
    const again = await json<{ items: any[] }>(`/sites/${copy.id}/export?part=bans`, 200, { token: copy.ownerToken });
    expect(again.items.map((b) => b.value).sort()).toEqual(exported.items.map((b) => b.value).sort());

    // Names are at most 80 characters; these fold past what a ban keeps, so the long bans catch them.
    for (const name of ["㎏".repeat(80), "㈝".repeat(80), "ﬃ".repeat(80), "ﻼ".repeat(80)]) await expectBanned(copy.id, { authorName: name });
    await post(copy.id, "t", { authorName: "Plain Reader" });
  });

  it("imports a name ban exported before names were bounded, cut as bans now compare it", async () => {
    const site = await createOwnedSite();
    const long = "ffi".repeat(84); // 252 characters: what banning "ﬃ" × 84 stored before
    const item = { source: "parley", sourceId: "ban_oldlong1", type: "name", value: long, hint: "ﬃ".repeat(84), mode: "visible", createdAt: "2026-11-01T00:00:00Z" };
    await json(`/sites/${site.id}/import`, 200, { token: site.ownerToken, body: { bans: [item] } });
    const [stored] = (await json<{ items: any[] }>(`/sites/${site.id}/export?part=bans`, 200, { token: site.ownerToken })).items;
    expect(stored.value).toBe(long.slice(0, 127));
    await expectBanned(site.id, { authorName: "ﬃ".repeat(80) });
  });
});

describe("name bans and accents", () => {
  it("catch a name written with or without its accents, as blocked words do", async () => {
    const site = await createOwnedSite();
    const created = await ban(site, { type: "name", value: "José Łukasz" });
    expect(created.hint).toBe("José Łukasz");
    for (const authorName of ["Jose Lukasz", "JOSÉ ŁUKASZ", "jose\u0301  lukasz", "Jösé Łúkász", "J\u043Es\u00E9 Lukasz", "Jo\u0336se Lukasz"]) {
      await expectBanned(site.id, { authorName });
    }
    await post(site.id, "t", { authorName: "Josef Lukasz" });
    await post(site.id, "t", { authorName: "José" });
  });

  it("catch an accented name from a ban typed without accents, and from a comment's author", async () => {
    const site = await createOwnedSite();
    await ban(site, { type: "name", value: "Zoe" });
    await expectBanned(site.id, { authorName: "Zoë" });
    const { comment } = await post(site.id, "t", { authorName: "Ñandú" });
    await ban(site, { type: "name", commentId: comment.id });
    await expectBanned(site.id, { authorName: "nandu" });
  });

  it("keep catching what a ban made before them caught, stored with its accents", async () => {
    const site = await createOwnedSite();
    await env.DB.prepare(
      "INSERT INTO bans (site_id, id, type, value, hint, mode, reason, expires_at, created_at) VALUES (?1, 'oldnameban01', 'name', 'josé', 'José', 'visible', NULL, NULL, 1764547200000)",
    )
      .bind(site.id)
      .run();
    for (const authorName of ["José", "JOSÉ", "jose\u0301"]) await expectBanned(site.id, { authorName });
    await post(site.id, "t", { authorName: "Josef" });
  });
});
