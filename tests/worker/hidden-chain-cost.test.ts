// What a thread read costs when a reply chain has hidden replies in it, on a site with many published replies
// elsewhere and no statistics for SQLite's planner (a new D1 database has none): each hidden reply is followed down
// its own replies, never through the site's. Measured from D1's own rows_read.
import { describe, expect, it } from "vitest";
import { call, createSite, importInBatches, importItem, json, threadPath } from "./helpers";

const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));
const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
/** A run of hidden replies is followed at most this deep (HIDDEN_RUN in worker/storage/thread-pages.ts). */
const HIDDEN_RUN = 8;

/** Comments on a page, replies included. */
const shown = (list: any[]): number => list.reduce((n, c) => n + 1 + shown(c.replies), 0);

describe("D1 rows of a reply chain with hidden replies, on a big site", () => {
  it("reads a bounded number of rows per hidden reply, not the site's published replies for each", async () => {
    const { id, ownerToken } = await createSite();
    // Elsewhere on the site: 3,000 published comments, 60 top-level ones with 49 replies each.
    const elsewhere = [];
    for (let n = 0; n < 3000; n++) elsewhere.push(importItem("/elsewhere/", `e${n}`, n % 50 ? `e${n - (n % 50)}` : null, "published", at(n)));
    await importInBatches(id, ownerToken, elsewhere);
    // A conversation of 250 replies, each answering the one before: 5-39 rejected, 100-199 deleted.
    const status = (n: number) => (n >= 5 && n <= 39 ? "rejected" : n >= 100 && n < 200 ? "deleted" : "published");
    const chain = [importItem("/chain/", "c0", null, "published", at(0))];
    for (let n = 1; n <= 250; n++) chain.push(importItem("/chain/", `c${n}`, `c${n - 1}`, status(n), at(n)));
    await importInBatches(id, ownerToken, chain);
    const hidden = 135;

    // Each hidden reply the scan passes costs at most a run of HIDDEN_RUN steps and a look for a published reply at
    // each; before, SQLite looked through every published reply of the site for each (99 million rows here).
    const bound = (page: number) => page + 2 * HIDDEN_RUN * hidden + 10;
    const res = await call(`${threadPath(id, "/chain/")}?limit=20`);
    const page = await res.json<any>();
    expect(shown(page.comments)).toBeGreaterThan(20);
    expect(rowsRead(res)).toBeLessThanOrEqual(bound(shown(page.comments)));

    const root = page.comments[0];
    expect(root.moreReplies).toBeTruthy();
    const more = await call(`${threadPath(id, "/chain/")}/${root.id}/replies?cursor=${encodeURIComponent(root.moreReplies)}`);
    const rest = await more.json<any>();
    expect(rest.replies.length).toBeGreaterThan(10);
    expect(rowsRead(more)).toBeLessThanOrEqual(bound(rest.replies.length));
    expect((await json(`${threadPath(id, "/elsewhere/")}?limit=1`, 200)).total).toBe(3000);
  }, 120_000);
});
