// Disqus exports as Disqus writes them: every outbound link of a comment goes through its redirector, disq.us.
import { describe, expect, it } from "vitest";
import { createSite, parleyJson, qaFixture, thread } from "./harness";

/** Every link target in a document tree. */
function hrefs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(hrefs);
  if (typeof node !== "object" || node === null) return [];
  const n = node as Record<string, unknown>;
  return [...(typeof n.href === "string" ? [n.href] : []), ...hrefs(n.c), ...hrefs(n.items)];
}

describe("parley import disqus of links through disq.us", () => {
  it("points each link at its own address again, without Disqus's signature; one that names no web address stays as it was", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "disqus", qaFixture("disqus-redirect-links.xml"), "--no-progress"], token);
    expect(r.imported).toBe(1);
    const [comment] = (await thread(site, "/2018/links/")).comments;
    const links = hrefs(comment.body);
    expect(links.slice(0, 2)).toEqual(["https://github.com/example/project/blob/main/README.md#usage", "http://example.com/search?q=a&page=2"]);
    expect(links[2]).toMatch(/^https:\/\/disq\.us\/url\?url=javascript/);
    expect(links[3]).toBe("https://blog.example.com/about/");
  });
});
