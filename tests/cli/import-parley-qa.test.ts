// `parley import parley` of an export edited by hand: what a dry run plans is what the restore does.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { api, createSite, parley, parleyJson } from "./harness";

/** A site with a comment, a reply to it and another comment, exported; returns the export's path and the comments' ids. */
async function exported(): Promise<{ file: string; ids: string[] }> {
  const a = await createSite("parley-qa");
  expect((await parley(["--site", a.site, "site", "set", "minFillSeconds=0", "moderation=post"], { token: a.token })).code).toBe(0);
  const post = async (body: string, parentId?: string) => {
    const r = await api(`/sites/${a.site}/threads/qa/comments`, { body: { authorName: "Ada", body, parentId } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.comment.id as string;
  };
  const root = await post("The root");
  const ids = [root, await post("A reply", root), await post("Another root")];
  const file = join(await mkdtemp(join(tmpdir(), "parley-import-parley-qa-")), "export.json");
  expect((await parley(["--site", a.site, "export", "--out", file], { token: a.token })).code).toBe(0);
  return { file, ids };
}

describe("import parley of an export whose comment has a state Parley has not", () => {
  it("fails it and its reply on a dry run as the restore does, with the reason, and the counts add up", async () => {
    const { file, ids } = await exported();
    const doc = JSON.parse(await readFile(file, "utf8"));
    doc.comments.find((c: any) => c.id === ids[0]).status = "weird";
    await writeFile(file, JSON.stringify(doc));
    const why = 'its status "weird" is none of published, pending, rejected, spam, deleted';
    const failed = [
      { ref: `parley:${ids[0]}`, reason: why },
      { ref: `parley:${ids[1]}`, reason: `its parent parley:${ids[0]} failed: ${why}` },
    ];

    const b = await createSite("parley-qa-into");
    const dry = await parley(["--site", b.site, "import", "parley", file, "--dry-run", "--no-progress"], { token: b.token });
    expect(dry.stdout).not.toContain("NaN");
    expect(dry.stdout).toMatch(/would import +1 /);
    expect(dry.stdout).toMatch(/failed +2/);
    const plan = await parley(["--json", "--site", b.site, "import", "parley", file, "--dry-run", "--no-progress"], { token: b.token });
    const planned = JSON.parse(plan.stdout);
    expect(planned.failed).toEqual(failed);
    expect(planned.byStatus).toEqual({ published: 1, pending: 0, rejected: 0, spam: 0, deleted: 0 });
    expect(planned.read).toBe(3);

    const run = await parley(["--json", "--site", b.site, "import", "parley", file, "--no-progress"], { token: b.token });
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ read: 3, imported: 1, failed, byStatus: planned.byStatus });
    expect(await parleyJson(["--site", b.site, "threads", "list"], b.token)).toMatchObject({ threads: [{ key: "qa", commentCount: 1 }] });
  });
});
