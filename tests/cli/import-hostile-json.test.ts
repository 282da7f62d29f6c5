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
  it("dates them just before the file's first readable date, not in 1970, and so does their thread", async () => {
    const { site, token } = await createSite();
    const rows = [
      { objectId: "u1", url: "/undated/", comment: "No date.", insertedAt: null },
      { objectId: "u2", url: "/undated/", comment: "Go's zero time.", insertedAt: "0001-01-01T00:00:00Z" },
      { objectId: "d1", url: "/dated/", comment: "Dated.", insertedAt: "2021-06-01T10:00:00Z" },
    ];
    const summary = await parleyJson(["--site", site, "import", "waline", await file("waline.json", waline(rows)), "--no-progress"], token);
    expect([summary.imported, summary.datesRepaired]).toEqual([3, 2]);
    const dates = Object.fromEntries((await allComments(site, token)).map((c) => [docText(c.body).trim(), c.createdAt]));
    expect(dates).toEqual({ "No date.": "2021-06-01T09:59:59.998Z", "Go's zero time.": "2021-06-01T09:59:59.999Z", "Dated.": "2021-06-01T10:00:00.000Z" });
    const threads = (await parleyJson(["--site", site, "threads", "list"], token)).threads;
    expect(threads.find((t: any) => t.key === "/undated/").createdAt).toBe("2021-06-01T09:59:59.998Z");
  });

  it("dates a file without any readable date from the time of the import", async () => {
    const { site, token } = await createSite();
    const before = Date.now();
    const rows = [{ objectId: "u1", comment: "No date.", insertedAt: "" }, { objectId: "u2", comment: "Nor here.", insertedAt: 0 }];
    expect((await parleyJson(["--site", site, "import", "waline", await file("waline.json", waline(rows)), "--no-progress"], token)).imported).toBe(2);
    for (const c of await allComments(site, token)) expect(Date.parse(c.createdAt)).toBeGreaterThanOrEqual(before - 1000);
  });
});
