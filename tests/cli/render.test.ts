// `parley render`: the worker's /embed fragment on standard output or in a file, as a static-site build uses it.
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { api, createSite, parley, workerUrl } from "./harness";

async function siteWithArticle() {
  const { site, token } = await createSite("render");
  // Comments posted straight through the API, without a form token.
  expect((await api(`/sites/${site}`, { method: "PATCH", token, body: { minFillSeconds: 0 } })).status).toBe(200);
  const put = await api(`/sites/${site}/articles/hello`, { method: "PUT", token, body: { title: "Hello <world>", body: "First *post*." } });
  expect(put.status).toBe(201);
  const posted = await api(`/sites/${site}/threads/hello/comments`, { body: { authorName: "Ada", body: "Nice one" } });
  expect(posted.status).toBe(201);
  return { site, commentId: posted.body.comment.id as string };
}

describe("parley render", () => {
  it("prints the fragment for a static-site build, the same HTML /embed answers", async () => {
    const { site, commentId } = await siteWithArticle();
    const r = await parley(["render", site, "hello", "--page-url", "https://blog.example.com/hello/", "--theme", "auto"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^<parley-article site="${site}" slug="hello" theme="auto"><template shadowrootmode="open">`));
    expect(r.stdout).toContain('<h1 class="title" part="title" dir="auto">Hello &lt;world&gt;</h1>');
    expect(r.stdout).toContain(`href="https://blog.example.com/hello/#comment-${commentId}"`);
    expect(r.stdout).toContain("<script type=\"application/json\" data-parley-view>");
    const direct = await fetch(`${workerUrl()}/embed/${site}/hello?url=${encodeURIComponent("https://blog.example.com/hello/")}&theme=auto`);
    expect(r.stdout).toBe(`${await direct.text()}\n`);
  });

  it("writes it to a file with --out", async () => {
    const { site } = await siteWithArticle();
    const dir = await mkdtemp(join(tmpdir(), "parley-render-"));
    const out = join(dir, "comments.html");
    const r = await parley(["render", site, "hello", "--out", out, "--heading-level", "2"]);
    expect(r.code, r.stderr).toBe(0);
    // The size said is the file's, its last newline too.
    expect(r.stdout).toBe(`Wrote hello (${(await stat(out)).size} bytes) to ${out}.\n`);
    const html = await readFile(out, "utf8");
    expect(html).toContain('heading-level="2"');
    expect(html).toContain('role="heading" aria-level="2"');
  });

  it("exits 1 with the API's code for an unknown article, and 2 on a usage error, a value the API refuses too, naming its option", async () => {
    const { site } = await siteWithArticle();
    const missing = await parley(["render", site, "nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("ARTICLE_NOT_FOUND");
    // A value the API refuses is the option's, named as typed: the fragment's `url` is --page-url, not --url.
    for (const pageUrl of ["not-a-url", "javascript:alert(1)", `https://blog.example.com/${"x".repeat(2048)}`]) {
      const bad = await parley(["render", site, "hello", "--page-url", pageUrl]);
      expect([bad.code, bad.stderr], pageUrl).toEqual([2, "parley: --page-url: Give the host page's http(s) address.\n"]);
    }
    const lang = await parley(["render", site, "hello", "--lang", "not a tag", "--page-url", "nope"]);
    expect([lang.code, lang.stderr]).toEqual([2, "parley: --page-url: Give the host page's http(s) address.\n  --lang: A language tag such as en or pt-BR.\n"]);
    const usage = await parley(["render", site]);
    expect(usage.code).toBe(2);
    const choice = await parley(["render", site, "hello", "--theme", "purple"]);
    expect(choice.code).toBe(2);
    const level = await parley(["render", site, "hello", "--heading-level", "9"]);
    expect(level.code).toBe(2);
    expect(level.stderr).toContain("--heading-level");
  });
});
