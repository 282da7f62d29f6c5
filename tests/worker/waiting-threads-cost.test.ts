// What the owner's "waiting" filter of the thread list costs on a big site: it follows the comments in the queue,
// not every comment of the site. Measured from D1's own rows_read.
import { describe, expect, it } from "vitest";
import { call, createSite, importInBatches, importItem } from "./helpers";

const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));
const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();

describe("D1 rows of the owner's waiting threads, on a big site", () => {
  it("reads rows for the comments in the queue and their threads, not for the site's other comments", async () => {
    const { id, ownerToken } = await createSite();
    // 3,000 published comments on 300 threads, and 12 pending ones on 6 of those threads (two each, at once).
    const items = [];
    for (let n = 0; n < 3000; n++) items.push(importItem(`/page-${n % 300}/`, `c${n}`, null, "published", at(n)));
    for (let n = 0; n < 12; n++) items.push(importItem(`/page-${(n >> 1) * 50}/`, `p${n}`, null, "pending", at(4000 + (n >> 1))));
    await importInBatches(id, ownerToken, items);

    const keys: string[] = [];
    const rows: number[] = [];
    for (let cursor: string | null = null; ; ) {
      const res = await call(`/sites/${id}/threads?waiting=true&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: ownerToken });
      expect(res.status).toBe(200);
      const page = await res.json<any>();
      for (const t of page.threads) {
        expect(t.pendingCount).toBe(2);
        keys.push(t.key);
      }
      rows.push(rowsRead(res));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    // Newest first: the threads are as old as their first published comment, /page-0/ the oldest.
    expect(keys).toEqual([250, 200, 150, 100, 50, 0].map((n) => `/page-${n}/`));
    // Each page: the 12 queue entries and their comments, the 6 threads and their counts (2 entries each), and a
    // dozen for the site and the owner's token (44 and 28 rows here). Before, every page read the site's 3,012
    // comments (3,278 and 3,120 rows).
    expect(rows.filter((n) => n > 2 * 12 + 6 + 2 * 6 + 12)).toEqual([]);
  }, 120_000);
});
