// `parley import` of a Disqus file of long, ugly comments (markup runs, entities, scripts mixed, replies before their
// parents): the CLI packs its requests within the characters the worker renders per request, so the file goes in
// more, smaller requests and every comment arrives; a second run inserts nothing.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../worker/contract/import-limits";
import { allComments, createSite, parley, parleyJson, proxy } from "./harness";

const POSTS = 30;

/** About 8,000 characters of hostile HTML: emphasis and bracket runs, entities, links, code, scripts mixed, breaks. */
function message(i: number): string {
  const units = [
    `<p>Post ${i}: Fish &amp; chips &lt;3 &#8212; <b>bold</b> <i>it</i> <a href="https://example.com/${i}?a=1&amp;b=2">link ${i}</a> 中文 Ünïcödé 🚀<br>`,
    `**not bold** [a] [a]: https://e.x __ &amp;&amp;&amp; &gt;&gt;&gt; ~~x~~ <code>x*y_z</code> `,
    `Тa Тa Тa https://a.b/x!?.,;: www.a.bc &#x1F600; &aaaa; </p><p>`,
  ];
  let html = "";
  for (let k = 0; html.length < 7_500; k++) html += units[k % units.length];
  return `${html}</p>`;
}

/** One post; odd ones answer the one before them, and come first in the file. */
function post(i: number): string {
  const parent = i % 2 === 1 ? `\n    <parent dsq:id="${200000 + i - 1}" />` : "";
  return `  <post dsq:id="${200000 + i}">
    <id />
    <message><![CDATA[${message(i)}]]></message>
    <createdAt>2022-03-01T${String(i % 24).padStart(2, "0")}:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Reader ${i}</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="8001" />${parent}
  </post>
`;
}

async function longFile(): Promise<string> {
  const order = Array.from({ length: POSTS }, (_, i) => (i % 2 === 0 ? i + 1 : i - 1));
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="8001">
    <id />
    <link>https://blog.example.com/2022/03/long-comments/</link>
    <title>Long comments</title>
    <createdAt>2022-03-01T00:00:00Z</createdAt>
    <isClosed>false</isClosed>
    <isDeleted>false</isDeleted>
  </thread>
${order.map(post).join("")}</disqus>
`;
  const file = join(await mkdtemp(join(tmpdir(), "parley-long-")), "disqus.xml");
  await writeFile(file, xml);
  return file;
}

const chars = (text: string) => [...text].length;

describe("parley import of long comments", () => {
  it("sends requests within the characters the worker takes per request, imports every comment, and a second run inserts nothing", async () => {
    const { site, token } = await createSite();
    const file = await longFile();
    const requests: number[] = [];
    const watch = await proxy(({ method, path, body }) => {
      if (method === "POST" && /\/import$/.test(path)) {
        const comments: { body: string }[] = JSON.parse(body).comments ?? [];
        if (comments.length) requests.push(comments.reduce((n, c) => n + chars(c.body), 0));
      }
      return "pass";
    });
    try {
      const r = await parley(["--json", "--site", site, "import", "disqus", file, "--no-progress"], { token, env: { PARLEY_URL: watch.url } });
      expect(r.code, r.stderr || r.stdout).toBe(0);
      const summary = JSON.parse(r.stdout);
      expect(summary).toMatchObject({ read: POSTS, imported: POSTS, present: 0, failed: [] });
    } finally {
      await watch.close();
    }
    const total = requests.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(4 * IMPORT_LIMITS.bodyChars);
    for (const n of requests) expect(n).toBeLessThanOrEqual(IMPORT_LIMITS.bodyChars);
    expect(requests.length).toBeGreaterThanOrEqual(Math.ceil(total / IMPORT_LIMITS.bodyChars));

    const stored = await allComments(site, token);
    expect(stored).toHaveLength(POSTS);
    expect(stored.filter((c) => c.parentId !== null)).toHaveLength(POSTS / 2);

    const again = await parleyJson(["--site", site, "import", "disqus", file, "--no-progress"], token);
    expect(again).toMatchObject({ imported: 0, present: POSTS, failed: [] });
    expect(await allComments(site, token)).toHaveLength(POSTS);
  });
});
