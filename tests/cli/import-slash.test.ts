// Pages whose paths differ only by a final slash (`/post` and `/post/`, as Disqus records a page reached both ways):
// two threads, of which the live page shows one. The import says so, on a dry run first, with the --map line that
// joins them; with it, one thread holds every comment.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, parley, thread } from "./harness";

const PAGES = [
  "https://blog.example.com/2021/06/my-post",
  "https://blog.example.com/2021/06/my-post/",
  "https://blog.example.com/2021/06/my-post?utm_source=feed",
  "https://blog.example.com/about",
  "https://blog.example.com/",
];

async function disqusFile(dir: string) {
  const threads = PAGES.map((url, i) => `  <thread dsq:id="t${i}"><link>${url.replace(/&/g, "&amp;")}</link><isClosed>false</isClosed></thread>\n`);
  const posts = PAGES.map(
    (_, i) =>
      `  <post dsq:id="p${i}"><message><![CDATA[<p>Comment ${i}</p>]]></message><createdAt>2021-06-0${i + 1}T10:00:00Z</createdAt>` +
      `<isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Reader ${i}</name></author><thread dsq:id="t${i}" /></post>\n`,
  );
  const file = join(dir, "disqus.xml");
  await writeFile(file, `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n${threads.join("")}${posts.join("")}</disqus>\n`);
  return file;
}

describe("parley import: paths that differ only by a final slash", () => {
  it("warns on the dry run and the import, lists them in --json, and --map joins them into one thread", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parley-slash-"));
    const file = await disqusFile(dir);
    const { site, token } = await createSite();

    const dry = await parley(["--site", site, "import", "disqus", file, "--dry-run", "--no-progress"], { token });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr.split("\n")).toEqual([
      "parley: warning: 1 page would be split into two threads by a final slash, such as /2021/06/my-post and /2021/06/my-post/: a page's address has one of the two, so the comments in the other do not show on it.",
      'To join them, import with --map, a line per URL of the form without the slash, such as "https://blog.example.com/2021/06/my-post,/2021/06/my-post/".',
      "",
    ]);

    const json = await parley(["--json", "--site", site, "import", "disqus", file, "--no-progress"], { token });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toContain("parley: warning: 1 page was split into two threads by a final slash");
    expect(json.stderr).toContain("(a dry run shows this before anything is written)");
    const summary = JSON.parse(json.stdout);
    expect(summary.threads).toBe(4);
    expect(summary.slashTwins).toEqual([{ keys: ["/2021/06/my-post", "/2021/06/my-post/"], urls: [PAGES[0], PAGES[2]] }]);
    expect((await thread(site, "/2021/06/my-post")).total).toBe(2);
    expect((await thread(site, "/2021/06/my-post/")).total).toBe(1);

    // The way out the warning gives, on a new site: the URL without the slash (its query-string variant follows it).
    const joined = await createSite();
    await writeFile(join(dir, "map.csv"), `${PAGES[0]},/2021/06/my-post/\n`);
    const mapped = await parley(["--json", "--site", joined.site, "import", "disqus", file, "--map", join(dir, "map.csv"), "--no-progress"], { token: joined.token });
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(mapped.stderr).toBe("");
    expect(JSON.parse(mapped.stdout).slashTwins).toEqual([]);
    expect((await thread(joined.site, "/2021/06/my-post/")).total).toBe(3);
  });
});
