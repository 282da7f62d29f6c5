import { describe, expect, it } from "vitest";
import { call, createSite, postComment, threadPath } from "./helpers";

const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));

describe("D1 cost of reading a thread", () => {
  it("reads one page of rows (plus the thread row) for a cold thread view, however long the thread is", async () => {
    const { id } = await createSite();
    // The widget's first request reads the site; comment writes leave its cached record warm.
    await call(`/sites/${id}`);
    const sizes: Record<number, number> = {};
    for (const total of [25, 120]) {
      const thread = `long-${total}`;
      for (let n = 0; n < total; n++) await postComment(id, thread, { body: `comment ${n}` });
      sizes[total] = rowsRead(await call(`${threadPath(id, thread)}?limit=20`));
    }
    // 20 top-level rows and the thread row, whose published count tells whether a next page exists.
    for (const rows of Object.values(sizes)) expect(rows).toBeLessThanOrEqual(20 + 1);
    expect(Math.abs(sizes[120] - sizes[25])).toBeLessThanOrEqual(1);
    // 145 posts one after another: room for a loaded machine (this test measures rows, never time).
  }, 60_000);
});

describe("D1 cost of counts", () => {
  it("reads counts for 50 threads without touching the comments", async () => {
    const { id } = await createSite();
    await postComment(id, "k-1", { body: "one" });
    const keys = Array.from({ length: 50 }, (_, n) => `k-${n}`);
    const res = await call(`/sites/${id}/counts?threads=${keys.join(",")}`);
    expect((await res.json<any>()).counts["k-1"]).toBe(1);
    expect(rowsRead(res)).toBeLessThanOrEqual(3 * 50 + 2);
  });
});
