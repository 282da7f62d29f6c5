// Request and response examples of the owner's data routes (see ./examples.ts, which includes these).
import type { OperationExample } from "./examples";
import type { ExportedComment } from "./owner-data";

const exported: ExportedComment = {
  id: "iK3b9QeT0m8Rz1wVx4yLpA2c",
  thread: "/2021/06/my-post/",
  parentId: null,
  authorName: "Alice",
  emailHash: "Yk1T3m9pQ2rV8sW0xZ4aB6cD7eF9gH1iJ3kL5mN7oP0",
  emailHint: "a***@example.com",
  ipHash: null,
  shadow: false,
  body: "First! Fish & chips <3",
  status: "published",
  statusBeforeDelete: null,
  pinned: false,
  createdAt: "2021-06-01T09:00:00.000Z",
  updatedAt: "2021-06-01T09:00:00.000Z",
  editedBy: null,
  votes: 0,
  moderationReason: null,
  source: "disqus",
  sourceId: "100001",
};

/** The examples. */
export function ownerDataExamples(): Record<string, OperationExample> {
  return {
    "GET /api/v1/sites": { response: { sites: [{ id: "myblog", name: "My blog", createdAt: "2026-05-01T07:00:00.000Z" }], nextCursor: null } },
    "POST /api/v1/sites/{site}/import": {
      request: {
        comments: [
          {
            source: "disqus",
            sourceId: "100001",
            parent: null,
            thread: "/2021/06/my-post/",
            body: "First! Fish & chips <3",
            authorName: "Alice",
            authorEmail: "alice@example.com",
            status: "published",
            createdAt: "2021-06-01T09:00:00Z",
          },
        ],
        threads: [{ key: "/2021/06/my-post/", locked: false, createdAt: "2021-06-01T08:00:00Z" }],
      },
      response: { inserted: 1, present: 0, idsKept: 0, failed: [], blank: {}, bans: { inserted: 0, present: 0 }, threads: { locked: [] } },
    },
    "GET /api/v1/sites/{site}/export": { response: { items: [exported], nextCursor: null } },
    "POST /api/v1/sites/{site}/gdpr/export": { request: { email: "alice@example.com" }, response: { comments: [exported], nextCursor: null } },
    "POST /api/v1/sites/{site}/gdpr/erase": { request: { email: "alice@example.com" }, response: { erased: 1, ids: [exported.id], more: false } },
  };
}
