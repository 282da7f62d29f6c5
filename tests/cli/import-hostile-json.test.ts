// A hostile owner's trial of the JSON importers (Waline, Artalk, Commento, Remark42): what spam, converters and
// Windows tools leave in real exports, imported by the real CLI into a local worker. Each comment either comes in
// with its words or fails with a reason the summary names; none is lost without a word.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docText } from "../../worker/contract/doc";
import { allComments, createSite, parley, parleyJson } from "./harness";

/** Writes `content` to a fresh file named `name` and returns its path. */
async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "parley-hostile-")), name);
  await writeFile(path, content);
  return path;
}

const waline = (rows: Record<string, unknown>[]) =>
  JSON.stringify({ type: "waline", version: 1, data: { Comment: rows.map((r) => ({ url: "/p/", nick: "Ann", status: "approved", insertedAt: "2021-06-01T10:00:00Z", ...r })) } });

const artalk = (rows: Record<string, unknown>[]) =>
  JSON.stringify(rows.map((r) => ({ rid: "0", nick: "Ann", page_key: "/p/", site_name: "S", created_at: "2023-05-01 10:00:00 +0800", ...r })));

describe("parley import of markdown nested past the renderer's bound", () => {
  it("keeps the words of quotes and lists nested hundreds deep in Waline and Artalk comments", async () => {
    const { site, token } = await createSite();
    const quote = `Before.\n\n${"> ".repeat(300)}deep quote\n\nAfter.`;
    const list = `${"- ".repeat(200)}deep list`;
    const walineFile = await file("waline.json", waline([{ objectId: "q", comment: quote }, { objectId: "l", comment: list }]));
    const artalkFile = await file("artalk.artrans", artalk([{ id: "1", content: quote }, { id: "2", content: list }]));
    expect((await parleyJson(["--site", site, "import", "waline", walineFile, "--no-progress"], token)).imported).toBe(2);
    expect((await parleyJson(["--site", site, "import", "artalk", artalkFile, "--no-progress"], token)).imported).toBe(2);
    const texts = (await allComments(site, token)).map((c) => docText(c.body));
    expect(texts.filter((t) => t.includes("Before.") && t.includes("deep quote") && t.includes("After."))).toHaveLength(2);
    expect(texts.filter((t) => t.includes("deep list"))).toHaveLength(2);
  });
});

describe("parley import of HTML too deep to read into a tree", () => {
  it("drops what the page never showed (scripts, styles, HTML comments) from the text it keeps", async () => {
    const { site, token } = await createSite();
    const body = `Hello <script>alert("pwned")</script><style>p { color: red }</style><!-- a note -->world${"<b>".repeat(5000)} and more`;
    const walineFile = await file("waline.json", waline([{ objectId: "deep", comment: body }]));
    expect((await parleyJson(["--site", site, "import", "waline", walineFile, "--no-progress"], token)).imported).toBe(1);
    const [comment] = await allComments(site, token);
    expect(docText(comment.body)).toMatch(/Hello\s+world\s+and more/);
    expect(comment.source).not.toMatch(/pwned|color|a note/);
  });
});

describe("parley import of records that are no comments", () => {
  it("counts a list where a Commento comment should be as no comment, and names a comment without id, name or page plainly", async () => {
    const { site, token } = await createSite();
    const ok = { commentHex: "a1", url: "/p/", commenterHex: "anonymous", markdown: "Kept.", parentHex: "root", state: "approved", creationDate: "2021-03-01T10:00:00Z" };
    const doc = { version: 1, comments: [ok, [], ["x"], 5, null, { markdown: "Nobody's." }], commenters: [] };
    const r = await parley(["--json", "--site", site, "import", "commento", await file("commento.json", JSON.stringify(doc)), "--no-progress", "--dry-run"], { token });
    expect(r.code, r.stderr).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary.skipped).toEqual({ "not a comment object": 4 });
    expect(summary.failed).toEqual([{ ref: "commento: a comment with no name on no page", reason: "no id in the file" }]);
  });
});

describe("parley import of comments without a date at the start of a file", () => {
  it("dates them (and one dated 1970-01-01, a lost date) just before the file's first readable date, and so does their thread", async () => {
    const { site, token } = await createSite();
    const rows = [
      { objectId: "u1", url: "/undated/", comment: "No date.", insertedAt: null },
      { objectId: "u2", url: "/undated/", comment: "Go's zero time.", insertedAt: "0001-01-01T00:00:00Z" },
      { objectId: "u3", url: "/undated/", comment: "Unix's zero time.", insertedAt: "1970-01-01T00:00:00Z" },
      { objectId: "d1", url: "/dated/", comment: "Dated.", insertedAt: "2021-06-01T10:00:00Z" },
    ];
    const summary = await parleyJson(["--site", site, "import", "waline", await file("waline.json", waline(rows)), "--no-progress"], token);
    expect([summary.imported, summary.datesRepaired]).toEqual([4, 3]);
    const dates = Object.fromEntries((await allComments(site, token)).map((c) => [docText(c.body).trim(), c.createdAt]));
    expect(dates).toEqual({
      "No date.": "2021-06-01T09:59:59.997Z",
      "Go's zero time.": "2021-06-01T09:59:59.998Z",
      "Unix's zero time.": "2021-06-01T09:59:59.999Z",
      "Dated.": "2021-06-01T10:00:00.000Z",
    });
    const threads = (await parleyJson(["--site", site, "threads", "list"], token)).threads;
    expect(threads.find((t: any) => t.key === "/undated/").createdAt).toBe("2021-06-01T09:59:59.997Z");
  });

  it("dates a file without any readable date from the time of the import", async () => {
    const { site, token } = await createSite();
    const before = Date.now();
    const rows = [{ objectId: "u1", comment: "No date.", insertedAt: "" }, { objectId: "u2", comment: "Nor here.", insertedAt: 0 }];
    expect((await parleyJson(["--site", site, "import", "waline", await file("waline.json", waline(rows)), "--no-progress"], token)).imported).toBe(2);
    for (const c of await allComments(site, token)) expect(Date.parse(c.createdAt)).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe("parley import of exports that are not UTF-8", () => {
  const latin1 = (text: string) => Buffer.from(text, "latin1");
  const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);

  it("reads a Waline export saved as UTF-16 (PowerShell's >) and a Remark42 backup too, names and text intact", async () => {
    const { site, token } = await createSite();
    const walineFile = await file("waline.json", utf16(waline([{ objectId: "w", nick: "Zoë 李雷", comment: "Très bien 😀" }])));
    expect((await parleyJson(["--site", site, "import", "waline", walineFile, "--no-progress"], token)).imported).toBe(1);
    const header = JSON.stringify({ version: 1, users: [], posts: [] });
    const line = JSON.stringify({ id: "r", pid: "", orig: "Grüße 你好", user: { name: "Jürgen" }, locator: { url: "/p/" }, time: "2020-01-02T03:04:05Z" });
    const remarkFile = await file("backup.jsonl", utf16(`${header}\r\n${line}\r\n`));
    expect((await parleyJson(["--site", site, "import", "remark42", remarkFile, "--no-progress"], token)).imported).toBe(1);
    const seen = (await allComments(site, token)).map((c) => [c.authorName, docText(c.body).trim()]);
    expect(seen).toEqual(expect.arrayContaining([["Zoë 李雷", "Très bien 😀"], ["Jürgen", "Grüße 你好"]]));
  });

  it("reads bytes that are no UTF-8 (a record saved as Latin-1) as Windows-1252, not as replacement characters", async () => {
    const { site, token } = await createSite();
    const utf8Row = artalk([{ id: "1", nick: "Ann", content: "Plain UTF-8: 你好" }]).slice(1, -1);
    const latinRow = artalk([{ id: "2", nick: "Renée", content: "Très bon café, 5 €" }]).slice(1, -1);
    const artalkFile = await file("mixed.artrans", Buffer.concat([Buffer.from(`[${utf8Row},`), latin1(latinRow.replace("€", "\x80")), Buffer.from("]")]));
    expect((await parleyJson(["--site", site, "import", "artalk", artalkFile, "--no-progress"], token)).imported).toBe(2);
    const { DatabaseSync } = await import("node:sqlite");
    const db = join(await mkdtemp(join(tmpdir(), "parley-hostile-")), "comments.db");
    const sqlite = new DatabaseSync(db);
    sqlite.exec("CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256))");
    sqlite.exec("CREATE TABLE comments (tid INTEGER, id INTEGER PRIMARY KEY, parent INTEGER, created FLOAT, mode INTEGER, text VARCHAR, author VARCHAR, email VARCHAR)");
    sqlite.prepare("INSERT INTO threads VALUES (1, '/isso/', NULL)").run();
    // Text bytes as Python 2 era isso could leave them: a TEXT value that is Latin-1.
    sqlite.prepare("INSERT INTO comments VALUES (1, 1, NULL, 1546300800, 1, CAST(?1 AS TEXT), CAST(?2 AS TEXT), NULL)").run(latin1("Déjà vu"), latin1("Hélène"));
    sqlite.close();
    expect((await parleyJson(["--site", site, "import", "isso", db, "--no-progress"], token)).imported).toBe(1);
    const seen = (await allComments(site, token)).map((c) => [c.authorName, docText(c.body).trim()]);
    expect(seen).toEqual(expect.arrayContaining([["Ann", "Plain UTF-8: 你好"], ["Renée", "Très bon café, 5 €"], ["Hélène", "Déjà vu"]]));
  });
});

describe("parley import of long names made of emoji", () => {
  it("keeps 80 characters of a name, cut between whole characters, never splitting an emoji, a flag or a family into U+FFFD", async () => {
    const { site, token } = await createSite();
    const names = ["a" + "😀".repeat(100), "👨‍👩‍👧‍👦".repeat(30), "🇫🇷".repeat(50)];
    const rows = names.map((nick, i) => ({ objectId: `n${i}`, nick, comment: `Name ${i}` }));
    expect((await parleyJson(["--site", site, "import", "waline", await file("waline.json", waline(rows)), "--no-progress"], token)).imported).toBe(3);
    const stored = Object.fromEntries((await allComments(site, token)).map((c) => [docText(c.body).trim(), c.authorName]));
    for (const [i, name] of names.entries()) {
      expect(stored[`Name ${i}`]).not.toContain("\uFFFD");
      expect(name.startsWith(stored[`Name ${i}`])).toBe(true);
      expect(stored[`Name ${i}`].length).toBeGreaterThan(70);
    }
    // Characters as the API counts them, code points: an emoji is one, a family of four seven, a flag two.
    expect([stored["Name 0"], stored["Name 1"], stored["Name 2"]]).toEqual(["a" + "😀".repeat(79), "👨‍👩‍👧‍👦".repeat(11), "🇫🇷".repeat(40)]);
  });
});
