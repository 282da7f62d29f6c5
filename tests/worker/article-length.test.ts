// How long an article may be: a realistic long post renders whole, one over the limit is refused naming its body,
// and one stored before the limit came down is still read (rendered again from its source) and edited by shortening.
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../worker/contract/limits";
import { createStores } from "../../worker/storage";
import { longArticle } from "../fixtures/long-article";
import { call, createSite, env, expectInvalid, json, putArticle } from "./helpers";

/** How many blocks of each kind a tree holds, anywhere in it (an explicit stack). */
function kinds(doc: unknown): Record<string, number> {
  const seen: Record<string, number> = {};
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const n = node as { t: string; c?: unknown; items?: unknown };
    seen[n.t] = (seen[n.t] ?? 0) + 1;
    if (n.c) stack.push(n.c);
    if (n.items) stack.push(n.items);
  }
  return seen;
}

describe("an article's length", () => {
  it("publishes a realistic long post of some 44,000 characters whole: every heading, list, code block, link and image", async () => {
    const { id, ownerToken } = await createSite();
    const body = longArticle();
    expect(body.length).toBeGreaterThan(40_000);
    expect(body.length).toBeLessThanOrEqual(LIMITS.articleBodyChars);
    const article = await putArticle(id, ownerToken, "long", { body });
    const found = kinds(article.body);
    // A title, twelve sections: each a heading, a quote, a code block, an image, three links, two lists (one nested).
    expect(found).toMatchObject({ h: 13, quote: 12, pre: 12, img: 12, a: 37, ol: 12, ul: 24 });
    const last = article.body.at(-1);
    expect(last.t).toBe("p");
    expect(JSON.stringify(last)).toMatch(/^\{"t":"p","c":\[\{"t":"text","v":"The chart above is the whole argument.*Next, we turn to what came after\."\}\]\}$/);
  });

  it(`refuses an article over ${LIMITS.articleBodyChars.toLocaleString("en-US")} characters with VALIDATION_FAILED naming its body`, async () => {
    const { id, ownerToken } = await createSite();
    const body = longArticle().repeat(2).slice(0, LIMITS.articleBodyChars + 1);
    await expectInvalid(await call(`/sites/${id}/articles/long`, { method: "PUT", token: ownerToken, body: { title: "T", body } }), "body");
    await putArticle(id, ownerToken, "long", { body: body.slice(0, LIMITS.articleBodyChars) });
  });

  it("reads an article stored before the limit came down, longer than it, and takes its edit only once it is shortened", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "old", { title: "Old", body: "Short for now." });
    // As an earlier version stored it: 100,000 characters, rendered by an older renderer (so read renders it again).
    const stores = createStores(env);
    const stored = await stores.articles.get(id, "old");
    const source = longArticle().repeat(3).slice(0, 100_000);
    await stores.articles.put(id, { ...stored!, source, tree: [], rendererVersion: 1 }, [], []);

    const read = await json<any>(`/sites/${id}/articles/old`, 200);
    expect(read.body[0]).toMatchObject({ t: "h", level: 2 });
    expect(JSON.stringify(read.body)).toContain("What we would do again");
    const raw = await json<any>(`/sites/${id}/articles/old/source`, 200, { token: ownerToken });
    expect(raw.article.body).toBe(source);

    await expectInvalid(await call(`/sites/${id}/articles/old`, { method: "PUT", token: ownerToken, body: { title: "Old", body: source } }), "body");
    const shortened = await putArticle(id, ownerToken, "old", { title: "Old", body: source.slice(0, LIMITS.articleBodyChars) }, 200);
    expect(shortened.body[0]).toMatchObject({ t: "h", level: 2 });
  });
});
