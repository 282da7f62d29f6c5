// Comments that fail to import, and what becomes of their replies: a reply to a failed comment fails with it
// (imported top-level it would stay there when the fixed file is imported again), while a reply whose parent is
// not in the file at all is still imported top-level, as an orphan.
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
