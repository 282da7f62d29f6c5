// Size limits shared by the worker's validation and the widget's form hints.

export const LIMITS = {
  requestBytes: 64 * 1024,
  /** Article PUTs carry whole posts: up to 200,000 characters of markdown. */
  articleRequestBytes: 1024 * 1024,
  commentBodyChars: 10_000,
  authorNameChars: 80,
  authorEmailChars: 254,
  articleTitleChars: 200,
  articleBodyChars: 200_000,
  threadKeyChars: 256,
  siteNameChars: 100,
  originsPerSite: 20,
  linksPerList: 20,
  blockedWords: 500,
  pageSizeDefault: 20,
  pageSizeMax: 100,
  countsThreadsMax: 100,
  bulkIds: 100,
  ownCommentsPerRequest: 50,
  /** A new site's storage quota per UTC day (the operator may set another at creation). */
  quotaCommentsPerDay: 5_000,
  quotaBytesPerDay: 20_000_000,
  /** What one thread page may weigh (JSON): pages of long comments carry fewer replies. */
  threadPageBytes: 256 * 1024,
} as const;
