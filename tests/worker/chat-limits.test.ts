// Chat messages within each platform's limit, and what they say of a comment taken off its page. A long thread key
// or comment is shortened, never the links: a held comment's Approve, Spam and Delete links always come through.
import { describe, expect, it } from "vitest";
import type { WebhookPayload } from "../../worker/contract/notifications";
import { formatBody } from "../../worker/services/notify/formats";
import { createSite, json, postComment } from "./helpers";
import { createWebhook, dispatched, eventually, receiver } from "./notify-helpers";

const LIMITS = { slack: 4000, discord: 2000, telegram: 4096 } as const;
const FORMATS = Object.keys(LIMITS) as (keyof typeof LIMITS)[];
const MODERATE = {
  approve: "https://comments.example.com/moderate/s/c1/approve/tok",
  spam: "https://comments.example.com/moderate/s/c1/spam/tok",
  delete: "https://comments.example.com/moderate/s/c1/delete/tok",
  expiresAt: "2026-01-08T00:00:00.000Z",
};
const MODERATE_URLS = [MODERATE.approve, MODERATE.spam, MODERATE.delete];

/** A payload as the worker builds one; `held` gives it moderation links instead of a View link. */
function payload(type: string, threadKey: string, source: string, held = false, authorName = "Ann"): WebhookPayload {
  return {
    id: "evt_1",
    type,
    createdAt: "2026-01-01T00:00:00.000Z",
    site: { id: "s", name: "Site & <Co>" },
    data: {
      comment: {
        id: "c1", parentId: null, authorName, body: [], createdAt: "2026-01-01T00:00:00.000Z", editedAt: null, editedBy: null,
        status: held ? "pending" : "published", pinned: false, votes: 0, moreReplies: null, threadKey, source, shadow: false, reason: null, held: null,
      },
      threadKey,
      article: null,
      pageUrl: `https://blog.example.com${threadKey}`,
      links: { comment: `https://blog.example.com${threadKey}#comment-c1`, moderate: held ? MODERATE : null },
    },
  };
}

/** The message text of a chat body. */
const textOf = (format: keyof typeof LIMITS, body: string): string => {
  const parsed = JSON.parse(body);
  return format === "discord" ? parsed.content : parsed.text;
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** An escape of each format cut short: a Slack or HTML entity without its end, a Discord backslash escaping nothing. */
const CUT_ESCAPE = { slack: /&(?!amp;|lt;|gt;)/, discord: /(?<!\\)(?:\\\\)*\\(?![\\*_~`|<>[\]()])/, telegram: /&(?!amp;|lt;|gt;|quot;)/ };

describe("chat messages within each platform's limit", () => {
  for (const format of FORMATS) {
    it(`keeps ${format}'s moderation links and headline whole for a 1,000-character thread key and a long comment`, () => {
      // Each character of both grows in every format's escapes: past all three limits together.
      const key = `/${"_&".repeat(500)}`;
      const text = textOf(format, formatBody(format, payload("comment.pending", key, "&".repeat(400), true), "https://x.example/?chat_id=1"));
      expect(text.length).toBeLessThanOrEqual(LIMITS[format]);
      expect(text).toContain("Comment by Ann waiting for moderation");
      for (const url of MODERATE_URLS) expect(text).toContain(url);
      expect(text).toMatch(format === "slack" ? /\|Delete>$/ : format === "discord" ? /\[Delete\]\(<[^>]+>\)$/ : /">Delete<\/a>$/);
      // The thread's name is cut; the comment shares the room with it, so a long key cannot push the quote out:
      // its excerpt (279 characters and "…") comes whole.
      const [headline, quote] = text.split("\n");
      expect(headline).toMatch(/… · Site &/);
      expect(quote.replace(/&amp;/g, "&").match(/&/g)).toHaveLength(279);
    });

    it(`never cuts ${format}'s escapes or an emoji in two`, () => {
      for (const fill of ["😀", "&", "<", "\\", "😀&"]) {
        for (let n = 990; n < 1000; n++) {
          const key = `/${fill.repeat(Math.ceil(n / fill.length)).slice(0, n)}`.replace(LONE_SURROGATE, "x");
          const text = textOf(format, formatBody(format, payload("comment.pending", key, fill.repeat(300), true, fill.repeat(20)), "https://x.example/"));
          expect(text.length).toBeLessThanOrEqual(LIMITS[format]);
          expect(text).not.toMatch(LONE_SURROGATE);
          // The message's own links and markup aside, every escape is whole.
          const quoted = text.slice(0, text.lastIndexOf("\n"));
          expect(quoted.replace(/^<b>|<\/b>|<\/?blockquote>/g, "")).not.toMatch(CUT_ESCAPE[format]);
          expect(text).toContain(MODERATE.delete);
        }
      }
    });

    it(`leaves ${format}'s View link out only when its page address alone is longer than the limit`, () => {
      const short = textOf(format, formatBody(format, payload("comment.created", "/post/", "Hello"), "https://x.example/"));
      expect(short).toContain("https://blog.example.com/post/#comment-c1");
      // A page address of thousands of characters (a long key of emoji, percent-encoded) could never fit.
      const key = `/${"%F0%9F%98%80".repeat(400)}`;
      const long = textOf(format, formatBody(format, payload("comment.created", key, "Hello"), "https://x.example/"));
      expect(long.length).toBeLessThanOrEqual(LIMITS[format]);
      expect(long).toContain("New comment by Ann");
      expect(long).not.toContain("#comment-c1");
    });
  }
});

describe("chat messages about a comment taken off its page", () => {
  for (const [type, verb] of [
    ["comment.deleted", "deleted"],
    ["comment.spam", "marked as spam"],
    ["comment.rejected", "rejected"],
  ] as const) {
    it(`says who wrote a comment ${verb}, without its text or a link to it`, () => {
      for (const format of FORMATS) {
        const text = textOf(format, formatBody(format, payload(type, "/post/", "SECRET-TEXT"), "https://x.example/"));
        expect(text.replace(/<\/?b>|\*/g, "")).toMatch(new RegExp(`^Comment by Ann ${verb} on `));
        expect(text).not.toContain("SECRET-TEXT");
        expect(text).not.toContain("#comment-c1");
        expect(text.split("\n")).toHaveLength(1);
      }
    });
  }

  it("quotes and links a comment approved, restored or edited, its author named as the writer", () => {
    for (const [type, verb] of [["comment.approved", "approved"], ["comment.restored", "restored"], ["comment.edited", "edited"]]) {
      const text = textOf("discord", formatBody("discord", payload(type, "/post/", "Kept text"), "https://x.example/"));
      expect(text).toMatch(new RegExp(`^\\*\\*Comment by Ann ${verb}\\*\\* on `));
      expect(text).toContain("> Kept text");
      expect(text).toContain("[View](<https://blog.example.com/post/#comment-c1>)");
    }
  });

  it("neither quotes nor links a comment edited or restored that is off its page: rejected, spam, deleted, or a shadow-banned author's", () => {
    const off = (type: string, patch: Record<string, unknown>) => {
      const p = payload(type, "/post/", "<!channel> BUY CHEAP PILLS");
      Object.assign(p.data.comment, patch);
      return p;
    };
    const cases = [
      off("comment.edited", { status: "spam", shadow: true }),
      off("comment.edited", { status: "published", shadow: true }),
      off("comment.edited", { status: "rejected" }),
      off("comment.restored", { status: "rejected" }),
      off("comment.pinned", { status: "deleted" }),
    ];
    for (const p of cases) {
      for (const format of FORMATS) {
        const text = textOf(format, formatBody(format, p, "https://x.example/"));
        expect(text, `${p.type} ${p.data.comment.status}`).not.toContain("PILLS");
        expect(text).not.toContain("#comment-c1");
        expect(text.split("\n")).toHaveLength(1);
      }
    }
  });

  it("says a comment was unpinned when it was", () => {
    const unpinned = payload("comment.pinned", "/post/", "Text");
    const pinned = payload("comment.pinned", "/post/", "Text");
    pinned.data.comment.pinned = true;
    expect(textOf("slack", formatBody("slack", unpinned, "https://x.example/"))).toMatch(/^\*Comment by Ann unpinned\* on /);
    expect(textOf("slack", formatBody("slack", pinned, "https://x.example/"))).toMatch(/^\*Comment by Ann pinned\* on /);
  });
});

describe("chat messages end to end", () => {
  it("sends Discord a held comment's links for a 1,000-character thread key", async () => {
    const site = await createSite({ moderation: "pre" });
    const hook = receiver();
    await createWebhook(site.id, site.ownerToken, { url: hook.url, format: "discord", events: ["comment.pending"] });
    await postComment(site.id, `/${"_".repeat(1000)}`, { body: "Held for a look" });
    await dispatched(site.id);
    const [got] = await eventually(async () => (await hook.received()).length > 0 && hook.received());
    const content: string = JSON.parse(got.body).content;
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content).toContain("Held for a look");
    expect(content).toMatch(/\[Approve\]\(<[^>]+\/approve\/[^>]+>\) · \[Spam\]\(<[^>]+\/spam\/[^>]+>\) · \[Delete\]\(<[^>]+\/delete\/[^>]+>\)$/);
  });

  it("tells a channel a moderator deleted a comment without its text, while the JSON event keeps its documented fields", async () => {
    const site = await createSite();
    const hook = receiver();
    for (const format of ["json", "slack", "discord", "telegram"]) {
      await createWebhook(site.id, site.ownerToken, { url: `${hook.url}&f=${format}`, format, events: ["comment.deleted"] });
    }
    const { comment } = await postComment(site.id, "/post/", { body: "reply three SECRET-DELETED-TEXT", authorName: "Deleted Dan" });
    await json(`/sites/${site.id}/moderation/comments/${comment.id}`, 200, { method: "DELETE", token: site.ownerToken });
    await dispatched(site.id);
    const got = await eventually(async () => (await hook.received()).length >= 4 && hook.received());
    const by = (f: string) => got.find((r) => new URL(r.path, "http://x").searchParams.get("f") === f)!.body;
    for (const format of FORMATS) {
      const text = textOf(format, by(format));
      expect(text).toContain("Comment by Deleted Dan deleted");
      expect(text).not.toContain("SECRET-DELETED-TEXT");
      expect(text).not.toContain(`#comment-${comment.id}`);
    }
    const event = JSON.parse(by("json"));
    expect(event).toMatchObject({ type: "comment.deleted", data: { previousStatus: "published", comment: { id: comment.id, authorName: "Deleted Dan" } } });
    expect(event.data.links.comment).toBe(`https://blog.example.com/post/#comment-${comment.id}`);
  });
});
