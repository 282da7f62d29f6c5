// Comments that fail to import, and what becomes of their replies: a reply to a failed comment fails with it
// (imported top-level it would stay there when the fixed file is imported again), while a reply whose parent is
// not in the file at all is still imported top-level, as an orphan; a later copy of a failed id is a duplicate.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, parley, parleyJson, thread } from "./harness";

/** Flattens a thread page into [depth, authorName] rows in display order. */
function outline(comments: any[], depth = 0): [number, string][] {
  return comments.flatMap((c) => [[depth, c.authorName] as [number, string], ...outline(c.replies, depth + 1)]);
}

async function artrans(parentBody: string): Promise<string> {
  const page = { page_key: "https://blog.example.com/2023/05/failing/?utm_source=feed", page_title: "Failing", site_name: "Blog" };
  const rows = [
    // Listed before its parent: it waits for it.
    { id: "12", rid: "11", content: "Reply listed **before** its parent", nick: "Early", created_at: "2023-05-01 10:05:00 +0800", ...page },
    { id: "11", rid: "0", content: parentBody, nick: "Parent", is_pending: "false", created_at: "2023-05-01 10:00:00 +0800", ...page },
    { id: "13", rid: "12", content: "A reply to the early reply", nick: "Grandchild", created_at: "2023-05-01 10:06:00 +0800", ...page },
    { id: "14", rid: "11", content: "Reply listed after its parent", nick: "After", created_at: "2023-05-01 10:07:00 +0800", ...page },
    { id: "15", rid: "99", content: "Its parent was deleted before the export", nick: "Orphan", created_at: "2023-05-01 10:08:00 +0800", ...page },
    { id: "16", rid: "0", content: "Unrelated", nick: "Other", created_at: "2023-05-01 10:09:00 +0800", ...page },
  ];
  const dir = await mkdtemp(join(tmpdir(), "parley-failed-parents-"));
  const file = join(dir, "artalk.artrans");
  await writeFile(file, JSON.stringify(rows));
  return file;
}

describe("replies to a comment that fails", () => {
  it("fail with it, naming it, and come in attached when the fixed file is imported again", async () => {
    const { site, token } = await createSite("failed-parent");
    // A pasted log: over the 10,000 characters of a comment, whatever the converter does.
    const log = `Build log:\n\n${"ERROR at step 42: connection refused. ".repeat(300)}`;
    const run = await parley(["--json", "--site", site, "import", "artalk", await artrans(log), "--no-progress"], { token });
    // Exit code 1: something failed.
    expect(run.code, run.stderr).toBe(1);
    const broken = JSON.parse(run.stdout);
    const why = "body is longer than 10,000 characters";
    expect(broken.failed).toEqual([
      { ref: "artalk:11", reason: why },
      { ref: "artalk:12", reason: `its parent artalk:11 failed: ${why}` },
      { ref: "artalk:13", reason: `its parent artalk:12 failed, because artalk:11 above it failed: ${why}` },
      { ref: "artalk:14", reason: `its parent artalk:11 failed: ${why}` },
    ]);
    expect(broken).toMatchObject({ read: 6, imported: 2, orphans: 1 });
    const key = "/2023/05/failing/";
    expect(outline((await thread(site, key)).comments)).toEqual([
      [0, "Orphan"],
      [0, "Other"],
    ]);

    const fixed = await parleyJson(["--site", site, "import", "artalk", await artrans("Build log: see the attached gist"), "--no-progress"], token);
    expect(fixed).toMatchObject({ failed: [], imported: 4, present: 2, orphans: 1 });
    expect(outline((await thread(site, key)).comments)).toEqual([
      [0, "Parent"],
      [1, "Early"],
      [2, "Grandchild"],
      [1, "After"],
      [0, "Orphan"],
      [0, "Other"],
    ]);
  });
});

describe("a duplicate id after a comment that fails", () => {
  it("is a duplicate in the file: the first copy wins even when it fails, and the reply fails with it", async () => {
    const { site, token } = await createSite("failed-duplicate");
    const post = (id: string, message: string, name: string, at: string, parent = "") =>
      `<post dsq:id="${id}"><id/><message><![CDATA[${message}]]></message><createdAt>${at}</createdAt><isDeleted>false</isDeleted>` +
      `<isSpam>false</isSpam><author><name>${name}</name><isAnonymous>true</isAnonymous></author><thread dsq:id="1"/>${parent ? `<parent dsq:id="${parent}"/>` : ""}</post>`;
    const xml = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">',
      '<thread dsq:id="1"><id>t1</id><link>https://d.example.com/dup/</link><title>Dup</title><createdAt>2015-01-01T00:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>',
      post("200", `<p>${"A very long first version. ".repeat(400)}</p>`, "First", "2015-02-01T00:00:00Z"),
      post("200", "<p>Second version with the same id</p>", "Second", "2015-02-02T00:00:00Z"),
      post("201", "<p>Reply to 200</p>", "Reply", "2015-02-03T00:00:00Z", "200"),
      post("202", "<p>Unrelated</p>", "Other", "2015-02-04T00:00:00Z"),
      "</disqus>",
    ].join("\r\n");
    const dir = await mkdtemp(join(tmpdir(), "parley-failed-duplicate-"));
    const file = join(dir, "disqus.xml");
    await writeFile(file, xml);
    const run = await parley(["--json", "--site", site, "import", "disqus", file, "--no-progress"], { token });
    expect(run.code, run.stderr).toBe(1);
    const summary = JSON.parse(run.stdout);
    const why = "body is longer than 10,000 characters";
    expect(summary.failed).toEqual([
      { ref: "disqus:200", reason: why },
      { ref: "disqus:201", reason: `its parent disqus:200 failed: ${why}` },
    ]);
    expect(summary).toMatchObject({ read: 4, imported: 1, skipped: { "duplicate in file": 1 }, orphans: 0 });
    expect(outline((await thread(site, "/dup/")).comments)).toEqual([[0, "Other"]]);
  });
});
