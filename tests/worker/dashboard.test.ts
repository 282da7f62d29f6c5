// The API the dashboard reads with: why a comment was held, the stats, the thread list, settings, article source,
// the markdown preview, and the /admin page itself.
import { describe, expect, it } from "vitest";
import { call, env, expectError, expectInvalid, json, putArticle, SELF_ORIGIN } from "./helpers";
import { act, createOwnedSite, post } from "./owner-helpers";

const queue = (site: { id: string; ownerToken: string }, status = "pending") =>
  json<{ comments: any[] }>(`/sites/${site.id}/moderation/comments?status=${status}`, 200, { token: site.ownerToken });

describe("why a comment was held", () => {
  it("gives each held comment a stable code and a sentence in the moderation list", async () => {
    const site = await createOwnedSite({ maxLinks: 1, blockedWords: ["casino"], holdFirstComment: true });
    await post(site.id, "t", { body: "See https://a.example and https://b.example", authorName: "Linker" });
    await post(site.id, "t", { body: "Best casino in town", authorName: "Gambler" });
    await post(site.id, "t", { body: "Hello there, first time here", authorName: "Newcomer", authorEmail: "new@example.com" });
    const { comments } = await queue(site);
    const byAuthor = Object.fromEntries(comments.map((c) => [c.authorName, c.held]));
    expect(byAuthor.Linker).toEqual({ code: "links", text: "It has more links than the site allows." });
    expect(byAuthor.Gambler.code).toBe("blocked-word");
    expect(byAuthor.Newcomer.code).toBe("first-comment");
    for (const held of Object.values<any>(byAuthor)) expect(held.text.length).toBeGreaterThan(10);
  });

  it("says pre-moderation, and tells a shadow ban with what it would have been held for", async () => {
    const site = await createOwnedSite({ moderation: "pre" });
    await post(site.id, "t", { body: "Held for review", authorName: "Patient" });
    await json(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value: "Shady", mode: "shadow" } });
    await post(site.id, "t", { body: "Nobody sees me", authorName: "Shady" });
    expect((await queue(site)).comments[0].held.code).toBe("pre-moderation");
    const [shadowed] = (await queue(site, "spam")).comments;
    expect(shadowed.held.code).toBe("shadow-ban");
    expect(shadowed.held.text).toMatch(/shadow-banned.*Without the ban: the site holds every comment/);
  });

  it("names the blocked word that held a comment, as the owner typed it, through a shadow ban, an export and a restore", async () => {
    const phrase = "free (money): now";
    const quoted = "the “best” odds";
    const site = await createOwnedSite({ blockedWords: ["Casino", phrase, quoted] });
    await post(site.id, "t", { body: "Best CASINO in town", authorName: "Gambler", authorEmail: "gambler@example.com" });
    await post(site.id, "t", { body: "Get FREE (money): NOW!", authorName: "Spammer" });
    await post(site.id, "t", { body: "We give the “best” odds.", authorName: "Bookie" });
    await json(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value: "Shady", mode: "shadow" } });
    await post(site.id, "t", { body: "A casino, quietly", authorName: "Shady" });
    const held = async (s: { id: string; ownerToken: string }) => {
      const all = [...(await queue(s)).comments, ...(await queue(s, "spam")).comments];
      return Object.fromEntries(all.map((c) => [c.authorName, { reason: c.reason, held: c.held }]));
    };
    const expected = {
      Gambler: { reason: "blocked-word", held: { code: "blocked-word", word: "Casino", text: "It contains “Casino”, one of the site's blocked words." } },
      Spammer: { reason: "blocked-word", held: { code: "blocked-word", word: phrase, text: `It contains “${phrase}”, one of the site's blocked words.` } },
      // Its own quotation marks: named after a colon rather than quoted again.
      Bookie: { reason: "blocked-word", held: { code: "blocked-word", word: quoted, text: `It contains one of the site's blocked words: ${quoted}` } },
      Shady: {
        reason: "shadow-ban (blocked-word)",
        held: {
          code: "shadow-ban",
          word: "Casino",
          text: "Its author is shadow-banned: only they see their comments. Without the ban: it contains “Casino”, one of the site's blocked words.",
        },
      },
    };
    expect(await held(site)).toEqual(expected);

    // The export keeps the word; restored into another site, the queue names it again.
    const exported = (await json<any>(`/sites/${site.id}/export?part=comments`, 200, { token: site.ownerToken })).items as any[];
    expect(exported.map((c) => c.moderationReason).sort()).toEqual(["blocked-word: Casino", `blocked-word: ${phrase}`, `blocked-word: ${quoted}`, "shadow-ban (blocked-word: Casino)"]);
    // A GDPR export gives the author their comments with the reason's code: the site's list stays the owner's.
    const gdpr = await json<any>(`/sites/${site.id}/gdpr/export`, 200, { token: site.ownerToken, body: { email: "gambler@example.com" } });
    expect(gdpr.comments.map((c: any) => c.moderationReason)).toEqual(["blocked-word"]);
    const other = await createOwnedSite();
    const comments = exported.map((c) => ({
      source: "parley",
      sourceId: c.id,
      parent: null,
      thread: c.thread,
      body: c.body,
      authorName: c.authorName,
      status: c.status,
      createdAt: c.createdAt,
      moderationReason: c.moderationReason,
    }));
    await json(`/sites/${other.id}/import`, 200, { token: other.ownerToken, body: { comments } });
    const restored = await held(other);
    expect(restored.Gambler).toEqual(expected.Gambler);
    expect(restored.Spammer).toEqual(expected.Spammer);
    expect(restored.Bookie).toEqual(expected.Bookie);
    expect(restored.Shady.held).toEqual(expected.Shady.held);
  });

  it("still reads a reason stored before the word was kept, and an unknown one", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t", { body: "Old hold", authorName: "Old" });
    const [other] = [(await post(site.id, "t", { body: "Odd hold", authorName: "Odd" })).comment];
    await env.DB.prepare("UPDATE comments SET status = 'pending', moderation_reason = ?2 WHERE id = ?1").bind(comment.id, "blocked-word").run();
    await env.DB.prepare("UPDATE comments SET status = 'pending', moderation_reason = ?2 WHERE id = ?1").bind(other.id, "held: by hand").run();
    const byAuthor = Object.fromEntries((await queue(site)).comments.map((c) => [c.authorName, c]));
    expect(byAuthor.Old).toMatchObject({ reason: "blocked-word", held: { code: "blocked-word", text: "It contains one of the site's blocked words." } });
    expect(byAuthor.Old.held.word).toBeUndefined();
    expect(byAuthor.Odd).toMatchObject({ reason: "held: by hand", held: { code: "other", text: "Held by the worker. (held: by hand)" } });
    // A reason only the worker writes names a word: any other text (an import may bring any) is shown as it is.
    for (const stored of ["links: evil", "first-comment (blocked-word: q)", "shadow-ban (shadow-ban)", "shadow-ban (links: x)"]) {
      await env.DB.prepare("UPDATE comments SET moderation_reason = ?2 WHERE id = ?1").bind(other.id, stored).run();
      const odd = (await queue(site)).comments.find((c) => c.id === other.id);
      expect(odd, stored).toMatchObject({ reason: stored, held: { code: "other", text: `Held by the worker. (${stored})` } });
    }
  });

  it("is null for a comment the worker published", async () => {
    const site = await createOwnedSite();
    await post(site.id, "t", { body: "Plain and fine" });
    expect((await queue(site, "published")).comments[0].held).toBeNull();
  });
});

describe("GET /sites/{site}/stats", () => {
  it("counts comments per UTC day for 30 days and the queue in one query", async () => {
    const site = await createOwnedSite({ holdFirstComment: true });
    await post(site.id, "a", { body: "One", authorName: "First" });
    await post(site.id, "a", { body: "Two", authorName: "Second" });
    const old = Date.now() - 3 * 86_400_000;
    await env.DB.prepare("UPDATE comments SET created_at = ?2 WHERE site_id = ?1 AND author_name = 'First'").bind(site.id, old).run();
    const res = await call(`/sites/${site.id}/stats`, { token: site.ownerToken });
    expect(res.headers.get("X-D1-Rows-Read")).not.toBeNull();
    const stats = await res.json<{ days: { date: string; comments: number }[]; queue: number }>();
    expect(stats.days).toHaveLength(30);
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.days[29]).toEqual({ date: today, comments: 1 });
    expect(stats.days[26]).toEqual({ date: new Date(old).toISOString().slice(0, 10), comments: 1 });
    expect(stats.days.reduce((n, d) => n + d.comments, 0)).toBe(2);
    expect(stats.queue).toBe(2);
  });

  it("needs the owner token", async () => {
    const site = await createOwnedSite();
    await expectError(await call(`/sites/${site.id}/stats`), 401, "UNAUTHORIZED");
  });
});

describe("GET /sites/{site}/threads", () => {
  it("lists threads newest first with counts and lock state, page by page", async () => {
    const site = await createOwnedSite();
    await post(site.id, "first:thread with spaces");
    await post(site.id, "second");
    await post(site.id, "second");
    await json(`/sites/${site.id}/threads/third`, 200, { method: "PUT", token: site.ownerToken, body: { locked: true } });
    const page1 = await json(`/sites/${site.id}/threads?limit=2`, 200, { token: site.ownerToken });
    expect(page1.threads.map((t: any) => t.key)).toEqual(["third", "second"]);
    expect(page1.threads[0]).toMatchObject({ locked: true, closed: true, commentCount: 0 });
    expect(page1.threads[1]).toMatchObject({ locked: false, closed: false, commentCount: 2, pendingCount: 0 });
    const page2 = await json(`/sites/${site.id}/threads?limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`, 200, { token: site.ownerToken });
    expect(page2.threads.map((t: any) => t.key)).toEqual(["first:thread with spaces"]);
    expect(page2.nextCursor).toBeNull();
  });
});

describe("GET /sites/{site}/threads of a pre-moderated site", () => {
  it("counts each thread's comments waiting in the queue beside its published ones", async () => {
    const site = await createOwnedSite({ moderation: "pre" });
    const held = "/2024/03/café-😀/";
    for (const body of ["Première réponse", "第二条评论", "Third, with a <b>tag</b>"]) await post(site.id, held, { body, authorName: "Waiting" });
    const approved = await post(site.id, "mixed", { body: "Approved later", authorName: "Ok" });
    await post(site.id, "mixed", { body: "Still waiting", authorName: "Later" });
    const spam = await post(site.id, "mixed", { body: "Marked as spam", authorName: "Bot" });
    await act(site.id, site.ownerToken, approved.comment.id, "approve");
    await act(site.id, site.ownerToken, spam.comment.id, "spam");
    // A thread whose comments all went through, and another site's waiting comment on a thread of the same key.
    const other = await createOwnedSite({ moderation: "pre" });
    await post(other.id, held, { body: "Not this site's", authorName: "Elsewhere" });
    const { threads } = await json(`/sites/${site.id}/threads`, 200, { token: site.ownerToken });
    const byKey = Object.fromEntries(threads.map((t: any) => [t.key, [t.commentCount, t.pendingCount]]));
    expect(byKey).toEqual({ [held]: [0, 3], mixed: [1, 1] });
  });
});

describe("GET /sites/{site}/threads?waiting=true", () => {
  it("lists only the threads with comments waiting in the queue, newest first, page by page", async () => {
    const site = await createOwnedSite({ moderation: "pre" });
    await post(site.id, "/oldest/", { body: "Waits", authorName: "A" });
    const done = await post(site.id, "all-done", { body: "Approved", authorName: "B" });
    await act(site.id, site.ownerToken, done.comment.id, "approve");
    await post(site.id, "middle", { body: "Waits too", authorName: "C" });
    const spam = await post(site.id, "spam-only", { body: "Spam", authorName: "D" });
    await act(site.id, site.ownerToken, spam.comment.id, "spam");
    await post(site.id, "newest", { body: "Waits, newest", authorName: "E" });
    await post(site.id, "newest", { body: "Waits, second", authorName: "F" });
    // Another site's waiting comment on a thread of the same key as one with nothing waiting here.
    const other = await createOwnedSite({ moderation: "pre" });
    await post(other.id, "all-done", { body: "Not this site's", authorName: "G" });

    const page1 = await json(`/sites/${site.id}/threads?waiting=true&limit=2`, 200, { token: site.ownerToken });
    expect(page1.threads.map((t: any) => [t.key, t.pendingCount])).toEqual([["newest", 2], ["middle", 1]]);
    const page2 = await json(`/sites/${site.id}/threads?waiting=true&limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`, 200, { token: site.ownerToken });
    expect(page2.threads.map((t: any) => t.key)).toEqual(["/oldest/"]);
    expect(page2.nextCursor).toBeNull();
    // false, or empty, filters nothing; anything else is refused.
    for (const waiting of ["false", ""]) {
      const all = await json(`/sites/${site.id}/threads?waiting=${waiting}`, 200, { token: site.ownerToken });
      expect(all.threads.map((t: any) => t.key)).toEqual(["newest", "spam-only", "middle", "all-done", "/oldest/"]);
    }
    await expectInvalid(await call(`/sites/${site.id}/threads?waiting=yes`, { token: site.ownerToken }), "waiting");
  });
});

describe("settings, article source and preview", () => {
  it("shows the owner every setting, the Turnstile secret only as whether it is set", async () => {
    const site = await createOwnedSite({ blockedWords: ["spam"], turnstileSiteKey: "0x4AAAAAAAsitekey", turnstileSecret: "0x4AAAAAAAsecret" });
    const { site: view } = await json(`/sites/${site.id}/settings`, 200, { token: site.ownerToken });
    expect(view.settings.blockedWords).toEqual(["spam"]);
    expect(view.settings.turnstileSecretSet).toBe(true);
    expect(JSON.stringify(view)).not.toContain("0x4AAAAAAAsecret");
  });

  it("returns an article's markdown source for editing", async () => {
    const site = await createOwnedSite();
    await putArticle(site.id, site.ownerToken, "story", { title: "Story", body: "# Head\n\nSome *text*." });
    const { article } = await json(`/sites/${site.id}/articles/story/source`, 200, { token: site.ownerToken });
    expect(article).toMatchObject({ slug: "story", title: "Story", body: "# Head\n\nSome *text*.", links: [] });
    await expectError(await call(`/sites/${site.id}/articles/nope/source`, { token: site.ownerToken }), 404, "ARTICLE_NOT_FOUND");
  });

  it("previews markdown as the article PUT would render it, storing nothing", async () => {
    const site = await createOwnedSite();
    const body = "## Sub\n\nText with [a link](https://example.com) and <script>alert(1)</script>";
    const { body: tree } = await json(`/sites/${site.id}/articles/preview`, 200, { token: site.ownerToken, body: { body } });
    const published = await putArticle(site.id, site.ownerToken, "same", { body });
    expect(tree).toEqual(published.body);
    // Raw HTML stays text: the tree has no way to carry markup.
    expect(JSON.stringify(tree)).toContain('{"t":"text","v":" and <script>alert(1)</script>"}');
    const comment = await json(`/sites/${site.id}/articles/preview`, 200, { token: site.ownerToken, body: { body: "## Sub", kind: "comment" } });
    expect(comment.body).not.toEqual(tree.slice(0, 1));
    await expectInvalid(await call(`/sites/${site.id}/articles/preview`, { token: site.ownerToken, body: { body: 3 } }), "body");
  });

  it("takes an article-sized body to preview, past the 64 KB of other requests", async () => {
    const site = await createOwnedSite();
    // 44,000 characters, 116 KB in UTF-8.
    const body = "一段相当长的文字。\n\n".repeat(4000);
    const res = await call(`/sites/${site.id}/articles/preview`, { token: site.ownerToken, body: { body } });
    expect(res.status).toBe(200);
  });
});

describe("/admin", () => {
  it("serves the dashboard page under a strict CSP that no frame may embed", async () => {
    for (const path of ["/admin", "/admin/"]) {
      const res = await call(`${SELF_ORIGIN}${path}`);
      expect(res.status).toBe(200);
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      const html = await res.text();
      expect(html).toContain('<script type="module" src="/admin/app.js"></script>');
      expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);
    }
  });
});
