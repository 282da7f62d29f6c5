// `parley export`, `parley import parley` and `parley gdpr`: a lossless round trip between two sites, and one
// author's data exported and erased (tombstones keep the replies in place), each audited.
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FIXTURES, allComments, api, createSite, parley, parleyJson, proxy, thread } from "./harness";
import type { ChildProcess } from "node:child_process";

/**
 * The documented normalization for comparing two exports: the export time and the site's id and timestamps go;
 * each comment is named by its origin, (source, sourceId), where a comment posted through Parley is
 * ("parley", its id in the first site), and its parent by the parent's origin; bans and webhooks lose their
 * generated ids (and webhooks their creation time: they are re-created, with new secrets).
 */
function normalize(doc: any) {
  const origin = new Map<string, string>(doc.comments.map((c: any) => [c.id, `${c.source ?? "parley"}:${c.sourceId ?? c.id}`]));
  return {
    version: doc.version,
    site: { name: doc.site.name, settings: doc.site.settings },
    articles: doc.articles,
    threads: doc.threads,
    comments: doc.comments
      .map(({ id, parentId, source: _s, sourceId: _i, ...c }: any) => ({ ...c, origin: origin.get(id), parent: parentId ? origin.get(parentId) : null }))
      .sort((a: any, b: any) => (a.origin < b.origin ? -1 : 1)),
    bans: doc.bans.map(({ id: _id, ...b }: any) => b).sort((a: any, b: any) => (a.value < b.value ? -1 : 1)),
    webhooks: doc.webhooks.map(({ id: _id, createdAt: _at, ...w }: any) => w),
  };
}

async function post(site: string, key: string, body: Record<string, unknown>) {
  const r = await api(`/sites/${site}/threads/${encodeURIComponent(key)}/comments`, { body: { authorName: "Native", ...body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.comment.id as string;
}

describe("parley export and import parley", () => {
  it("round-trips a site: export A, import into B, export B, equal after normalization", async () => {
    const a = await createSite("source");
    const dir = await mkdtemp(join(tmpdir(), "parley-export-"));
    expect((await parley(["--site", a.site, "site", "set", "minFillSeconds=0", "moderation=post", 'blockedWords=["casino"]', "locale=de"], { token: a.token })).code).toBe(0);
    await writeFile(join(dir, "post.md"), "---\ntitle: A post\ndate: 2021-01-01T00:00:00Z\nurl: https://blog.example.com/2021/a-post/\n---\nBody with a [link](https://example.com).\n");
    expect((await parley(["--site", a.site, "articles", "put", join(dir, "post.md")], { token: a.token })).code).toBe(0);
    for (const [format, file] of [["disqus", "disqus.xml"], ["wordpress", "wordpress.xml"], ["remark42", "remark42.jsonl"]]) {
      const r = await parley(["--site", a.site, "import", format, join(FIXTURES, file), "--no-progress"], { token: a.token });
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    // Comments posted through Parley, moderated, edited, voted on; a locked thread; bans.
    const root = await post(a.site, "post", { body: "Native root", authorEmail: "native@example.com" });
    const reply = await post(a.site, "post", { body: "Native reply", parentId: root });
    const gone = await post(a.site, "post", { body: "Will be deleted" });
    await post(a.site, "post", { body: "Under the deleted one", parentId: gone });
    await api(`/sites/${a.site}/comments/${reply}/votes`, { body: { readerKey: "reader-key-0000000001", up: true } });
    expect((await parley(["--site", a.site, "comments", "pin", root], { token: a.token })).code).toBe(0);
    expect((await parley(["--site", a.site, "comments", "delete", gone], { token: a.token })).code).toBe(0);
    await api(`/sites/${a.site}/moderation/comments/${reply}`, { method: "PATCH", token: a.token, body: { body: "Edited by the moderator" } });
    await api(`/sites/${a.site}/threads/post`, { method: "PUT", token: a.token, body: { locked: true } });
    await parleyJson(["--site", a.site, "bans", "add", "--type", "email", "--value", "troll@example.com", "--reason", "trolling"], a.token);
    await parleyJson(["--site", a.site, "bans", "add", "--type", "name", "--value", "Casino Bot", "--mode", "shadow"], a.token);
    // A comment of the shadow-banned author: shown to them alone, before the restore and after.
    const shadowed = await post(a.site, "elsewhere", { body: "Only I see this", authorName: "Casino Bot" });
    // Last, so that no event of the setup is delivered to it.
    const hook = await api(`/sites/${a.site}/webhooks`, { token: a.token, body: { url: "https://hooks.example.com/parley", events: ["comment.created", "comment.pending"], format: "json" } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);

    const exportA = join(dir, "a.json");
    const ex = await parley(["--site", a.site, "export", "--out", exportA], { token: a.token });
    expect(ex.code, ex.stderr).toBe(0);
    const docA = JSON.parse(await readFile(exportA, "utf8"));
    expect(docA.version).toBe(1);
    expect(docA.comments.length).toBe(34);
    // Counted as the file holds them, a single one in the singular.
    expect(ex.stderr).toBe(`Exported site "${a.site}" to ${exportA}: 1 article, ${docA.threads.length} threads, 34 comments, 2 bans, 1 webhook.\n`);
    // With --json the same counts go to standard output, which --out leaves free.
    const quiet = await parley(["--json", "--site", a.site, "export", "--out", join(dir, "a2.json")], { token: a.token });
    expect(quiet.stderr).toBe("");
    expect(JSON.parse(quiet.stdout)).toEqual({ out: join(dir, "a2.json"), counts: { articles: 1, threads: docA.threads.length, comments: 34, bans: 2, webhooks: 1 } });
    expect(docA.articles.map((x: any) => x.body)).toEqual(["Body with a [link](https://example.com)."]);
    expect(docA.articles[0].url).toBe("https://blog.example.com/2021/a-post/");
    expect(docA.threads.find((t: any) => t.key === "post").locked).toBe(true);
    expect(docA.bans).toHaveLength(2);
    expect(JSON.stringify(docA)).not.toContain("native@example.com");
    expect(docA.webhooks).toEqual([
      expect.objectContaining({ url: "https://hooks.example.com/parley", events: ["comment.created", "comment.pending"], format: "json", pausedAt: null }),
    ]);
    expect(JSON.stringify(docA)).not.toContain(hook.body.secret);
    expect(docA.comments.find((c: any) => c.id === reply)).toMatchObject({ editedBy: "moderator", votes: 1, body: "Edited by the moderator", parentId: root });
    expect(docA.comments.find((c: any) => c.id === gone)).toMatchObject({ status: "deleted", statusBeforeDelete: "published" });
    // The masked address the owner sees, never the address; and who posted while shadow-banned.
    expect(docA.comments.find((c: any) => c.id === root)).toMatchObject({ emailHint: "n***@example.com", shadow: false });
    expect(docA.comments.find((c: any) => c.id === shadowed)).toMatchObject({ shadow: true });

    const b = await createSite("restored");
    // --with-profile: B takes A's name and language too, so that the whole site round-trips.
    const imp = await parleyJson(["--site", b.site, "import", "parley", exportA, "--with-profile", "--no-progress"], b.token);
    expect(imp.restored.profile).toBe("restored");
    expect(imp.imported).toBe(34);
    expect(imp.failed).toEqual([]);
    // The webhook is made again on B with a new secret, shown once in the summary.
    expect(imp.restored.webhooks).toMatchObject({ present: 0, paused: [], failed: [] });
    expect(imp.restored.webhooks.created).toEqual([
      { url: "https://hooks.example.com/parley", format: "json", events: ["comment.created", "comment.pending"], secret: expect.any(String) },
    ]);
    expect(imp.restored.webhooks.created[0].secret).not.toBe(hook.body.secret);
    const exportB = join(dir, "b.json");
    expect((await parley(["--site", b.site, "export", "--out", exportB], { token: b.token })).code).toBe(0);
    const docB = JSON.parse(await readFile(exportB, "utf8"));
    expect(normalize(docB)).toEqual(normalize(docA));

    // What readers see is the same too.
    const [pageA, pageB] = [await thread(a.site, "post"), await thread(b.site, "post")];
    const strip = (list: any[]): any[] => list.map(({ id: _i, parentId: _p, replies, ...c }) => ({ ...c, replies: strip(replies) }));
    expect(strip(pageB.comments)).toEqual(strip(pageA.comments));
    expect(pageB.thread.locked).toBe(true);
    // And what the owner sees in the queue: the masked address, and the shadow-banned author's comment as such.
    const queueOf = async (site: string, token: string) => {
      const all = [];
      for (const status of ["published", "spam"]) all.push(...(await api(`/sites/${site}/moderation/comments?status=${status}&limit=100`, { token })).body.comments);
      return all.map((c: any) => [c.authorName, c.source, c.authorEmail, c.shadow, c.status]).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
    };
    const [queueA, queueB] = [await queueOf(a.site, a.token), await queueOf(b.site, b.token)];
    expect(queueB.filter((c: any) => c[0] === "Casino Bot" && c[3] === true)).toHaveLength(1);
    expect(queueB.find((c: any) => c[2] === "n***@example.com")).toBeTruthy();
    expect(queueB).toEqual(queueA);

    // Restoring again, or importing the original Disqus file into the restored site, inserts nothing.
    const again = await parleyJson(["--site", b.site, "import", "parley", exportA, "--no-progress"], b.token);
    expect(again.imported).toBe(0);
    expect(again.restored.webhooks).toMatchObject({ created: [], present: 1 });
    // Its summary says the article and the bans were there already, rather than "restored" once more.
    expect(again.restored).toMatchObject({ articles: 1, articlesPresent: 1, bans: 2, bansPresent: 2 });
    const words = await parley(["--site", b.site, "import", "parley", exportA, "--no-progress"], { token: b.token });
    expect(words.stdout).toContain("  restored          settings, 1 article (already there), 2 bans (already there), 0 webhooks\n");
    expect((await api(`/sites/${b.site}/webhooks`, { token: b.token })).body.webhooks).toHaveLength(1);
    const disqus = await parleyJson(["--site", b.site, "import", "disqus", join(FIXTURES, "disqus.xml"), "--no-progress"], b.token);
    expect(disqus.imported).toBe(0);
    expect(disqus.present).toBe(16);
  });

  it("finds every comment and ban present when restoring an export into its own site, and imports them once into another", async () => {
    const a = await createSite("self-restore");
    expect((await parley(["--site", a.site, "site", "set", "minFillSeconds=0", "moderation=post"], { token: a.token })).code).toBe(0);
    await parleyJson(["--site", a.site, "import", "remark42", join(FIXTURES, "remark42.jsonl"), "--no-progress"], a.token);
    // Posted through Parley: a root, a reply to it, and a reply to an imported comment.
    const imported = (await allComments(a.site, a.token)).find((c) => c.status === "published" && !c.threadKey.includes("closed"));
    const root = await post(a.site, "restore-me", { body: "Native root, *emphasis*" });
    await post(a.site, "restore-me", { body: "Native reply", parentId: root });
    await post(a.site, imported.threadKey, { body: "A native reply to an imported comment", parentId: imported.id });
    await parleyJson(["--site", a.site, "bans", "add", "--type", "email", "--value", "troll@example.com"], a.token);
    const dir = await mkdtemp(join(tmpdir(), "parley-self-restore-"));
    const file = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", file], { token: a.token })).code).toBe(0);
    const total = JSON.parse(await readFile(file, "utf8")).comments.length;
    expect(total).toBe(9);

    const state = async (site: string, token: string) => ({
      comments: (await allComments(site, token)).map((c) => `${c.threadKey} ${c.parentId ? "reply" : "root"} ${c.status} ${c.source}`).sort(),
      counts: (await thread(site, "restore-me")).thread.commentCount,
      bans: (await api(`/sites/${site}/bans`, { token })).body.bans.length,
    });
    const before = await state(a.site, a.token);
    for (let run = 0; run < 2; run++) {
      const self = await parleyJson(["--site", a.site, "import", "parley", file, "--no-progress"], a.token);
      expect(self).toMatchObject({ imported: 0, present: total, failed: [], orphans: 0 });
      expect(await state(a.site, a.token)).toEqual(before);
    }

    const b = await createSite("self-restore-copy");
    const copy = await parleyJson(["--site", b.site, "import", "parley", file, "--no-progress"], b.token);
    expect(copy).toMatchObject({ imported: total, present: 0, failed: [], orphans: 0 });
    const again = await parleyJson(["--site", b.site, "import", "parley", file, "--no-progress"], b.token);
    expect(again).toMatchObject({ imported: 0, present: total, failed: [] });
    expect(await state(b.site, b.token)).toEqual(before);
  });

  it("gives a restored article's thread without comments the export's date, not the time of the restore", async () => {
    const a = await createSite("quiet");
    const dir = await mkdtemp(join(tmpdir(), "parley-quiet-"));
    await writeFile(join(dir, "quiet.md"), "---\ntitle: Nobody commented\ndate: 2020-02-29T12:00:00Z\n---\nStill *here*.\n");
    expect((await parley(["--site", a.site, "articles", "put", join(dir, "quiet.md")], { token: a.token })).code).toBe(0);
    const exportA = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", exportA], { token: a.token })).code).toBe(0);
    const docA = JSON.parse(await readFile(exportA, "utf8"));
    expect(docA.threads).toEqual([expect.objectContaining({ key: "quiet", commentCount: 0 })]);
    // The export's thread is some milliseconds older than the restore, however fast it runs.
    await new Promise((r) => setTimeout(r, 20));
    const b = await createSite("quiet-copy");
    await parleyJson(["--site", b.site, "import", "parley", exportA, "--no-progress"], b.token);
    const exportB = join(dir, "b.json");
    expect((await parley(["--site", b.site, "export", "--out", exportB], { token: b.token })).code).toBe(0);
    expect(JSON.parse(await readFile(exportB, "utf8")).threads).toEqual(docA.threads);
  });

  it("restores a comment of 10,000 characters as the API counts them, emoji and all", async () => {
    const a = await createSite("astral");
    expect((await parley(["--site", a.site, "site", "set", "minFillSeconds=0"], { token: a.token })).code).toBe(0);
    // 10,000 code points, 15,000 UTF-16 units: the longest comment the API takes, so a backup must hold it.
    const body = "🙂".repeat(5_000) + "a".repeat(5_000);
    await post(a.site, "/astral/", { body });
    expect((await api(`/sites/${a.site}/threads/${encodeURIComponent("/astral/")}/comments`, { body: { authorName: "Native", body: `${body}b` } })).status).toBe(400);
    const dir = await mkdtemp(join(tmpdir(), "parley-astral-"));
    const exportA = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", exportA], { token: a.token })).code).toBe(0);
    const b = await createSite("astral-copy");
    const imp = await parleyJson(["--site", b.site, "import", "parley", exportA, "--no-progress"], b.token);
    expect(imp).toMatchObject({ imported: 1, failed: [] });
    const exportB = join(dir, "b.json");
    expect((await parley(["--site", b.site, "export", "--out", exportB], { token: b.token })).code).toBe(0);
    expect(JSON.parse(await readFile(exportB, "utf8")).comments.map((c: any) => c.body)).toEqual([body]);
  });

  it("keeps the target site's name, links, language and origins when restoring another site's export, unless asked", async () => {
    const a = await createSite("profile-a");
    const links = '[{"network":"website","url":"https://a.example/"}]';
    const set = await parley(["--site", a.site, "site", "set", "locale=de", "moderation=pre", "origins=https://a.example", `links=${links}`], { token: a.token });
    expect(set.code, set.stderr).toBe(0);
    const dir = await mkdtemp(join(tmpdir(), "parley-profile-"));
    const file = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", file], { token: a.token })).code).toBe(0);
    const settings = async (site: string, token: string) => (await api(`/sites/${site}/settings`, { token })).body.site;

    const b = await createSite("profile-b");
    const before = await settings(b.site, b.token);
    const kept = await parley(["--site", b.site, "import", "parley", file, "--no-progress"], { token: b.token });
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain(`site profile      kept this site's name, links, language and origins (the export is of site "${a.site}"; --with-profile takes them from it)`);
    const after = await settings(b.site, b.token);
    expect(after.name).toBe(before.name);
    expect(after.settings).toMatchObject({ origins: ["https://blog.example.com"], locale: "en", links: [], moderation: "pre" });

    const taken = await parleyJson(["--site", b.site, "import", "parley", file, "--with-profile", "--no-progress"], b.token);
    expect(taken.restored.profile).toBe("restored");
    const copy = await settings(b.site, b.token);
    expect(copy.name).toBe(`Test ${a.site}`);
    expect(copy.settings).toMatchObject({ origins: ["https://a.example"], locale: "de", links: [{ network: "website", url: "https://a.example/" }] });

    // Into the site the export was made of, the profile is restored without being asked for, but as every setting:
    // one changed on the site since the export (the name here) is the site's newer choice, and is kept.
    expect((await parley(["--site", a.site, "site", "set", "name=Renamed since"], { token: a.token })).code).toBe(0);
    const self = await parleyJson(["--site", a.site, "import", "parley", file, "--no-progress"], a.token);
    expect(self.restored).toMatchObject({ profile: "restored", keptSettings: ["name"] });
    expect((await settings(a.site, a.token)).name).toBe("Renamed since");
    const wrong = await parley(["--site", b.site, "import", "disqus", join(FIXTURES, "disqus.xml"), "--with-profile"], { token: b.token });
    expect(wrong.code).toBe(2);
  });

  it("restores an export whose blocked words predate the bound on new lists, without those words, and says so", async () => {
    const a = await createSite("words-a");
    expect((await parley(["--site", a.site, "site", "set", "minFillSeconds=0", "moderation=pre", 'blockedWords=["casino"]'], { token: a.token })).code).toBe(0);
    await post(a.site, "post", { body: "Kept across the restore" });
    const dir = await mkdtemp(join(tmpdir(), "parley-words-"));
    const file = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", file], { token: a.token })).code).toBe(0);
    // As an export made before new lists were bounded holds it: 500 words of 40 letters, 20,000 characters.
    const doc = JSON.parse(await readFile(file, "utf8"));
    const words = Array.from({ length: 500 }, (_, i) => `spamword${String(i).padStart(3, "0")}${"x".repeat(29)}`);
    doc.site.settings.blockedWords = words;
    await writeFile(file, JSON.stringify(doc));

    const b = await createSite("words-b");
    const r = await parley(["--site", b.site, "import", "parley", file, "--no-progress"], { token: b.token });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(
      "  blocked words     not restored: the export's 500 words take more than the 5,000 characters a new list may have; set a shorter one with `parley site set blockedWords=[…]`",
    );
    // The other settings and the comments came over; the site keeps the words it had.
    const after = (await api(`/sites/${b.site}/settings`, { token: b.token })).body.site.settings;
    expect(after).toMatchObject({ moderation: "pre", blockedWords: [] });
    expect((await allComments(b.site, b.token)).map((c: any) => c.source)).toContain("Kept across the restore");
    expect((await parleyJson(["--site", b.site, "import", "parley", file, "--no-progress"], b.token)).restored.blockedWordsLeft).toBe(500);
  });

  it("leaves out the webhooks that were paused in the export, and says so", async () => {
    const { site, token } = await createSite("paused-hooks");
    const dir = await mkdtemp(join(tmpdir(), "parley-hooks-"));
    const doc = {
      version: 1,
      exportedAt: "2026-11-30T00:00:00.000Z",
      site: { id: "old", name: "Old", settings: {} },
      articles: [],
      threads: [],
      comments: [],
      bans: [],
      webhooks: [
        { id: "wh_old000001", url: "https://hooks.example.com/live", events: ["comment.created"], format: "json", pausedAt: null, pausedReason: null, createdAt: "2026-01-01T00:00:00.000Z" },
        { id: "wh_old000002", url: "https://hooks.example.com/dead", events: ["comment.spam"], format: "discord", pausedAt: "2026-02-01T00:00:00.000Z", pausedReason: "HTTP 410", createdAt: "2026-01-01T00:00:00.000Z" },
      ],
    };
    const file = join(dir, "hooks.json");
    await writeFile(file, JSON.stringify(doc));
    const dry = await parleyJson(["--site", site, "import", "parley", file, "--dry-run", "--no-progress"], token);
    expect(dry.restored).toBeUndefined();
    expect(dry.wouldRestore.webhooks.created).toEqual([{ url: "https://hooks.example.com/live", format: "json", events: ["comment.created"], secret: null }]);
    expect((await api(`/sites/${site}/webhooks`, { token })).body.webhooks).toEqual([]);
    const human = await parley(["--site", site, "import", "parley", file, "--no-progress"], { token });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/webhook +https:\/\/hooks\.example\.com\/live \(json\): new secret \S+/);
    expect(human.stdout).toContain("https://hooks.example.com/dead was paused in the export: not re-created");
    const hooks = (await api(`/sites/${site}/webhooks`, { token })).body.webhooks;
    expect(hooks.map((w: any) => [w.url, w.events, w.pausedAt])).toEqual([["https://hooks.example.com/live", ["comment.created"], null]]);

    // Into a site with that URL in another format, the webhook cannot be made: listed as failed, and exit 1.
    const other = await createSite("hooks-taken");
    await api(`/sites/${other.site}/webhooks`, { token: other.token, body: { url: "https://hooks.example.com/live", events: ["comment.created"], format: "slack" } });
    const taken = await parley(["--site", other.site, "import", "parley", file, "--no-progress"], { token: other.token });
    expect(taken.code).toBe(1);
    expect(taken.stdout).toMatch(/^ {2}webhook failed {4}https:\/\/hooks\.example\.com\/live: WEBHOOK_EXISTS/m);
  });

  it("words a restore's dry run as what it would do, and writes nothing", async () => {
    const { site, token } = await createSite("dry-restore");
    const dir = await mkdtemp(join(tmpdir(), "parley-dry-restore-"));
    const doc = {
      version: 1,
      exportedAt: "2026-11-30T00:00:00.000Z",
      site: { id: "old", name: "Old", settings: { moderation: "pre" } },
      articles: [{ slug: "über", title: "Über uns", author: null, publishedAt: "2021-01-01T00:00:00.000Z", image: null, links: [], body: "Hallo & <b>bold</b>" }],
      threads: [],
      comments: [],
      bans: [
        { id: "ban_1", type: "email", value: "k:troll", hint: "t***@example.com", mode: "visible", reason: null, expiresAt: null, createdAt: "2026-01-01T00:00:00.000Z" },
        { id: "ban_2", type: "name", value: "k:bot", hint: "bot", mode: "shadow", reason: "spam", expiresAt: null, createdAt: "2026-01-01T00:00:00.000Z" },
      ],
      webhooks: [
        { id: "wh_old000001", url: "https://hooks.example.com/live", events: ["comment.created"], format: "json", pausedAt: null, pausedReason: null, createdAt: "2026-01-01T00:00:00.000Z" },
        { id: "wh_old000002", url: "https://hooks.example.com/dead", events: ["comment.spam"], format: "discord", pausedAt: "2026-02-01T00:00:00.000Z", pausedReason: "HTTP 410", createdAt: "2026-01-01T00:00:00.000Z" },
      ],
    };
    const file = join(dir, "dry.json");
    await writeFile(file, JSON.stringify(doc));
    const r = await parley(["--site", site, "import", "parley", file, "--dry-run", "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(0);
    const restoreLines = r.stdout.split("\n").slice(r.stdout.split("\n").findIndex((l) => l.startsWith("  peak memory")) + 1);
    expect(restoreLines).toEqual([
      "  would restore     settings, 1 article, 2 bans, 1 webhook",
      `  site profile      would keep this site's name, links, language and origins (the export is of site "old"; --with-profile takes them from it)`,
      "  webhook           https://hooks.example.com/live (json): would be re-created, with a new secret shown when it is",
      "  webhook paused    https://hooks.example.com/dead was paused in the export: would not be re-created",
      "",
    ]);
    expect(r.stdout).not.toMatch(/\brestored\b|new secret \(|not re-created/);
    const json = await parleyJson(["--site", site, "import", "parley", file, "--dry-run", "--no-progress"], token);
    expect(json).not.toHaveProperty("restored");
    expect(json.wouldRestore).toMatchObject({ profile: "kept", settings: true, articles: 1, bans: 2, webhooks: { paused: ["https://hooks.example.com/dead"] } });
    expect((await api(`/sites/${site}/articles`, { token })).body.articles).toEqual([]);
    expect((await api(`/sites/${site}/bans`, { token })).body.bans).toEqual([]);
    expect((await api(`/sites/${site}/settings`, { token })).body.site.settings.moderation).toBe("post");
  });

  it("says what was and was not restored when Ctrl-C stops a restore at its settings, exits 130, and the same command finishes it", async () => {
    const a = await createSite("ctrl-c-source");
    const dir = await mkdtemp(join(tmpdir(), "parley-ctrl-c-"));
    expect((await parley(["--site", a.site, "site", "set", "minFillSeconds=0", "moderation=pre", 'blockedWords=["casino"]'], { token: a.token })).code).toBe(0);
    await writeFile(join(dir, "post.md"), "---\ntitle: Über uns — „Grüße“\ndate: 2021-01-01T00:00:00Z\n---\nBody.\n");
    expect((await parley(["--site", a.site, "articles", "put", join(dir, "post.md")], { token: a.token })).code).toBe(0);
    await parleyJson(["--site", a.site, "import", "remark42", join(FIXTURES, "remark42.jsonl"), "--no-progress"], a.token);
    await parleyJson(["--site", a.site, "bans", "add", "--type", "email", "--value", "troll@example.com"], a.token);
    const hook = await api(`/sites/${a.site}/webhooks`, { token: a.token, body: { url: "https://hooks.example.com/ctrl-c", events: ["comment.created"], format: "json" } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const file = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", file], { token: a.token })).code).toBe(0);

    const b = await createSite("ctrl-c-target");
    // The owner presses Ctrl-C while the settings' PATCH is on its way; the worker then answers it.
    let child: ChildProcess | undefined;
    const front = await proxy(async ({ method }) => {
      if (method === "PATCH") {
        child?.kill("SIGINT");
        await new Promise((r) => setTimeout(r, 500));
      }
      return "pass" as const;
    });
    const args = ["--site", b.site, "import", "parley", file, "--no-progress"];
    const r = await parley(args, { token: b.token, env: { PARLEY_URL: front.url }, onSpawn: (c) => (child = c) }).finally(front.close);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout.split("\n")).toEqual([
      `Restored ${file} (parley) into site "${b.site}", until interrupted:`,
      "  restored          settings, 0 articles, 0 bans, 0 webhooks",
      "  not restored      1 article, 1 ban, 1 webhook and 6 comments",
      `  site profile      kept this site's name, links, language and origins (the export is of site "${a.site}"; --with-profile takes them from it)`,
      "  stopped           interrupted (run the same command again to resume)",
      "",
    ]);
    expect(r.stderr).toBe(
      `parley: Interrupted. Not restored: 1 article, 1 ban, 1 webhook and 6 comments. What was written is kept: run the same command again to restore the rest; nothing is written twice:\n  parley --site ${b.site} import parley ${file} --no-progress\n`,
    );
    expect((await api(`/sites/${b.site}/settings`, { token: b.token })).body.site.settings).toMatchObject({ moderation: "pre", blockedWords: ["casino"] });
    expect((await api(`/sites/${b.site}/articles`, { token: b.token })).body.articles).toEqual([]);
    expect((await api(`/sites/${b.site}/webhooks`, { token: b.token })).body.webhooks).toEqual([]);
    expect(await allComments(b.site, b.token)).toEqual([]);

    const rest = await parleyJson(args, b.token);
    expect(rest).toMatchObject({ imported: 6, stopped: null, restored: { settings: true, articles: 1, bans: 1, stopped: null } });
    expect(rest.restored.webhooks.created).toHaveLength(1);
    expect((await api(`/sites/${b.site}/articles`, { token: b.token })).body.articles).toHaveLength(1);
  });

  it("says what was and was not restored when a request fails during a restore's articles, exits 1, and the same command finishes it", async () => {
    const a = await createSite("api-error-source");
    const dir = await mkdtemp(join(tmpdir(), "parley-restore-error-"));
    expect((await parley(["--site", a.site, "site", "set", "minFillSeconds=0", "moderation=pre", 'blockedWords=["casino"]'], { token: a.token })).code).toBe(0);
    for (const [slug, title] of [["first", "Erster Beitrag — „Grüße“"], ["second", "Second & <last>"]]) {
      await writeFile(join(dir, `${slug}.md`), `---\ntitle: ${JSON.stringify(title)}\ndate: 2021-01-01T00:00:00Z\n---\nBody of ${slug}.\n`);
      expect((await parley(["--site", a.site, "articles", "put", join(dir, `${slug}.md`)], { token: a.token })).code).toBe(0);
    }
    await parleyJson(["--site", a.site, "import", "remark42", join(FIXTURES, "remark42.jsonl"), "--no-progress"], a.token);
    await parleyJson(["--site", a.site, "bans", "add", "--type", "email", "--value", "troll@example.com"], a.token);
    const hook = await api(`/sites/${a.site}/webhooks`, { token: a.token, body: { url: "https://hooks.example.com/api-error", events: ["comment.created"], format: "json" } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const file = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", file], { token: a.token })).code).toBe(0);

    // The second article's PUT meets a worker over its limits, as Cloudflare answers it.
    const b = await createSite("api-error-target");
    const front = await proxy(({ method, path }) => (method === "PUT" && path.endsWith("/articles/second") ? "503" : "pass"));
    const args = ["--site", b.site, "import", "parley", file, "--no-progress"];
    const r = await parley(args, { token: b.token, env: { PARLEY_URL: front.url } });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      `Restored ${file} (parley) into site "${b.site}", until a request failed:`,
      "  restored          settings, 1 article, 0 bans, 0 webhooks",
      "  not restored      1 article, 1 ban, 1 webhook and 6 comments",
      `  site profile      kept this site's name, links, language and origins (the export is of site "${a.site}"; --with-profile takes them from it)`,
      "  stopped           a request failed: HTTP_503 (run the same command again to resume)",
      "",
    ]);
    expect(r.stderr).toBe(
      `parley: HTTP_503: error code: 1102. Not restored: 1 article, 1 ban, 1 webhook and 6 comments. What was written is kept: run the same command again to restore the rest; nothing is written twice:\n  parley --site ${b.site} import parley ${file} --no-progress\n`,
    );
    const json = await parley(["--json", ...args], { token: b.token, env: { PARLEY_URL: front.url } }).finally(front.close);
    expect(json.code, json.stderr).toBe(1);
    expect(JSON.parse(json.stdout).restored).toMatchObject({
      settings: true,
      articles: 1,
      stopped: { cause: "apiError", code: "HTTP_503", reason: "HTTP_503: error code: 1102", notRestored: { settings: false, articles: 1, bans: 1, webhooks: 1, comments: 6 } },
    });
    expect((await api(`/sites/${b.site}/articles`, { token: b.token })).body.articles.map((x: any) => x.slug)).toEqual(["first"]);
    expect((await api(`/sites/${b.site}/bans`, { token: b.token })).body.bans).toEqual([]);
    expect(await allComments(b.site, b.token)).toEqual([]);

    const rest = await parleyJson(args, b.token);
    expect(rest).toMatchObject({ imported: 6, stopped: null, restored: { settings: true, articles: 2, bans: 1, stopped: null } });
    expect(rest.restored.webhooks.created).toHaveLength(1);
    expect((await api(`/sites/${b.site}/articles`, { token: b.token })).body.articles.map((x: any) => x.title).sort()).toEqual(["Erster Beitrag — „Grüße“", "Second & <last>"]);
  });

  it("sends a restore's step again while the worker answers 503 or drops the answer for a moment, and finishes the restore", async () => {
    const a = await createSite("busy-source");
    const dir = await mkdtemp(join(tmpdir(), "parley-restore-busy-"));
    expect((await parley(["--site", a.site, "site", "set", "moderation=pre"], { token: a.token })).code).toBe(0);
    await writeFile(join(dir, "post.md"), "---\ntitle: Ünïcödé & <busy>\ndate: 2021-01-01T00:00:00Z\n---\nBody.\n");
    expect((await parley(["--site", a.site, "articles", "put", join(dir, "post.md")], { token: a.token })).code).toBe(0);
    await parleyJson(["--site", a.site, "import", "remark42", join(FIXTURES, "remark42.jsonl"), "--no-progress"], a.token);
    await parleyJson(["--site", a.site, "bans", "add", "--type", "email", "--value", "troll@example.com"], a.token);
    const file = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", file], { token: a.token })).code).toBe(0);

    // The settings' PATCH meets a worker over its limits twice; the article's PUT and the bans' import are written
    // by the worker but their answers are lost once. Each is sent again, and written once.
    const b = await createSite("busy-target");
    const seen: Record<string, number> = {};
    const front = await proxy(({ method, path }) => {
      const step = method === "PATCH" ? "settings" : method === "PUT" ? "article" : method === "POST" && path.endsWith("/import") ? "import" : null;
      if (!step) return "pass";
      seen[step] = (seen[step] ?? 0) + 1;
      if (step === "settings" && seen[step] <= 2) return "503";
      return (step === "article" || step === "import") && seen[step] === 1 ? "drop" : "pass";
    });
    const run = await parley(["--json", "--site", b.site, "import", "parley", file, "--no-progress"], { token: b.token, env: { PARLEY_URL: front.url } }).finally(front.close);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ imported: 6, stopped: null, restored: { settings: true, articles: 1, bans: 1, stopped: null } });
    expect(seen.settings).toBe(3);
    expect((await api(`/sites/${b.site}/settings`, { token: b.token })).body.site.settings.moderation).toBe("pre");
    expect((await api(`/sites/${b.site}/articles`, { token: b.token })).body.articles.map((x: any) => x.title)).toEqual(["Ünïcödé & <busy>"]);
    expect((await api(`/sites/${b.site}/bans`, { token: b.token })).body.bans).toHaveLength(1);
    expect(await allComments(b.site, b.token)).toHaveLength(6);
  });

  it("stops at a webhook the worker fails to create, shows the secret of the one made before it, and the same command makes the rest", async () => {
    const { site, token } = await createSite("hook-error");
    const dir = await mkdtemp(join(tmpdir(), "parley-hook-error-"));
    const hook = (n: number, url: string) => ({ id: `wh_old00000${n}`, url, events: ["comment.created"], format: "json", pausedAt: null, pausedReason: null, createdAt: "2026-01-01T00:00:00.000Z" });
    const doc = {
      version: 1,
      exportedAt: "2026-11-30T00:00:00.000Z",
      site: { id: "old", name: "Old", settings: {} },
      articles: [],
      threads: [],
      comments: [],
      bans: [],
      webhooks: [hook(1, "https://hooks.example.com/first"), hook(2, "https://hooks.example.com/second?x=1&y=ü")],
    };
    const file = join(dir, "hooks.json");
    await writeFile(file, JSON.stringify(doc));
    let posts = 0;
    const front = await proxy(({ method, path }) => (method === "POST" && path.endsWith("/webhooks") && ++posts === 2 ? "503" : "pass"));
    const args = ["--site", site, "import", "parley", file, "--no-progress"];
    const r = await parley(args, { token, env: { PARLEY_URL: front.url } }).finally(front.close);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`Restored ${file} (parley) into site "${site}", until a request failed:`);
    expect(lines).toContain("  restored          settings, 0 articles, 0 bans, 1 webhook");
    expect(lines).toContain("  not restored      1 webhook and 0 comments");
    expect(lines).toContainEqual(expect.stringMatching(/^  webhook +https:\/\/hooks\.example\.com\/first \(json\): new secret \S+$/));
    expect(lines).toContain("  stopped           a request failed: HTTP_503 (run the same command again to resume)");
    expect(r.stderr).toContain("parley: HTTP_503: error code: 1102. Not restored: 1 webhook and 0 comments.");
    const rest = await parleyJson(args, token);
    expect(rest.restored.webhooks).toMatchObject({ present: 1, failed: [] });
    expect(rest.restored.webhooks.created.map((w: any) => w.url)).toEqual(["https://hooks.example.com/second?x=1&y=ü"]);
    expect((await api(`/sites/${site}/webhooks`, { token })).body.webhooks).toHaveLength(2);
  });

  it("gives a restore refused at its first request (a wrong token) the error alone", async () => {
    const a = await createSite("wrong-token-source");
    const dir = await mkdtemp(join(tmpdir(), "parley-restore-token-"));
    const file = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", file], { token: a.token })).code).toBe(0);
    const r = await parley(["--site", a.site, "import", "parley", file, "--no-progress"], { token: "not-the-token" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^parley: UNAUTHORIZED: /);
  });

  it("keeps an article edited on the site after the export, says so, and replaces it only with --overwrite-articles", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parley-kept-articles-"));
    const put = async (site: string, token: string, slug: string, title: string, body: string) => {
      await writeFile(join(dir, `${slug}.md`), `---\ntitle: ${JSON.stringify(title)}\ndate: 2021-03-04T05:06:07Z\n---\n${body}\n`);
      const r = await parley(["--site", site, "articles", "put", join(dir, `${slug}.md`)], { token });
      expect(r.code, r.stderr).toBe(0);
    };
    const body = async (site: string, token: string, slug: string) => (await api(`/sites/${site}/articles/${slug}/source`, { token })).body.article.body;
    // B's own "news" is older than the export: the export's text is the newer one and replaces it.
    const b = await createSite("kept-articles-b");
    await put(b.site, b.token, "news", "Old news", "B's news, *before* the export");
    const a = await createSite("kept-articles-a");
    await put(a.site, a.token, "about", "Über uns — „Grüße“", "About, as exported: <b>not bold</b> &amp; ~~kept~~");
    await put(a.site, a.token, "news", "News", "News, as exported.");
    const file = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", file], { token: a.token })).code).toBe(0);
    // After the export, the owner fixes a typo in A's "about", and B gets an "about" of its own.
    await put(a.site, a.token, "about", "Über uns — „Grüße“", "About, *edited* after the export");
    await put(b.site, b.token, "about", "About B", "B's own about page");

    const self = await parley(["--site", a.site, "import", "parley", file, "--no-progress"], { token: a.token });
    expect(self.code, self.stderr).toBe(0);
    // "news" is as exported: already there.
    expect(self.stdout).toContain("  restored          settings, 1 article (already there), 0 bans, 0 webhooks\n  article           about: kept (changed since the export; --overwrite-articles replaces it)\n");
    expect(await body(a.site, a.token, "about")).toBe("About, *edited* after the export");

    const copy = await parleyJson(["--site", b.site, "import", "parley", file, "--no-progress"], b.token);
    expect(copy.restored).toMatchObject({ articles: 1, keptArticles: ["about"] });
    expect(await body(b.site, b.token, "about")).toBe("B's own about page");
    expect(await body(b.site, b.token, "news")).toBe("News, as exported.");

    const forced = await parleyJson(["--site", a.site, "import", "parley", file, "--overwrite-articles", "--no-progress"], a.token);
    expect(forced.restored).toMatchObject({ articles: 2, keptArticles: [] });
    expect(await body(a.site, a.token, "about")).toBe("About, as exported: <b>not bold</b> &amp; ~~kept~~");
    // Now as in the export, it is neither kept nor written again.
    const audit = async () => (await api(`/sites/${a.site}/audit?limit=100`, { token: a.token })).body.entries.filter((e: any) => e.targetType === "article").length;
    const writes = await audit();
    const again = await parleyJson(["--site", a.site, "import", "parley", file, "--no-progress"], a.token);
    expect(again.restored).toMatchObject({ articles: 2, keptArticles: [] });
    expect(await audit()).toBe(writes);
    const wrong = await parley(["--site", a.site, "import", "disqus", join(FIXTURES, "disqus.xml"), "--overwrite-articles"], { token: a.token });
    expect(wrong.code).toBe(2);
  });

  it("keeps a setting changed on the site after the export, says so, and restores the rest and every setting of a new site", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parley-kept-settings-"));
    const set = async (site: string, token: string, ...assignments: string[]) => {
      const r = await parley(["--site", site, "site", "set", ...assignments], { token });
      expect(r.code, r.stderr).toBe(0);
    };
    const settings = async (site: string, token: string) => (await api(`/sites/${site}/settings`, { token })).body.site.settings;
    const a = await createSite("kept-settings-a");
    await set(a.site, a.token, "moderation=pre", "blockedWords=spam,eggs", "editWindowMinutes=30");
    const file = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", file], { token: a.token })).code).toBe(0);
    // After the export the owner publishes at once and changes the blocked words; the edit window changes and
    // changes back, so it is as exported.
    await set(a.site, a.token, "moderation=post", "blockedWords=ham", "editWindowMinutes=5");
    await set(a.site, a.token, "editWindowMinutes=30");

    const self = await parley(["--site", a.site, "import", "parley", file, "--no-progress"], { token: a.token });
    expect(self.code, self.stderr).toBe(0);
    expect(self.stdout).toContain("  restored          settings, 0 articles, 0 bans, 0 webhooks\n  settings          kept moderation, blockedWords (changed since the export)\n");
    expect(await settings(a.site, a.token)).toMatchObject({ moderation: "post", blockedWords: ["ham"], editWindowMinutes: 30 });
    const audit = (await api(`/sites/${a.site}/audit?limit=100`, { token: a.token })).body.entries.filter((e: any) => e.action === "site.update");
    expect(audit[0].after).toEqual({ editWindowMinutes: 30 });

    // A setting the site had changed before the export was made is not the site's newer choice: it is restored.
    const json = await parleyJson(["--site", a.site, "import", "parley", file, "--no-progress"], a.token);
    expect(json.restored).toMatchObject({ settings: true, keptSettings: ["moderation", "blockedWords"] });
    const b = await createSite("kept-settings-b");
    const copy = await parleyJson(["--site", b.site, "import", "parley", file, "--no-progress"], b.token);
    expect(copy.restored).toMatchObject({ settings: true, keptSettings: [] });
    expect(await settings(b.site, b.token)).toMatchObject({ moderation: "pre", blockedWords: ["spam", "eggs"], editWindowMinutes: 30 });
    const again = await parley(["--site", b.site, "import", "parley", file, "--no-progress"], { token: b.token });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain("  settings          kept");
  });

  it("restores a gzipped export as the plain one", async () => {
    const a = await createSite("gz-source");
    await parleyJson(["--site", a.site, "import", "remark42", join(FIXTURES, "remark42.jsonl"), "--no-progress"], a.token);
    const dir = await mkdtemp(join(tmpdir(), "parley-gz-export-"));
    expect((await parley(["--site", a.site, "export", "--out", join(dir, "a.json")], { token: a.token })).code).toBe(0);
    await writeFile(join(dir, "a.json.gz"), gzipSync(await readFile(join(dir, "a.json"))));
    const b = await createSite("gz-restored");
    const r = await parleyJson(["--site", b.site, "import", "parley", join(dir, "a.json.gz"), "--no-progress"], b.token);
    expect(r.imported).toBe(6);
    expect(r.failed).toEqual([]);
  });

  it("leaves an existing backup as it was when an export fails, and says plainly when the directory is missing", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-backup-"));
    const backup = join(dir, "backup.json");
    await writeFile(backup, "yesterday's backup\n");
    const refused = await parley(["--site", site, "export", "--out", backup], { token: "pt_own_not-the-token" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("UNAUTHORIZED");
    expect(await readFile(backup, "utf8")).toBe("yesterday's backup\n");
    // Nothing half-written is left beside it either.
    expect((await readdir(dir)).sort()).toEqual(["backup.json"]);
    const ok = await parley(["--site", site, "export", "--out", backup], { token });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(await readFile(backup, "utf8")).site.id).toBe(site);
    for (const args of [["export", "--out", join(dir, "missing", "x.json")], ["gdpr", "export", "--email", "a@example.com", "--out", join(dir, "missing", "x.json")], ["export", "--out", dir]]) {
      const r = await parley(["--site", site, ...args], { token });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).not.toMatch(/\n\s+at /);
    }
  });

  it("writes the export to standard output without --out", async () => {
    const { site, token } = await createSite();
    await parleyJson(["--site", site, "import", "remark42", join(FIXTURES, "remark42.jsonl"), "--no-progress"], token);
    const r = await parley(["--site", site, "export"], { token });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.site.id).toBe(site);
    expect(doc.comments).toHaveLength(6);
    expect(doc.site.settings).not.toHaveProperty("turnstileSecret");
  });
});

describe("parley gdpr", () => {
  it("exports one author's comments and erases them, leaving tombstones that keep the replies", async () => {
    const { site, token } = await createSite();
    await parleyJson(["--site", site, "import", "disqus", join(FIXTURES, "disqus.xml"), "--no-progress"], token);
    const exported = await parley(["--site", site, "gdpr", "export", "--email", "ALICE@example.com"], { token });
    expect(exported.code, exported.stderr).toBe(0);
    const doc = JSON.parse(exported.stdout);
    expect(doc.comments.map((c: any) => c.body)).toEqual([expect.stringContaining("First!"), "Depth four."]);
    const dir = await mkdtemp(join(tmpdir(), "parley-gdpr-"));
    expect((await parley(["--site", site, "gdpr", "export", "--email", "alice@example.com", "--out", join(dir, "alice.json")], { token })).code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, "alice.json"), "utf8")).comments).toHaveLength(2);

    const erased = await parley(["--site", site, "gdpr", "erase", "--email", "alice@example.com"], { token });
    expect(erased.code, erased.stderr).toBe(0);
    expect(erased.stdout).toContain("Erased 2 comments");
    const page = await thread(site, "/2021/06/my-post/");
    expect(page.comments[0]).toMatchObject({ status: "deleted", authorName: "", body: [] });
    expect(page.comments[0].replies[0].authorName).toBe("Bob");
    // Nothing brings an erased comment back, and the CLI says so of the one.
    const restore = await parley(["--site", site, "comments", "restore", page.comments[0].id], { token });
    expect([restore.code, restore.stderr]).toEqual([
      1,
      `  ${page.comments[0].id}: erased by a GDPR request, it stays a tombstone\nparley: COMMENT_ERASED: 1 of the comments was erased by a GDPR request and cannot be changed.\n`,
    ]);
    const deep = page.comments[0].replies[0].replies[0].replies[0].replies[0];
    expect(deep).toMatchObject({ status: "deleted", authorName: "" });
    expect(deep.replies[0].authorName).toBe("Eve");
    const all = await allComments(site, token);
    expect(JSON.stringify(all)).not.toContain("Fish & chips");
    const after = await parleyJson<{ comments: unknown[] }>(["--site", site, "gdpr", "export", "--email", "alice@example.com"], token);
    expect(after.comments).toEqual([]);
    const { body: audit } = await api(`/sites/${site}/audit`, { token });
    expect(audit.entries.map((e: any) => e.action)).toEqual(expect.arrayContaining(["gdpr.export", "gdpr.erase"]));
    expect(JSON.stringify(audit)).not.toContain("alice@example.com");
    const bad = await parley(["--site", site, "gdpr", "erase", "--email", "not-an-email"], { token });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("VALIDATION_FAILED");
    expect((await parley(["--site", site, "gdpr", "erase"], { token })).code).toBe(2);
  });
});
