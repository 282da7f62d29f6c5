import { describe, expect, it } from "vitest";
import { call, countCommentRows, createSite, json, threadPath } from "./helpers";

describe("concurrent posts", () => {
  it("stores exactly one comment per idempotency key when hundreds of posts race, a quarter of them retried", async () => {
    const { id } = await createSite();
    const unique = 200;
    const posts = Array.from({ length: unique }, (_, n) => ({
      body: `Concurrent comment ${n}`,
      authorName: `Reader ${n}`,
      idempotencyKey: `concurrent-key-${String(n).padStart(6, "0")}`,
    }));
    // A quarter of the posts are sent twice, at the same time as everything else.
    const retries = posts.filter((_, n) => n % 4 === 0);
    const requests = [...posts, ...retries].sort(() => Math.random() - 0.5);
    const responses = await Promise.all(requests.map((body) => call(threadPath(id, "race"), { body })));
    const results = await Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.json<any>() })));

    expect(results.every((r) => r.status === 201)).toBe(true);
    // Every retry got the same comment and edit token as its original.
    const byKey = new Map<string, Set<string>>();
    requests.forEach((req, i) => {
      const seen = byKey.get(req.idempotencyKey) ?? new Set();
      seen.add(`${results[i].body.comment.id}/${results[i].body.editToken}`);
      byKey.set(req.idempotencyKey, seen);
    });
    expect([...byKey.values()].every((seen) => seen.size === 1)).toBe(true);

    expect(await countCommentRows(id)).toBe(unique);
    const page = await json(`${threadPath(id, "race")}?limit=1`, 200);
    expect(page.total).toBe(unique);
    expect((await json(`/sites/${id}/counts?threads=race`, 200)).counts.race).toBe(unique);
  }, 60_000);
});
