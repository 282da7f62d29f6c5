// The widget's English words for what shows before the reader does anything: the widget's `en` table, and the
// words of the server-rendered article and thread (/embed, /p), so that a hydrated element paints the same text.
// Plain constants: the widget imports this module. The other languages' words for the same keys are in labels/,
// one module each (the widget loads each in its language's chunk; the server renderer takes them all).

/** What the article and the thread show before the reader does anything. */
export const EN = {
  comments: { one: "{n} comment", other: "{n} comments" },
  sort: "Sort by",
  oldest: "Oldest",
  newest: "Newest",
  top: "Top",
  empty: "No comments yet.",
  more: "Load more",
  // Under a top-level comment whose reply chain goes on (the server's HTML: a link, for readers without JavaScript).
  moreReplies: "Show more replies",
  // The name of the group of a comment's replies (the second when the comment was deleted: it has no name left).
  repliesTo: "Replies to {name}",
  repliesToDeleted: "Replies to a deleted comment",
  loadFailed: "Could not load.",
  retry: "Retry",
  notFound: "Article not found.",
  SITE_NOT_FOUND: "This site is not registered with Parley. Check the element's site attribute.",
  ORIGIN_NOT_ALLOWED: "This page's address is not among the site's allowed origins, so Parley cannot show or take comments here.",
  pending: "Awaiting moderation",
  pinned: "Pinned",
  deleted: "Comment deleted",
  edited: "(edited)",
  editedByModerator: "(edited by moderator)",
  share: "Share",
  shareOn: "Share on {name}",
  THREAD_LOCKED: "Comments are closed.",
  // Social networks, for link labels.
  youtube: "YouTube",
  instagram: "Instagram",
  x: "X",
  facebook: "Facebook",
  linkedin: "LinkedIn",
  tiktok: "TikTok",
  mastodon: "Mastodon",
  rss: "RSS",
  email: "Email",
  website: "Website",
};

/** A string with plural forms, chosen by Intl.PluralRules; `{n}` is the number. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Names that read the same in every language. */
export type Brand = "youtube" | "instagram" | "x" | "facebook" | "linkedin" | "tiktok" | "mastodon" | "rss";

/** Another language's first-paint words: every key of EN but the brand names, and the server's notice. */
export type FirstPaintLabels = { [K in Exclude<keyof typeof EN, Brand>]: (typeof EN)[K] extends string ? string : Plural } & {
  /** Where the form goes in server-rendered HTML read without JavaScript. */
  needsScript: string;
  /** Where the form goes when the widget's code could not be loaded (widget.js puts it in, from the HTML). */
  codeFailed: string;
  /** Under the start of a long comment that server-rendered HTML shows only in part: a link to a page with all of it. */
  wholeComment: string;
};
