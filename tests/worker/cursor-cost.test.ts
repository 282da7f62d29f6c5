// What a later page of a long listing costs: every cursor seeks into its index, so page k reads about one page of
// rows, not the k - 1 pages before it as well. Measured from D1's own rows_read on sites of thousands of rows.
import { describe, expect, it } from "vitest";
import { ADMIN, call, createSite, env, importInBatches, importItem, threadPath } from "./helpers";

const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));
const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
/** Rows a request reads besides its page: the site, the owner's token, a thread or a top-level comment. */
const OVERHEAD = 12;

/**
 * Follows a listing's cursors to its end, checking that no page reads more than `bound` rows; returns its items in
 * order, and how many pages there were.
 */
async function walk(path: (cursor: string | null) => string, items: (body: any) => any[], bound: number, token?: string) {
  const all: any[] = [];
  const rows: number[] = [];
  let pages = 0;
  for (let cursor: string | null = null; ; ) {
    const res = await call(path(cursor), { token });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    pages++;
    all.push(...items(body));
    rows.push(rowsRead(res));
    if (!body.nextCursor) {
      // Every page within the bound: before, page k also read the k - 1 pages before it.
      expect.soft(rows.filter((n) => n > bound), path(null)).toEqual([]);
      return { all, pages };
    }
    cursor = body.nextCursor;
  }
}

/** Items in (time, id) order, as a keyset listing gives them: no row twice, none skipped at a tie. */
const byTimeAndId = (items: any[]) => items.map((i) => `${i.createdAt} ${i.id}`);
const sorted = (keys: string[]) => keys.toSorted();

const withCursor = (base: string, cursor: string | null) => (cursor ? `${base}${base.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}` : base);

describe("D1 rows of a later page, on a big site", () => {
  it("reads one page of rows for each page of the export, the GDPR export, more replies and the owner's threads", async () => {
    const { id, ownerToken } = await createSite();
    // One top-level comment with 1,000 replies, and 1,000 comments of one address on 500 other threads, in pairs
    // posted at the same time (a cursor resumes between them by id).
    const items = [importItem("/long/", "l0", null, "published", at(0))];
    for (let n = 1; n <= 1000; n++) items.push(importItem("/long/", `l${n}`, "l0", "published", at(n)));
    for (let n = 0; n < 1000; n++) items.push({ ...importItem(`/t${n >> 1}/`, `t${n}`, null, "published", at(2000 + (n >> 1))), authorEmail: "ada@example.com" } as any);
    await importInBatches(id, ownerToken, items);
    // And 1,000 locked threads with no comments, in pairs opened at the same time.
    for (let b = 0; b < 5; b++) {
      const threads = Array.from({ length: 200 }, (_, i) => ({ key: `/empty-${b}-${i}/`, locked: true, createdAt: at(5000 + b * 200 + (i >> 1)) }));
      const res = await call(`/sites/${id}/import`, { token: ownerToken, body: { threads } });
      expect(res.status).toBe(200);
    }

    const comments = await walk((c) => withCursor(`/sites/${id}/export?part=comments`, c), (b) => b.items, 501 + OVERHEAD, ownerToken);
    expect(comments.all.length).toBe(2001);
    expect(comments.pages).toBe(5);
    expect(new Set(comments.all.map((c) => c.id)).size).toBe(2001);
    expect(byTimeAndId(comments.all)).toEqual(sorted(byTimeAndId(comments.all)));
    const threads = await walk((c) => withCursor(`/sites/${id}/export?part=threads`, c), (b) => b.items, 501 + OVERHEAD, ownerToken);
    expect(threads.all.length).toBe(1501);
    expect(threads.all.map((t) => t.key)).toEqual(threads.all.map((t) => t.key).toSorted());

    // The GDPR export goes by POST with its cursor in the body.
    const gdpr: any[] = [];
    const gdprRows: number[] = [];
    for (let cursor: string | undefined, page = 1; ; page++) {
      const res = await call(`/sites/${id}/gdpr/export`, { token: ownerToken, body: { email: "ada@example.com", ...(cursor ? { cursor } : {}) } });
      expect(res.status).toBe(200);
      const body = await res.json<any>();
      gdpr.push(...body.comments);
      gdprRows.push(rowsRead(res));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(new Set(gdpr.map((c) => c.id)).size).toBe(1000);
    expect(byTimeAndId(gdpr)).toEqual(sorted(byTimeAndId(gdpr)));
    // Its index holds no column of the comment's: each of the 201 rows a page asks for is an index entry and a row.
    expect.soft(gdprRows.filter((n) => n > 2 * 201 + OVERHEAD)).toEqual([]);

    // More replies after the 50 a thread page shows, 100 at a time: the last page starts 950 replies in.
    const page = await (await call(`${threadPath(id, "/long/")}?limit=1`)).json<any>();
    const replies = await walk(
      (c) => `${threadPath(id, "/long/")}/${page.comments[0].id}/replies?limit=100&cursor=${encodeURIComponent(c ?? page.comments[0].moreReplies)}`,
      (b) => b.replies,
      101 + OVERHEAD,
    );
    expect(replies.all.map((r) => r.createdAt)).toEqual(Array.from({ length: 950 }, (_, i) => at(51 + i).replace(/:00Z$/, ":00.000Z")));

    // The owner's threads, newest first, 100 a page: 1,501 of them.
    const owned = await walk((c) => withCursor(`/sites/${id}/threads?limit=100`, c), (b) => b.threads, 101 + OVERHEAD, ownerToken);
    expect(owned.all.length).toBe(1501);
    expect(new Set(owned.all.map((t) => t.key)).size).toBe(1501);
    expect(owned.all.map((t) => t.createdAt)).toEqual(sorted(owned.all.map((t) => t.createdAt)).toReversed());
  }, 300_000);

  it("reads one page of rows for each page of the bans, the audit log, the articles and the operator's sites", async () => {
    const { id, ownerToken } = await createSite();
    // 1,000 bans, in five imports.
    for (let b = 0; b < 5; b++) {
      const bans = Array.from({ length: 200 }, (_, i) => ({
        source: "wordpress",
        sourceId: `ban${b}-${i}`,
        type: "name",
        value: `spammer ${b} ${i}`,
        hint: `Spammer ${b} ${i}`,
        mode: "visible",
        createdAt: at(b * 200 + (i >> 1)),
      }));
      const res = await call(`/sites/${id}/import`, { token: ownerToken, body: { bans } });
      expect(res.status).toBe(200);
    }
    const exported = await walk((c) => withCursor(`/sites/${id}/export?part=bans`, c), (b) => b.items, 501 + OVERHEAD, ownerToken);
    expect(new Set(exported.all.map((b) => b.id)).size).toBe(1000);
    expect(byTimeAndId(exported.all)).toEqual(sorted(byTimeAndId(exported.all)));
    const bans = await walk((c) => withCursor(`/sites/${id}/bans?limit=100`, c), (b) => b.bans, 101 + OVERHEAD, ownerToken);
    expect(bans.all.map((b) => b.id)).toEqual(exported.all.map((b) => b.id).toReversed());

    // 1,000 audit entries, pairs of them at the same time (straight into D1: no route writes so many quickly).
    const entries = Array.from({ length: 1000 }, (_, i) =>
      env.DB.prepare(
        `INSERT INTO audit_log (id, site_id, actor, action, target_type, target_id, before, after, created_at)
         VALUES (?1, ?2, 'owner', 'ban.create', 'ban', ?1, NULL, NULL, ?3)`,
      ).bind(`audit-${id}-${String(i).padStart(4, "0")}`, id, Date.UTC(2025, 0, 1) + (i >> 1)),
    );
    await env.DB.batch(entries);
    const audit = await walk((c) => withCursor(`/sites/${id}/audit?limit=100`, c), (b) => b.entries, 101 + OVERHEAD, ownerToken);
    expect(audit.all.filter((e) => e.id.startsWith("audit-")).map((e) => e.id)).toEqual(
      Array.from({ length: 1000 }, (_, i) => `audit-${id}-${String(999 - i).padStart(4, "0")}`),
    );

    // 600 article listings, pairs of them published at the same time (their documents are not needed to list them).
    const articles = Array.from({ length: 600 }, (_, i) =>
      env.DB.prepare(
        `INSERT INTO articles (site_id, slug, title, author, published_at, image, updated_at) VALUES (?1, ?2, ?2, NULL, ?3, NULL, ?3)`,
      ).bind(id, `a${String(i).padStart(3, "0")}`, Date.UTC(2025, 0, 1) + (i >> 1)),
    );
    await env.DB.batch(articles);
    const listed = await walk((c) => withCursor(`/sites/${id}/articles?limit=100`, c), (b) => b.articles, 101 + OVERHEAD);
    expect(listed.all.map((a) => a.slug)).toEqual(Array.from({ length: 600 }, (_, i) => `a${String(599 - i).padStart(3, "0")}`));
    const slugs = await walk((c) => withCursor(`/sites/${id}/export?part=articles`, c), () => [], 21 + OVERHEAD, ownerToken);
    expect(slugs.pages).toBe(30);

    // The operator's sites, 5 a page, past 60 more.
    for (let n = 0; n < 60; n++) await createSite();
    const sites = await walk((c) => withCursor("/sites?limit=5", c), (b) => b.sites, 6 + OVERHEAD, ADMIN);
    expect(sites.all.length).toBeGreaterThan(60);
  }, 300_000);
});
