// The import's progress bar tells only what it knows: the count alone before any of the file is read (never "0/1"),
// an estimated total ("~") while part of the file is read, and the exact one once all of it is.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, FIXTURES, parley, proxy, type ProxyAction } from "./harness";

/** The progress lines an import wrote on standard error (drawn as lines when standard error is not a terminal). */
const progressLines = (stderr: string) => stderr.split(/[\r\n]+/).filter((line) => / comments( sent)? \|/.test(line));

/** A Disqus export of `n` comments on one page, each padded so that the file is read in several chunks. */
async function bigDisqus(n: number) {
  const file = join(await mkdtemp(join(tmpdir(), "parley-progress-")), "export.xml");
  const pad = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(20);
  const posts = Array.from(
    { length: n },
    (_, i) =>
      `<post dsq:id="${i + 1}"><message><![CDATA[<p>Comment ${i + 1}: ${pad}</p>]]></message><createdAt>2020-01-01T10:00:00Z</createdAt>` +
      `<author><name>Reader ${i % 7}</name></author><thread dsq:id="1"/></post>`,
  );
  await writeFile(
    file,
    `\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\r\n` +
      `<thread dsq:id="1"><link>https://blog.example.com/big/</link></thread>\r\n${posts.join("\r\n")}\r\n</disqus>\r\n`,
  );
  return file;
}

describe("parley import's progress bar", () => {
  it("starts with the count alone, before it knows a total, and ends with the exact total", async () => {
    const { site, token } = await createSite();
    const r = await parley(["--site", site, "import", "disqus", join(FIXTURES, "disqus.xml")], { token });
    expect(r.code, r.stderr).toBe(0);
    const lines = progressLines(r.stderr);
    expect(lines[0]).toBe(" 0 comments sent | 0/s | reading the file…");
    expect(lines.some((line) => /\/1 comments/.test(line))).toBe(false);
    expect(lines.at(-1)).toMatch(/100% \| 16\/16 comments \| \d+\/s \| ETA/);
  });

  it("marks the total as an estimate while it has read only part of a large file, and never shows fewer than it sent", async () => {
    const { site, token } = await createSite();
    const file = await bigDisqus(1200);
    // Each import request is held a little, so that the bar is drawn (every 2 s without a terminal) while reading.
    const slow = await proxy(async (): Promise<ProxyAction> => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      return "pass";
    });
    try {
      const r = await parley(["--site", site, "import", "disqus", file], { token, env: { PARLEY_URL: slow.url } });
      expect(r.code, r.stderr).toBe(0);
      const lines = progressLines(r.stderr);
      expect(lines[0]).toBe(" 0 comments sent | 0/s | reading the file…");
      const estimated = lines.filter((line) => line.includes("/~"));
      expect(estimated.length, lines.join("\n")).toBeGreaterThan(0);
      for (const line of lines.slice(1)) {
        const [, value, total] = line.match(/\| ([\d,]+)\/~?([\d,]+) comments/) ?? [];
        expect(Number(value.replace(/,/g, "")), line).toBeLessThanOrEqual(Number(total.replace(/,/g, "")));
      }
      expect(lines.at(-1)).toMatch(/100% \| 1200\/1200 comments/);
    } finally {
      await slow.close();
    }
  }, 120_000);
});
