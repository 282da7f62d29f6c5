import { describe, expect, it } from "vitest";
import {
  call,
  countCommentRows,
  createSite,
  env,
  expectError,
  expectInvalid,
  idempotencyKey,
  json,
  postComment,
  sha256Hex,
  threadPath,
} from "./helpers";

/** Posts `n` top-level comments one after another and returns their ids in posting order. */
async function postMany(site: string, thread: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await postComment(site, thread, { body: `Comment ${i}` })).comment.id);
  return ids;
}

/** Reads a whole thread page by page and returns the top-level ids in order and the number of pages. */
async function readAll(site: string, thread: string, query: string) {
  const ids: string[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const page: any = await json(`${threadPath(site, thread)}?${query}${cursor ? `&cursor=${cursor}` : ""}`, 200);
    ids.push(...page.comments.map((c: any) => c.id));
    pages += 1;
    cursor = page.nextCursor;
  } while (cursor && pages < 50);
  return { ids, pages };
}

describe("POST /sites/{site}/threads/{thread}/comments", () => {
  it("answers 201 with the published comment and a one-time edit token", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "post-1"), { body: { body: "Hello **there**", authorName: "Ada" } });
    expect(res.status).toBe(201);
    const { comment, editToken } = await res.json<any>();
    expect(editToken).toMatch(/^pe_[A-Za-z0-9_-]{40,}$/);
    expect(comment).toMatchObject({
      parentId: null,
      authorName: "Ada",
      status: "published",
      editedAt: null,
      replies: [],
      body: [{ t: "p", c: [{ t: "text", v: "Hello " }, { t: "strong", c: [{ t: "text", v: "there" }] }] }],
    });
    expect(comment.id).toMatch(/^[A-Za-z0-9_-]{8,40}$/);
    expect(Math.abs(Date.parse(comment.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(res.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("stores the hash of the edit token, never the token itself", async () => {
    const { id } = await createSite();
    const { comment, editToken } = await postComment(id, "t", { body: "Hashed" });
    const row = await env.DB.prepare("SELECT * FROM comments WHERE site_id = ?1 AND id = ?2").bind(id, comment.id).first<Record<string, unknown>>();
    expect(row?.edit_token_hash).toBe(await sha256Hex(editToken));
    expect(JSON.stringify(row)).not.toContain(editToken);
    expect(JSON.stringify(row)).not.toContain(editToken.slice(3));
  });

  it("gives every comment its own edit token", async () => {
    const { id } = await createSite();
    const a = await postComment(id, "t", { body: "Same words" });
    const b = await postComment(id, "t", { body: "Same words" });
    expect(a.editToken).not.toBe(b.editToken);
    expect(a.comment.id).not.toBe(b.comment.id);
  });

  // Since the hardening, the address itself is not stored with the comment: a keyed hash and a masked hint are.
  it("keeps the email as a masked hint (and a keyed hash) but never returns it from public routes", async () => {
    const { id } = await createSite();
    const email = "private.reader@example.com";
    const res = await call(threadPath(id, "t"), { body: { body: "With email", authorName: "Ada", authorEmail: email } });
    expect(res.status).toBe(201);
    expect(await res.text()).not.toContain("private.reader");
    const stored = await env.DB.prepare("SELECT author_email, email_hint FROM comments WHERE site_id = ?1").bind(id).first<Record<string, string | null>>();
    expect(stored).toEqual({ author_email: null, email_hint: "p***@example.com" });
    const page = await call(threadPath(id, "t"));
    expect(await page.text()).not.toContain("private.reader");
  });

  it("rejects an invalid email", async () => {
    const { id } = await createSite();
    await expectInvalid(await call(threadPath(id, "t"), { body: { body: "x", authorName: "A", authorEmail: "not-an-email" } }), "authorEmail");
  });

  it("takes a null or empty email and any other optional field null as not given, as JSON clients and forms send them", async () => {
    const { id } = await createSite();
    const nulls = { idempotencyKey: null, formToken: null, website: null, turnstileToken: null, notify: null, notifyProof: null };
    for (const authorEmail of [null, ""]) {
      const res = await call(threadPath(id, "t"), { body: { body: `Email ${JSON.stringify(authorEmail)}`, authorName: "A", authorEmail, parentId: null, ...nulls } });
      expect(res.status).toBe(201);
      expect((await res.json<any>()).comment).toMatchObject({ parentId: null });
    }
    const rows = await env.DB.prepare("SELECT email_hint, parent_id FROM comments WHERE site_id = ?1").bind(id).all();
    expect(rows.results).toEqual([
      { email_hint: null, parent_id: null },
      { email_hint: null, parent_id: null },
    ]);
    // Still refused: an address that is not one, and a parentId of another type.
    await expectInvalid(await call(threadPath(id, "t"), { body: { body: "x", authorName: "A", authorEmail: " " } }), "authorEmail");
    await expectInvalid(await call(threadPath(id, "t"), { body: { body: "x", authorName: "A", parentId: 0 } }), "parentId");

    // Reply e-mails asked for with no address (left out, null or ""): posted, and the answer says none will come.
    for (const authorEmail of [undefined, null, ""]) {
      const res = await call(threadPath(id, "t"), { body: { body: `Notify ${JSON.stringify(authorEmail)}`, authorName: "A", authorEmail, notify: true } });
      expect(res.status).toBe(201);
      expect((await res.json<any>()).notify).toBe("off");
    }
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM mail_subscribers WHERE site_id = ?1").bind(id).first("n")).toBe(0);

    // A reader's edit takes a null Turnstile token as not given too.
    const { comment, editToken } = await postComment(id, "t", { body: "Before" });
    const edit = await call(`/sites/${id}/comments/${comment.id}`, { method: "PATCH", token: editToken, body: { body: "After", turnstileToken: null } });
    expect(edit.status).toBe(200);
    expect(await env.DB.prepare("SELECT body_source FROM comments WHERE id = ?1").bind(comment.id).first("body_source")).toBe("After");
  });

  it("accepts a thread key with a percent-encoded slash and keeps it whole", async () => {
    const { id } = await createSite();
    const key = "/blog/2024/05/hello-world/";
    const { comment } = await postComment(id, key, { body: "Path-keyed" });
    expect(threadPath(id, key)).toContain("%2Fblog%2F2024");
    const page = await json(threadPath(id, key), 200);
    expect(page.thread.key).toBe(key);
    expect(page.comments.map((c: any) => c.id)).toEqual([comment.id]);
    const row = await env.DB.prepare("SELECT thread_key FROM comments WHERE id = ?1").bind(comment.id).first<string>("thread_key");
    expect(row).toBe(key);
  });

  it("keeps threads apart whose keys differ only by encoding-sensitive characters", async () => {
    const { id } = await createSite();
    await postComment(id, "a/b", { body: "slash" });
    await postComment(id, "a%2Fb", { body: "literal percent" });
    await postComment(id, "a b", { body: "space" });
    for (const key of ["a/b", "a%2Fb", "a b"]) {
      const page = await json(threadPath(id, key), 200);
      expect(page.thread.key).toBe(key);
      expect(page.total).toBe(1);
    }
  });

  it("accepts a thread key of 1,024 characters and rejects one of 1,025", async () => {
    const { id } = await createSite();
    await postComment(id, "k".repeat(1024), { body: "Long key" });
    await expectInvalid(await call(threadPath(id, "k".repeat(1025)), { body: { body: "x", authorName: "A" } }), "thread");
  });

  it("takes the default key of a page with a long Chinese slug: its percent-encoded path, 900-odd characters", async () => {
    const { id } = await createSite();
    // What location.pathname is on such a page: every character of the slug is 9 characters of the key.
    const key = `/2026/11/${encodeURIComponent("关于边缘计算中评论系统的首屏性能、索引与数据迁移的一些实践经验总结".repeat(3))}/`;
    expect(key.length).toBeGreaterThan(900);
    expect(key.length).toBeLessThanOrEqual(1024);
    await postComment(id, key, { body: "On a long Chinese slug" });
    const page = await json(threadPath(id, key), 200);
    expect(page.thread.key).toBe(key);
    expect(page.total).toBe(1);
  });

  it("rejects a thread key with a control character", async () => {
    const { id } = await createSite();
    await expectInvalid(await call(threadPath(id, "bad\u0001key"), { body: { body: "x", authorName: "A" } }), "thread");
  });

  describe("input limits and cleaning", () => {
    it("accepts a body of exactly 10,000 characters and rejects 10,001", async () => {
      const { id } = await createSite();
      const { comment } = await postComment(id, "t", { body: "b".repeat(10_000) });
      expect(comment.body[0].c[0].v).toHaveLength(10_000);
      const error = await expectInvalid(await call(threadPath(id, "t"), { body: { body: "b".repeat(10_001), authorName: "A" } }), "body");
      expect(error.details?.find((d) => d.field === "body")?.message).toContain("10000");
      expect(await countCommentRows(id)).toBe(1);
    });

    it("accepts a name of exactly 80 characters and rejects 81", async () => {
      const { id } = await createSite();
      const { comment } = await postComment(id, "t", { body: "x", authorName: "n".repeat(80) });
      expect(comment.authorName).toHaveLength(80);
      await expectInvalid(await call(threadPath(id, "t"), { body: { body: "x", authorName: "n".repeat(81) } }), "authorName");
    });

    it("measures the limits after trimming", async () => {
      const { id } = await createSite();
      const { comment } = await postComment(id, "t", { body: `  ${"b".repeat(10_000)}  \n`, authorName: ` ${"n".repeat(80)} ` });
      expect(comment.authorName).toBe("n".repeat(80));
    });

    it.each([
      ["an empty body", { body: "", authorName: "A" }, "body"],
      ["a body of only whitespace", { body: " \n\t \r\n ", authorName: "A" }, "body"],
      ["a body of only control and zero-width characters", { body: "\u0000\u200B\uFEFF\u0007", authorName: "A" }, "body"],
      ["a body of Hangul fillers", { body: "\u115F\u3164\u1160", authorName: "A" }, "body"],
      ["a body of braille blanks and variation selectors", { body: "\u2800 \u2800\uFE0F", authorName: "A" }, "body"],
      ["a name of only spaces", { body: "x", authorName: "   " }, "authorName"],
      ["a name that is a braille blank", { body: "x", authorName: "\u2800" }, "authorName"],
      ["a name of a Hangul filler", { body: "x", authorName: "\u3164\u3164" }, "authorName"],
      ["a name of combining marks on nothing", { body: "x", authorName: "\u0301\u20DD" }, "authorName"],
      ["a body of combining marks on nothing", { body: "\u0301 \u0308\n\u20DD", authorName: "A" }, "body"],
      ["a name on two lines", { body: "x", authorName: "Ada\nLovelace" }, "authorName"],
      ["a missing name", { body: "x" }, "authorName"],
      ["a body that is not a string", { body: 42, authorName: "A" }, "body"],
      ["an unknown field", { body: "x", authorName: "A", favouriteColour: "blue" }, "favouriteColour"],
      ["a malformed parent id", { body: "x", authorName: "A", parentId: "../../etc" }, "parentId"],
      ["a short idempotency key", { body: "x", authorName: "A", idempotencyKey: "short" }, "idempotencyKey"],
    ])("rejects %s and stores nothing", async (_, body, field) => {
      const { id } = await createSite();
      await expectInvalid(await call(threadPath(id, "t"), { body }), field);
      expect(await countCommentRows(id)).toBe(0);
    });

    it("normalizes text to NFC", async () => {
      const { id } = await createSite();
      const { comment } = await postComment(id, "t", { body: "Cafe\u0301 cre\u0300me", authorName: "Zoe\u0308" });
      expect(comment.authorName).toBe("Zo\u00EB");
      expect(comment.body).toEqual([{ t: "p", c: [{ t: "text", v: "Caf\u00E9 cr\u00E8me" }] }]);
      const row = await env.DB.prepare("SELECT body_source, author_name FROM comments WHERE id = ?1").bind(comment.id).first<any>();
      expect(row).toEqual({ body_source: "Caf\u00E9 cr\u00E8me", author_name: "Zo\u00EB" });
    });

    it("keeps ten combining marks on a character of a name or a comment, and drops the rest of a pile (Zalgo text)", async () => {
      const { id } = await createSite();
      const pile = Array.from({ length: 200 }, (_, i) => String.fromCodePoint(0x300 + (i % 0x70))).join("");
      // A letter and the first ten of its marks, in the order NFC puts them (none of these letters composes with one).
      const ten = (letter: string) => [...`${letter}${pile}`.normalize("NFC")].slice(0, 11).join("");
      // Tibetan's tallest stacks, Vietnamese and Arabic marks stay as they are; so do astral marks, counted whole.
      const kept = "\u0F66\u0F90\u0FB5\u0FB2\u0F74 Việt \u0645\u064E\u0651 a" + "\u{1D167}".repeat(3);
      const { comment } = await postComment(id, "t", { body: `x${pile} ${kept} q${pile}`, authorName: `Z${pile}` });
      const row = await env.DB.prepare("SELECT body_source, author_name FROM comments WHERE id = ?1").bind(comment.id).first<any>();
      expect([...ten("x")]).toHaveLength(11);
      expect(row).toEqual({ body_source: `${ten("x")} ${kept.normalize("NFC")} ${ten("q")}`, author_name: ten("Z") });
    });

    it("strips control, zero-width and bidi-override characters but keeps newlines", async () => {
      const { id } = await createSite();
      const { comment } = await postComment(id, "t", {
        body: "a\u0000b\u0007c\u200Bd\u202Ee\uFEFF\r\nsecond line",
        authorName: "Ev\u0008e\u202E",
      });
      expect(comment.authorName).toBe("Eve");
      const row = await env.DB.prepare("SELECT body_source FROM comments WHERE id = ?1").bind(comment.id).first<string>("body_source");
      expect(row).toBe("abcde\nsecond line");
    });
  });

  describe("replies", () => {
    it("nests replies under their parent at any depth", async () => {
      const { id } = await createSite();
      const root = (await postComment(id, "t", { body: "root" })).comment;
      const a = (await postComment(id, "t", { body: "a", parentId: root.id })).comment;
      const b = (await postComment(id, "t", { body: "b", parentId: a.id })).comment;
      const c = (await postComment(id, "t", { body: "c", parentId: b.id })).comment;
      const d = (await postComment(id, "t", { body: "d", parentId: c.id })).comment;
      const sibling = (await postComment(id, "t", { body: "sibling", parentId: root.id })).comment;
      expect(d.parentId).toBe(c.id);

      const page = await json(threadPath(id, "t"), 200);
      expect(page.comments).toHaveLength(1);
      const [top] = page.comments;
      expect(top.id).toBe(root.id);
      expect(top.replies.map((r: any) => r.id)).toEqual([a.id, sibling.id]);
      const [ra] = top.replies;
      expect(ra.replies.map((r: any) => r.id)).toEqual([b.id]);
      expect(ra.replies[0].replies.map((r: any) => r.id)).toEqual([c.id]);
      expect(ra.replies[0].replies[0].replies.map((r: any) => r.id)).toEqual([d.id]);
      expect(ra.replies[0].replies[0].replies[0].parentId).toBe(c.id);
      expect(page.total).toBe(6);
    });

    it("keeps replies with their own top-level comment across pages", async () => {
      const { id } = await createSite();
      const first = (await postComment(id, "t", { body: "first" })).comment;
      const second = (await postComment(id, "t", { body: "second" })).comment;
      const reply = (await postComment(id, "t", { body: "reply to first", parentId: first.id })).comment;
      const p1 = await json(`${threadPath(id, "t")}?limit=1`, 200);
      expect(p1.comments.map((c: any) => c.id)).toEqual([first.id]);
      expect(p1.comments[0].replies.map((r: any) => r.id)).toEqual([reply.id]);
      const p2 = await json(`${threadPath(id, "t")}?limit=1&cursor=${p1.nextCursor}`, 200);
      expect(p2.comments.map((c: any) => c.id)).toEqual([second.id]);
      expect(p2.comments[0].replies).toEqual([]);
    });

    it("refuses a cursor sent with another order than the page it came from, rather than answering an empty last page", async () => {
      const { id } = await createSite();
      for (const body of ["one", "two", "three"]) await postComment(id, "t", { body });
      const oldest = await json(`${threadPath(id, "t")}?limit=1&sort=oldest`, 200);
      for (const sort of ["newest", "top"]) {
        const error = await expectInvalid(await call(`${threadPath(id, "t")}?limit=1&sort=${sort}&cursor=${oldest.nextCursor}`), "cursor");
        expect(error.details).toEqual([{ field: "cursor", message: `Continues the oldest order: ask for the first page in the ${sort} order.` }]);
      }
      const top = await json(`${threadPath(id, "t")}?limit=1&sort=top`, 200);
      await expectInvalid(await call(`${threadPath(id, "t")}?limit=1&sort=oldest&cursor=${top.nextCursor}`), "cursor");
      // In its own order it goes on.
      expect((await json(`${threadPath(id, "t")}?limit=1&sort=top&cursor=${top.nextCursor}`, 200)).comments).toHaveLength(1);
    });

    it("answers 404 PARENT_NOT_FOUND to a reply to a comment that does not exist", async () => {
      const { id } = await createSite();
      const error = await expectError(
        await call(threadPath(id, "t"), { body: { body: "x", authorName: "A", parentId: "doesNotExist123" } }),
        404,
        "PARENT_NOT_FOUND",
      );
      expect(error.details?.[0].field).toBe("parentId");
      expect(await countCommentRows(id)).toBe(0);
    });

    it("answers 404 PARENT_NOT_FOUND to a reply to a comment of another thread", async () => {
      const { id } = await createSite();
      const other = (await postComment(id, "other-thread", { body: "elsewhere" })).comment;
      await expectError(await call(threadPath(id, "t"), { body: { body: "x", authorName: "A", parentId: other.id } }), 404, "PARENT_NOT_FOUND");
      expect(await countCommentRows(id)).toBe(1);
    });

    it("answers 404 PARENT_NOT_FOUND to a reply to a comment of another site", async () => {
      const a = await createSite();
      const b = await createSite();
      const foreign = (await postComment(a.id, "t", { body: "site A" })).comment;
      await expectError(await call(threadPath(b.id, "t"), { body: { body: "x", authorName: "A", parentId: foreign.id } }), 404, "PARENT_NOT_FOUND");
    });

    it("answers 404 PARENT_NOT_FOUND to a reply to a pending comment", async () => {
      const { id } = await createSite({ moderation: "pre" });
      const pending = (await postComment(id, "t", { body: "awaiting review" })).comment;
      expect(pending.status).toBe("pending");
      await expectError(await call(threadPath(id, "t"), { body: { body: "x", authorName: "A", parentId: pending.id } }), 404, "PARENT_NOT_FOUND");
    });
  });
});

describe("GET /sites/{site}/threads/{thread}/comments", () => {
  it("answers an empty page for a thread nobody has commented on", async () => {
    const { id } = await createSite();
    expect(await json(threadPath(id, "quiet"), 200)).toMatchObject({
      thread: { key: "quiet", locked: false },
      sort: "oldest",
      comments: [],
      nextCursor: null,
      total: 0,
    });
  });

  it("answers 404 SITE_NOT_FOUND for an unknown site", async () => {
    await expectError(await call(threadPath("no-such-site-here", "t")), 404, "SITE_NOT_FOUND");
  });

  it("sorts oldest first by default and newest first on request", async () => {
    const { id } = await createSite();
    const ids = await postMany(id, "t", 4);
    expect((await json(threadPath(id, "t"), 200)).comments.map((c: any) => c.id)).toEqual(ids);
    const newest = await json(`${threadPath(id, "t")}?sort=newest`, 200);
    expect(newest.sort).toBe("newest");
    expect(newest.comments.map((c: any) => c.id)).toEqual([...ids].reverse());
  });

  it("rejects an unknown sort", async () => {
    const { id } = await createSite();
    await expectInvalid(await call(`${threadPath(id, "t")}?sort=random`), "sort");
  });

  it("pages oldest first without a last empty page when the count is an exact multiple of the page size", async () => {
    const { id } = await createSite();
    const ids = await postMany(id, "t", 6);
    const { ids: seen, pages } = await readAll(id, "t", "limit=3");
    expect(seen).toEqual(ids);
    expect(pages).toBe(2);
  });

  it("pages newest first with the same cursors", async () => {
    const { id } = await createSite();
    const ids = await postMany(id, "t", 5);
    const { ids: seen, pages } = await readAll(id, "t", "sort=newest&limit=2");
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(3);
  });

  it("pages one comment at a time with limit=1", async () => {
    const { id } = await createSite();
    const ids = await postMany(id, "t", 3);
    const { ids: seen, pages } = await readAll(id, "t", "limit=1");
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });

  it("returns up to 100 comments with limit=100 and the rest on the next page", async () => {
    const { id } = await createSite();
    // Posted concurrently to keep the suite fast; order within a page is covered by the tests above.
    const posted = await Promise.all(Array.from({ length: 101 }, (_, i) => postComment(id, "t", { body: `Comment ${i}` })));
    const first = await json(`${threadPath(id, "t")}?limit=100`, 200);
    expect(first.comments).toHaveLength(100);
    expect(first.total).toBe(101);
    const rest = await json(`${threadPath(id, "t")}?limit=100&cursor=${first.nextCursor}`, 200);
    expect(rest.comments).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const seen = [...first.comments, ...rest.comments].map((c: any) => c.id);
    expect(new Set(seen).size).toBe(101);
    expect(new Set(seen)).toEqual(new Set(posted.map((p) => p.comment.id)));
  });

  it("uses 20 as the default page size", async () => {
    const { id } = await createSite();
    await postMany(id, "t", 21);
    const page = await json(threadPath(id, "t"), 200);
    expect(page.comments).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
  });

  it("continues from a cursor of the last page once newer comments arrive", async () => {
    const { id } = await createSite();
    const ids = await postMany(id, "t", 3);
    const first = await json(`${threadPath(id, "t")}?limit=2`, 200);
    const last = await json(`${threadPath(id, "t")}?limit=2&cursor=${first.nextCursor}`, 200);
    expect(last.comments.map((c: any) => c.id)).toEqual([ids[2]]);
    expect(last.nextCursor).toBeNull();
    const [late] = await postMany(id, "t", 1);
    const again = await json(`${threadPath(id, "t")}?limit=2&cursor=${first.nextCursor}`, 200);
    expect(again.comments.map((c: any) => c.id)).toEqual([ids[2], late]);
    expect(again.nextCursor).toBeNull();
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=ten", "limit"],
    ["limit=1.5", "limit"],
    ["limit=1e1", "limit"],
    ["limit=0x10", "limit"],
    ["limit=%2010", "limit"],
    ["limit=10.0", "limit"],
    ["limit=", "limit"],
    ["cursor=garbage!!", "cursor"],
    [`cursor=${btoa("12:")}`, "cursor"],
    [`cursor=${"A".repeat(201)}`, "cursor"],
    ["page=2", "page"],
  ])("answers 400 VALIDATION_FAILED to %s", async (query, field) => {
    const { id } = await createSite();
    await postMany(id, "t", 1);
    await expectInvalid(await call(`${threadPath(id, "t")}?${query}`), field);
  });

  it("counts replies in total but pages only top-level comments", async () => {
    const { id } = await createSite();
    const [a, b] = await postMany(id, "t", 2);
    await postComment(id, "t", { body: "r1", parentId: a });
    await postComment(id, "t", { body: "r2", parentId: b });
    await postComment(id, "t", { body: "r3", parentId: b });
    const page = await json(`${threadPath(id, "t")}?limit=1`, 200);
    expect(page.total).toBe(5);
    expect(page.comments).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
  });

  it("hides pending comments from readers and from the total", async () => {
    const { id } = await createSite({ moderation: "pre" });
    await postComment(id, "t", { body: "awaiting review" });
    const page = await json(threadPath(id, "t"), 200);
    expect(page.comments).toEqual([]);
    expect(page.total).toBe(0);
    expect(await countCommentRows(id)).toBe(1);
  });
});

describe("idempotent posting", () => {
  const path = (site: string) => threadPath(site, "idem");

  it("answers a retry with the same comment and edit token, marked as replayed, and stores one row", async () => {
    const { id } = await createSite();
    const body = { body: "Posted once", authorName: "Ada", idempotencyKey: idempotencyKey() };
    const first = await call(path(id), { body });
    const second = await call(path(id), { body });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    const a = await first.json<any>();
    const b = await second.json<any>();
    expect(b.comment.id).toBe(a.comment.id);
    expect(b.editToken).toBe(a.editToken);
    expect(b.comment.createdAt).toBe(a.comment.createdAt);
    expect(await countCommentRows(id)).toBe(1);
    expect((await json(path(id), 200)).total).toBe(1);
    const row = await env.DB.prepare("SELECT edit_token_hash FROM comments WHERE id = ?1").bind(a.comment.id).first<string>("edit_token_hash");
    expect(row).toBe(await sha256Hex(a.editToken));
  });

  it("takes the key from the Idempotency-Key header too, bare or quoted, and refuses one that differs from the body's", async () => {
    const { id } = await createSite();
    const key = idempotencyKey();
    const body = { body: "Keyed by header", authorName: "Ada" };
    const first = await call(path(id), { body, headers: { "Idempotency-Key": key } });
    const second = await call(path(id), { body, headers: { "Idempotency-Key": `"${key}"` } });
    const third = await call(path(id), { body: { ...body, idempotencyKey: key }, headers: { "Idempotency-Key": key } });
    expect([first.status, second.status, third.status]).toEqual([201, 201, 201]);
    expect([second.headers.get("Idempotent-Replayed"), third.headers.get("Idempotent-Replayed")]).toEqual(["true", "true"]);
    const [a, b] = [await first.json<any>(), await second.json<any>()];
    expect(b.comment.id).toBe(a.comment.id);
    expect(b.editToken).toBe(a.editToken);
    expect(await countCommentRows(id)).toBe(1);
    const both = await call(path(id), { body: { ...body, idempotencyKey: idempotencyKey() }, headers: { "Idempotency-Key": key } });
    expect((await expectError(both, 400, "VALIDATION_FAILED")).details).toEqual([{ field: "idempotencyKey", message: "Differs from the Idempotency-Key header." }]);
    const short = await call(path(id), { body, headers: { "Idempotency-Key": "short" } });
    await expectInvalid(short, "idempotency-key");
    expect(await countCommentRows(id)).toBe(1);
  });

  it("treats text that only differs before cleaning as the same submission", async () => {
    const { id } = await createSite();
    const key = idempotencyKey();
    const a = await postComment(id, "idem", { body: "Caf\u00E9", idempotencyKey: key });
    const b = await postComment(id, "idem", { body: "  Cafe\u0301\u200B ", idempotencyKey: key });
    expect(b.comment.id).toBe(a.comment.id);
  });

  it.each([
    ["a different body", { body: "Something else" }],
    ["a different name", { authorName: "Mallory" }],
  ])("answers 409 IDEMPOTENCY_KEY_REUSED to the same key with %s", async (_, change) => {
    const { id } = await createSite();
    const body = { body: "Original", authorName: "Ada", idempotencyKey: idempotencyKey() };
    await json(path(id), 201, { body });
    await expectError(await call(path(id), { body: { ...body, ...change } }), 409, "IDEMPOTENCY_KEY_REUSED");
    expect(await countCommentRows(id)).toBe(1);
  });

  it("answers 409 IDEMPOTENCY_KEY_REUSED to the same key on another thread", async () => {
    const { id } = await createSite();
    const body = { body: "Original", authorName: "Ada", idempotencyKey: idempotencyKey() };
    await json(threadPath(id, "one"), 201, { body });
    await expectError(await call(threadPath(id, "two"), { body }), 409, "IDEMPOTENCY_KEY_REUSED");
    expect((await json(threadPath(id, "two"), 200)).total).toBe(0);
  });

  it("scopes keys to a site", async () => {
    const a = await createSite();
    const b = await createSite();
    const body = { body: "Same", authorName: "Ada", idempotencyKey: idempotencyKey() };
    const fromA = await json(path(a.id), 201, { body });
    const fromB = await json(path(b.id), 201, { body });
    expect(fromB.comment.id).not.toBe(fromA.comment.id);
    expect(fromB.editToken).not.toBe(fromA.editToken);
  });

  it("creates one comment from two concurrent posts with the same key", async () => {
    const { id } = await createSite();
    const body = { body: "Raced", authorName: "Ada", idempotencyKey: idempotencyKey() };
    const responses = await Promise.all([call(path(id), { body }), call(path(id), { body })]);
    const results = await Promise.all(
      responses.map(async (res) => {
        expect(res.status).toBe(201);
        return { replayed: res.headers.get("Idempotent-Replayed"), ...(await res.json<any>()) };
      }),
    );
    expect(results[0].comment.id).toBe(results[1].comment.id);
    expect(results[0].editToken).toBe(results[1].editToken);
    expect(results.filter((r) => r.replayed === "true")).toHaveLength(1);
    expect(await countCommentRows(id)).toBe(1);
    expect((await json(path(id), 200)).total).toBe(1);
  });

  it("creates one comment from many concurrent posts with the same key", async () => {
    const { id } = await createSite();
    const body = { body: "Stampede", authorName: "Ada", idempotencyKey: idempotencyKey() };
    const responses = await Promise.all(Array.from({ length: 8 }, () => call(path(id), { body })));
    const ids = new Set(await Promise.all(responses.map(async (res) => (await res.json<any>()).comment.id)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(ids.size).toBe(1);
    expect(await countCommentRows(id)).toBe(1);
    expect((await json(path(id), 200)).total).toBe(1);
  });
});

describe("reply nesting when times tie", () => {
  it("nests a reply under its parent reply when both have the same timestamp", async () => {
    const { id } = await createSite();
    const root = (await postComment(id, "t", { body: "root" })).comment;
    const child = (await postComment(id, "t", { body: "child", parentId: root.id })).comment;
    const grandchild = (await postComment(id, "t", { body: "grandchild", parentId: child.id })).comment;
    const parentId = "zzzzzzzzzzzzzzzz"; // same millisecond; the parent's id sorts after its reply's
    await env.DB.batch([
      env.DB.prepare("UPDATE comments SET id = ?2, created_at = 1 WHERE id = ?1").bind(child.id, parentId),
      env.DB.prepare("UPDATE comments SET parent_id = ?2, created_at = 1 WHERE id = ?1").bind(grandchild.id, parentId),
    ]);
    const page = await json(threadPath(id, "t"), 200);
    expect(page.comments[0].replies.map((r: any) => r.id)).toEqual([parentId]);
    expect(page.comments[0].replies[0].replies.map((r: any) => r.id)).toEqual([grandchild.id]);
  });
});
