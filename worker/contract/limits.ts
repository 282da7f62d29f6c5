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
} as const;
