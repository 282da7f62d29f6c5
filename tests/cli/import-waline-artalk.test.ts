// `parley import waline` and `parley import artalk`: ugly exports (replies four levels deep and before their
// parents, an orphan, unicode and RTL names, an empty name, pending and spam, hostile markdown and HTML, odd
// and missing dates, a page as a URL with a query string) imported by the real CLI into a local worker:
// fidelity, the summary's counts, dry runs, gzipped files, idempotency and the file checks.
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGzip, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FIXTURES, allComments, api, createSite, parley, parleyJson, thread } from "./harness";

const fixture = (name: string) => join(FIXTURES, name);

/** Flattens a thread page into [depth, authorName, status] rows in display order. */
function outline(comments: any[], depth = 0): [number, string, string][] {
  return comments.flatMap((c) => [[depth, c.authorName, c.status] as [number, string, string], ...outline(c.replies, depth + 1)]);
}

/** Every comment of a thread page, replies included, in display order. */
function flat(comments: any[]): any[] {
  return comments.flatMap((c) => [c, ...flat(c.replies)]);
}

/** Every link target in a document tree. */
function hrefs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(hrefs);
  if (typeof node !== "object" || node === null) return [];
  const n = node as Record<string, unknown>;
  return [...(typeof n.href === "string" ? [n.href] : []), ...hrefs(n.c), ...hrefs(n.items)];
}

/** Every text the reader sees in a document tree (text and code), joined. */
function words(node: unknown): string {
  if (Array.isArray(node)) return node.map(words).join(" ");
  if (typeof node !== "object" || node === null) return "";
  const n = node as Record<string, unknown>;
  return [typeof n.v === "string" ? n.v : "", words(n.c), words(n.items)].join(" ");
}

const json = (doc: unknown): string => JSON.stringify(doc);

async function gzipped(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "parley-wa-"));
  const file = join(dir, `${name}.gz`);
  await writeFile(file, gzipSync(await readFile(fixture(name))));
  return file;
}

describe("parley import waline", () => {
  it("keeps a WordPress post id on a path alone (/blog/?p=5), as on a full URL, so those pages do not merge", async () => {
    const { site, token } = await createSite();
    const row = (id: string, url: string) => ({ objectId: id, url, comment: `On ${url}`, nick: "Ann", status: "approved", pid: null, rid: null, insertedAt: "2021-06-01T10:00:00Z" });
    const doc = { type: "waline", version: 1, data: { Comment: [row("p1", "/blog/?p=5"), row("p2", "/blog/?p=6"), row("p3", "/blog/?attachment_id=8"), row("p4", "/blog/?utm_source=x")] } };
    const file = join(await mkdtemp(join(tmpdir(), "parley-wa-ids-")), "ids.json");
    await writeFile(file, JSON.stringify(doc));
    expect((await parleyJson(["--site", site, "import", "waline", file, "--no-progress"], token)).imported).toBe(4);
    const threads = (await parleyJson(["--site", site, "threads", "list"], token)).threads;
    expect(threads.map((t: any) => t.key).sort()).toEqual(["/blog/", "/blog/?attachment_id=8", "/blog/?p=5", "/blog/?p=6"]);
  });

  it("repairs dates that name no year (0, -5, \"Comment 3\"), which Date.parse would read as 2000, 2001 or a March", async () => {
    const { site, token } = await createSite();
    const row = (id: string, insertedAt: unknown) => ({ objectId: id, url: "/dates/", comment: `Comment ${id}`, nick: "Ann", status: "approved", pid: null, rid: null, insertedAt });
    const doc = { type: "waline", version: 1, data: { Comment: [row("a1", "2021-06-01T10:00:00Z"), row("a2", 0), row("a3", -5), row("a4", "Comment 3"), row("a5", "x 12"), row("a6", "Tue, 01 Jun 2021 11:00:00 GMT")] } };
    const dir = await mkdtemp(join(tmpdir(), "parley-wa-dates-"));
    await writeFile(join(dir, "dates.json"), json(doc));
    const first = await parleyJson(["--site", site, "import", "waline", join(dir, "dates.json"), "--no-progress"], token);
    expect([first.imported, first.datesRepaired]).toEqual([6, 4]);
    // Each repaired one is dated just after the comment before it in the file.
    const dates = (await thread(site, "/dates/")).comments.map((c: any) => c.createdAt);
    expect(dates).toEqual([
      "2021-06-01T10:00:00.000Z",
      "2021-06-01T10:00:00.001Z",
      "2021-06-01T10:00:00.002Z",
      "2021-06-01T10:00:00.003Z",
      "2021-06-01T10:00:00.004Z",
      "2021-06-01T11:00:00.000Z",
    ]);
  });

  it("imports every comment with its parents, dates, names, states, pins and likes, and a second run inserts nothing", async () => {
    const { site, token } = await createSite();
    const first = await parleyJson(["--site", site, "import", "waline", fixture("waline.json"), "--no-progress"], token);
    expect(first.read).toBe(14);
    expect(first.imported).toBe(14);
    expect(first.present).toBe(0);
    expect(first.failed).toEqual([]);
    expect(first.skipped).toEqual({ "not a comment record": 1 });
    expect(first.orphans).toBe(1);
    expect(first.datesRepaired).toBe(2);
    expect(first.byStatus).toEqual({ published: 12, pending: 1, rejected: 0, spam: 1, deleted: 0 });
    expect(first.threads).toBe(2);
    expect(first.merges).toEqual([
      { key: "/posts/hello-world.html", urls: ["/posts/hello-world.html", "https://blog.example.com/posts/hello-world.html?replytocom=5&utm_source=rss"] },
    ]);

    const page = await thread(site, "/posts/hello-world.html");
    expect(outline(page.comments)).toEqual([
      [0, "Alice", "published"],
      [1, "Bob", "published"],
      [2, "Carol", "published"],
      [3, "Dan", "published"],
      [4, "Erin", "published"],
      [1, "Zoë Admin 李雷", "published"],
      [0, "مريم 🚀", "published"],
      [0, "Olga", "published"],
      [0, "Ivan", "published"],
      [0, "Nia", "published"],
    ]);
    const byName = new Map(flat(page.comments).map((c) => [c.authorName, c]));
    const alice = byName.get("Alice");
    expect(alice.createdAt).toBe("2022-03-01T08:00:00.000Z");
    expect(alice.pinned).toBe(true);
    expect(alice.votes).toBe(5);
    // Waline's markdown as its widget showed it: emphasis, the line break kept, the link, the quote.
    expect(json(alice.body)).toContain('"t":"strong"');
    expect(json(alice.body)).toContain('{"t":"br"}');
    expect(hrefs(alice.body)).toEqual(["https://waline.js.org/?a=1&b=2"]);
    expect(alice.body.map((b: any) => b.t)).toEqual(["p", "quote"]);
    // SQL dates are UTC, LeanCloud's {__type: "Date", iso} and milliseconds are read.
    expect(byName.get("Dan").createdAt).toBe("2022-03-01T11:00:00.000Z");
    expect(byName.get("Zoë Admin 李雷").createdAt).toBe("2022-03-01T12:30:00.000Z");
    expect(byName.get("Olga").createdAt).toBe("2022-03-03T08:00:00.000Z");
    expect(byName.get("Bob").pinned).toBe(false);
    // The emoji <img> became markdown, never literal tag text.
    expect(words(byName.get("Zoë Admin 李雷").body)).not.toContain("<img");

    // Hostile text stays text: the code span keeps its tag as code; no javascript: link, no handler; the iframe is
    // a plain link to its address, never an embed.
    const maryam = byName.get("مريم 🚀");
    expect(maryam.body[0].c).toContainEqual({ t: "code", v: "<script>alert(1)</script>" });
    expect(words(maryam.body)).toContain("🚀");
    for (const c of flat(page.comments)) expect(hrefs(c.body).filter((h) => !/^https:/.test(h))).toEqual([]);
    expect(json(maryam.body)).not.toMatch(/onerror|iframe/);
    expect(hrefs(maryam.body)).toEqual(["https://evil.example/"]);

    // Waline stores the path decoded; the key is spelled as location.pathname spells it.
    const other = await thread(site, "/%E5%85%B3%E4%BA%8E/");
    expect(outline(other.comments)).toEqual([
      [0, "Hiro 🍣", "published"],
      [1, "Judy", "published"],
    ]);

    const all = await allComments(site, token);
    const by = (name: string) => all.find((c) => c.authorName === name);
    expect(by("Spammer").status).toBe("spam");
    expect(hrefs(by("Spammer").body)).toEqual([]);
    expect(words(by("Spammer").body)).not.toContain("alert");
    expect(all.filter((c) => c.status === "pending").map((c) => c.authorName)).toEqual(["Anonymous"]);
    // Counter and Users rows are not comments; e-mails are kept only as keyed hashes and the masked hint.
    expect(all).toHaveLength(14);
    expect(json(all)).not.toMatch(/[^*]@example\.(com|net)|stale nick|\$P\$B/);
    expect(all.some((c) => /^.\*\*\*@example\.(com|net)$/.test(c.authorEmail ?? ""))).toBe(true);

    const second = await parleyJson(["--site", site, "import", "waline", fixture("waline.json"), "--no-progress"], token);
    expect(second.imported).toBe(0);
    expect(second.present).toBe(14);
    expect((await allComments(site, token)).length).toBe(14);
  });

  it("reads a gzipped export: its dry run writes nothing, then it imports the same comments", async () => {
    const { site, token } = await createSite();
    const gz = await gzipped("waline.json");
    const dry = await parley(["--site", site, "import", "waline", gz, "--dry-run", "--no-progress"], { token });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("Dry run: nothing was written");
    expect(dry.stdout).toMatch(/threads\s+2, 1 merged/);
    expect(dry.stdout).toMatch(/comments read\s+14 \(published 12, pending 1, spam 1\)\n\s+would import\s+14 \(any the site already has are skipped then\)\n/);
    expect(dry.stdout).toMatch(/skipped by rule\s+1 \(not a comment record 1\)/);
    expect(await allComments(site, token)).toEqual([]);
    expect((await api(`/sites/${site}/export?part=threads`, { token })).body.items).toEqual([]);

    const plain = await parleyJson(["--site", site, "import", "waline", fixture("waline.json"), "--no-progress"], token);
    expect(plain.imported).toBe(14);
    const again = await parleyJson(["--site", site, "import", "waline", gz, "--no-progress"], token);
    expect(again.imported).toBe(0);
    expect(again.present).toBe(14);
  });
});

describe("images in Waline and Artalk bodies", () => {
  it("keeps an emoji image as its alt text, in what readers see and in the markdown source", async () => {
    const { site, token } = await createSite();
    const emoji = (alt: string) => `<img class="wl-emoji" src="https://unpkg.com/@waline/emojis@1.2.0/tw-emoji/1f600.png" alt="${alt}">`;
    const row = (objectId: string, comment: string) => ({ objectId, url: "/emoji/", comment, nick: objectId, status: "approved", insertedAt: "2023-01-01T00:00:00Z" });
    const doc = {
      type: "waline",
      version: 1,
      data: {
        Comment: [
          row("Grin", `Great post ${emoji("😀")}${emoji("👍🏽")}!`),
          row("Only", emoji("😀")),
          row("Named", `Hi ${emoji("weibo_smile")}`),
          row("Cat", 'My cat: <img src="https://img.example.com/cat.jpg" alt="a cat asleep on the sofa"> and <img src="https://img.example.com/x.png">'),
        ],
      },
    };
    const file = join(await mkdtemp(join(tmpdir(), "parley-emoji-")), "waline.json");
    await writeFile(file, JSON.stringify(doc));
    const r = await parleyJson(["--site", site, "import", "waline", file, "--no-progress"], token);
    expect(r.failed).toEqual([]);
    const byName = new Map<string, any>((await thread(site, "/emoji/")).comments.map((c: any) => [c.authorName, c]));
    const shown = (name: string) => words(byName.get(name).body).replace(/\s+/g, " ").trim();
    expect(shown("Grin")).toBe("Great post 😀👍🏽!");
    expect(byName.get("Only").status).toBe("published");
    expect(shown("Only")).toBe("😀");
    expect(shown("Named")).toBe("Hi :weibo_smile:");
    // A picture stays a markdown image, which a comment shows as its description (one without: a link to it).
    expect(shown("Cat")).toBe("My cat: a cat asleep on the sofa and https://img.example.com/x.png");
    const sources = new Map((await allComments(site, token)).map((c) => [c.authorName, c.source]));
    expect(sources.get("Grin")).toBe("Great post 😀👍🏽!");
    expect(sources.get("Named")).toBe("Hi :weibo_smile:");
    expect(sources.get("Cat")).toBe("My cat: ![a cat asleep on the sofa](https://img.example.com/cat.jpg) and ![](https://img.example.com/x.png)");
  });
});

describe("parley import artalk", () => {
  it("imports an Artrans file with parents, dates, names, states, pins, votes and admin-only pages", async () => {
    const { site, token } = await createSite();
    const first = await parleyJson(["--site", site, "import", "artalk", fixture("artalk.artrans"), "--no-progress"], token);
    expect(first.read).toBe(12);
    expect(first.imported).toBe(12);
    expect(first.failed).toEqual([]);
    expect(first.skipped).toEqual({});
    expect(first.orphans).toBe(1);
    expect(first.datesRepaired).toBe(2);
    expect(first.byStatus).toEqual({ published: 11, pending: 1, rejected: 0, spam: 0, deleted: 0 });
    expect(first.threads).toBe(3);
    expect(first.lockedThreads).toBe(1);
    expect(first.merges).toEqual([
      {
        key: "/2023/05/artalk-post/",
        urls: ["https://blog.example.com/2023/05/artalk-post/", "https://blog.example.com/2023/05/artalk-post/?from=feed#atk-comment-9"],
      },
    ]);

    const page = await thread(site, "/2023/05/artalk-post/");
    expect(outline(page.comments)).toEqual([
      [0, "Ana", "published"],
      [1, "Ben", "published"],
      [2, "Dov", "published"],
      [3, "Cleo", "published"],
      [4, "Émile", "published"],
      [0, "<img src=x onerror=alert(1)>", "published"],
      [0, "Orla", "published"],
      [0, "דוד", "published"],
    ]);
    const byName = new Map(flat(page.comments).map((c) => [c.authorName, c]));
    const ana = byName.get("Ana");
    // "2023-05-01 10:00:00 +0800", and Go's time.String() with nanoseconds and a zone name.
    expect(ana.createdAt).toBe("2023-05-01T02:00:00.000Z");
    expect(byName.get("Ben").createdAt).toBe("2023-05-01T03:00:00.123Z");
    expect(byName.get("Émile").createdAt).toBe("2023-05-01T06:00:00.000Z");
    expect(ana.pinned).toBe(true);
    expect(ana.votes).toBe(7);
    expect(ana.body.map((b: any) => b.t)).toEqual(["p", "ul"]);
    expect(json(ana.body)).toContain('{"t":"code","v":"code"}');
    expect(words(byName.get("דוד").body)).toContain("שלום 👋🏽 عربي");

    // The hostile comment: the script and its text gone, no javascript: link, the handler gone, the text kept.
    const hostile = byName.get("<img src=x onerror=alert(1)>");
    expect(hrefs(hostile.body)).toEqual([]);
    expect(words(hostile.body)).toContain("Nice post");
    expect(words(hostile.body)).not.toContain("cookie");
    expect(json(hostile.body)).not.toContain("onclick");
    expect(json(hostile.body)).toContain('"t":"strong"');

    const notes = await thread(site, "/notes/%E7%9F%AD%E6%96%87/");
    expect(outline(notes.comments)).toEqual([
      [0, "小明", "published"],
      [1, "Li", "published"],
    ]);
    // An older converter's `date` field.
    expect(notes.comments[0].replies[0].createdAt).toBe("2023-05-05T08:00:00.000Z");
    const closed = await thread(site, "/notes/closed/");
    expect(closed.thread.locked).toBe(true);
    expect(outline(closed.comments)).toEqual([[0, "Admin", "published"]]);

    const all = await allComments(site, token);
    expect(all.filter((c) => c.status === "pending").map((c) => c.authorName)).toEqual(["Anonymous"]);
    expect(json(all)).not.toMatch(/[^*]@example\.(com|net|fr)|198\.51\.100\.23/);

    const gz = await gzipped("artalk.artrans");
    const again = await parleyJson(["--site", site, "import", "artalk", gz, "--no-progress"], token);
    expect(again.imported).toBe(0);
    expect(again.present).toBe(12);
    expect((await allComments(site, token)).length).toBe(12);
  });

  it("prints the plan on a dry run and writes nothing", async () => {
    const { site, token } = await createSite();
    const r = await parley(["--site", site, "import", "artalk", fixture("artalk.artrans"), "--dry-run", "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/threads\s+3 \(1 locked\), 1 merged/);
    expect(r.stdout).toMatch(/comments read\s+12 \(published 11, pending 1\)/);
    expect(r.stdout).toMatch(/orphans\s+1/);
    expect(r.stdout).toMatch(/dates repaired\s+2/);
    expect(await allComments(site, token)).toEqual([]);
  });
});

describe("the JSON export checks", () => {
  it("refuses a file of the other format, a file that is not JSON, and more JSON than the bound, as usage errors", async () => {
    const { site, token } = await createSite();
    const run = (format: string, file: string) => parley(["--site", site, "import", format, file, "--no-progress"], { token });

    const notWaline = await run("waline", fixture("artalk.artrans"));
    expect(notWaline.code).toBe(2);
    expect(notWaline.stderr).toContain("is not a Waline export");
    const notArtalk = await run("artalk", fixture("waline.json"));
    expect(notArtalk.code).toBe(2);
    expect(notArtalk.stderr).toContain("is not an Artalk export");
    const notJson = await run("artalk", fixture("disqus.xml"));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain("is not an Artalk export (Artrans, JSON): Unexpected token '<'");

    // 129 MiB of JSON in a small gzip: refused once the bound is passed, before any of it is parsed.
    const dir = await mkdtemp(join(tmpdir(), "parley-wa-big-"));
    const big = join(dir, "big.json.gz");
    const gzip = createGzip({ level: 1 });
    const out = gzip.pipe(createWriteStream(big));
    const blank = Buffer.alloc(1024 * 1024, 0x20);
    gzip.write("[");
    for (let i = 0; i < 129; i++) if (!gzip.write(blank)) await once(gzip, "drain");
    gzip.end("]");
    await once(out, "finish");
    const tooBig = await run("artalk", big);
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toContain("holds more than 128 MiB of JSON");
    expect(await allComments(site, token)).toEqual([]);
  });
});
