// Disqus exports as Disqus writes them: every outbound link of a comment goes through its redirector, disq.us.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, parley, parleyJson, qaFixture, thread } from "./harness";

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

describe("parley import disqus of messages written as elements", () => {
  it("keeps a message's HTML that a converter wrote as XML elements rather than escaped text", async () => {
    const { site, token } = await createSite();
    const post = (id: string, message: string) =>
      `<post dsq:id="${id}"><id /><message>${message}</message><createdAt>2019-0${id.length}-01T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>` +
      `<author><name>Ann</name><isAnonymous>true</isAnonymous></author><thread dsq:id="1" /></post>`;
    const xml =
      `<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">` +
      `<thread dsq:id="1"><link>https://blog.example.com/2019/markup/</link><title>Markup</title></thread>` +
      post("1", `<p>Plain comment number 5 &amp; more</p><p>Second <b>bold</b> <a href="https://example.com/?a=1&amp;b=2">link</a><br/>line</p>`) +
      post("22", `Before <i>italic</i> after`) +
      `</disqus>`;
    const dir = await mkdtemp(join(tmpdir(), "parley-dq-markup-"));
    await writeFile(join(dir, "markup.xml"), xml);
    const r = await parleyJson(["--site", site, "import", "disqus", join(dir, "markup.xml"), "--no-progress"], token);
    expect(r).toMatchObject({ imported: 2, failed: [], byStatus: { published: 2, deleted: 0 } });
    const { comments } = await thread(site, "/2019/markup/");
    const text = comments.map((c: any) => JSON.stringify(c.body));
    expect(text[0]).toContain("Plain comment number 5 & more");
    expect(text[0]).toContain("bold");
    expect(hrefs(comments[0].body)).toEqual(["https://example.com/?a=1&b=2"]);
    expect(text[1]).toContain("italic");
    expect(comments.map((c: any) => c.status)).toEqual(["published", "published"]);
  });
});

/** A Disqus export of the given threads and posts (each a line of XML). */
async function disqusFile(name: string, body: string) {
  const dir = await mkdtemp(join(tmpdir(), "parley-dq-qa-"));
  const file = join(dir, name);
  await writeFile(file, `<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">${body}</disqus>`);
  return file;
}

const dqPost = (id: string, thread: string, date = "2021-01-01T00:00:00Z") =>
  `<post dsq:id="${id}"><message>Comment ${id}</message><createdAt>${date}</createdAt><author><name>Ann</name></author><thread dsq:id="${thread}" /></post>`;

describe("parley import disqus of a closed copy of a live page", () => {
  it("leaves the live page open, in either order; a page closed in every copy is locked", async () => {
    const { site, token } = await createSite();
    const file = await disqusFile(
      "closed-copies.xml",
      // The live page, and closed copies of it (a ?replytocom= address, the old host), with and without comments.
      `<thread dsq:id="1"><link>https://blog.example.com/post/</link><isClosed>false</isClosed></thread>` +
        `<thread dsq:id="2"><link>https://blog.example.com/post/?replytocom=5</link><isClosed>true</isClosed></thread>` +
        `<thread dsq:id="3"><link>http://www.example.com/other/</link><isClosed>true</isClosed></thread>` +
        `<thread dsq:id="4"><link>https://blog.example.com/other/</link><isClosed>false</isClosed></thread>` +
        `<thread dsq:id="5"><link>https://blog.example.com/closed/</link><isClosed>true</isClosed></thread>` +
        `<thread dsq:id="6"><link>https://blog.example.com/closed/?utm_source=x</link><isClosed>true</isClosed></thread>` +
        dqPost("10", "1") +
        dqPost("11", "3") +
        dqPost("12", "6"),
    );
    const r = await parleyJson(["--site", site, "import", "disqus", file, "--no-progress"], token);
    expect(r).toMatchObject({ imported: 3, failed: [], lockedThreads: 1 });
    expect((await thread(site, "/post/")).thread.locked).toBe(false);
    expect((await thread(site, "/other/")).thread.locked).toBe(false);
    expect((await thread(site, "/closed/")).thread.locked).toBe(true);
  });
});

describe("parley import of dates without a time zone", () => {
  it("reads them as UTC, whatever the zone of the machine that runs the import", async () => {
    const { site, token } = await createSite();
    const dates = ["Thu Jun 3 10:00:00 2021", "2021/06/04 10:00:00", "June 5, 2021 10:00", "2021-06-06 10:00:00", "Mon, 07 Jun 2021 10:00:00 -0200"];
    const file = await disqusFile(
      "zones.xml",
      `<thread dsq:id="1"><link>https://blog.example.com/zones/</link></thread>` + dates.map((d, i) => dqPost(`z${i}`, "1", d)).join(""),
    );
    const r = await parley(["--json", "--site", site, "import", "disqus", file, "--no-progress"], { token, env: { TZ: "America/New_York" } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 5, datesRepaired: 0 });
    const { comments } = await thread(site, "/zones/");
    expect(comments.map((c: any) => c.createdAt)).toEqual([
      "2021-06-03T10:00:00.000Z",
      "2021-06-04T10:00:00.000Z",
      "2021-06-05T10:00:00.000Z",
      "2021-06-06T10:00:00.000Z",
      "2021-06-07T12:00:00.000Z",
    ]);
  });
});

describe("parley import disqus of a file whose posts come before their threads", () => {
  it("imports each post into its page's thread, its replies under it, and fails only a post whose thread the file lacks", async () => {
    const { site, token } = await createSite();
    const post = (id: string, thread: string, parent = "") =>
      `<post dsq:id="${id}"><message><![CDATA[<p>Post ${id}</p>]]></message><createdAt>2020-01-0${id.length}T10:00:00Z</createdAt>` +
      `<isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Reader ${id}</name></author>${parent ? `<parent dsq:id="${parent}" />` : ""}<thread dsq:id="${thread}" /></post>`;
    // Put together by hand from two exports: a reply before its parent, both before their thread; one post names a
    // thread that is nowhere in the file.
    const xml =
      `<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">` +
      `<thread dsq:id="1"><link>https://blog.example.com/first/</link></thread>` +
      post("22", "2", "1") +
      post("1", "2") +
      post("333", "1") +
      post("4444", "9") +
      `<thread dsq:id="2"><link>https://blog.example.com/second/</link><isClosed>true</isClosed></thread>` +
      `</disqus>`;
    const dir = await mkdtemp(join(tmpdir(), "parley-dq-order-"));
    await writeFile(join(dir, "order.xml"), xml);
    const r = await parley(["--json", "--site", site, "import", "disqus", join(dir, "order.xml"), "--no-progress"], { token });
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ read: 4, imported: 3, orphans: 0, threads: 2, lockedThreads: 1 });
    expect(summary.failed).toEqual([{ ref: "disqus:4444", reason: 'unknown thread "9"' }]);
    const second = await thread(site, "/second/");
    expect(second.comments.map((c: any) => [c.authorName, c.replies.map((r: any) => r.authorName)])).toEqual([["Reader 1", ["Reader 22"]]]);
    expect((await thread(site, "/first/")).comments.map((c: any) => c.authorName)).toEqual(["Reader 333"]);
  });
});

describe("parley import disqus of a deleted thread", () => {
  it("skips its comments, counted as such, whether they come before or after it; the other threads import", async () => {
    const { site, token } = await createSite();
    const file = await disqusFile(
      "deleted-thread.xml",
      // A post of the deleted thread before it (a file put together by hand), the thread, another of its posts.
      dqPost("20", "1") +
        `<thread dsq:id="1"><link>https://blog.example.com/deleted/</link><isDeleted>true</isDeleted></thread>` +
        `<thread dsq:id="2"><link>https://blog.example.com/live/</link><isDeleted>false</isDeleted></thread>` +
        dqPost("21", "1") +
        dqPost("22", "2"),
    );
    const r = await parleyJson(["--site", site, "import", "disqus", file, "--no-progress"], token);
    expect(r).toMatchObject({ read: 1, imported: 1, failed: [], skipped: { "deleted thread": 2 } });
    expect((await thread(site, "/live/")).comments.map((c: any) => c.id.length > 0 && c.status)).toEqual(["published"]);
    expect((await thread(site, "/deleted/")).comments).toEqual([]);
  });
});
