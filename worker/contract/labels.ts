// The widget's English words for what shows before the reader does anything: the widget's `en` table, and the
// words of the server-rendered article and thread (/embed, /p), so that a hydrated element paints the same text.
// Plain constants: the widget imports this module. Other locales copy these keys (widget/i18n).

/** What the article and the thread show before the reader does anything. */
export const EN = {
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
