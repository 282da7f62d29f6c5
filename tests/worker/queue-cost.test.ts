// What the moderation queue reads on a site of thousands of comments: its views (a status, a thread) and its later
// pages seek their index from the cursor, so a page reads about its own rows, not the site's up to it. Measured
// from D1's own rows_read.
import { describe, expect, it } from "vitest";
import { call, createSite, importInBatches, importItem } from "./helpers";

const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));
const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
/** The site's row (the owner's token), the five statuses' counts and the lookups around the page. */
const AROUND = 12;

describe("D1 rows of the moderation queue on a big site", () => {
  it("reads about a page's rows for the pending view, a thread's view and the tenth page, not the site's", async () => {
    const { id, ownerToken } = await createSite();
    // 3,000 published comments over 30 threads, then three held ones, the oldest of the site, in a quiet thread.
    const items = [0, 1, 2].map((n) => importItem("/quiet/", `held${n}`, null, "pending", at(n)));
    for (let n = 3; n < 3003; n++) items.push(importItem(`/busy-${n % 30}/`, `c${n}`, null, "published", at(n)));
    await importInBatches(id, ownerToken, items);
    const queue = (query: string) => call(`/sites/${id}/moderation/comments?${query}`, { token: ownerToken });

    // The dashboard's first view: before, 3,000 rows (every comment newer than the held ones).
    const pending = await queue("status=pending&limit=50");
    expect((await pending.clone().json<any>()).comments).toHaveLength(3);
    expect(rowsRead(pending)).toBeLessThanOrEqual(3 + AROUND);

    // A thread's view reads that thread (and sorts it); before, the site's comments newer than its oldest.
    const thread = await queue(`thread=${encodeURIComponent("/quiet/")}&limit=50`);
    expect((await thread.clone().json<any>()).comments).toHaveLength(3);
    expect(rowsRead(thread)).toBeLessThanOrEqual(3 + AROUND);

    // The tenth page of 100 reads its 101 rows; before, the 1,000 of the pages before it too.
    let cursor = "";
    let res: Response | undefined;
    const seen = new Set<string>();
    for (let page = 1; page <= 10; page++) {
      res = await queue(`limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      const body = await res.clone().json<any>();
      for (const c of body.comments) seen.add(c.id);
      cursor = body.nextCursor;
    }
    expect(seen.size).toBe(1000);
    expect(rowsRead(res!)).toBeLessThanOrEqual(101 + AROUND);
  }, 120_000);

  it("walks at most 2,000 comments a request for a search, resuming where it stopped, and finds every match once", async () => {
    const { id, ownerToken } = await createSite();
    // 4,500 comments; the words searched for are in three of the oldest, and an author's name in two of the newest.
    const items = [];
    for (let n = 0; n < 4500; n++) {
      const item = importItem(`/page-${n % 45}/`, `s${n}`, null, "published", at(n));
      if (n === 3 || n === 7 || n === 11) item.body = `A kumquat tart, take ${n}`;
      if (n === 4498 || n === 4499) item.authorName = "Quince Q.";
      items.push(item);
    }
    await importInBatches(id, ownerToken, items);

    const search = async (query: string) => {
      const found: string[] = [];
      const rows: number[] = [];
      for (let cursor: string | null = null; ; ) {
        const res = await call(`/sites/${id}/moderation/comments?${query}&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: ownerToken });
        expect(res.status).toBe(200);
        const page = await res.json<any>();
        found.push(...page.comments.map((c: any) => c.source));
        rows.push(rowsRead(res));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return { found, rows };
    };
    // Words: three walks of at most 2,000 (4,500 comments), the first two finding nothing yet; before, one request
    // read all 4,500 and found the three.
    const words = await search("q=KUMQUAT");
    expect(words.found).toEqual(["A kumquat tart, take 11", "A kumquat tart, take 7", "A kumquat tart, take 3"]);
    expect(words.rows).toHaveLength(3);
    expect(words.rows.filter((n) => n > 2000 + AROUND)).toEqual([]);
    // An author among the newest: the first walk finds both, and the last page says so (no cursor past the site's end).
    const author = await search(`author=${encodeURIComponent("quince q.")}`);
    expect(author.found).toHaveLength(2);
    expect(author.rows.length).toBeLessThanOrEqual(3);
  }, 120_000);
});
