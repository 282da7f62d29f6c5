// A reply the file files under another page than its parent's (Disqus keeps a reply's own page, Waline the address
// its page had when it was written): it follows its parent on the first run, also when its parent went in an earlier
// request, and a second run finds it present; another blog's file whose ids repeat still fails.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, parleyJson, parley, thread } from "./harness";

async function file(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "parley-cross-")), name);
  await writeFile(path, text);
  return path;
}

const page = (id: string, path: string) =>
  `<thread dsq:id="${id}"><link>https://blog.example.com${path}</link><title>T</title><createdAt>2020-01-01T00:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>`;
const post = (id: number, thread: string, parent?: number) =>
  `<post dsq:id="${id}"><message><![CDATA[<p>Comment ${id}</p>]]></message><createdAt>2020-01-02T00:00:${String(id % 60).padStart(2, "0")}Z</createdAt>` +
  `<isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>U${id}</name></author><thread dsq:id="${thread}"/>${parent ? `<parent dsq:id="${parent}"/>` : ""}</post>`;
const disqus = (...records: string[]) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n${records.join("\n")}\n</disqus>\n`;

describe("a reply filed under another page than its parent", () => {
  it("goes into its parent's thread when its parent went in an earlier request, and a second run finds everything present", async () => {
    const { site, token } = await createSite("xthread");
    // 60 comments after the parent: the reply comes in a later request than the one that wrote its parent.
    const between = Array.from({ length: 60 }, (_, i) => post(100 + i, "1"));
    const path = await file("far.xml", disqus(page("1", "/post-a/"), page("2", "/post-b/"), post(10, "1"), ...between, post(11, "2", 10)));
    const first = await parleyJson(["--site", site, "import", "disqus", path, "--no-progress"], token);
    expect(first).toMatchObject({ read: 62, imported: 62, failed: [] });
    const parent = (await thread(site, "/post-a/")).comments.find((c: any) => c.authorName === "U10");
    expect(parent.replies.map((c: any) => c.authorName)).toEqual(["U11"]);
    const again = await parleyJson(["--site", site, "import", "disqus", path, "--no-progress"], token);
    expect(again).toMatchObject({ imported: 0, present: 62, failed: [] });
  });

  it("is found present on a second run of a small file (Disqus and Waline)", async () => {
    const { site, token } = await createSite("xthread");
    const xml = await file("near.xml", disqus(page("1", "/post-a/"), page("2", "/post-b/"), post(10, "1"), post(11, "2", 10)));
    const waline = await file(
      "moved.json",
      JSON.stringify({
        type: "waline",
        version: 1,
        data: {
          Comment: [
            { objectId: "m1", url: "/old-slug.html", comment: "Before the move", nick: "Ann", status: "approved", pid: null, rid: null, insertedAt: "2020-01-01T00:00:00.000Z" },
            { objectId: "m2", url: "/new-slug.html", comment: "After the move", nick: "Ben", status: "approved", pid: "m1", rid: "m1", insertedAt: "2021-01-01T00:00:00.000Z" },
          ],
        },
      }),
    );
    for (const [format, path] of [["disqus", xml], ["waline", waline]]) {
      expect(await parleyJson(["--site", site, "import", format, path, "--no-progress"], token)).toMatchObject({ imported: 2, failed: [] });
      expect(await parleyJson(["--site", site, "import", format, path, "--no-progress"], token)).toMatchObject({ imported: 0, present: 2, failed: [] });
    }
    expect((await thread(site, "/old-slug.html")).comments.map((c: any) => [c.authorName, c.replies.map((r: any) => r.authorName)])).toEqual([["Ann", ["Ben"]]]);
  });

  it("still fails another blog's file whose ids repeat on another page, and its replies", async () => {
    const { site, token } = await createSite("xthread");
    const mine = await file("mine.xml", disqus(page("1", "/post-a/"), post(10, "1")));
    expect(await parleyJson(["--site", site, "import", "disqus", mine, "--no-progress"], token)).toMatchObject({ imported: 1 });
    // The other blog's comment 10 is on its /other/, and so is its reply, sent in a later request.
    const between = Array.from({ length: 60 }, (_, i) => post(100 + i, "3"));
    const theirs = await file("theirs.xml", disqus(page("3", "/other/"), post(10, "3"), ...between, post(11, "3", 10)));
    const r = await parley(["--json", "--site", site, "import", "disqus", theirs, "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary.imported).toBe(60);
    expect(summary.failed.map((f: any) => [f.ref, f.code])).toEqual([
      ["disqus:10", "ID_ON_ANOTHER_PAGE"],
      ["disqus:11", "ID_ON_ANOTHER_PAGE"],
    ]);
  });
});
