// A Remark42 backup as Remark42 writes it: names and the author's markdown stored HTML-escaped (Go's
// template.HTMLEscapeString and bluemonday), pins and each voter's direction kept on the comment.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docText } from "../../worker/contract/doc";
import { allComments, createSite, parley, parleyJson, qaFixture, thread } from "./harness";

describe("parley import remark42 of an escaped backup", () => {
  it("shows names and markdown as they were typed, quotes as quotes and code as written, with the pin and upvotes", async () => {
    const { site, token } = await createSite();
    const args = ["--site", site, "import", "remark42", qaFixture("remark42-escaped.jsonl"), "--no-progress"];
    const first = await parleyJson(args, token);
    expect(first.imported).toBe(2);
    const source = Object.fromEntries((await allComments(site, token)).map((c) => [c.authorName, c.source]));
    expect(source).toEqual({
      "O'Brien & Sons":
        "Generics at last & about time: `if a < b && c > d {}`\n\n```go\nfunc Max[T constraints.Ordered](a, b T) T { if a > b { return a }; return b }\n```",
      "<script>alert(1)</script>": "> Generics at last\n\nDon't say \"at last\"",
    });
    const [root] = (await thread(site, "/2022/01/go-generics/")).comments;
    expect([root.pinned, root.votes]).toEqual([true, 2]);
    const reply = root.replies[0];
    expect(reply.body[0].t).toBe("quote");
    expect(docText(reply.body).replace(/\s+/g, " ").trim()).toBe("Generics at last Don't say \"at last\"");
    const second = await parleyJson(args, token);
    expect([second.imported, second.present]).toEqual([0, 2]);
  });
});

describe("parley import remark42 of a converter's loose backup", () => {
  it("reads fields of other types than Remark42's (null, numbers, a name that is no object) instead of refusing the file", async () => {
    const { site, token } = await createSite();
    const args = ["--site", site, "import", "remark42", qaFixture("remark42-loose.jsonl"), "--no-progress"];
    const r = await parley(["--json", ...args], { token });
    // Exit 1: one comment has no page, and fails with that reason; the rest come in.
    expect(r.code, r.stderr).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect([summary.read, summary.imported, summary.failed]).toEqual([4, 3, [{ ref: "remark42:a4", reason: "its page has no URL to make a thread key from" }]]);
    const comments = await allComments(site, token);
    expect(comments.map((c) => [c.authorName, c.source, c.createdAt])).toEqual([
      ["Null orig", "orig is null: the **HTML** is used", "2021-05-01T10:00:00.000Z"],
      ["Numbers", "number id, unix time", "2021-05-01T11:00:00.000Z"],
      ["Anonymous", "orig is a number: the HTML is used", "2021-05-01T12:00:00.000Z"],
    ]);
  });
});

describe("parley import remark42 of read-only posts", () => {
  it("locks a read-only post without comments as an empty thread, as a closed page of every other importer is", async () => {
    const { site, token } = await createSite();
    const file = join(await mkdtemp(join(tmpdir(), "parley-r42-ro-")), "backup.jsonl");
    const comment = (id: string, url: string) =>
      JSON.stringify({ id, pid: "", text: "<p>Hi</p>", orig: "Hi", user: { name: "Ann", id: "u1" }, locator: { site: "remark", url }, time: "2021-03-01T10:00:00Z" });
    await writeFile(
      file,
      [
        JSON.stringify({ version: 1, users: [], posts: [{ url: "https://r42.example.com/ro-empty/", read_only: true }, { url: "https://r42.example.com/ro-with/", read_only: true }] }),
        comment("c1", "https://r42.example.com/ro-with/"),
        comment("c2", "https://r42.example.com/open/"),
      ].join("\n"),
    );
    const r = await parleyJson(["--site", site, "import", "remark42", file, "--no-progress"], token);
    expect([r.imported, r.lockedThreads]).toEqual([2, 2]);
    expect((await thread(site, "/ro-empty/")).thread.locked).toBe(true);
    expect((await thread(site, "/ro-with/")).thread.locked).toBe(true);
    expect((await thread(site, "/open/")).thread.locked).toBe(false);
  });
});
