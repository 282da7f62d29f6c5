// A route's path and query values are parsed by their schema once and remembered by their text (routes/middleware.ts):
// the answers must be what parsing every time gave. A refused value stays refused, however often accepted ones came
// before and after it; each route and each value keeps its own answer; and the answer a handler gets cannot be
// changed by it for the next request.
import { describe, expect, it } from "vitest";
import { call, createSite, expectError, json, postComment, threadPath } from "./helpers";

describe("remembered path and query values", () => {
  it("answers each value as parsing it would, again and again, and keeps refusing a bad one", async () => {
    const { id } = await createSite();
    for (const [i, body] of ["First", "Second", "Third"].entries()) await postComment(id, "/remembered/", { body, authorName: `R${i}` });
    const page = (query: string) => json(`${threadPath(id, "/remembered/")}?${query}`, 200);
    for (let round = 0; round < 3; round++) {
      const oldest = await page("sort=oldest&limit=2");
      expect(oldest.comments.map((c: { authorName: string }) => c.authorName)).toEqual(["R0", "R1"]);
      expect(oldest.sort).toBe("oldest");
      expect(oldest.nextCursor).toEqual(expect.any(String));
      const newest = await page("sort=newest&limit=2");
      expect(newest.sort).toBe("newest");
      expect(newest.comments.map((c: { authorName: string }) => c.authorName)).toEqual(["R2", "R1"]);
      // The same query spelled with its fields in another order: the same page.
      expect((await page("limit=2&sort=oldest")).comments.map((c: { id: string }) => c.id)).toEqual(oldest.comments.map((c: { id: string }) => c.id));
      // A later page by its cursor, then the first again: each value has its own answer.
      const later = await page(`sort=oldest&limit=2&cursor=${encodeURIComponent(oldest.nextCursor)}`);
      expect(later.comments).toHaveLength(1);
      expect(later.nextCursor).toBeNull();
      for (const bad of ["sort=sideways", "limit=0", "limit=1000", "cursor=%E2%80%A6not-a-cursor", "sort=oldest&limit=2&surprise=1"]) {
        await expectError(await call(`${threadPath(id, "/remembered/")}?${bad}`), 400, "VALIDATION_FAILED");
      }
    }
  });

  it("keeps a route's answers to itself, and a path value's per site", async () => {
    const a = await createSite();
    const b = await createSite();
    await postComment(a.id, "/shared-key/", { body: "On site A" });
    // The same thread key and query on another site, and on another route of the same site.
    expect((await json(`${threadPath(a.id, "/shared-key/")}?sort=oldest`, 200)).total).toBe(1);
    expect((await json(`${threadPath(b.id, "/shared-key/")}?sort=oldest`, 200)).total).toBe(0);
    expect((await json(`/sites/${a.id}/counts?threads=${encodeURIComponent("/shared-key/")}`, 200)).counts).toEqual({ "/shared-key/": 1 });
    await expectError(await call(`/sites/${a.id}/threads/${encodeURIComponent("bad\u0001key")}/comments`), 400, "VALIDATION_FAILED");
  });
});
