// `parley import isso` and `parley import commento`: an isso SQLite database (built here from a committed .sql
// file) and a Commento export (plain and gzipped), both written to be ugly, imported by the real CLI into a local
// worker: fidelity (the outline of each thread: depth, author, state), the summary's counts, dry runs,
// idempotency, and hostile text that stays text.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, allComments, api, createSite, parley, parleyJson, thread } from "./harness";

const fixture = (name: string) => join(FIXTURES, name);

/** Flattens a thread page into [depth, authorName, status] rows in display order. */
function outline(comments: any[], depth = 0): [number, string, string][] {
  return comments.flatMap((c) => [[depth, c.authorName, c.status] as [number, string, string], ...outline(c.replies, depth + 1)]);
}

const text = (doc: unknown): string => JSON.stringify(doc);

/** Every text node of a body tree, joined: what a reader sees. */
function plain(nodes: any[]): string {
  return nodes.map((n) => (n.t === "text" ? n.v : Array.isArray(n.c) ? plain(n.c) : Array.isArray(n.items) ? n.items.map(plain).join("") : "")).join("");
}

/** Node types used anywhere in a body tree. */
function types(nodes: any[]): string[] {
  return nodes.flatMap((n) => [n.t, ...(Array.isArray(n.c) ? types(n.c) : []), ...(Array.isArray(n.items) ? n.items.flatMap(types) : [])]);
}

/** Runs an import that reports failures (exit code 1) and returns its --json summary. */
async function importWithFailures(args: string[], token: string): Promise<any> {
  const r = await parley(["--json", ...args], { token });
  expect(r.code, r.stderr).toBe(1);
  return JSON.parse(r.stdout);
}

describe("parley import isso", () => {
  let db = "";

  beforeAll(async () => {
    // isso's database, made from the committed SQL so no binary file is in the repository.
    const { DatabaseSync } = await import("node:sqlite");
    const dir = await mkdtemp(join(tmpdir(), "parley-isso-"));
    db = join(dir, "comments.db");
    const sqlite = new DatabaseSync(db);
    sqlite.exec(await readFile(fixture("isso.sql"), "utf8"));
    sqlite.close();
  });

  it("opens a gzipped database (a backup) as the plain one", async () => {
    const { site, token } = await createSite();
    const gz = join(await mkdtemp(join(tmpdir(), "parley-isso-gz-")), "comments.db.gz");
    await writeFile(gz, gzipSync(await readFile(db)));
    const r = await importWithFailures(["--site", site, "import", "isso", gz, "--no-progress"], token);
    expect(r.imported).toBe(18);
    expect((await thread(site, "/blog/2019/hello-world/")).comments[0].authorName).toBe("Alice");
  });

  it("imports every comment with its parents at any depth, names, states and dates, and a second run inserts nothing", async () => {
    const { site, token } = await createSite();
    const first = await importWithFailures(["--site", site, "import", "isso", db, "--no-progress"], token);
    expect(first.format).toBe("isso");
    expect(first.read).toBe(19);
    expect(first.imported).toBe(18);
    expect(first.present).toBe(0);
    // The comment whose thread row is gone fails with its reason; nothing is left out silently.
    expect(first.failed).toEqual([{ ref: "isso:19", reason: "its page has no URL to make a thread key from" }]);
    expect(first.skipped).toEqual({});
    expect(first.orphans).toBe(1);
    expect(first.datesRepaired).toBe(2);
    expect(first.byStatus).toEqual({ published: 15, pending: 2, rejected: 0, spam: 0, deleted: 1 });
    // Two threads with comments; the empty /about/ thread is not one.
    expect(first.threads).toBe(2);
    expect(first.merges).toEqual([]);

    const page = await thread(site, "/blog/2019/hello-world/");
    expect(outline(page.comments)).toEqual([
      [0, "Alice", "published"],
      [1, "Bob", "published"],
      [2, "Zoë 李雷 🚀", "published"],
      [3, "علي بن أحمد", "published"],
      [4, "Dave", "published"],
      [5, "Eve", "published"],
      [0, "Grace", "published"],
      [1, "Frank", "published"],
      [0, "Heidi", "published"],
      [0, "Anonymous", "published"],
      [0, "", "deleted"],
      [1, "Ivan", "published"],
      [0, "<img src=x onerror=alert(1)>", "published"],
      [0, "Nia", "published"],
      [0, "Olivia", "published"],
    ]);
    const alice = page.comments[0];
    // The float unix time keeps its milliseconds; the author's markdown is rendered like any comment.
    expect(alice.createdAt).toBe("2019-01-01T00:00:00.123Z");
    expect(types(alice.body)).toContain("strong");
    expect(text(alice.body)).toContain('"href":"https://alice.example/"');
    expect(page.comments[3].createdAt).toBe("2019-01-03T10:00:00.000Z");
    // 0 and "yesterday" become just after the comment before them.
    expect(page.comments.at(-2).createdAt).toBe("2019-01-03T15:00:00.001Z");
    expect(page.comments.at(-1).createdAt).toBe("2019-01-03T15:00:00.002Z");

    const cafe = await thread(site, "/blog/2020/caf%C3%A9/");
    expect(outline(cafe.comments)).toEqual([[0, "Oscar", "published"]]);
    expect(cafe.comments[0].createdAt).toBe("2020-01-01T00:00:00.500Z");

    const all = await allComments(site, token);
    expect(all.filter((c) => c.status === "pending").map((c) => c.authorName)).toEqual(["Judy", "Peggy"]);
    expect(all.find((c) => c.authorName === "Peggy").parentId).toBe(cafe.comments[0].id);
    // E-mails are kept only as keyed hashes, never as given.
    expect(JSON.stringify(all)).not.toContain("alice@isso.example");

    const second = await importWithFailures(["--site", site, "import", "isso", db, "--no-progress"], token);
    expect(second.imported).toBe(0);
    expect(second.present).toBe(18);
    expect((await allComments(site, token)).length).toBe(18);
  });

  it("keeps hostile markdown and names as text", async () => {
    const { site, token } = await createSite();
    await importWithFailures(["--site", site, "import", "isso", db, "--no-progress"], token);
    const page = await thread(site, "/blog/2019/hello-world/");
    const hostile = page.comments.find((c: any) => c.authorName.includes("onerror"));
    expect(hostile.authorName).toBe("<img src=x onerror=alert(1)>");
    // The tags are characters a reader sees, not markup; no link, image or script comes out of them.
    expect(plain(hostile.body)).toContain('<script>alert("isso")</script>');
    expect(plain(hostile.body)).toContain('<a href="javascript:alert(2)">raw</a>');
    expect(types(hostile.body)).not.toContain("a");
    expect(types(hostile.body)).not.toContain("img");
    expect(text(hostile.body)).not.toMatch(/"(href|src)":"javascript:/);
  });

  it("prints the plan on a dry run and writes nothing", async () => {
    const { site, token } = await createSite();
    const r = await parley(["--site", site, "import", "isso", db, "--dry-run", "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain("Dry run: nothing was written");
    expect(r.stdout).toMatch(/threads\s+2\n/);
    expect(r.stdout).toMatch(/comments read\s+19 \(published 15, pending 2, deleted 1; 1 failed\)\n\s+would import\s+18 /);
    expect(r.stdout).toContain("isso:19: its page has no URL to make a thread key from");
    expect(await allComments(site, token)).toEqual([]);
    const { body } = await api(`/sites/${site}/export?part=threads`, { token });
    expect(body.items).toEqual([]);
  });

  it("refuses a file that is not an isso database as a usage error", async () => {
    const { site, token } = await createSite();
    const r = await parley(["--site", site, "import", "isso", fixture("commento.json"), "--no-progress"], { token });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not an isso database");
  });
});

describe("parley import commento", () => {
  it("imports a plain export with parents at any depth, names, states and dates, and the gzipped one as the same comments", async () => {
    const { site, token } = await createSite();
    const first = await parleyJson(["--site", site, "import", "commento", fixture("commento.json"), "--no-progress"], token);
    expect(first.format).toBe("commento");
    expect(first.read).toBe(20);
    expect(first.imported).toBe(20);
    expect(first.failed).toEqual([]);
    expect(first.skipped).toEqual({});
    expect(first.orphans).toBe(1);
    expect(first.datesRepaired).toBe(2);
    expect(first.byStatus).toEqual({ published: 15, pending: 2, rejected: 0, spam: 1, deleted: 2 });
    expect(first.threads).toBe(2);

    const page = await thread(site, "/posts/first-post");
    expect(outline(page.comments)).toEqual([
      [0, "Amy Ōtsuka", "published"],
      [1, "Ben", "published"],
      [2, "دانة الهاشمي", "published"],
      [3, "Chen 陈 🐉", "published"],
      [4, "Amy Ōtsuka", "published"],
      [0, "Fay", "published"],
      [1, "Dora", "published"],
      [0, "Eli", "published"],
      [0, "Anonymous", "published"],
      [0, "", "deleted"],
      [1, "Gus", "published"],
      [0, '<script>alert("name")</script>', "published"],
      [0, "Jon", "published"],
      [0, "Kim", "published"],
    ]);
    const amy = page.comments[0];
    expect(amy.createdAt).toBe("2021-03-01T10:00:00.123Z");
    expect(types(amy.body)).toContain("strong");
    // Go's zero time and a missing date become just after the comment before them.
    expect(page.comments.at(-2).createdAt).toBe("2021-03-05T09:00:00.001Z");
    expect(page.comments.at(-1).createdAt).toBe("2021-03-05T09:00:00.002Z");

    const second = await thread(site, "/posts/second-post/");
    expect(outline(second.comments)).toEqual([
      [0, "Lena", "published"],
      [0, "Anonymous", "published"],
    ]);
    // A comment with only HTML is converted to markdown; its script is dropped.
    expect(types(second.comments[0].body)).toContain("em");
    expect(plain(second.comments[0].body)).toBe("Only HTML here");

    const all = await allComments(site, token);
    const by = (name: string) => all.find((c) => c.authorName === name);
    expect(by("Hana").status).toBe("pending");
    expect(by("Max").status).toBe("pending");
    expect(by("Max").parentId).toBe(second.comments[0].id);
    expect(by("Spammy McSpam").status).toBe("spam");
    expect(by("Ivy").status).toBe("deleted");
    // The "[deleted]" placeholder Commento leaves is not kept as the comment's text.
    expect(all.filter((c) => c.status === "deleted").map((c) => c.source)).toEqual(["", "Removed by a moderator."]);
    expect(JSON.stringify(all)).not.toContain("amy@commento.example");

    const dir = await mkdtemp(join(tmpdir(), "parley-commento-"));
    const gz = join(dir, "commento-export.json.gz");
    await writeFile(gz, gzipSync(await readFile(fixture("commento.json"))));
    const again = await parleyJson(["--site", site, "import", "commento", gz, "--no-progress"], token);
    expect(again.read).toBe(20);
    expect(again.imported).toBe(0);
    expect(again.present).toBe(20);
    expect((await allComments(site, token)).length).toBe(20);
  });

  it("keeps hostile markdown and names as text", async () => {
    const { site, token } = await createSite();
    await parleyJson(["--site", site, "import", "commento", fixture("commento.json"), "--no-progress"], token);
    const page = await thread(site, "/posts/first-post");
    const hostile = page.comments.find((c: any) => c.authorName.includes("script"));
    expect(plain(hostile.body)).toContain('<script>alert("commento")</script>');
    expect(plain(hostile.body)).toContain("<iframe");
    expect(types(hostile.body)).not.toContain("a");
    expect(types(hostile.body)).not.toContain("img");
    expect(text(hostile.body)).not.toMatch(/"(href|src)":"javascript:/);
  });

  it("prints the plan of a gzipped export on a dry run and writes nothing", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-commento-"));
    const gz = join(dir, "commento-export.gz");
    await writeFile(gz, gzipSync(await readFile(fixture("commento.json"))));
    const r = await parley(["--site", site, "import", "commento", gz, "--dry-run", "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Dry run: nothing was written");
    expect(r.stdout).toMatch(/comments read\s+20 \(published 15, pending 2, spam 1, deleted 2\)/);
    expect(r.stdout).toMatch(/orphans\s+1/);
    expect(await allComments(site, token)).toEqual([]);
  });

  it("refuses a file that is not a Commento export as a usage error", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-commento-"));
    await writeFile(join(dir, "v2.json"), JSON.stringify({ version: 2, comments: [], commenters: [] }));
    const wrongVersion = await parley(["--site", site, "import", "commento", join(dir, "v2.json"), "--no-progress"], { token });
    expect(wrongVersion.code).toBe(2);
    expect(wrongVersion.stderr).toContain("version 2 is not supported");
    const notJson = await parley(["--site", site, "import", "commento", fixture("isso.sql"), "--no-progress"], { token });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain("is not a Commento export");
  });
});
