import { describe, expect, it } from "vitest";
import { call, createSite, env, postComment, threadPath } from "./helpers";
import { createOwnedSite } from "./owner-helpers";

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

describe("D1 cost of a restore's bans", () => {
  it("finds the bans sent by their ids, without reading every ban of the site", async () => {
    const site = await createOwnedSite();
    // 400 bans already there, as an earlier restore wrote them.
    const id = (i: number) => `ban_many${String(i).padStart(4, "0")}`;
    const insert = "INSERT INTO bans (site_id, id, type, value, hint, mode, reason, expires_at, created_at) VALUES (?1, ?2, 'name', ?3, ?3, 'visible', NULL, NULL, 1764547200000)";
    await env.DB.batch(Array.from({ length: 400 }, (_, i) => env.DB.prepare(insert).bind(site.id, id(i), `name ${i}`)));
    const item = (i: number) => ({ source: "parley", sourceId: id(i), type: "name", value: `name ${i}`, hint: `name ${i}`, mode: "visible", createdAt: "2026-11-01T00:00:00Z" });
    const res = await call(`/sites/${site.id}/import`, { token: site.ownerToken, body: { bans: [0, 1, 2, 3, 4].map(item) } });
    expect(res.status).toBe(200);
    expect((await res.json<any>()).bans).toEqual({ inserted: 0, present: 5 });
    // The site's record and the five bans, looked up once (by the export's ids and the ids they would get otherwise).
    expect(rowsRead(res)).toBeLessThan(40);
  });
});
