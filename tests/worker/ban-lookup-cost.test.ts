// What the ban check of a comment POST costs on a site with many bans: each kind (e-mail, IP, name) is sought by its
// value, so a post reads the bans that match it, not every ban of the site. Measured from D1's own rows_read.
import { describe, expect, it } from "vitest";
import { call, createSite, threadPath } from "./helpers";

const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));

/** 400 bans of every kind, none of them on the readers below (imported: the values are taken as they are). */
async function ban400(siteId: string, ownerToken: string) {
  const types = ["email", "ip", "name"] as const;
  for (let b = 0; b < 2; b++) {
    const bans = Array.from({ length: 200 }, (_, i) => ({
      source: "wordpress",
      sourceId: `ban${b}-${i}`,
      type: types[i % 3],
      value: types[i % 3] == "name" ? `spammer ${b} ${i}` : `h${b}x${i}`.padEnd(20, "0"),
      hint: `Spammer ${b} ${i}`,
      mode: i % 2 ? "shadow" : "visible",
      createdAt: "2025-01-01T00:00:00Z",
    }));
    const res = await call(`/sites/${siteId}/import`, { token: ownerToken, body: { bans } });
    expect(res.status).toBe(200);
  }
}

const post = (siteId: string, authorName: string, ip: string) =>
  call(threadPath(siteId, "/post/"), { body: { body: "Hello there", authorName, authorEmail: "reader@example.com" }, headers: { "CF-Connecting-IP": ip } });

describe("D1 rows of a comment POST, on a site with 400 bans", () => {
  it("reads no more rows than on a site without bans, and still finds a ban of each kind", async () => {
    const bare = await createSite();
    const banned = await createSite();
    await ban400(banned.id, banned.ownerToken);

    const without = await post(bare.id, "Grace", "203.0.113.7");
    const withBans = await post(banned.id, "Grace", "203.0.113.7");
    expect([without.status, withBans.status]).toEqual([201, 201]);
    // The same post on the same kind of site: only the 400 bans differ. Before, it read every one of them (9 rows
    // without bans, 409 with them; now 9 and 9).
    expect(rowsRead(withBans) - rowsRead(without)).toBeLessThanOrEqual(2);

    // A ban by name (visible) and one by IP (shadow) of this reader: the visible one wins, and it is still found.
    for (const [type, value, mode] of [["name", "Ada", "visible"], ["ip", "198.51.100.9", "shadow"]]) {
      const res = await call(`/sites/${banned.id}/bans`, { token: banned.ownerToken, body: { type, value, mode } });
      expect(res.status).toBe(201);
    }
    const refused = await post(banned.id, "Ada", "198.51.100.9");
    expect(refused.status).toBe(403);
    // It reads the two bans that match (each an index entry and a row; the name's once per spelling looked up, three
    // here), not the 402 (407 rows before, 15 now).
    expect(rowsRead(refused) - rowsRead(without)).toBeLessThanOrEqual(8);
  }, 120_000);
});
