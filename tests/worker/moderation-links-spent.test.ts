// A one-click moderation link is made for a comment waiting for moderation, and is spent once the comment leaves
// pending by any path (the dashboard or API, its author, a GDPR erase, another link of its set): its page then says
// what happened and when instead of offering the action, and its POST does nothing (409 ALREADY_MODERATED), except
// when its own action is what the comment is now: then it is the plain success page, so a retried POST is harmless.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createNotifyDeps } from "../../worker/services/notify/context";
import { createModerationLinks } from "../../worker/services/notify/links";
import { call, createSite, json, postComment } from "./helpers";

/** A pre-moderated site, one comment waiting, and a set of links for it (as a digest or a webhook carries them). */
async function waitingWithLinks(options: { notify?: string } = {}) {
  const site = await createSite({ moderation: "pre" });
  const posted = await postComment(site.id, "/2026/12/links-spent/", { body: "Wait for me, «please» 🙂", authorName: "Zoë", authorEmail: options.notify });
  const links = await createModerationLinks(createNotifyDeps(env), site.id, posted.comment.id, "http://parley.test");
  return { site, id: posted.comment.id as string, editToken: posted.editToken as string, links };
}

const act = (site: { id: string; ownerToken: string }, id: string, action: string) =>
  action === "delete"
    ? json(`/sites/${site.id}/moderation/comments/${id}`, 200, { method: "DELETE", token: site.ownerToken })
    : json(`/sites/${site.id}/moderation/comments/${id}/${action}`, 200, { method: "POST", token: site.ownerToken });

async function statusOf(site: { id: string; ownerToken: string }, id: string): Promise<string> {
  const { comments } = await json(`/sites/${site.id}/moderation/comments?limit=100`, 200, { token: site.ownerToken });
  return comments.find((c: { id: string }) => c.id === id).status;
}

async function page(url: string, method = "GET") {
  const res = await call(url, { method });
  const text = await res.text();
  return { status: res.status, text, title: text.match(/<h1>([^<]*)<\/h1>/)?.[1], code: text.match(/<code id="error-code">([^<]*)<\/code>/)?.[1] ?? null };
}

const today = () => new Date().toISOString().slice(0, 10);

describe("a moderation link whose comment was moderated elsewhere", () => {
  it("says the comment was approved, and when, instead of offering its action; only its own action answers success", async () => {
    const { site, id, links } = await waitingWithLinks();
    await act(site, id, "approve");

    const shown = await page(links.approve);
    expect(shown).toMatchObject({ status: 200, title: "Already approved", code: null });
    expect(shown.text).toContain(`was approved on ${today()}`);
    expect(shown.text).not.toContain("<form");
    // Asked again for what it is now: the plain success page, and nothing more happens.
    expect(await page(links.approve, "POST")).toMatchObject({ status: 200, title: "Approved", code: null });

    for (const action of ["spam", "delete"] as const) {
      const other = await page(links[action]);
      expect(other).toMatchObject({ status: 409, title: "Already approved", code: "ALREADY_MODERATED" });
      expect(other.text).not.toContain("<form");
      expect(await page(links[action], "POST")).toMatchObject({ status: 409, title: "Already approved", code: "ALREADY_MODERATED" });
    }
    expect(await statusOf(site, id)).toBe("published");
    // Only the owner's own action is in the audit log: the links did nothing.
    const { entries } = await json(`/sites/${site.id}/audit`, 200, { token: site.ownerToken });
    expect(entries.filter((e: any) => e.targetId === id).map((e: any) => e.actor.startsWith("link:"))).toEqual([false]);
  });

  it("stays spent when a restore brings the comment back to the queue: a link sent before the delete acts no more", async () => {
    const { site, id, links } = await waitingWithLinks();
    await act(site, id, "delete");
    expect((await act(site, id, "restore")).comment.status).toBe("pending");

    const approve = await page(links.approve, "POST");
    expect(approve).toMatchObject({ status: 409, title: "Already deleted", code: "ALREADY_MODERATED" });
    expect(approve.text).toContain("It is now back in the queue.");
    // The delete link asked for what was done, but the comment is not deleted now: no success either.
    expect(await page(links.delete, "POST")).toMatchObject({ status: 409, code: "ALREADY_MODERATED" });
    expect(await statusOf(site, id)).toBe("pending");
  });

  it("is spent when the author deletes the comment, and when a GDPR erase empties it", async () => {
    const first = await waitingWithLinks();
    const del = await call(`/sites/${first.site.id}/comments/${first.id}`, { method: "DELETE", token: first.editToken });
    expect(del.status).toBe(204);
    expect(await page(first.links.spam, "POST")).toMatchObject({ status: 409, title: "Already deleted", code: "ALREADY_MODERATED" });
    expect(await page(first.links.delete, "POST")).toMatchObject({ status: 200, title: "Deleted" });

    const second = await waitingWithLinks({ notify: "erase.me@example.com" });
    await json(`/sites/${second.site.id}/gdpr/erase`, 200, { token: second.site.ownerToken, body: { email: "erase.me@example.com" } });
    const approve = await page(second.links.approve, "POST");
    expect(approve).toMatchObject({ status: 409, title: "Already deleted", code: "ALREADY_MODERATED" });
    expect(approve.text).toContain(`was deleted on ${today()}`);
  });

  it("spends the links of every comment a bulk action moves out of the queue", async () => {
    const a = await waitingWithLinks();
    const b = await postComment(a.site.id, "/2026/12/links-spent/", { body: "Second in the queue" });
    const bLinks = await createModerationLinks(createNotifyDeps(env), a.site.id, b.comment.id, "http://parley.test");
    const bulk = await json(`/sites/${a.site.id}/moderation/bulk`, 200, { token: a.site.ownerToken, body: { ids: [a.id, b.comment.id], action: "spam" } });
    expect(bulk.updated).toHaveLength(2);
    for (const links of [a.links, bLinks]) {
      expect(await page(links.spam, "POST")).toMatchObject({ status: 200, title: "Marked as spam" });
      expect(await page(links.approve, "POST")).toMatchObject({ status: 409, title: "Already marked as spam", code: "ALREADY_MODERATED" });
    }
  });
});

describe("a moderation link used twice", () => {
  it("answers its success again, and the set's other links say what it did", async () => {
    const { site, id, links } = await waitingWithLinks();
    const first = await page(links.approve, "POST");
    expect(first).toMatchObject({ status: 200, title: "Approved" });
    // A browser sending the form again (a double click, a retry after a lost answer): the same success, no second act.
    expect(await page(links.approve, "POST")).toMatchObject({ status: 200, title: "Approved" });
    const spam = await page(links.spam, "POST");
    expect(spam).toMatchObject({ status: 409, title: "Already approved", code: "ALREADY_MODERATED" });
    expect(spam.text).toContain("with another link of this e-mail or message");
    const { entries } = await json(`/sites/${site.id}/audit`, 200, { token: site.ownerToken });
    expect(entries.filter((e: any) => e.targetId === id && e.action === "comment.approve")).toHaveLength(1);
  });
});
