// Replies that become top-level comments, and why the summary says they did: a parent not in the file (an orphan),
// a parent on another page (a reply cannot cross threads), or parents that form a cycle. Only the comments the site
// holds are counted, not those that failed; so are repaired dates.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, parley, parleyJson, thread } from "./harness";

/** Flattens a thread page into [depth, authorName] rows in display order. */
function outline(comments: any[], depth = 0): [number, string][] {
  return comments.flatMap((c) => [[depth, c.authorName] as [number, string], ...outline(c.replies, depth + 1)]);
}

async function file(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "parley-detached-")), name);
  await writeFile(path, text);
  return path;
}

const post = (id: string, parent: string | null, at: string, message = `Comment ${id}`) =>
  `<post dsq:id="${id}"><id/><message><![CDATA[${message}]]></message><createdAt>${at}</createdAt><isDeleted>false</isDeleted>` +
  `<isSpam>false</isSpam><author><name>C${id}</name><isAnonymous>true</isAnonymous></author><thread dsq:id="1"/>${parent ? `<parent dsq:id="${parent}"/>` : ""}</post>`;

const tooLong = `<p>${"A very long comment. ".repeat(600)}</p>`;

const disqus = () =>
  file(
    "disqus.xml",
    [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">',
      '<thread dsq:id="1"><id>t1</id><link>https://d.example.com/cycles/</link><title>Cycles</title><createdAt>2015-01-01T00:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>',
      post("701", "701", "2015-02-01T00:00:00Z"),
      post("702", "703", "2015-02-02T00:00:00Z"),
      post("703", "702", "2015-02-03T00:00:00Z"),
      post("704", "999", "2015-02-04T00:00:00Z"),
      // An orphan and a repaired date whose comments fail: not counted.
      post("705", "999", "2015-02-05T00:00:00Z", tooLong),
      post("706", null, "not a date", tooLong),
      post("707", null, "not a date either"),
      "</disqus>",
    ].join("\n"),
  );

describe("replies whose parents form a cycle", () => {
  it("are counted as such, not as orphans, one of each cycle made top-level; what failed is not counted", async () => {
    const { site, token } = await createSite("detached");
    const path = await disqus();
    const dry = JSON.parse((await parley(["--json", "--site", site, "import", "disqus", path, "--dry-run", "--no-progress"], { token })).stdout);
    expect(dry).toMatchObject({ orphans: 1, cycles: 2, parentsElsewhere: 0, datesRepaired: 1 });
    const run = await parley(["--json", "--site", site, "import", "disqus", path, "--no-progress"], { token });
    expect(run.code, run.stderr).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ imported: 5, orphans: 1, cycles: 2, parentsElsewhere: 0, datesRepaired: 1 });
    expect(summary.failed.map((f: any) => f.ref).sort()).toEqual(["disqus:705", "disqus:706"]);
    const rows = outline((await thread(site, "/cycles/")).comments);
    expect(rows).toContainEqual([0, "C701"]);
    expect(rows).toContainEqual([0, "C704"]);
    // The cycle 702 ↔ 703 is broken at one of them: one top-level, the other its reply.
    const cycle = rows.filter(([, name]) => name === "C702" || name === "C703").map(([depth]) => depth);
    expect(cycle.sort()).toEqual([0, 1]);

    const human = await parley(["--site", site, "import", "disqus", path, "--no-progress"], { token });
    expect(human.stdout).toMatch(/orphans +1 \(parent not in the file/);
    expect(human.stdout).toMatch(/parent cycles +2 \(replies whose parents form a cycle/);
  });
});

const wpComment = (id: number, parent: number) =>
  `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[W${id}]]></wp:comment_author><wp:comment_date_gmt>2020-01-0${id} 10:00:00</wp:comment_date_gmt>` +
  `<wp:comment_content><![CDATA[Comment ${id}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>`;

const item = (id: number, comments: string) =>
  `<item><title>Post ${id}</title><link>https://blog.example.com/post-${id}/</link><wp:post_id>${id}</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>${comments}</item>`;

describe("a WordPress reply to a comment on another post", () => {
  it("is a top-level comment of its own post, counted as a parent on another page rather than an orphan", async () => {
    const { site, token } = await createSite("detached-wp");
    const path = await file(
      "wp.xml",
      `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Blog</title><link>https://blog.example.com</link><wp:wxr_version>1.2</wp:wxr_version>
${item(1, wpComment(5, 0))}
${item(2, wpComment(6, 5) + wpComment(7, 4))}
</channel></rss>`,
    );
    const summary = await parleyJson(["--site", site, "import", "wordpress", path, "--no-progress"], token);
    expect(summary).toMatchObject({ imported: 3, orphans: 1, parentsElsewhere: 1, cycles: 0 });
    expect(outline((await thread(site, "/post-2/")).comments)).toEqual([
      [0, "W6"],
      [0, "W7"],
    ]);
    const human = await parley(["--site", site, "import", "wordpress", path, "--dry-run", "--no-progress"], { token });
    expect(human.stdout).toMatch(/parent elsewhere +1 \(parent on another page of the file/);
  });
});
