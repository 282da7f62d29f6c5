import { describe, expect, it, vi } from "vitest";
import { call, countCommentRows, expectError, expectInvalid, json, putArticle } from "./helpers";
import { act, createOwnedSite, idsOf, post, postAs, publicCounts, readThread } from "./owner-helpers";

const DAY_MS = 86_400_000;

function setLock(site: { id: string; ownerToken: string }, thread: string, locked: boolean): Promise<{ thread: any; changed: boolean }> {
  return json(`/sites/${site.id}/threads/${encodeURIComponent(thread)}`, 200, { method: "PUT", token: site.ownerToken, body: { locked } });
}

/** Expects a post to the thread to be refused with 409 THREAD_LOCKED and nothing to be stored. */
async function expectLocked(site: string, thread: string, poster: Parameters<typeof postAs>[2] = {}) {
  const rows = await countCommentRows(site);
  await expectError(await postAs(site, thread, poster), 409, "THREAD_LOCKED");
  expect(await countCommentRows(site)).toBe(rows);
}

describe("locking a thread", () => {
  it("answers with the thread's key, lock state and count", async () => {
    const site = await createOwnedSite();
    await post(site.id, "t");
    const { thread } = await setLock(site, "t", true);
    expect(thread).toEqual({ key: "t", locked: true, closed: true, commentCount: 1 });
  });

  it("says whether it changed anything, and writes no audit entry for a thread already so", async () => {
    const site = await createOwnedSite();
    await post(site.id, "t");
    const lockAudits = async () =>
      (await json<{ entries: { action: string }[] }>(`/sites/${site.id}/audit?limit=100`, 200, { token: site.ownerToken })).entries
        .map((e) => e.action)
        .filter((a) => a.startsWith("thread."));
    expect(await setLock(site, "t", true)).toMatchObject({ changed: true, thread: { locked: true } });
    expect(await setLock(site, "t", true)).toMatchObject({ changed: false, thread: { locked: true } });
    expect(await lockAudits()).toEqual(["thread.lock"]);
    expect(await setLock(site, "t", false)).toMatchObject({ changed: true, thread: { locked: false } });
    expect(await setLock(site, "t", false)).toMatchObject({ changed: false, thread: { locked: false } });
    expect(await lockAudits()).toEqual(["thread.unlock", "thread.lock"]);
    // Unlocking a key no thread has changes nothing either.
    expect(await setLock(site, "never-seen", false)).toEqual({ changed: false, thread: { key: "never-seen", locked: false, closed: false, commentCount: 0 } });
    expect(await lockAudits()).toHaveLength(2);
  });

  it("refuses new comments and replies with 409 THREAD_LOCKED", async () => {
    const site = await createOwnedSite();
    const root = (await post(site.id, "t")).comment.id;
    await setLock(site, "t", true);
    await expectLocked(site.id, "t");
    await expectLocked(site.id, "t", { parentId: root });
  });

  it("says locked in the thread GET and the article GET, and keeps the comments readable", async () => {
    const site = await createOwnedSite();
    await putArticle(site.id, site.ownerToken, "story", {});
    const { comment } = await post(site.id, "story");
    await setLock(site, "story", true);
    const page = await readThread(site.id, "story");
    expect(page.thread).toEqual({ key: "story", locked: true, closed: true });
    expect(idsOf(page.comments)).toEqual([comment.id]);
    const article = await json<any>(`/sites/${site.id}/articles/story`, 200);
    expect(article).toMatchObject({ locked: true, commentCount: 1 });
    expect(await publicCounts(site.id, "story", { article: true })).toEqual({ total: 1, counts: 1, article: 1 });
  });

  it("locks a thread that has no comments yet", async () => {
    const site = await createOwnedSite();
    expect((await setLock(site, "empty", true)).thread).toEqual({ key: "empty", locked: true, closed: true, commentCount: 0 });
    await expectLocked(site.id, "empty");
    expect((await readThread(site.id, "empty")).thread.locked).toBe(true);
  });

  it("reopens the thread on unlock, so posting works again", async () => {
    const site = await createOwnedSite();
    await putArticle(site.id, site.ownerToken, "story", {});
    await setLock(site, "story", true);
    expect((await setLock(site, "story", false)).thread).toMatchObject({ locked: false, closed: false });
    await post(site.id, "story");
    expect((await readThread(site.id, "story")).thread.locked).toBe(false);
    expect((await json<any>(`/sites/${site.id}/articles/story`, 200)).locked).toBe(false);
  });

  it("locks only the named thread", async () => {
    const site = await createOwnedSite();
    await setLock(site, "closed-one", true);
    await post(site.id, "open-one");
    expect((await readThread(site.id, "open-one")).thread.locked).toBe(false);
  });

  it("still lets the owner moderate a locked thread", async () => {
    const site = await createOwnedSite({ moderation: "pre" });
    const { comment } = await post(site.id, "t");
    await setLock(site, "t", true);
    await act(site.id, site.ownerToken, comment.id, "approve");
    expect(idsOf((await readThread(site.id, "t")).comments)).toEqual([comment.id]);
    expect((await readThread(site.id, "t")).total).toBe(1);
  });

  it("works with a thread key that holds slashes", async () => {
    const site = await createOwnedSite();
    const key = "blog/2024/hello-world";
    await post(site.id, key);
    const { thread } = await setLock(site, key, true);
    expect(thread).toMatchObject({ key, locked: true, commentCount: 1 });
    await expectLocked(site.id, key);
    expect((await readThread(site.id, key)).thread).toEqual({ key, locked: true, closed: true });
    // Its neighbours by prefix stay open.
    await post(site.id, "blog/2024");
    await post(site.id, "blog");
    await setLock(site, key, false);
    await post(site.id, key);
    expect(await publicCounts(site.id, key)).toEqual({ total: 2, counts: 2 });
  });

  it("answers 400 for a body that is not {locked: boolean}", async () => {
    const site = await createOwnedSite();
    const put = (body: unknown, thread = "t") => call(`/sites/${site.id}/threads/${thread}`, { method: "PUT", token: site.ownerToken, body });
    await expectInvalid(await put({ locked: "yes" }), "locked");
    await expectInvalid(await put({}), "locked");
    await expectInvalid(await put({ locked: true, reason: "trolls" }), "reason");
    await expectInvalid(await put({ locked: true }, "x".repeat(1025)), "thread");
    await post(site.id, "t");
  });
});

describe("auto-close", () => {
  it("closes the thread of an article published longer ago than autoCloseDays", async () => {
    const site = await createOwnedSite();
    await putArticle(site.id, site.ownerToken, "old-story", { publishedAt: new Date(Date.now() - 3 * DAY_MS).toISOString() });
    await post(site.id, "old-story");
    await json(`/sites/${site.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { autoCloseDays: 1 } });
    await expectLocked(site.id, "old-story");
    // Closed by age, not by a moderator: the same two words in the thread page and the article.
    expect((await readThread(site.id, "old-story")).thread).toMatchObject({ locked: false, closed: true });
    expect(await json<any>(`/sites/${site.id}/articles/old-story`, 200)).toMatchObject({ locked: false, closed: true });
  });

  it("keeps a recent article's thread open", async () => {
    const site = await createOwnedSite({ autoCloseDays: 1 });
    await putArticle(site.id, site.ownerToken, "new-story", { publishedAt: new Date(Date.now() - 3_600_000).toISOString() });
    await post(site.id, "new-story");
    expect((await readThread(site.id, "new-story")).thread).toMatchObject({ locked: false, closed: false });
    expect(await json<any>(`/sites/${site.id}/articles/new-story`, 200)).toMatchObject({ locked: false, closed: false });
  });

  it("reopens old threads when autoCloseDays is turned off or raised", async () => {
    const site = await createOwnedSite({ autoCloseDays: 1 });
    await putArticle(site.id, site.ownerToken, "old-story", { publishedAt: new Date(Date.now() - 3 * DAY_MS).toISOString() });
    await expectLocked(site.id, "old-story");
    await json(`/sites/${site.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { autoCloseDays: 7 } });
    await post(site.id, "old-story");
    await json(`/sites/${site.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { autoCloseDays: 1 } });
    await expectLocked(site.id, "old-story");
    await json(`/sites/${site.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { autoCloseDays: null } });
    await post(site.id, "old-story");
  });

  it("counts from the article's new date when it is republished with one", async () => {
    const site = await createOwnedSite({ autoCloseDays: 1 });
    await putArticle(site.id, site.ownerToken, "story", { publishedAt: new Date(Date.now() - 3 * DAY_MS).toISOString() });
    await expectLocked(site.id, "story");
    await putArticle(site.id, site.ownerToken, "story", { publishedAt: new Date().toISOString() }, 200);
    await post(site.id, "story");
  });

  it("closes a thread without an article some days after its first comment", async () => {
    const site = await createOwnedSite({ autoCloseDays: 2 });
    await post(site.id, "loose");
    vi.useFakeTimers({ now: Date.now() + DAY_MS, toFake: ["Date"] });
    try {
      await post(site.id, "loose");
      vi.setSystemTime(Date.now() + 2 * DAY_MS);
      await expectLocked(site.id, "loose");
      expect((await readThread(site.id, "loose")).thread).toMatchObject({ locked: false, closed: true });
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps an auto-closed thread closed when the owner unlocks it", async () => {
    const site = await createOwnedSite({ autoCloseDays: 1 });
    await putArticle(site.id, site.ownerToken, "old-story", { publishedAt: new Date(Date.now() - 3 * DAY_MS).toISOString() });
    expect((await setLock(site, "old-story", false)).thread).toMatchObject({ locked: false, closed: true });
    await expectLocked(site.id, "old-story");
    // The thread page and the article say the same as the lock answer.
    expect((await readThread(site.id, "old-story")).thread).toMatchObject({ locked: false, closed: true });
    expect(await json<any>(`/sites/${site.id}/articles/old-story`, 200)).toMatchObject({ locked: false, closed: true });
  });
});

describe("locked and closed", () => {
  it("reads locked and closed alike in the thread page, the article and the lock answer when a moderator locks", async () => {
    const site = await createOwnedSite();
    await putArticle(site.id, site.ownerToken, "story", {});
    expect((await readThread(site.id, "story")).thread).toEqual({ key: "story", locked: false, closed: false });
    expect((await setLock(site, "story", true)).thread).toMatchObject({ locked: true, closed: true });
    expect((await readThread(site.id, "story")).thread).toEqual({ key: "story", locked: true, closed: true });
    expect(await json<any>(`/sites/${site.id}/articles/story`, 200)).toMatchObject({ locked: true, closed: true });
    expect((await setLock(site, "story", false)).thread).toMatchObject({ locked: false, closed: false });
    expect(await json<any>(`/sites/${site.id}/articles/story`, 200)).toMatchObject({ locked: false, closed: false });
  });
});
