// WordPress exports as they come from the wild rather than from WordPress itself: files written by converters (dates
// that name their zone) and comments that mix WordPress's plain text with HTML blocks.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allComments, createSite, parley, parleyJson, qaFixture, thread } from "./harness";

describe("parley import wordpress from a converter", () => {
  it("keeps each date that names its zone as that instant, repairing none, and a second run inserts nothing", async () => {
    const { site, token } = await createSite();
    const args = ["--site", site, "import", "wordpress", qaFixture("wordpress-converted-dates.xml"), "--no-progress"];
    const first = await parleyJson(args, token);
    expect(first.imported).toBe(4);
    expect(first.datesRepaired).toBe(0);
    const dates = Object.fromEntries((await allComments(site, token)).map((c) => [c.authorName, c.createdAt]));
    expect(dates).toEqual({
      Offset: "2021-03-28T01:10:00.000Z",
      Rfc: "2021-03-28T02:00:00.000Z",
      "Local only": "2021-03-28T09:00:00.000Z",
      Plain: "2021-03-28T10:00:00.000Z",
    });
    const threads = (await parleyJson(["--site", site, "threads", "list"], token)).threads;
    expect(threads.map((t: any) => [t.key, t.createdAt])).toEqual([["/2021/03/summer-time/", "2021-03-28T00:30:00.000Z"]]);
    const second = await parleyJson(args, token);
    expect([second.imported, second.present]).toEqual([0, 4]);
  });
});

describe("parley import wordpress of comments that mix text and HTML blocks", () => {
  it("keeps the paragraphs and line breaks around a quote, a list and a <pre>, as WordPress showed them, and a tag broken over two lines", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "wordpress", qaFixture("wordpress-mixed-markup.xml"), "--no-progress"], token);
    expect(r.imported).toBe(2);
    const source = Object.fromEntries((await allComments(site, token)).map((c) => [c.authorName, c.source]));
    expect(source.Quoter).toBe("> You said the moon is cheese.\n\nI disagree.\n\nIt is rock,\\\nmostly.");
    expect(source.Lister).toBe(
      "Two things:\n\n- first\n- second\n\nAnd a [source](https://example.com/source) with a line break in its tag.\n\n```\nkeep\n  this\n\nas is\n```\n\nBye",
    );
  });
});

describe("parley import wordpress of a whole site's export", () => {
  it("counts only the threads it fills or locks, not every page, attachment and menu item, and warns of no merge of pages without comments", async () => {
    // The closed page keeps a locked thread; the closed menu item, attachment, draft and block theme's styles make none.
    const { site, token } = await createSite();
    const args = ["--site", site, "import", "wordpress", qaFixture("wordpress-whole-site.xml"), "--no-progress"];
    const dry = await parleyJson([...args, "--dry-run"], token);
    expect([dry.threads, dry.lockedThreads, dry.merges, dry.hostMerges]).toEqual([2, 1, [], []]);
    const r = await parleyJson(args, token);
    expect([r.threads, r.lockedThreads, r.imported]).toEqual([2, 1, 1]);
    const threads = (await parleyJson(["--site", site, "threads", "list"], token)).threads;
    expect(threads.map((t: any) => [t.key, t.locked]).sort()).toEqual([["/2019/02/hello/", false], ["/about/", true]]);
  });
});

describe("parley import wordpress of names WordPress stored escaped", () => {
  it("shows each commenter's name as the blog showed it: Tom & Jerry, not Tom &amp; Jerry", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "wordpress", qaFixture("wordpress-escaped-names.xml"), "--no-progress"], token);
    expect(r.imported).toBe(2);
    const [root] = (await thread(site, "/2017/09/cartoons/")).comments;
    expect(root.authorName).toBe("Tom & Jerry");
    expect(root.replies[0].authorName).toBe("Renée “Rae” O'Hara <3");
  });
});

describe("parley import wordpress of a shop's export", () => {
  it("imports readers' comments and reviews, and skips the notes and logs plugins keep as comments, by their type", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "wordpress", qaFixture("wordpress-plugin-notes.xml"), "--no-progress"], token);
    expect([r.read, r.imported, r.skipped]).toEqual([2, 2, { order_note: 1, action_log: 1 }]);
    expect((await allComments(site, token)).map((c) => c.authorName)).toEqual(["Buyer", "Shop owner"]);
  });
});

describe("parley import wordpress of posts readers never saw", () => {
  it("skips the comments of private, draft, pending, scheduled and password-protected posts, approved or not, and counts each reason", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "wordpress", qaFixture("wordpress-hidden-posts.xml"), "--no-progress"], token);
    expect([r.read, r.imported, r.failed]).toEqual([2, 2, []]);
    expect(r.skipped).toEqual({ pingback: 1, "private post": 2, "draft post": 2, "scheduled post": 1, "password-protected post": 1 });
    // Only the published post and its photo's attachment page have threads; nothing of the others is readable.
    const threads = (await parleyJson(["--site", site, "threads", "list"], token)).threads;
    expect(threads.map((t: any) => t.key).sort()).toEqual(["/2023/07/our-trip/", "/2023/07/our-trip/beach/"]);
    expect((await allComments(site, token)).map((c) => c.source).sort()).toEqual(["Lovely photos!", "Where is this beach?"]);
    expect((await thread(site, "/?p=2")).comments).toEqual([]);
  });
});

describe("parley import wordpress of a post in the trash", () => {
  it("skips the comments of a trashed post, approved or marked post-trashed, counting them as such, and keeps a comment trashed on its own as a tombstone", async () => {
    const { site, token } = await createSite();
    const args = ["--site", site, "import", "wordpress", qaFixture("wordpress-trashed-post.xml"), "--no-progress"];
    const r = await parleyJson(args, token);
    expect([r.read, r.imported, r.failed, r.skipped]).toEqual([2, 2, [], { "trashed post": 3, pingback: 1 }]);
    expect([r.byStatus.published, r.byStatus.deleted, r.threads, r.lockedThreads]).toEqual([1, 1, 1, 0]);
    const threads = (await parleyJson(["--site", site, "threads", "list"], token)).threads;
    expect(threads.map((t: any) => t.key)).toEqual(["/2022/01/opening-hours/"]);
    expect((await allComments(site, token)).map((c) => c.authorName).sort()).toEqual(["Owner", "Troll"]);
    const human = await parley([...args, "--dry-run"], { token });
    expect(human.stdout).toContain("  skipped by rule   4 (trashed post 3, pingback 1)\n");
  });
});

/** A WordPress comment: id `id`, answering `parent` (0: none). */
const wpComment = (id: number, parent: number, author: string, text: string) =>
  `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[${author}]]></wp:comment_author><wp:comment_date_gmt>2020-01-0${(id % 9) + 1} 10:00:00</wp:comment_date_gmt>` +
  `<wp:comment_content><![CDATA[${text}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>`;

/** One WordPress post with one comment: post id `id`, comment id `id`0; and `replies` to it. */
const item = (link: string, id: number, replies = "") =>
  `<item><title>Post ${id}</title><link>${link}</link><wp:post_id>${id}</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>` +
  `${wpComment(id * 10, 0, `Reader ${id}`, `On post ${id}`).replace(`2020-01-0${((id * 10) % 9) + 1}`, `2020-01-0${id % 9}`)}${replies}</item>`;

/** A WordPress export of these items, written to a file of its own. */
async function wxr(blog: string, items: string[]) {
  const file = join(await mkdtemp(join(tmpdir(), "parley-wp-")), "export.xml");
  await writeFile(
    file,
    `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Blog</title><link>${blog}</link><wp:wxr_version>1.2</wp:wxr_version>
${items.join("\n")}
</channel></rss>
`,
  );
  return file;
}

describe("parley import wordpress of a blog in a folder with plain permalinks", () => {
  it("keeps each post's id on the folder's path (/blog/?p=5), so the posts do not merge into /blog/", async () => {
    const { site, token } = await createSite();
    const file = await wxr("https://example.com/blog", [
      item("https://example.com/blog/?p=5", 5),
      item("https://example.com/blog/?p=6", 6),
      item("https://example.com/blog/index.php?page_id=7", 7),
      item("https://example.com/blog/?attachment_id=8", 8),
    ]);
    const r = await parleyJson(["--site", site, "import", "wordpress", file, "--no-progress"], token);
    expect([r.imported, r.failed]).toEqual([4, []]);
    const threads = (await parleyJson(["--site", site, "threads", "list"], token)).threads;
    expect(threads.map((t: any) => t.key).sort()).toEqual(["/blog/?attachment_id=8", "/blog/?p=5", "/blog/?p=6", "/blog/index.php?page_id=7"]);
    expect((await thread(site, "/blog/?p=6")).comments.map((c: any) => c.authorName)).toEqual(["Reader 6"]);
  });
});

describe("parley commands on the threads of plain permalinks", () => {
  it("reach /?p=1 and /blog/?p=123 by the key threads list shows, not the home page's / or the folder's /blog/", async () => {
    const { site, token } = await createSite();
    const file = await wxr("https://wp.example.org", [
      item("https://wp.example.org/", 2),
      item("https://wp.example.org/?p=1", 1),
      item("https://wp.example.org/blog/", 3),
      item("https://wp.example.org/blog/?p=123", 4),
    ]);
    expect((await parleyJson(["--site", site, "import", "wordpress", file, "--no-progress"], token)).imported).toBe(4);
    const keys = (await parleyJson(["--site", site, "threads", "list"], token)).threads.map((t: any) => t.key);
    expect(keys.sort()).toEqual(["/", "/?p=1", "/blog/", "/blog/?p=123"]);
    for (const [key, author] of [["/?p=1", "Reader 1"], ["/blog/?p=123", "Reader 4"], ["/", "Reader 2"]]) {
      const listed = await parleyJson(["--site", site, "comments", "list", "--thread", key], token);
      expect(listed.comments.map((c: any) => c.authorName), key).toEqual([author]);
      const locked = await parleyJson(["--site", site, "threads", "lock", key], token);
      expect([locked.key, locked.changed], key).toEqual([key, true]);
      expect((await thread(site, key)).thread.locked, key).toBe(true);
      const unlocked = await parley(["--site", site, "threads", "unlock", key], { token });
      expect(unlocked.stdout, key).toBe(`Unlocked ${key} (1 comment).\n`);
    }
    // A path typed as it reads is still spelled as the browser spells it, its query as typed.
    const listed = await parleyJson(["--site", site, "comments", "list", "--thread", "/blog/../?p=1"], token);
    expect(listed.comments.map((c: any) => c.authorName)).toEqual(["Reader 1"]);
  });
});

describe("parley import wordpress of a second blog into the same site", () => {
  it("fails the comments whose ids the first blog's took, saying why, and imports them as their own with --id-prefix", async () => {
    const { site, token } = await createSite();
    const first = await wxr("https://example.com", [item("https://example.com/?p=5", 5), item("https://example.com/?p=6", 6)]);
    expect((await parleyJson(["--site", site, "import", "wordpress", first, "--no-progress"], token)).imported).toBe(2);
    // Another blog: the same post and comment ids on other pages.
    const second = await wxr("https://shop.example.org", [item("https://shop.example.org/product-5/", 5), item("https://shop.example.org/product-6/", 6)]);
    const refused = await parley(["--json", "--site", site, "import", "wordpress", second, "--no-progress"], { token });
    expect(refused.code).toBe(1);
    const summary = JSON.parse(refused.stdout);
    expect([summary.imported, summary.present]).toEqual([0, 0]);
    expect(summary.failed.map((f: any) => f.reason)).toEqual([
      expect.stringMatching(/^the site has a comment of another page \(\/\?p=5\) under this wordpress id: .*--id-prefix NAME/),
      expect.stringContaining("(/?p=6)"),
    ]);
    const args = ["--site", site, "import", "wordpress", second, "--id-prefix", "shop", "--no-progress"];
    expect(await parleyJson(args, token)).toMatchObject({ imported: 2, failed: [] });
    expect(await parleyJson(args, token)).toMatchObject({ imported: 0, present: 2, failed: [] });
    expect((await thread(site, "/product-6/")).comments.map((c: any) => c.authorName)).toEqual(["Reader 6"]);
    expect((await thread(site, "/?p=6")).comments.map((c: any) => c.authorName)).toEqual(["Reader 6"]);
  });

  it("warns, when some of the file came in and some failed as another blog's, that --id-prefix would bring the first ones again", async () => {
    const { site, token } = await createSite();
    const first = await wxr("https://example.com", [item("https://example.com/?p=5", 5)]);
    expect((await parleyJson(["--site", site, "import", "wordpress", first, "--no-progress"], token)).imported).toBe(1);
    const second = await wxr("https://shop.example.org", [item("https://shop.example.org/product-5/", 5), item("https://shop.example.org/product-9/", 9)]);
    const r = await parley(["--site", site, "import", "wordpress", second, "--no-progress"], { token });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "parley: warning: 1 comment failed because the site has its id on other pages (another blog's file?), and this run imported 1 other comment.\n" +
        "If you import the file again with --id-prefix, that one comes in a second time under the prefixed ids. Delete them first, or\n" +
        "import the failed comments from a file that holds only them.\n",
    );
    // With the prefix, nothing to warn about.
    const prefixed = await parley(["--site", site, "import", "wordpress", second, "--id-prefix", "shop", "--no-progress"], { token });
    expect(prefixed.stderr).toBe("");
  });

  it("fails the replies to such a comment too, whether their own ids repeat or not, and makes no thread of a page none came in on", async () => {
    const { site, token } = await createSite();
    const first = await wxr("https://example.com", [item("https://example.com/?p=3", 3, wpComment(31, 30, "First's reply", "Same text"))]);
    expect((await parleyJson(["--site", site, "import", "wordpress", first, "--no-progress"], token)).imported).toBe(2);
    // The other blog's post 3: its comment 30 and reply 31 have the first blog's ids (the reply even its text), and
    // its reply 32 is new.
    const replies = wpComment(31, 30, "Second's reply", "Same text") + wpComment(32, 30, "Second's other reply", "Only here");
    const second = await wxr("https://shop.example.org", [item("https://shop.example.org/product-3/", 3, replies)]);
    const refused = await parley(["--json", "--site", site, "import", "wordpress", second, "--no-progress"], { token });
    expect(refused.code).toBe(1);
    const summary = JSON.parse(refused.stdout);
    expect([summary.imported, summary.present]).toEqual([0, 0]);
    expect(summary.failed.map((f: any) => f.reason)).toEqual([
      expect.stringMatching(/^the site has a comment of another page \(\/\?p=3\)/),
      "it answers wordpress:3:30, which the site has as a comment of another page: is the file another blog's, whose ids repeat? Import it with --id-prefix NAME.",
      "it answers wordpress:3:30, which the site has as a comment of another page: is the file another blog's, whose ids repeat? Import it with --id-prefix NAME.",
    ]);
    expect((await thread(site, "/?p=3")).comments.map((c: any) => [c.authorName, c.replies.map((r: any) => r.authorName)])).toEqual([["Reader 3", ["First's reply"]]]);
    const threads = (await parleyJson(["--site", site, "threads", "list"], token)).threads;
    expect(threads.map((t: any) => t.key)).toEqual(["/?p=3"]);
  });
});

describe("parley import wordpress of comments without an id", () => {
  it("fails each as having no id, rather than taking them all for one comment (and a later file's for it too)", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-wp-noid-"));
    const comment = (id: string | null, author: string) =>
      `<wp:comment>${id === null ? "" : `<wp:comment_id>${id}</wp:comment_id>`}<wp:comment_author><![CDATA[${author}]]></wp:comment_author>` +
      `<wp:comment_date_gmt>2020-01-02 03:04:05</wp:comment_date_gmt><wp:comment_content><![CDATA[Said by ${author}]]></wp:comment_content>` +
      `<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>`;
    const file = (name: string, comments: string[]) => {
      const path = join(dir, name);
      return writeFile(
        path,
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
          `<channel><item><title>Post</title><link>https://blog.example.com/post/</link><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>` +
          `${comments.join("")}</item></channel></rss>`,
      ).then(() => path);
    };
    const first = await parley(["--json", "--site", site, "import", "wordpress", await file("one.xml", [comment("7", "Seven"), comment(null, "Nobody")]), "--no-progress"], { token });
    const one = JSON.parse(first.stdout);
    expect(one).toMatchObject({ read: 2, imported: 1, byStatus: { published: 1 } });
    expect(one.failed).toEqual([{ ref: "wordpress: a comment by “Nobody”, dated 2020-01-02 03:04:05 on https://blog.example.com/post/", reason: "no id in the file" }]);
    const second = await parley(["--json", "--site", site, "import", "wordpress", await file("two.xml", [comment("", "Empty"), comment(" ", "Blank"), comment(null, "None")]), "--no-progress"], { token });
    expect(second.code).toBe(1);
    const two = JSON.parse(second.stdout);
    expect(two).toMatchObject({ read: 3, imported: 0, present: 0, skipped: {} });
    expect(two.failed.map((f: any) => f.reason)).toEqual(["no id in the file", "no id in the file", "no id in the file"]);
    expect((await allComments(site, token)).map((c) => c.authorName)).toEqual(["Seven"]);
  });
});

describe("parley import wordpress of state words every JavaScript object has a property of", () => {
  it("holds a comment whose wp:comment_approved is constructor or toString, and takes a post's status of constructor as no reason to hide it", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "wordpress", qaFixture("wordpress-prototype-words.xml"), "--no-progress"], token);
    expect([r.imported, r.failed]).toEqual([3, []]);
    const states = Object.fromEntries((await allComments(site, token)).map((c) => [c.authorName, c.status]));
    expect(states).toEqual({ Proto: "pending", Tostring: "pending", Plain: "published" });
  });
});
