// The progress bar of an import that stops before the file's end (Ctrl-C, a file that breaks off) does not say it
// sent the whole file: it ends with what it sent of an estimated total, not "100% (250/250)".
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createSite, parley, proxy, type ProxyAction } from "./harness";

/** The progress lines an import wrote on standard error (drawn as lines when standard error is not a terminal). */
const progressLines = (stderr: string) => stderr.split(/[\r\n]+/).filter((line) => / comments( sent)? \|/.test(line));

const pad = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(20);
const post = (i: number) =>
  `<post dsq:id="${i}"><message><![CDATA[<p>Comment ${i}: ${pad}</p>]]></message><createdAt>2020-01-01T10:00:00Z</createdAt><author><name>R${i}</name></author><thread dsq:id="1"/></post>`;

/** A Disqus export of `n` comments of 1.3 KB, with `middle` after the first `before` of them. */
async function disqus(n: number, before = n, middle = "") {
  const file = join(await mkdtemp(join(tmpdir(), "parley-progress-stop-")), "export.xml");
  const posts = Array.from({ length: n }, (_, i) => post(i + 1));
  await writeFile(
    file,
    `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n` +
      `<thread dsq:id="1"><link>https://blog.example.com/big/</link></thread>\n${posts.slice(0, before).join("\n")}${middle}${posts.slice(before).join("\n")}\n</disqus>\n`,
  );
  return file;
}

const lastCounts = (stderr: string) => {
  const last = progressLines(stderr).at(-1) ?? "";
  const [, value, total] = last.match(/\| ([\d,]+)\/(~?[\d,]+) comments/) ?? [];
  return { last, value: Number(value?.replace(/,/g, "")), total };
};

describe("the progress bar of an import that stops early", () => {
  it("ends, for a file that breaks off, with what it sent of an estimated total", async () => {
    const { site, token } = await createSite("stop");
    // The break is in the reader's first 256 KiB of 650 KB.
    const file = await disqus(500, 100, "\n<post dsq:id=\"broken\"><message>unclosed</post>\n");
    const r = await parley(["--site", site, "import", "disqus", file], { token });
    expect(r.stderr).toContain("is not well-formed XML");
    const { last, value, total } = lastCounts(r.stderr);
    expect(last).not.toMatch(/100%/);
    expect(value).toBe(100);
    expect(total).toMatch(/^~/);
  });

  it("ends, when Ctrl-C stops it, with what it sent of an estimated total", async () => {
    const { site, token } = await createSite("stop");
    const file = await disqus(1000);
    let child: ChildProcess | undefined;
    let requests = 0;
    // Ctrl-C once the first request is in, as an owner would press it.
    const slow = await proxy(async (req): Promise<ProxyAction> => {
      if (req.path.endsWith("/import") && ++requests === 1) child?.kill("SIGINT");
      return "pass";
    });
    try {
      const r = await parley(["--site", site, "import", "disqus", file], { token, env: { PARLEY_URL: slow.url }, onSpawn: (c) => (child = c) });
      expect(r.code, r.stderr).toBe(130);
      const { last, value } = lastCounts(r.stderr);
      expect(last).not.toMatch(/100%/);
      expect(value).toBeLessThan(1000);
    } finally {
      await slow.close();
    }
  });

  it("is not drawn for a file refused before any of it is read, which says so alone", async () => {
    const { site, token } = await createSite("stop");
    const file = join(await mkdtemp(join(tmpdir(), "parley-progress-stop-")), "feed.xml");
    await writeFile(file, `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>A feed</title></channel></rss>\n`);
    const r = await parley(["--site", site, "import", "disqus", file], { token });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not a Disqus export: its root element is <rss>");
    expect(progressLines(r.stderr)).toEqual([]);
  });
});
