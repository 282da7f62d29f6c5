// A Parley backup restored on another deployment keeps its comments' and bans' ids, so that permalinks
// (`#comment-ID`), links in e-mails already sent and the comments' API URLs still work; a copy into another site of
// the same database, whose ids are taken, gets derived ids. Either way a restore run again, or resumed in any order
// of its requests, adds nothing, and a race of two restores for the same ids ends in one site keeping them.
import { describe, expect, it } from "vitest";
import { createDeps } from "../../worker/deps";
import { newId } from "../../worker/lib/crypto";
import { importBatchSchema } from "../../worker/contract/owner-data";
import { importBatch } from "../../worker/services/imports";
import { SELF_ORIGIN, call, createSite, env, json, putArticle, threadPath } from "./helpers";

const THREAD = "moved-post";
let made = 0;

/** One comment as `parley import parley` sends it: known by its id in the export, its parent by the parent's. */
function exported(id: string, parent: string | null, body: string, thread = THREAD) {
  return {
    source: "parley",
    sourceId: id,
    parent: parent ? { source: "parley", sourceId: parent } : null,
    thread,
    body,
    authorName: "Ada",
    status: "published",
    // In the order they are made, as an export lists them.
    createdAt: new Date(Date.UTC(2024, 4, 1) + ++made * 60_000).toISOString(),
  };
}

/** An export made on another deployment: ids of Parley's shape that this database has never seen. */
function otherDeployment() {
  const [root, reply, answer, second] = [newId(), newId(), newId(), newId()];
  return {
    ids: { root, reply, answer, second },
    // Two requests: the reply's answer and a second top-level comment come in the request after their parents'.
    batches: [
      [exported(root, null, "The root"), exported(reply, root, "A reply to the root")],
      [exported(answer, reply, "An answer to the reply"), exported(second, null, "A second root comment")],
    ],
  };
}

const restore = (site: { id: string; ownerToken: string }, comments: unknown[], bans: unknown[] = []) =>
  json(`/sites/${site.id}/import`, 200, { token: site.ownerToken, body: { comments, bans } });

/** The thread as readers see it: [id, parentId, the first words] of each comment, replies under their parents. */
async function shape(siteId: string) {
  const page = await json(`${threadPath(siteId, THREAD)}?sort=oldest`, 200);
  const walk = (c: any): unknown => [c.id, c.parentId, c.body[0].c[0].v, c.replies.map(walk)];
  return page.comments.map(walk);
}

/** The shape with the ids replaced by their place, for comparing two sites' threads. */
const anonymous = (tree: unknown[]): unknown[] =>
  tree.map((c: any) => [c[2], anonymous(c[3])]);

describe("a restored backup's ids", () => {
  it("keeps the export's ids on a fresh site of another deployment, its replies under them, and adds nothing when run again", async () => {
    const site = await createSite();
    const { ids, batches } = otherDeployment();
    expect(await restore(site, batches[0])).toMatchObject({ inserted: 2, idsKept: 2, failed: [] });
    expect(await restore(site, batches[1])).toMatchObject({ inserted: 2, idsKept: 2, failed: [] });
    expect(await shape(site.id)).toEqual([
      [ids.root, null, "The root", [[ids.reply, ids.root, "A reply to the root", [[ids.answer, ids.reply, "An answer to the reply", []]]]]],
      [ids.second, null, "A second root comment", []],
    ]);

    // Run again, in both orders, and all at once: every comment is there already.
    for (const batch of [batches[1], batches[0], [...batches[0], ...batches[1]]]) {
      expect(await restore(site, batch)).toMatchObject({ inserted: 0, present: batch.length, idsKept: 0, failed: [] });
    }
    expect((await json(threadPath(site.id, THREAD), 200)).total).toBe(4);

    // The old permalinks and API URLs reach the same comments.
    await putArticle(site.id, site.ownerToken, THREAD, { title: "Moved" });
    const fragment = await (await call(`${SELF_ORIGIN}/embed/${site.id}/${THREAD}`)).text();
    for (const id of Object.values(ids)) expect(fragment).toContain(`id="comment-${id}"`);
    const vote = await json(`/sites/${site.id}/comments/${ids.answer}/votes`, 200, { body: { readerKey: "reader-key-0000000001", up: true } });
    expect(vote).toMatchObject({ votes: 1 });
    const pinned = await json(`/sites/${site.id}/moderation/comments/${ids.second}/pin`, 200, { method: "POST", token: site.ownerToken });
    expect(pinned.comment).toMatchObject({ id: ids.second, pinned: true });
  });

  it("gives a copy into a second site of the same database derived ids, and adds nothing when that is run again", async () => {
    const { ids, batches } = otherDeployment();
    const first = await createSite();
    for (const batch of batches) await restore(first, batch);
    expect((await shape(first.id)).map((c: any) => c[0])).toEqual([ids.root, ids.second]);
    const copy = await createSite();
    // The second request first this time: its reply to the reply fails until its parent is there.
    expect((await restore(copy, batches[1])).failed.map((f: any) => [f.sourceId, f.code])).toEqual([[ids.answer, "PARENT_NOT_IMPORTED"]]);
    expect(await restore(copy, batches[0])).toMatchObject({ inserted: 2, idsKept: 0, failed: [] });
    // A reply whose parent got a derived id in an earlier request goes under it.
    expect(await restore(copy, batches[1])).toMatchObject({ inserted: 1, present: 1, idsKept: 0, failed: [] });
    const copied = await shape(copy.id);
    expect(anonymous(copied)).toEqual(anonymous(await shape(first.id)));
    const copiedIds = JSON.stringify(copied).match(/"i[A-Za-z0-9_-]{23}"/g) ?? [];
    expect(new Set(copiedIds).size).toBe(4);
    for (const id of Object.values(ids)) expect(JSON.stringify(copied)).not.toContain(id);
    for (const batch of batches) expect(await restore(copy, batch)).toMatchObject({ inserted: 0, present: 2, failed: [] });
    expect(await shape(copy.id)).toEqual(copied);
  });

  it("keeps a restore made while the ids were taken under its derived ids once they are free, and puts later replies under them", async () => {
    const { ids, batches } = otherDeployment();
    const first = await createSite();
    await restore(first, batches[0]);
    const copy = await createSite();
    expect(await restore(copy, batches[0])).toMatchObject({ inserted: 2, idsKept: 0 });
    // The first site's comments go (as a site restored before ids were kept leaves them: derived, the ids free).
    await env.DB.prepare("DELETE FROM comments WHERE site_id = ?1").bind(first.id).run();
    expect(await restore(copy, batches[0])).toMatchObject({ inserted: 0, present: 2, idsKept: 0 });
    // The answer to the derived reply is new, and its own id is free: it keeps it, under the derived reply.
    expect(await restore(copy, batches[1])).toMatchObject({ inserted: 2, idsKept: 2, failed: [] });
    const [root] = (await shape(copy.id)).filter((c: any) => c[2] === "The root");
    const [reply] = root[3];
    expect([root[0], reply[0]]).toEqual([expect.stringMatching(/^i/), expect.stringMatching(/^i/)]);
    expect(reply[3]).toEqual([[ids.answer, reply[0], "An answer to the reply", []]]);
  });

  it("derives the id of a comment whose export id is not of Parley's shape, and replies still find it", async () => {
    const site = await createSite();
    const good = newId();
    const hostile = ["comment-1", "../../etc/passwd", "abc/def+ghi=jk==", "<b>sixteen!</b>x", `i${"x".repeat(24)}`, "0123456789abcdef "];
    const comments = [
      exported(good, null, "Kept"),
      ...hostile.map((id, i) => exported(id, null, `Hostile ${i}`)),
      exported(newId(), hostile[1], "Answer to a hostile id"),
    ];
    const result = await restore(site, comments);
    expect(result).toMatchObject({ inserted: comments.length, idsKept: 2, failed: [] });
    const tree = await shape(site.id);
    const idOf = (text: string) => tree.find((c: any) => c[2] === text)?.[0];
    expect(idOf("Kept")).toBe(good);
    for (const i of hostile.keys()) expect(idOf(`Hostile ${i}`)).toMatch(/^i[A-Za-z0-9_-]{23}$/);
    expect(tree.find((c: any) => c[2] === "Hostile 1")[3].map((r: any) => r[2])).toEqual(["Answer to a hostile id"]);
    expect(await restore(site, comments)).toMatchObject({ inserted: 0, present: comments.length, failed: [] });
  });

  it("takes two comments of one file under the same id as one comment, or fails the one on another page", async () => {
    const site = await createSite();
    const id = newId();
    const result = await restore(site, [exported(id, null, "First"), exported(id, null, "Same id again"), exported(id, null, "Elsewhere", "other-post")]);
    expect(result).toMatchObject({ inserted: 1, present: 1, idsKept: 1 });
    expect(result.failed.map((f: any) => [f.sourceId, f.code])).toEqual([[id, "ID_ON_ANOTHER_PAGE"]]);
    // In a later request too.
    const later = await restore(site, [exported(id, null, "Elsewhere", "other-post")]);
    expect(later.failed.map((f: any) => f.code)).toEqual(["ID_ON_ANOTHER_PAGE"]);
    expect((await shape(site.id)).map((c: any) => [c[0], c[2]])).toEqual([[id, "First"]]);
  });

  it("ends a race of two restores for the same ids with one site keeping them and the other deriving its own, no 5xx", async () => {
    const { batches } = otherDeployment();
    const comments = [...batches[0], ...batches[1]];
    const [winner, loser] = [await createSite(), await createSite()];
    // The loser's write comes after the winner's restore wrote the ids, which were free when the loser looked.
    const deps = createDeps(env);
    const write = deps.stores.imports.write.bind(deps.stores.imports);
    let writes = 0;
    deps.stores.imports.write = async (...args: Parameters<typeof write>) => {
      if (writes++ === 0) await restore(winner, comments);
      return write(...args);
    };
    const site = (await createDeps(env).stores.sites.get(loser.id))!;
    const result = await importBatch(deps, site, importBatchSchema.parse({ comments }));
    expect(writes).toBe(2);
    expect(result).toMatchObject({ inserted: 4, present: 0, idsKept: 0, failed: [] });
    const [kept, derived] = [await shape(winner.id), await shape(loser.id)];
    expect(anonymous(derived)).toEqual(anonymous(kept));
    expect(JSON.stringify(derived).match(/"i[A-Za-z0-9_-]{23}"/g)).toHaveLength(4 + 2);

    // And sent at the same moment through the API: both answer 200, one site keeps the ids.
    const { ids, batches: more } = otherDeployment();
    const both = [await createSite(), await createSite()];
    const answers = await Promise.all(both.map((s) => call(`/sites/${s.id}/import`, { token: s.ownerToken, body: { comments: [...more[0], ...more[1]] } })));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const bodies = await Promise.all(answers.map((a) => a.json<any>()));
    expect(bodies.map((b) => b.idsKept).sort()).toEqual([0, 4]);
    const holders = await env.DB.prepare("SELECT site_id FROM comments WHERE id = ?1").bind(ids.root).all<{ site_id: string }>();
    expect(holders.results).toHaveLength(1);
  });

  it("keeps a restored ban's id where it is free, derives it where another site has it, and adds none twice", async () => {
    const ban = (id: string) => ({ source: "parley", sourceId: id, type: "name", value: `troll ${id}`, hint: "troll", mode: "visible", createdAt: "2024-05-01T00:00:00Z" });
    const [id, hostile] = [newId(), "not a ban id"];
    const bans = [ban(id), ban(hostile)];
    const [first, copy] = [await createSite(), await createSite()];
    const listed = async (s: { id: string; ownerToken: string }) =>
      (await json(`/sites/${s.id}/bans`, 200, { token: s.ownerToken })).bans.map((b: any) => b.id).sort();
    for (const s of [first, copy]) {
      expect((await restore(s, [], bans)).bans).toEqual({ inserted: 2, present: 0 });
      expect((await restore(s, [], bans)).bans).toEqual({ inserted: 0, present: 2 });
    }
    const [kept, derived] = [await listed(first), await listed(copy)];
    expect(kept).toContain(id);
    expect(kept.filter((b: string) => b !== id)).toEqual([expect.stringMatching(/^i/)]);
    expect(derived).toEqual([expect.stringMatching(/^i/), expect.stringMatching(/^i/)]);
  });
});
