// `parley import`: Disqus, WordPress (WXR 1.1 and 1.2) and Remark42 files written to be ugly, imported by the real
// CLI into a local worker: fidelity (parents at any depth and later in the file, dates, names, states, locks),
// mapping, dry runs, and idempotency (a second run inserts nothing; an interrupted run resumes).
import { readFile, writeFile, mkdtemp } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, allComments, api, createSite, parley, parleyJson, thread } from "./harness";

const fixture = (name: string) => join(FIXTURES, name);

/** Flattens a thread page into [depth, authorName, status] rows in display order. */
function outline(comments: any[], depth = 0): [number, string, string][] {
  return comments.flatMap((c) => [[depth, c.authorName, c.status] as [number, string, string], ...outline(c.replies, depth + 1)]);
}

const text = (doc: any): string => JSON.stringify(doc);

describe("parley import disqus", () => {
  it("imports every post with its parents, dates, names, states and locks, and a second run inserts nothing", async () => {
    const { site, token } = await createSite();
    const first = await parleyJson(["--site", site, "import", "disqus", fixture("disqus.xml"), "--no-progress"], token);
    expect(first.read).toBe(16);
    expect(first.imported).toBe(16);
    expect(first.present).toBe(0);
    expect(first.failed).toEqual([]);
    expect(first.orphans).toBe(1);
    expect(first.datesRepaired).toBe(2);
    expect(first.byStatus).toEqual({ published: 13, pending: 1, rejected: 0, spam: 1, deleted: 1 });
    // The query-string variant and the duplicate thread merge into the page's path.
    expect(first.threads).toBe(3);
    expect(first.merges).toEqual([
      {
        key: "/2021/06/my-post/",
        urls: [
          "https://blog.example.com/2021/06/my-post/",
          "https://blog.example.com/2021/06/my-post/?utm_source=twitter&utm_medium=social",
          "https://blog.example.com/2021/06/my-post/#disqus_thread",
        ],
      },
    ]);
    expect(first.peakMemoryMB).toBeGreaterThan(0);

    const page = await thread(site, "/2021/06/my-post/");
    expect(outline(page.comments)).toEqual([
      [0, "Alice", "published"],
      [1, "Bob", "published"],
      [2, "Carol", "published"],
      [3, "Dan", "published"],
      [4, "Alice", "published"],
      [5, "Eve", "published"],
      [0, "Zoë 李雷 🚀", "published"],
      [0, "Frank", "published"],
      [0, "", "deleted"],
      [1, "Heidi", "published"],
      [0, "Mallory", "published"],
      [0, "Anonymous", "published"],
    ]);
    const alice = page.comments[0];
    expect(alice.createdAt).toBe("2021-06-01T09:00:00.000Z");
    // Entities decoded, the link kept, the script gone: rendered by the same sanitizer as every comment.
    expect(text(alice.body)).toContain("Fish & chips <3 — see ");
    expect(text(alice.body)).toContain('"href":"https://example.com/fish?x=1&y=2"');
    expect(text(alice.body)).not.toContain("alert");
    expect(page.comments[1].createdAt).toBe("2021-06-03T09:15:00.000Z");
    expect(page.total).toBe(11);

    // The key is the path as the browser's location.pathname spells it, which the widget uses by default.
    const cafe = await thread(site, "/caf%C3%A9/cr%C3%A8me-br%C3%BBl%C3%A9e/");
    const xss = cafe.comments.find((c: any) => c.authorName.includes("script"));
    expect(xss.authorName).toBe("<script>alert(3)</script>");
    expect(text(xss.body)).not.toContain("javascript:");
    // The links: the picture's (without a description, a link to its address, which is relative to the page: the
    // blog's), its onerror gone; and the iframe's, as a plain link to its https address: never an embed.
    expect([...text(xss.body).matchAll(/"t":"a"[^}]*?"href":"([^"]*)"/g)].map((m) => m[1])).toEqual([
      "https://blog.example.com/caf%C3%A9/cr%C3%A8me-br%C3%BBl%C3%A9e/x",
      "https://evil.example/",
    ]);
    expect(text(xss.body)).not.toContain("onerror");
    expect(text(xss.body)).not.toContain("iframe");

    const closed = await thread(site, "/old/closed-post.html");
    expect(closed.thread.locked).toBe(true);
    expect(closed.comments.map((c: any) => c.authorName)).toEqual(["Judy"]);

    const all = await allComments(site, token);
    const by = (name: string) => all.find((c) => c.authorName === name);
    expect(by("Spammer").status).toBe("spam");
    expect(by("Ivan").status).toBe("pending");
    expect(by("Grace").status).toBe("deleted");
    // E-mails are kept only as keyed hashes, never as given.
    expect(JSON.stringify(all)).not.toContain("alice@example.com");

    const second = await parleyJson(["--site", site, "import", "disqus", fixture("disqus.xml"), "--no-progress"], token);
    expect(second.imported).toBe(0);
    expect(second.present).toBe(16);
    expect((await allComments(site, token)).length).toBe(16);
  });

  it("drops the control characters XML forbids (raw or as references, also across a read's chunks) and imports the rest", async () => {
    const { site, token } = await createSite();
    const xml = (await readFile(fixture("disqus.xml"), "utf8"))
      .replace("First! Fish", "First!\u0001 Fish\u000B\uFFFE")
      .replace("<name>Bob</name>", "<name>B\u0008ob&#x1F;</name>");
    // Padding before the posts puts a reference to U+000B across the 256 KiB boundary of the file's reads.
    const at = Buffer.byteLength(xml.slice(0, xml.indexOf("First!"))) + "First!".length;
    const padding = `<!--${"x".repeat(256 * 1024 - 2 - at - 8)}-->\n`;
    const ugly = xml.replace("First!", "First!&#11;").replace("  <post ", `${padding}  <post `);
    expect(Buffer.from(ugly).subarray(256 * 1024 - 2, 256 * 1024 + 3).toString()).toBe("&#11;");
    const dir = await mkdtemp(join(tmpdir(), "parley-ctl-"));
    await writeFile(join(dir, "export.xml"), ugly);
    const r = await parleyJson(["--site", site, "import", "disqus", join(dir, "export.xml"), "--no-progress"], token);
    expect(r.imported).toBe(16);
    expect(r.failed).toEqual([]);
    const page = await thread(site, "/2021/06/my-post/");
    expect(text(page.comments[0].body)).toContain("First! Fish & chips");
    expect(page.comments[0].replies[0].authorName).toBe("Bob");
  });

  it("resumes an interrupted import: what was written stays, the rest is added", async () => {
    const { site, token } = await createSite();
    const xml = await readFile(fixture("disqus.xml"), "utf8");
    // The file as far as an interrupted run got: up to the deleted post (its reply not yet sent).
    const cut = xml.slice(0, xml.indexOf('<post dsq:id="100011">')) + "</disqus>\n";
    const dir = await mkdtemp(join(tmpdir(), "parley-import-"));
    await writeFile(join(dir, "part.xml"), cut);
    const part = await parleyJson(["--site", site, "import", "disqus", join(dir, "part.xml"), "--no-progress"], token);
    expect(part.imported).toBe(10);
    const rest = await parleyJson(["--site", site, "import", "disqus", fixture("disqus.xml"), "--no-progress"], token);
    expect(rest.present).toBe(10);
    expect(rest.imported).toBe(6);
    const page = await thread(site, "/2021/06/my-post/");
    expect(outline(page.comments).filter(([, name]) => name === "Heidi")).toEqual([[1, "Heidi", "published"]]);
  });

  it("prints the plan on a dry run and writes nothing", async () => {
    const { site, token } = await createSite();
    const r = await parley(["--site", site, "import", "disqus", fixture("disqus.xml"), "--dry-run", "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Dry run: nothing was written");
    expect(r.stdout).toMatch(/threads\s+3 \(1 locked\), 1 merged/);
    expect(r.stdout).toMatch(/comments read\s+16 \(published 13, pending 1, spam 1, deleted 1\)/);
    expect(r.stdout).toContain("/2021/06/my-post/ ← https://blog.example.com/2021/06/my-post/");
    expect(await allComments(site, token)).toEqual([]);
    const { body } = await api(`/sites/${site}/export?part=threads`, { token });
    expect(body.items).toEqual([]);
  });

  it("maps old URLs to thread keys with --map", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "disqus", fixture("disqus.xml"), "--map", fixture("map.csv"), "--no-progress"], token);
    expect(r.failed).toEqual([]);
    // The exact URL maps to the slug; its query-string variant follows it, the duplicate (#fragment) too.
    expect((await thread(site, "my-post")).total).toBe(11);
    expect((await thread(site, "/old/closed-post/")).thread.locked).toBe(true);
    expect((await thread(site, "/2021/06/my-post/")).total).toBe(0);
  });

  it("shows a progress bar with items, rate and ETA", async () => {
    const { site, token } = await createSite();
    const r = await parley(["--site", site, "import", "disqus", fixture("disqus.xml")], { token });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/100% \| 16\/16 comments \| \d+\/s \| ETA/);
    expect(r.stdout).toMatch(/peak memory\s+\d+ MB/);
  });

  it("exits after a failure with the progress bar on, instead of waiting for it forever", async () => {
    const { site, token } = await createSite();
    // The API refuses the token: exit 1 with its code.
    const refused = await parley(["--site", site, "import", "disqus", fixture("disqus.xml")], { token: "pt_own_not-the-token" });
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain("UNAUTHORIZED");
    // A directory, and a file in another format: usage errors, exit 2.
    const dir = await mkdtemp(join(tmpdir(), "parley-import-dir-"));
    for (const args of [["disqus", dir], ["remark42", dir], ["isso", dir], ["disqus", fixture("remark42.jsonl")]]) {
      const r = await parley(["--site", site, "import", ...args], { token });
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args.join(" ")).not.toMatch(/\n\s+at /);
    }
    expect(await allComments(site, token)).toEqual([]);
  }, 60_000);
});

describe("pages of several hosts", () => {
  it("warns that a staging host's pages were merged with the live ones, naming the hosts and --map, and --map keeps them apart", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-hosts-"));
    // A staging copy of the blog got comments too; a query-string variant on one host merges with no warning.
    const pages = [
      "https://staging.example.com/2021/06/my-post/",
      "https://www.example.com/2021/06/my-post/?utm_source=feed",
      "HTTPS://WWW.EXAMPLE.COM/2021/06/my-post/",
      "https://staging.example.com:8443/über/",
      "https://www.example.com/%C3%BCber/",
      "https://www.example.com/solo/?replytocom=3",
      "https://www.example.com/solo/",
    ];
    const threads = pages.map((url, i) => `  <thread dsq:id="t${i}"><link>${url.replace(/&/g, "&amp;")}</link><isClosed>false</isClosed></thread>\n`);
    const posts = pages.map(
      (_, i) =>
        `  <post dsq:id="p${i}"><message><![CDATA[<p>On page ${i}</p>]]></message><createdAt>2021-06-0${i + 1}T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Reader ${i}</name></author><thread dsq:id="t${i}" /></post>\n`,
    );
    const file = join(dir, "disqus.xml");
    await writeFile(file, `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n${threads.join("")}${posts.join("")}</disqus>\n`);

    const dry = await parley(["--site", site, "import", "disqus", file, "--dry-run", "--no-progress"], { token });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr.split("\n")).toEqual([
      "parley: warning: pages on different hosts would be merged into one thread: a thread key is the page's path, whatever its host, so their comments show on one page.",
      "  staging.example.com and www.example.com: 1 thread, such as /2021/06/my-post/",
      "  staging.example.com:8443 and www.example.com: 1 thread, such as /%C3%BCber/",
      "If these hosts are one site, that is what you want. To keep a host's pages apart (a staging copy), give them keys of",
      'their own with --map, a line per page such as "https://staging.example.com/2021/06/my-post/,/staging.example.com/2021/06/my-post/".',
      "",
    ]);
    const json = await parley(["--json", "--site", site, "import", "disqus", file, "--no-progress"], { token });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toContain("parley: warning: pages on different hosts were merged into one thread");
    const summary = JSON.parse(json.stdout);
    expect(summary.merges.map((m: any) => m.key)).toEqual(["/2021/06/my-post/", "/%C3%BCber/", "/solo/"]);
    expect(summary.hostMerges).toEqual([
      { hosts: ["staging.example.com", "www.example.com"], threads: 1, example: { key: "/2021/06/my-post/", urls: [pages[0], pages[1], pages[2]] } },
      { hosts: ["staging.example.com:8443", "www.example.com"], threads: 1, example: { key: "/%C3%BCber/", urls: [pages[3], pages[4]] } },
    ]);
    expect((await thread(site, "/2021/06/my-post/")).total).toBe(3);

    // The way out the warning gives: the staging pages get keys of their own, and nothing is merged across hosts.
    const apart = await createSite();
    await writeFile(join(dir, "map.csv"), `${pages[0]},/staging/2021/06/my-post/\n${pages[3]},/staging/über/\n`);
    const mapped = await parley(["--json", "--site", apart.site, "import", "disqus", file, "--map", join(dir, "map.csv"), "--no-progress"], { token: apart.token });
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(mapped.stderr).toBe("");
    expect(JSON.parse(mapped.stdout).hostMerges).toEqual([]);
    expect((await thread(apart.site, "/2021/06/my-post/")).total).toBe(2);
    expect((await thread(apart.site, "/staging/2021/06/my-post/")).total).toBe(1);
  });
});

describe("parley import wordpress", () => {
  for (const file of ["wordpress.xml", "wordpress-1.1.xml"]) {
    it(`imports ${file}: replies, statuses, closed posts, and skips pingbacks and trackbacks`, async () => {
      const { site, token } = await createSite();
      const r = await parleyJson(["--site", site, "import", "wordpress", fixture(file), "--no-progress"], token);
      expect(r.imported).toBe(7);
      expect(r.skipped).toEqual({ pingback: 1, trackback: 1 });
      expect(r.byStatus).toEqual({ published: 4, pending: 1, rejected: 0, spam: 1, deleted: 1 });
      expect(r.failed).toEqual([]);
      const page = await thread(site, "/2019/03/hello-world/");
      expect(outline(page.comments)).toEqual([
        [0, "A WordPress Commenter", "published"],
        [1, "admin", "published"],
        [2, "Jörg Müller", "published"],
      ]);
      const first = page.comments[0];
      expect(first.createdAt).toBe("2019-03-01T10:00:00.000Z");
      // WordPress's blank-line paragraphs become paragraphs; its HTML becomes markup; its script is gone.
      expect(first.body.filter((b: any) => b.t === "p")).toHaveLength(2);
      expect(text(first.body)).toContain('"href":"https://gravatar.com/"');
      expect(text(page.comments[0].replies[0].body)).not.toContain("cookie");
      // GMT date "0000-00-00 00:00:00" falls back to the local date, moved by the post's own offset from UTC
      // where the file gives it (wordpress.xml: local 10:00 is 08:00 GMT), else read as UTC.
      expect(page.comments[0].replies[0].replies[0].createdAt).toBe(file === "wordpress.xml" ? "2019-03-02T07:00:00.000Z" : "2019-03-02T09:00:00.000Z");
      // A plain permalink (/?p=2) keeps its post id, so posts never merge into "/".
      const closed = await thread(site, "/?p=2");
      expect(closed.thread.locked).toBe(true);
      expect(closed.total).toBe(1);
      const again = await parleyJson(["--site", site, "import", "wordpress", fixture(file), "--no-progress"], token);
      expect(again.imported).toBe(0);
      expect(again.present).toBe(7);
    });
  }
});

describe("parley import with long non-ASCII URLs", () => {
  it("keys each page by its whole percent-encoded path, never cut, and fails the comments of a path too long for a key", async () => {
    const { site, token } = await createSite();
    const slug = "关于边缘计算中评论系统的首屏性能索引与数据迁移的一些实践经验";
    const url = (part: string) => `https://blog.example.cn/2026/11/${slug}${part}/`;
    const pages = [url("第一部分"), url("第二部分"), url(slug.repeat(3))];
    const threadXml = (i: number, link: string) =>
      `<thread dsq:id="${i}"><id>t${i}</id><link>${link}</link><title>Part ${i}</title><createdAt>2026-11-0${i}T08:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>`;
    const post = (i: number, t: number) =>
      `<post dsq:id="${i}"><message><![CDATA[<p>评论 ${i}</p>]]></message><createdAt>2026-11-0${t}T09:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>读者 ${i}</name><isAnonymous>true</isAnonymous></author><thread dsq:id="${t}" /></post>`;
    const xml = `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">${pages
      .map((link, i) => threadXml(i + 1, link))
      .join("")}${post(11, 1)}${post(12, 2)}${post(13, 3)}</disqus>`;
    const dir = await mkdtemp(join(tmpdir(), "parley-long-url-"));
    await writeFile(join(dir, "disqus.xml"), xml);
    const run = await parley(["--json", "--site", site, "import", "disqus", join(dir, "disqus.xml"), "--no-progress"], { token });
    // A comment failed: the import says so with its exit code.
    expect(run.code, run.stderr).toBe(1);
    const r = JSON.parse(run.stdout);
    // The two parts share their first 256 characters and more; each is its own thread under its whole path.
    const keys = pages.map((p) => new URL(p).pathname);
    expect(keys[0].length).toBeGreaterThan(256);
    expect(keys[2].length).toBeGreaterThan(1024);
    expect(r.imported).toBe(2);
    expect(r.merges).toEqual([]);
    expect(r.failed).toEqual([{ ref: "disqus:13", reason: `its page's path has ${keys[2].length} characters, more than the 1024 of a thread key; give the page a shorter key with --map` }]);
    for (const [i, key] of keys.slice(0, 2).entries()) {
      const page = await thread(site, key);
      expect(page.thread.key).toBe(key);
      expect(page.comments.map((c: any) => c.authorName)).toEqual([`读者 ${11 + i}`]);
    }
  });
});

describe("parley import wordpress with control characters", () => {
  it("drops the characters XML forbids from a WXR file instead of stopping", async () => {
    const { site, token } = await createSite();
    const wxr = (await readFile(fixture("wordpress.xml"), "utf8"))
      .replace("Hi, this is a comment.", "Hi,\u0002 this is a comment.\uFFFF")
      .replace("Jörg Müller", "Jörg\u001B Müller");
    const dir = await mkdtemp(join(tmpdir(), "parley-ctl-wp-"));
    await writeFile(join(dir, "wordpress.xml"), wxr);
    const r = await parleyJson(["--site", site, "import", "wordpress", join(dir, "wordpress.xml"), "--no-progress"], token);
    expect(r.imported).toBe(7);
    const page = await thread(site, "/2019/03/hello-world/");
    expect(text(page.comments[0].body)).toContain("Hi, this is a comment.");
    expect(page.comments[0].replies[0].replies[0].authorName).toBe("Jörg Müller");
  });
});

describe("gzipped XML exports", () => {
  it("reads a gzipped Disqus or WordPress file as the plain one, told by its first bytes rather than its name", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-gz-"));
    // Disqus hands out export.xml.gz; this one has lost its .gz.
    await writeFile(join(dir, "export.xml"), gzipSync(await readFile(fixture("disqus.xml"))));
    await writeFile(join(dir, "wordpress.xml.gz"), gzipSync(await readFile(fixture("wordpress.xml"))));
    const disqus = await parleyJson(["--site", site, "import", "disqus", join(dir, "export.xml"), "--no-progress"], token);
    expect(disqus.imported).toBe(16);
    expect(disqus.failed).toEqual([]);
    const wordpress = await parleyJson(["--site", site, "import", "wordpress", join(dir, "wordpress.xml.gz"), "--no-progress"], token);
    expect(wordpress.imported).toBe(7);
    expect(outline((await thread(site, "/2019/03/hello-world/")).comments).map(([, name]) => name)).toEqual(["A WordPress Commenter", "admin", "Jörg Müller"]);
    // A file that only starts like gzip: a usage error naming it, no stack trace.
    await writeFile(join(dir, "broken.xml.gz"), Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from("not really gzip")]));
    const broken = await parley(["--site", site, "import", "disqus", join(dir, "broken.xml.gz"), "--no-progress"], { token });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("broken.xml.gz");
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("parley import remark42", () => {
  it("imports a plain and a gzipped backup as the same comments", async () => {
    const { site, token } = await createSite();
    const plain = await parleyJson(["--site", site, "import", "remark42", fixture("remark42.jsonl"), "--no-progress"], token);
    expect(plain.imported).toBe(6);
    expect(plain.failed).toEqual([]);
    const page = await thread(site, "/posts/first/");
    expect(outline(page.comments)).toEqual([
      [0, "Umeko 梅子", "published"],
      [1, "Walt", "published"],
      [2, "Vic", "published"],
      [0, "", "deleted"],
      [1, "Xena", "published"],
    ]);
    // The author's original markdown is kept (not the rendered HTML).
    expect(text(page.comments[0].body)).toContain('"t":"em"');
    expect(text(page.comments[0].body)).toContain("https://remark42.com");
    expect(page.comments[0].createdAt).toBe("2020-05-01T08:00:00.123Z");
    expect((await thread(site, "/posts/closed-one/")).thread.locked).toBe(true);

    const dir = await mkdtemp(join(tmpdir(), "parley-r42-"));
    const gz = join(dir, "backup-r42-20240101.gz");
    await writeFile(gz, gzipSync(await readFile(fixture("remark42.jsonl"))));
    const again = await parleyJson(["--site", site, "import", "remark42", gz, "--no-progress"], token);
    expect(again.imported).toBe(0);
    expect(again.present).toBe(6);
  });
});

describe("thread dates", () => {
  it("dates each imported thread by its page's date, else its earliest comment, and keeps them on a second run", async () => {
    const { site, token } = await createSite();
    const dates = async () => {
      const { body } = await api(`/sites/${site}/threads?limit=100`, { token });
      return Object.fromEntries(body.threads.map((t: any) => [t.key, t.createdAt]));
    };
    for (const [format, file] of [["disqus", "disqus.xml"], ["wordpress", "wordpress.xml"], ["remark42", "remark42.jsonl"]]) {
      const r = await parleyJson(["--site", site, "import", format, fixture(file), "--no-progress"], token);
      expect(r.failed).toEqual([]);
    }
    const expected = {
      // Three Disqus threads of one page: the earliest of their dates.
      "/2021/06/my-post/": "2021-06-01T08:00:00.000Z",
      "/old/closed-post.html": "2012-01-01T00:00:00.000Z",
      "/caf%C3%A9/cr%C3%A8me-br%C3%BBl%C3%A9e/": "2020-02-29T12:00:00.000Z",
      // WordPress: the post's GMT date.
      "/2019/03/hello-world/": "2019-03-01T08:00:00.000Z",
      // Remark42 files date no page: the earliest comment's time.
      "/posts/first/": "2020-05-01T08:00:00.123Z",
    };
    expect(await dates()).toMatchObject(expected);
    // A page without comments makes no thread.
    expect(Object.keys(await dates())).not.toContain("/about/");
    await parleyJson(["--site", site, "import", "disqus", fixture("disqus.xml"), "--no-progress"], token);
    expect(await dates()).toMatchObject(expected);
  });
});

describe("many closed pages", () => {
  it("sends the locks of more closed threads than one request takes, over several requests", async () => {
    const { site, token } = await createSite();
    const n = 230;
    const threads = Array.from({ length: n }, (_, i) => `<thread dsq:id="t${i}"><link>https://blog.example.com/p/${i}/</link><createdAt>2015-01-01T00:00:00Z</createdAt><isClosed>true</isClosed></thread>`);
    const posts = Array.from(
      { length: n },
      (_, i) => `<post dsq:id="p${i}"><message><![CDATA[<p>Comment ${i}</p>]]></message><createdAt>2015-01-02T00:00:00Z</createdAt><author><name>R${i}</name></author><thread dsq:id="t${i}"/></post>`,
    );
    const file = join(await mkdtemp(join(tmpdir(), "parley-locks-")), "closed.xml");
    await writeFile(file, `<?xml version="1.0"?>\n<disqus xmlns:dsq="http://disqus.com/disqus-internals">${threads.join("\n")}${posts.join("\n")}</disqus>\n`);
    const r = await parleyJson(["--site", site, "import", "disqus", file, "--no-progress"], token);
    expect(r.imported).toBe(n);
    expect(r.lockedThreads).toBe(n);
    expect((await thread(site, `/p/${n - 1}/`)).thread.locked).toBe(true);
  }, 60_000);
});

describe("closed pages without dates", () => {
  it("locks every closed thread of an old file whose pages have no date, and makes the ones without comments empty and locked", async () => {
    const { site, token } = await createSite();
    // 240 closed pages with no createdAt, listed oldest first, and their comments newest page first (as old exports
    // have them), 3 rounds, so a page's comments are in several batches; and 5 closed pages nobody commented on.
    const n = 240;
    const empty = 5;
    const threads = Array.from(
      { length: n + empty },
      (_, i) => `<thread dsq:id="t${i}">\n  <link>https://blog.example.com/old/${i}.html?utm_source=feed</link><isClosed>true</isClosed>\n</thread>`,
    );
    const posts = [0, 1, 2].flatMap((round) =>
      Array.from({ length: n }, (_, j) => n - 1 - j).map(
        (i) =>
          `<post dsq:id="p${round}-${i}"><message><![CDATA[<p>Round ${round} on &amp; page ${i}</p>]]></message><createdAt>201${round}-03-0${1 + (i % 9)}T10:00:00Z</createdAt><author><name>Reader ${i}</name></author><thread dsq:id="t${i}"/></post>`,
      ),
    );
    const file = join(await mkdtemp(join(tmpdir(), "parley-undated-")), "old-export.xml");
    await writeFile(file, `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns:dsq="http://disqus.com/disqus-internals">\n${threads.join("\n")}\n${posts.join("\n")}\n</disqus>\n`);
    const r = await parleyJson(["--site", site, "import", "disqus", file, "--no-progress"], token);
    expect(r.imported).toBe(3 * n);
    expect(r.lockedThreads).toBe(n + empty);
    const listed: any[] = [];
    let cursor = "";
    for (let i = 0; i < 10; i++) {
      const { body } = await api(`/sites/${site}/threads?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token });
      listed.push(...body.threads);
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(listed).toHaveLength(n + empty);
    expect(listed.filter((t) => !t.locked).map((t) => t.key)).toEqual([]);
    expect(listed.filter((t) => t.commentCount === 0).map((t) => t.key).sort()).toEqual(
      Array.from({ length: empty }, (_, i) => `/old/${n + i}.html`).sort(),
    );
    // The owner opens one thread with comments; a second run leaves it open, and its summary does not count it.
    await api(`/sites/${site}/threads/${encodeURIComponent("/old/7.html")}`, { method: "PUT", token, body: { locked: false } });
    const again = await parleyJson(["--site", site, "import", "disqus", file, "--no-progress"], token);
    expect(again).toMatchObject({ imported: 0, present: 3 * n, lockedThreads: n + empty - 1 });
    expect((await thread(site, "/old/7.html")).thread.locked).toBe(false);
  }, 120_000);
});

describe("the import route", () => {
  it("fails a reply whose parent was never imported alone, refuses invalid items by field, and needs the owner token", async () => {
    const { site, token } = await createSite();
    const good = { source: "test", sourceId: "1", thread: "/t/", body: "ok", authorName: "A", status: "published", createdAt: "2020-01-01T00:00:00Z" };
    const { status, body } = await api(`/sites/${site}/import`, {
      token,
      body: {
        comments: [good, { ...good, sourceId: "3", parent: { source: "test", sourceId: "missing" } }, { ...good, sourceId: "4", parent: { source: "test", sourceId: "1" } }],
      },
    });
    expect(status).toBe(200);
    expect(body.inserted).toBe(2);
    expect(body.failed.map((f: any) => f.sourceId)).toEqual(["3"]);
    expect(body.failed[0].reason).toContain("was not imported");
    const invalid = await api(`/sites/${site}/import`, { token, body: { comments: [good, { ...good, sourceId: "2", status: "nonsense" }] } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: any) => d.field)).toEqual(["comments.1.status"]);
    // A comment dated after tomorrow: the CLI repairs such dates; the route refuses them by field.
    const future = await api(`/sites/${site}/import`, { token, body: { comments: [{ ...good, sourceId: "9", createdAt: "3000-01-01T00:00:00Z" }] } });
    expect(future.status).toBe(400);
    expect(future.body.error.details.map((d: any) => d.field)).toEqual(["comments.0.createdAt"]);
    const anon = await api(`/sites/${site}/import`, { body: { comments: [good] } });
    expect(anon.status).toBe(401);
    const tooMany = await api(`/sites/${site}/import`, { token, body: { comments: Array.from({ length: 51 }, (_, i) => ({ ...good, sourceId: `x${i}` })) } });
    expect(tooMany.status).toBe(400);
  });
});
