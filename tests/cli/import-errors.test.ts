// How `parley import` reports a file it cannot read to the end: a file cut short imports what comes before the
// break, says where the file broke off and how many comments were written, and a run on the whole file resumes.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FIXTURES, allComments, createSite, parley } from "./harness";

const fixture = (name: string) => join(FIXTURES, name);
const tempDir = () => mkdtemp(join(tmpdir(), "parley-import-errors-"));

/**
 * A Disqus export of `count` posts of about a kilobyte each over three pages, bigger than the reader's 256 KiB
 * chunks; the post at `early` replies to the last post of the file.
 */
function bigDisqus(count: number, early: number): string {
  const threads = [1, 2, 3].map(
    (t) => `  <thread dsq:id="t${t}">\n    <link>https://blog.example.com/page-${t}/</link>\n    <createdAt>2021-01-0${t}T08:00:00Z</createdAt>\n    <isClosed>false</isClosed>\n  </thread>\n`,
  );
  const posts = Array.from({ length: count }, (_, i) => {
    const parent = i === early ? `    <parent dsq:id="p${count - 1}" />\n` : "";
    const words = `Comment ${i} — ünïcödé & <b>markup</b> ${"lorem ipsum ".repeat(70)}`;
    return `  <post dsq:id="p${i}">\n    <message><![CDATA[<p>${words}</p>]]></message>\n    <createdAt>2021-02-01T10:${String(i % 60).padStart(2, "0")}:00Z</createdAt>\n    <isDeleted>false</isDeleted>\n    <isSpam>false</isSpam>\n    <author><name>Reader ${i}</name><email>r${i}@example.com</email></author>\n    <thread dsq:id="t${(i % 3) + 1}" />\n${parent}  </post>\n`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n${threads.join("")}${posts.join("")}</disqus>\n`;
}

describe("a file that breaks off part way", () => {
  it("imports what comes before the break, says where and how much was written, and a run on the whole file resumes", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    const whole = bigDisqus(400, 20);
    // Cut inside a post's <createdAt>, as `head -c` cuts a download, past the reader's first 256 KiB chunk.
    const at = whole.indexOf("<createdAt>", 330_000) + 15;
    const cutLine = whole.slice(0, at).split("\n").length;
    await writeFile(join(dir, "truncated.xml"), whole.slice(0, at));
    await writeFile(join(dir, "whole.xml"), whole);

    const cut = await parley(["--json", "--site", site, "import", "disqus", join(dir, "truncated.xml"), "--no-progress"], { token });
    expect(cut.code, cut.stderr).toBe(2);
    expect(cut.stderr).not.toMatch(/\n\s+at /);
    const summary = JSON.parse(cut.stdout);
    expect(summary.stopped).toEqual({ reason: expect.stringContaining(`truncated.xml ends early, at line ${cutLine}`), line: cutLine, heldBack: 1 });
    expect(summary.imported).toBeGreaterThan(250);
    expect(summary.imported).toBeLessThan(400);
    expect(summary.read).toBe(summary.imported + 1);
    expect(cut.stderr).toContain(`${summary.imported} comments were imported before it`);
    expect(cut.stderr).toContain("run the same command again");
    // What the summary counts is what was written; the reply whose parent was cut off waits for the next run.
    const written = await allComments(site, token);
    expect(written).toHaveLength(summary.imported);
    expect(written.find((c) => c.authorName === "Reader 20")).toBeUndefined();

    const rest = await parley(["--json", "--site", site, "import", "disqus", join(dir, "whole.xml"), "--no-progress"], { token });
    expect(rest.code, rest.stderr).toBe(0);
    const resumed = JSON.parse(rest.stdout);
    expect(resumed).toMatchObject({ present: summary.imported, imported: 400 - summary.imported, orphans: 0, stopped: null });
    const all = await allComments(site, token);
    expect(all).toHaveLength(400);
    const reply = all.find((c) => c.authorName === "Reader 20");
    expect(reply.parentId).toBe(all.find((c) => c.authorName === "Reader 399").id);
  }, 120_000);

  it("prints the usual summary, marked as stopped, with the error on standard error", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    const wxr = await readFile(fixture("wordpress.xml"), "utf8");
    // WordPress too: cut inside the first post's pingback, after its three comments.
    const at = wxr.indexOf("as seen on Hello world");
    await writeFile(join(dir, "wordpress.xml"), wxr.slice(0, at));
    const r = await parley(["--site", site, "import", "wordpress", join(dir, "wordpress.xml"), "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain(`Imported ${join(dir, "wordpress.xml")} (wordpress) into site "${site}", up to where the file breaks off:`);
    expect(r.stdout).toMatch(/imported\s+3\n/);
    expect(r.stdout).toMatch(/stopped\s+at line \d+, where the file breaks off/);
    expect(r.stderr).toMatch(/^parley: .*wordpress\.xml ends early, at line \d+ \(is it cut short\?\): unclosed tag: wp:comment_content\. 3 comments were imported before it/);
    expect(await allComments(site, token)).toHaveLength(3);
  });

  it("says a gzipped file is cut short, and keeps what came before", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    const gz = gzipSync(bigDisqus(300, 5));
    await writeFile(join(dir, "export.xml.gz"), gz.subarray(0, Math.round(gz.length * 0.9)));
    const r = await parley(["--json", "--site", site, "import", "disqus", join(dir, "export.xml.gz"), "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(2);
    const summary = JSON.parse(r.stdout);
    expect(summary.stopped.reason).toContain("export.xml.gz ends early: its gzip data is cut short");
    expect(summary.imported).toBeGreaterThan(0);
    expect(await allComments(site, token)).toHaveLength(summary.imported);
  }, 60_000);

  it("refuses a file that breaks off before its first record with the error alone", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    await writeFile(join(dir, "cut.xml"), '<?xml version="1.0"?>\n<disqus>\n  <thread dsq:id="t1">\n    <link>https://blog.example.com/');
    const r = await parley(["--site", site, "import", "disqus", join(dir, "cut.xml"), "--no-progress"], { token });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^parley: .*cut\.xml ends early, at line 4 \(is it cut short\?\): unclosed tag: link\.\n$/);
  });
});

describe("a file of another format, or an empty one", () => {
  it("is a usage error naming the file and what it found, and writes nothing", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    await writeFile(join(dir, "waline-one-line.json"), '{"type":"waline","version":1,"data":{"Comment":[]}}\n');
    const remark42 = 'is not a Remark42 backup (JSON lines, starting with its {"version": …, "posts": […]} line)';
    const cases: [string, string, string][] = [
      ["wordpress", fixture("disqus.xml"), "is not a WordPress export (WXR): its root element is <disqus>, not <rss>."],
      ["disqus", fixture("wordpress.xml"), "is not a Disqus export: its root element is <rss>, not <disqus>."],
      ["disqus", fixture("waline.json"), "is not a Disqus export: it is not XML (text data outside of root node)."],
      ["remark42", fixture("disqus.xml"), `${remark42}: line 1 is not JSON.`],
      ["remark42", join(dir, "waline-one-line.json"), `${remark42}: line 1 is neither its header nor a comment.`],
    ];
    for (const [format, file, message] of cases) {
      const r = await parley(["--site", site, "import", format, file, "--no-progress"], { token });
      expect(r.code, `${format} ${file}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`parley: ${file} ${message}\n`);
    }
    expect(await allComments(site, token)).toEqual([]);
  }, 60_000);

  it("says an empty file is empty, in every format, gzipped too", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    await writeFile(join(dir, "empty"), "");
    for (const format of ["disqus", "wordpress", "remark42", "isso", "commento", "waline", "artalk", "parley"]) {
      const r = await parley(["--site", site, "import", format, join(dir, "empty"), "--no-progress"], { token });
      expect(r.code, format).toBe(2);
      expect(r.stderr, format).toBe(`parley: ${join(dir, "empty")} is empty.\n`);
    }
    await writeFile(join(dir, "empty.gz"), gzipSync(""));
    const remark42 = await parley(["--site", site, "import", "remark42", join(dir, "empty.gz"), "--no-progress"], { token });
    expect(remark42.code).toBe(2);
    expect(remark42.stderr).toContain("empty.gz is not a Remark42 backup");
    expect(remark42.stderr).toContain("it holds no lines.");
    const disqus = await parley(["--site", site, "import", "disqus", join(dir, "empty.gz"), "--no-progress"], { token });
    expect(disqus.code).toBe(2);
    expect(disqus.stderr).toContain("empty.gz is not a Disqus export: it is not XML");
  }, 60_000);
});
