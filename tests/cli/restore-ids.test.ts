// `parley import parley` of a backup made on another deployment: every comment keeps its id (its permalink
// `#comment-ID` and its API URLs still work) unless another site here has that id, or it is no id Parley makes; a
// second restore adds nothing. A copy of the same backup into another site of this deployment gets new ids.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { api, createSite, parley, parleyJson, thread, workerUrl } from "./harness";

/** An id as Parley makes them (16 URL-safe characters, the first a letter or digit), never seen by this worker. */
const freshId = () => `x${randomBytes(12).toString("base64url").slice(1)}`;

/** The thread as readers see it, oldest first: [id, parentId, text] of each comment, replies under their parents. */
async function shape(site: string, key: string): Promise<unknown[]> {
  const walk = (c: any): unknown => [c.id, c.parentId, c.body[0].c[0].v, c.replies.map(walk)];
  return (await thread(site, key)).comments.map(walk);
}

/** The same with every id replaced by whether it is one of `ids`. */
const which = (tree: unknown[], ids: Set<string>): unknown[] => tree.map((c: any) => [ids.has(c[0]), c[2], which(c[3], ids)]);

describe("parley import parley of another deployment's backup", () => {
  it("keeps the comments' ids, so permalinks and API URLs still work, derives those another site has or that are no ids, and adds nothing twice", async () => {
    const a = await createSite("moving");
    expect((await parley(["--site", a.site, "site", "set", "minFillSeconds=0", "moderation=post"], { token: a.token })).code).toBe(0);
    expect((await api(`/sites/${a.site}/articles/moved`, { method: "PUT", token: a.token, body: { title: "Moved", body: "The post." } })).status).toBe(201);
    const post = async (body: string, parentId?: string) => {
      const r = await api(`/sites/${a.site}/threads/moved/comments`, { body: { authorName: "Ada", body, parentId } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.comment.id as string;
    };
    const root = await post("The root");
    const reply = await post("A reply", root);
    await post("An answer to the reply", reply);
    await post("Another root");
    const dir = await mkdtemp(join(tmpdir(), "parley-restore-ids-"));
    const exported = join(dir, "a.json");
    expect((await parley(["--site", a.site, "export", "--out", exported], { token: a.token })).code).toBe(0);

    // As made on another deployment: ids this database has never seen. One more comment was edited by hand to an id
    // that is no id of Parley's, and answered.
    const doc = JSON.parse(await readFile(exported, "utf8"));
    const moved = new Map<string, string>(doc.comments.map((c: any) => [c.id, freshId()]));
    doc.comments = doc.comments.map((c: any) => ({ ...c, id: moved.get(c.id), parentId: c.parentId ? moved.get(c.parentId) : null }));
    const later = (s: number) => new Date(Date.now() + s * 1000).toISOString();
    const odd = { ...doc.comments[0], id: "../comment 5", body: "An odd id", createdAt: later(1) };
    const answer = { ...odd, id: freshId(), parentId: odd.id, body: "An answer to the odd id", createdAt: later(2) };
    doc.comments.push(odd, answer);
    const file = join(dir, "other-deployment.json");
    await writeFile(file, JSON.stringify(doc));
    const ids = new Set<string>(doc.comments.map((c: any) => c.id));

    const b = await createSite("moved");
    const first = await parley(["--site", b.site, "import", "parley", file, "--no-progress"], { token: b.token });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("  imported          6 (5 with the ids they had, 1 with new ids)\n");
    expect(first.stdout).toContain("  failed            0\n");
    const restored = await shape(b.site, "moved");
    expect(restored).toEqual([
      [moved.get(root), null, "The root", [[moved.get(reply), moved.get(root), "A reply", [[expect.any(String), moved.get(reply), "An answer to the reply", []]]]]],
      [expect.any(String), null, "Another root", []],
      [expect.stringMatching(/^i[A-Za-z0-9_-]{23}$/), null, "An odd id", [[answer.id, expect.stringMatching(/^i/), "An answer to the odd id", []]]],
    ]);
    expect(which(restored, ids)).toEqual([
      [true, "The root", [[true, "A reply", [[true, "An answer to the reply", []]]]]],
      [true, "Another root", []],
      [false, "An odd id", [[true, "An answer to the odd id", []]]],
    ]);

    // The old permalinks are the restored page's anchors, and the old API URLs reach the same comments.
    const fragment = await (await fetch(`${workerUrl()}/embed/${b.site}/moved`)).text();
    expect(fragment).toContain(`id="comment-${moved.get(reply)}"`);
    const vote = await api(`/sites/${b.site}/comments/${moved.get(reply)}/votes`, { body: { readerKey: "reader-key-0000000001", up: true } });
    expect(vote).toMatchObject({ status: 200, body: { votes: 1 } });
    expect((await api(`/sites/${b.site}/moderation/comments/${moved.get(root)}/pin`, { method: "POST", token: b.token })).status).toBe(200);

    const again = await parleyJson(["--site", b.site, "import", "parley", file, "--no-progress"], b.token);
    expect(again).toMatchObject({ imported: 0, idsKept: 0, present: 6, failed: [] });

    // A copy into a second site of this deployment: the ids are the first one's, so every comment gets a new one.
    const c = await createSite("staging");
    const copy = await parley(["--site", c.site, "import", "parley", file, "--no-progress"], { token: c.token });
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stdout).toContain("  imported          6 (with new ids)\n");
    const copied = await shape(c.site, "moved");
    expect(which(copied, ids)).toEqual(which(restored, new Set()));
    const twice = await parleyJson(["--site", c.site, "import", "parley", file, "--no-progress"], c.token);
    expect(twice).toMatchObject({ imported: 0, idsKept: 0, present: 6, failed: [] });
    expect(await shape(c.site, "moved")).toEqual(copied);
  });
});
