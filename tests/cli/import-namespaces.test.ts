// Exports whose namespaces are bound to other prefixes than the usual ones (a plugin that re-serialised the file),
// and files in which an import finds no comment at all: it says so, and why, rather than succeeding in silence.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allComments, createSite, parley, parleyJson, qaFixture, thread } from "./harness";

/** A file of its own holding `text`. */
async function fileOf(name: string, text: string) {
  const file = join(await mkdtemp(join(tmpdir(), "parley-ns-")), name);
  await writeFile(file, text);
  return file;
}

describe("parley import wordpress of an export that binds WordPress's namespace to another prefix", () => {
  it("reads <wordpress:comment> and <w:comment> as WordPress comments, by their namespace, in a BOM and CRLF file with lines of 80 KB", async () => {
    const { site, token } = await createSite();
    const args = ["--site", site, "import", "wordpress", qaFixture("wordpress-other-prefix.xml"), "--no-progress"];
    const r = await parleyJson(args, token);
    expect([r.read, r.imported, r.failed, r.byStatus.published, r.byStatus.spam, r.empty]).toEqual([4, 4, [], 3, 1, null]);
    expect([r.threads, r.lockedThreads]).toEqual([2, 1]);
    const [root] = (await thread(site, "/2019/05/tomatoes/")).comments;
    expect(root.authorName).toBe("Ana & Bo");
    expect(root.replies.map((c: any) => c.authorName)).toEqual(["Gardener"]);
    const long = (await allComments(site, token)).find((c) => c.authorName === "Gardener");
    expect(long.source.length).toBeGreaterThan(9_000);
    const compost = await thread(site, "/2019/06/compost/");
    expect([compost.thread.locked, compost.comments.map((c: any) => c.authorName)]).toEqual([true, ["Old reader"]]);
    // The same comments on a second run: the ids were read through the other prefix too.
    const again = await parleyJson(args, token);
    expect([again.imported, again.present]).toEqual([0, 4]);
  });
});

describe("parley import of a file in which it finds no comment", () => {
  it("refuses a blog's RSS feed given for its WordPress export, saying no WordPress elements were found, and writes nothing", async () => {
    const { site, token } = await createSite();
    const r = await parley(["--site", site, "import", "wordpress", qaFixture("wordpress-rss-feed.xml"), "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`parley: found no comments in ${qaFixture("wordpress-rss-feed.xml")}: no WordPress elements found: none of its elements is in WordPress's export namespace`);
    expect(r.stderr).toContain("Tools → Export");
    expect((await parleyJson(["--site", site, "threads", "list"], token)).threads).toEqual([]);
  });

  it("names a WordPress namespace of a version it does not read, bound to another prefix", async () => {
    const { site, token } = await createSite();
    const file = await fileOf(
      "future.xml",
      `<?xml version="1.0"?>\r\n<rss xmlns:wordpress="http://wordpress.org/export/1.3/"><channel><item><link>https://b.example/p/</link><wordpress:post_id>1</wordpress:post_id>` +
        `<wordpress:comment><wordpress:comment_id>1</wordpress:comment_id><wordpress:comment_content>Hi</wordpress:comment_content></wordpress:comment></item></channel></rss>\r\n`,
    );
    const r = await parley(["--site", site, "import", "wordpress", file, "--no-progress"], { token });
    expect([r.code, r.stderr]).toEqual([
      2,
      `parley: found no comments in ${file}: no WordPress elements found: it binds xmlns:wordpress to http://wordpress.org/export/1.3/, which is not one of WordPress's export namespaces that parley reads (http://wordpress.org/export/1.0/, 1.1/ or 1.2/).\n`,
    ]);
  });

  it("imports nothing from an export whose posts have no comments, exits 0 and says that none of its posts has one", async () => {
    const { site, token } = await createSite();
    const file = await fileOf(
      "quiet.xml",
      "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><wp:wxr_version>1.2</wp:wxr_version>\r\n" +
        ["a", "b"].map((slug, i) => `<item><link>https://b.example/${slug}/</link><wp:post_id>${i + 1}</wp:post_id><wp:status>publish</wp:status></item>\r\n`).join("") +
        "</channel></rss>\r\n",
    );
    const r = await parley(["--site", site, "import", "wordpress", file, "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("comments read     0");
    expect(r.stderr).toBe(`parley: warning: found no comments in ${file}: none of its 2 posts has a comment.\n`);
  });

  it("reads a Disqus export whose ids are under another prefix, and refuses one with no thread or post", async () => {
    const { site, token } = await createSite();
    const file = await fileOf(
      "disqus.xml",
      `<?xml version="1.0" encoding="utf-8"?>\r\n<disqus xmlns="http://disqus.com" xmlns:internals="http://disqus.com/disqus-internals">\r\n` +
        `<thread internals:id="77"><link>https://b.example/post/</link><title>Post &amp; more</title></thread>\r\n` +
        `<post internals:id="5"><message><![CDATA[<p>First &amp; best</p>]]></message><createdAt>2020-01-01T10:00:00Z</createdAt><author><name>Ann</name></author><thread internals:id="77"/></post>\r\n` +
        `<post internals:id="6"><message>&lt;p&gt;Reply&lt;/p&gt;</message><createdAt>2020-01-02T10:00:00Z</createdAt><author><name>Bo</name></author><thread internals:id="77"/><parent internals:id="5"/></post>\r\n</disqus>\r\n`,
    );
    const r = await parleyJson(["--site", site, "import", "disqus", file, "--no-progress"], token);
    expect([r.read, r.imported, r.failed]).toEqual([2, 2, []]);
    const [root] = (await thread(site, "/post/")).comments;
    expect([root.authorName, root.replies.map((c: any) => c.authorName)]).toEqual(["Ann", ["Bo"]]);
    const none = await fileOf("none.xml", `<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com"><category><title>General</title></category></disqus>\n`);
    const refused = await parley(["--site", site, "import", "disqus", none, "--no-progress"], { token });
    expect([refused.code, refused.stderr]).toEqual([2, `parley: found no comments in ${none}: no Disqus elements found: it has no <thread> and no <post> under its <disqus>.\n`]);
  });
});

describe("parley import wordpress of an export that puts WordPress's elements in the default namespace", () => {
  it("reads <comment xmlns=\"http://wordpress.org/export/1.0/\"> and its unprefixed children as WordPress's", async () => {
    const { site, token } = await createSite();
    const comment = (id: number, parent: number, text: string) =>
      `<comment xmlns="http://wordpress.org/export/1.0/"><comment_id>${id}</comment_id><comment_author>Fran&#231;ois ${id}</comment_author>` +
      `<comment_date_gmt>2018-01-02 00:00:00</comment_date_gmt><comment_content><![CDATA[<p>${text}</p>]]></comment_content>` +
      `<comment_approved>1</comment_approved><comment_parent>${parent}</comment_parent></comment>\r\n`;
    const file = await fileOf(
      "default-ns.xml",
      `<?xml version="1.0" encoding="UTF-8"?>\r\n<rss version="2.0" xmlns:wordpress="http://wordpress.org/export/1.0/"><channel>\r\n` +
        `<item><title>NS post</title><link>https://b.example/ns-post/</link><wordpress:post_id>50</wordpress:post_id>` +
        `<wordpress:status>publish</wordpress:status><wordpress:post_type>post</wordpress:post_type>\r\n` +
        comment(501, 0, "Un commentaire") + comment(502, 501, "Une réponse") + "</item></channel></rss>\r\n",
    );
    const r = await parleyJson(["--site", site, "import", "wordpress", file, "--no-progress"], token);
    expect([r.read, r.imported, r.failed, r.empty]).toEqual([2, 2, [], null]);
    const [root] = (await thread(site, "/ns-post/")).comments;
    expect([root.authorName, root.replies.map((c: any) => c.authorName)]).toEqual(["François 501", ["François 502"]]);
  });

  it("says that an export's one post has no comment in words that fit one", async () => {
    const { site, token } = await createSite();
    const file = await fileOf(
      "one.xml",
      `<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><link>https://b.example/a/</link><wp:post_id>1</wp:post_id><wp:status>publish</wp:status></item></channel></rss>\n`,
    );
    const r = await parley(["--site", site, "import", "wordpress", file, "--no-progress"], { token });
    expect([r.code, r.stderr]).toEqual([0, `parley: warning: found no comments in ${file}: its one post has no comment.\n`]);
  });
});
