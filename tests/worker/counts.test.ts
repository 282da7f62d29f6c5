import { describe, expect, it } from "vitest";
import { call, createSite, expectError, expectInvalid, json, postComment } from "./helpers";

/** The counts URL as the widget builds it: each key percent-encoded, joined by commas, then query-encoded. */
function countsPath(site: string, keys: string[]): string {
  const q = new URLSearchParams({ threads: keys.map(encodeURIComponent).join(",") });
  return `/sites/${site}/counts?${q}`;
}

describe("GET /sites/{site}/counts", () => {
  it("counts several threads in one request, unknown threads as 0", async () => {
    const { id } = await createSite();
    const { comment } = await postComment(id, "a", { body: "1" });
    await postComment(id, "a", { body: "2" });
    await postComment(id, "a", { body: "reply", parentId: comment.id });
    await postComment(id, "b", { body: "1" });
    expect(await json(countsPath(id, ["a", "b", "never"]), 200)).toEqual({ counts: { a: 3, b: 1, never: 0 } });
  });

  it("accepts a plain comma-separated list", async () => {
    const { id } = await createSite();
    await postComment(id, "x", { body: "1" });
    expect(await json(`/sites/${id}/counts?threads=x,y`, 200)).toEqual({ counts: { x: 1, y: 0 } });
  });

  it("decodes percent-encoded keys, including slashes and commas", async () => {
    const { id } = await createSite();
    await postComment(id, "/blog/2024/hello/", { body: "1" });
    await postComment(id, "tags:a,b", { body: "1" });
    await postComment(id, "tags:a,b", { body: "2" });
    await postComment(id, "caf\u00E9 & more", { body: "1" });
    const keys = ["/blog/2024/hello/", "tags:a,b", "caf\u00E9 & more"];
    expect(await json(countsPath(id, keys), 200)).toEqual({
      counts: { "/blog/2024/hello/": 1, "tags:a,b": 2, "caf\u00E9 & more": 1 },
    });
  });

  it("takes each key once as thread=KEY, encoded as any query value: paths with % and keys with commas", async () => {
    const { id } = await createSite();
    const keys = ["/2020/05/caf%C3%A9/", "tags:a,b", "plain"];
    for (const key of keys.slice(0, 2)) await postComment(id, key, { body: `on ${key}` });
    const q = new URLSearchParams(keys.map((k) => ["thread", k]));
    expect(await json(`/sites/${id}/counts?${q}`, 200)).toEqual({ counts: { "/2020/05/caf%C3%A9/": 1, "tags:a,b": 1, plain: 0 } });
    // One key alone, and thread= with threads= together (each key counted once).
    expect(await json(`/sites/${id}/counts?thread=${encodeURIComponent(keys[0])}`, 200)).toEqual({ counts: { "/2020/05/caf%C3%A9/": 1 } });
    expect(await json(`/sites/${id}/counts?thread=plain&threads=plain,${encodeURIComponent(encodeURIComponent("tags:a,b"))}`, 200)).toEqual({ counts: { plain: 0, "tags:a,b": 1 } });
    const many = new URLSearchParams(Array.from({ length: 101 }, (_, i) => ["thread", `t${i}`]));
    await expectInvalid(await call(`/sites/${id}/counts?${many}`), "thread");
  });

  it("does not count another site's comments", async () => {
    const a = await createSite();
    const b = await createSite();
    await postComment(a.id, "shared-key", { body: "1" });
    expect(await json(countsPath(b.id, ["shared-key"]), 200)).toEqual({ counts: { "shared-key": 0 } });
  });

  it("does not count pending comments", async () => {
    const { id } = await createSite({ moderation: "pre" });
    await postComment(id, "held", { body: "1" });
    expect(await json(countsPath(id, ["held"]), 200)).toEqual({ counts: { held: 0 } });
  });

  it("answers for exactly 100 threads", async () => {
    const { id } = await createSite();
    const keys = Array.from({ length: 100 }, (_, i) => `t${i}`);
    const { counts } = await json(countsPath(id, keys), 200);
    expect(Object.keys(counts)).toHaveLength(100);
  });

  it("counts a repeated key once toward the limit", async () => {
    const { id } = await createSite();
    const keys = [...Array.from({ length: 100 }, (_, i) => `t${i}`), "t0", "t1"];
    expect(Object.keys((await json(countsPath(id, keys), 200)).counts)).toHaveLength(100);
  });

  it("answers 400 VALIDATION_FAILED to more than 100 threads", async () => {
    const { id } = await createSite();
    const keys = Array.from({ length: 101 }, (_, i) => `t${i}`);
    await expectInvalid(await call(countsPath(id, keys)), "threads");
  });

  it("answers 400 VALIDATION_FAILED when the threads parameter is missing or empty", async () => {
    const { id } = await createSite();
    const missing = await expectInvalid(await call(`/sites/${id}/counts`), "threads");
    expect(missing.details?.[0].message).toBe("Required: thread=KEY once per thread, or threads=A,B with each key percent-encoded.");
    await expectInvalid(await call(`/sites/${id}/counts?threads=`), "threads");
  });

  it("names a key that is no key where it was sent, before repeats are dropped", async () => {
    const { id } = await createSite();
    const error = await expectInvalid(await call(`/sites/${id}/counts?threads=a,a,a,a,`), "threads.4");
    expect(error.details).toHaveLength(1);
    await expectInvalid(await call(`/sites/${id}/counts?thread=a&thread=a&thread=`), "thread.2");
  });

  it("answers 400 VALIDATION_FAILED to a key that is too long", async () => {
    const { id } = await createSite();
    await expectError(await call(countsPath(id, ["k".repeat(1025)])), 400, "VALIDATION_FAILED");
  });

  it("answers 404 SITE_NOT_FOUND for an unknown site", async () => {
    await expectError(await call("/sites/no-such-site-for-counts/counts?threads=a"), 404, "SITE_NOT_FOUND");
  });
});
