// An isso database as isso writes it: a new comment's author name and e-mail are stored HTML-escaped (Python's
// html.escape), so `Tom & Jerry` is in the file as `Tom &amp; Jerry`; readers must see the name as it was typed.
import { readFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, parleyJson, qaFixture, thread } from "./harness";

describe("parley import isso of escaped names", () => {
  it("shows each name as it was typed, escaped or not, and a second run inserts nothing", async () => {
    const { DatabaseSync } = await import("node:sqlite");
    const db = join(await mkdtemp(join(tmpdir(), "parley-isso-esc-")), "comments.db");
    const sqlite = new DatabaseSync(db);
    sqlite.exec(await readFile(qaFixture("isso-escaped.sql"), "utf8"));
    sqlite.close();
    const { site, token } = await createSite();
    const first = await parleyJson(["--site", site, "import", "isso", db, "--no-progress"], token);
    expect(first.imported).toBe(3);
    const [root] = (await thread(site, "/posts/rock-and-roll/")).comments;
    expect(root.authorName).toBe("Tom & Jerry");
    expect(root.replies.map((r: any) => r.authorName)).toEqual(["<b>Bold</b> &amp; proud", "R&B fan"]);
    const second = await parleyJson(["--site", site, "import", "isso", db, "--no-progress"], token);
    expect([second.imported, second.present]).toEqual([0, 3]);
  });
});
