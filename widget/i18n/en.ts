// English UI strings. Other locales copy these keys; a value is a plain string or a set of plural forms.
// The strings of what comes after the first paint (forms, votes, replies) are in en-extras.ts, in that lazy chunk.

/** What the article and the thread show before the reader does anything. */
export const en = {
  comments: { one: "{n} comment", other: "{n} comments" },
  sort: "Sort by",
  oldest: "Oldest",
  newest: "Newest",
  top: "Top",
  empty: "No comments yet.",
  more: "Load more",
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
