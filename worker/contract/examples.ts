// A request and a response example for every operation of the OpenAPI document (worker/routes/openapi.ts), taken
// from a real session against `npm run dev`. tests/worker/openapi.test.ts checks that every operation has them,
// that each request example passes the route's own schema, and that each response has the keys the route answers
// with. A new operation adds its entry here, keyed "METHOD path" as in OPERATIONS.
import { ownerDataExamples } from "./owner-data-examples";
import type { MailStatus } from "./notifications";
import type { Article, ArticleList, ArticleView, ReaderState, AuditEntry, Ban, ModerationComment, ModerationQueue, PublicComment, PublicSite, RepliesPage, ThreadPage, ThreadView } from "./types";

export interface OperationExample {
  /** The JSON body sent; operations without a body show their parameters' examples instead. */
  request?: unknown;
  /** The success response's body: JSON, or text for a feed. Left out only for a 204. */
  response?: unknown;
}

const COMMENT_ID = "Zp3XR64Bihq0lvaI";
const REPLY_ID = "mgXG-6gS_Rk5XPiB";
const BAN_ID = "72vw3mY3VDLX74ev";
const WEBHOOK_ID = "wh_magB93ANPyPd6G2U";

/** Example values of path and query parameters, by name; `{id}` depends on the path (see `parameterExample`). */
const PARAMETERS: Record<string, unknown> = {
  site: "myblog",
  slug: "hello-world",
  thread: "hello-world",
  action: "approve",
  limit: 20,
  sort: "top",
  threads: "hello-world,another-post",
  status: "pending",
  q: "casino",
  author: "troll@example.com",
  part: "comments",
  since: "5f0c2d9a81b3e7c4",
  url: "https://blog.example.com/2026/05/hello-world/",
  theme: "auto",
  version: "pending.moo43ukd",
  deliveryId: "dl_3kQw9Zt0pLrX_e2M",
};

/** The example of one parameter of the operation at `path`, if there is one. */
export function parameterExample(path: string, name: string): unknown {
  if (name !== "id") return PARAMETERS[name];
  if (path.includes("/bans/")) return BAN_ID;
  if (path.includes("/webhooks/")) return WEBHOOK_ID;
  return COMMENT_ID;
}

const p = (text: string) => [{ t: "p" as const, c: [{ t: "text" as const, v: text }] }];

const comment: PublicComment = {
  id: COMMENT_ID,
  parentId: null,
  authorName: "Reader",
  body: p("Nice post!"),
  createdAt: "2026-05-02T08:15:44.061Z",
  editedAt: null,
  editedBy: null,
  status: "published",
  pinned: false,
  votes: 1,
  replies: [],
  moreReplies: null,
};
const reply: PublicComment = { ...comment, id: REPLY_ID, parentId: COMMENT_ID, authorName: "Ann", body: p("Thanks!"), votes: 0, createdAt: "2026-05-02T09:01:12.445Z" };
const { replies: _r, ...flat } = reply;
const queued: ModerationComment = { ...flat, threadKey: "hello-world", authorEmail: "a***@example.com", source: "Thanks!", shadow: false, reason: null, held: null, version: "published.moo43ukd" };

const settings = {
  origins: ["https://blog.example.com"],
  moderation: "post",
  editWindowMinutes: 15,
  autoCloseDays: null,
  blockedWords: [],
  blockedWordsAction: "hold",
  maxLinks: 3,
  holdFirstComment: false,
  minFillSeconds: 3,
  rateLimits: { readerPerMinute: 5, threadPerMinute: 60, sitePerMinute: 300 },
  links: [],
  locale: "en",
  turnstileSiteKey: null,
  turnstileSecretSet: false,
  quota: { commentsPerDay: 5000, bytesPerDay: 20000000 },
};
const site = { id: "myblog", name: "My blog", settings, createdAt: "2026-05-01T07:00:00.000Z", updatedAt: "2026-05-01T07:00:00.000Z" };

const article: Article = {
  slug: "hello-world",
  title: "Hello, world",
  author: "Ann",
  publishedAt: "2026-05-01T00:00:00.000Z",
  image: null,
  url: "https://blog.example.com/2026/05/hello-world/",
  body: [
    {
      t: "p",
      c: [
        { t: "text", v: "First post with " },
        { t: "em", c: [{ t: "text", v: "emphasis" }] },
        { t: "text", v: " and a " },
        { t: "a", href: "https://example.com/", c: [{ t: "text", v: "link" }] },
        { t: "text", v: "." },
      ],
    },
  ],
  links: [{ network: "youtube", url: "https://youtube.com/@example" }],
  commentCount: 2,
  locked: false,
  closed: false,
};
const { body: _b, links: _l, url: _u, commentCount: _c, locked: _k, closed: _x, ...summary } = article;

const ban: Ban = {
  id: BAN_ID,
  type: "email",
  hint: "t***@example.com",
  mode: "visible",
  reason: "abuse",
  expiresAt: "2030-01-01T00:00:00.000Z",
  createdAt: "2026-05-03T10:00:00.000Z",
  active: true,
};
const audit: AuditEntry = {
  id: "zQvzOEQatcyfE6zf",
  actor: "owner:7bcd0a118f46",
  action: "ban.create",
  targetType: "ban",
  targetId: BAN_ID,
  before: null,
  after: ban,
  createdAt: "2026-05-03T10:00:00.000Z",
};
const webhook = {
  id: WEBHOOK_ID,
  url: "https://hooks.example.com/parley",
  events: ["comment.created", "comment.pending"],
  format: "json",
  createdAt: "2026-05-03T11:00:00.000Z",
  pausedAt: null,
  pausedReason: null,
  held: 0,
  consecutiveFailures: 0,
  lastSuccessAt: null,
};
const delivery = {
  id: "dl_yxJBdUvrvEvCK5c5",
  eventId: "evt_test_lS00y7H2EJxdy3Pj",
  event: "webhook.test",
  status: "delivered",
  attempts: 1,
  lastStatus: 200,
  lastError: null,
  nextAttemptAt: null,
  createdAt: "2026-05-03T11:05:00.000Z",
  erased: false,
};
const mail = {
  provider: "resend",
  sending: true,
  message: "E-mails are sent through Resend.",
  ownerEmail: "o***@example.com",
  digest: true,
  ownerEmailConfirmed: true,
  confirmationSentAt: null,
  dailyBudget: 200,
  sentToday: 3,
} satisfies MailStatus;
/** A new address: its confirmation e-mail just went out, and no digest goes to it until its link is confirmed. */
const mailWaiting = { ...mail, ownerEmail: "n***@example.com", ownerEmailConfirmed: false, confirmationSentAt: "2026-05-03T11:05:00.000Z", sentToday: 4 } satisfies MailStatus;
const FEED = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Comments on hello-world</title><entry><title>Reader</title><content type="html">&lt;p&gt;Nice post!&lt;/p&gt;</content></entry></feed>`;

const threadPage: ThreadPage = {
  thread: { key: "hello-world", locked: false, closed: false },
  sort: "top",
  comments: [{ ...comment, replies: [reply] }],
  nextCursor: null,
  total: 2,
  own: [],
  formToken: "eyJzaXRlIjoibXlibG9nIiwidGhyZWFkIjoiaGVsbG8td29ybGQiLCJpc3N1ZWRBdCI6MTc5NjA2NTg0NDY5Miwibm9uY2UiOiJFM2p2N1NweXl1T1Y3aUM1In0.Ap6uFgoAE99Ftz9cML9LO8uhbyeaOOJhWyPelwBKuT4",
};
const queue: ModerationQueue = {
  comments: [
    {
      ...queued,
      status: "pending",
      version: "pending.moo43ukd",
      reason: "pre-moderation",
      held: { code: "pre-moderation", text: "The site holds every comment for review (pre-moderation)." },
    },
  ],
  nextCursor: null,
  counts: { pending: 1, published: 2, rejected: 0, spam: 0, deleted: 0 },
};

/** The /embed fragment, shortened where the CSS, the article and the view JSON go on. */
const EMBED_HTML =
  '<parley-article site="myblog" slug="hello-world" theme="auto"><template shadowrootmode="open"><style>:host { display: block; … }</style>' +
  '<article part="article" dir="ltr" class=""><h1 class="title" part="title" dir="auto">Hello, world</h1>' +
  '<p class="muted" part="meta" dir="auto">Ada · <time datetime="2026-05-01T09:00:00.000Z">May 1, 2026</time></p>' +
  '<div class="doc" part="body" dir="auto"><p>The first post.</p></div><div class="bar">…</div></article>' +
  '<parley-comments part="thread" exportparts="heading,sort,comment,author,permalink,body:comment-body,badge,vote,replies,closed,form,input,button,error" lang="en">' +
  '<template shadowrootmode="open"><style>…</style><section part="thread" dir="ltr" class=""><div class="head"><h2 part="heading">1 comment</h2>…</div>' +
  '<article class="c" part="comment" id="comment-Zp3XR64Bihq0lvaI">…</article>' +
  '<p class="notice" part="form">Posting a comment needs JavaScript.</p></section></template><slot name="turnstile" slot="turnstile"></slot></parley-comments>' +
  '<script type="application/json" data-parley-view>{"site":{"id":"myblog",…},"article":{…},"thread":{…,"own":[],"formToken":""}}</script>' +
  "</template></parley-article>";

/** What …/rendered answers: the fragment's inside, with the reader's view (a form token) in place of the shared one. */
const RENDERED_HTML =
  EMBED_HTML.slice(EMBED_HTML.indexOf('<template shadowrootmode="open">') + 32, EMBED_HTML.lastIndexOf("</template>")).replace(
    '"own":[],"formToken":""',
    '"own":[],"formToken":"eyJzaXRlIjoibXlibG9nIn0.3f9a…"',
  );

/** What …/threads/{thread}/rendered answers: a thread alone, with the reader's thread view. */
const RENDERED_THREAD_HTML =
  '<section part="thread" dir="ltr" class=""><div class="head"><h2 part="heading">1 comment</h2>…</div>' +
  '<article class="c" part="comment" id="comment-Zp3XR64Bihq0lvaI">…<a class="muted" part="permalink" href="#comment-Zp3XR64Bihq0lvaI">…</a>…</article>' +
  '<div class="fslot"></div></section>' +
  '<script type="application/json" data-parley-view>{"site":{"id":"myblog",…},"thread":{…,"own":[],"formToken":"eyJzaXRlIjoibXlibG9nIn0.3f9a…"},"tag":"9c1f0e5a2b7d4c38"}</script>';

/** The hosted page, shortened likewise. */
const PAGE_HTML =
  '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Hello, world · My blog</title>\n' +
  '<meta name="description" content="The first post.">\n<link rel="canonical" href="https://comments.example.com/p/myblog/hello-world">\n' +
  '<meta property="og:type" content="article">\n…\n<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article",…}</script>\n' +
  '<script type="module" src="https://comments.example.com/widget.js"></script>\n</head>\n<body>\n<main><parley-article site="myblog" slug="hello-world">…</parley-article></main>\n…';

/** A page script, shortened: its function, then its arguments (the element, the HTML and view in two parts, the styles, widget.js). */
const PAGE_SCRIPT = (tag: string, key: string) =>
  `((E,S,K,X,N,L,H,A,T,W)=>{const d=document,…})(...["${tag}","myblog","${key}",[…],"en","en",["\\u003carticle part=\\"article\\" …","…\\u003c/script>"],"…","…","https://comments.example.com/widget.js"]);`;

export const EXAMPLES: Record<string, OperationExample> = {
  "GET /a/{site}/{slug}.js": { response: PAGE_SCRIPT("parley-article", "hello-world") },
  "GET /c/{site}/{thread}.js": { response: PAGE_SCRIPT("parley-comments", "/2026/03/hello-world/") },
  "GET /embed/{site}/{slug}": { response: EMBED_HTML },
  "GET /p/{site}/{slug}": { response: PAGE_HTML },
  "GET /api/v1/sites/{site}/articles/{slug}/rendered": { response: RENDERED_HTML },
  "GET /api/v1/sites/{site}/threads/{thread}/rendered": { response: RENDERED_THREAD_HTML },
  ...ownerDataExamples(),
  "GET /api/v1": { response: { api: "Parley", version: "v1", docs: "/docs", openapi: "/api/v1/openapi.json", health: "/api/v1/health" } },
  "GET /api/v1/health": { response: { ok: true } },
  "POST /api/v1/sites": {
    request: { id: "myblog", name: "My blog", origins: ["https://blog.example.com"] },
    response: { site, ownerToken: "pt_own_mo7u3drxDBr72Ci0f20VmwsoARZtp3vjdrDXdVxu71Y" },
  },
  "GET /api/v1/sites/{site}": {
    response: { id: "myblog", name: "My blog", links: [{ network: "youtube", url: "https://youtube.com/@example" }], locale: "en", turnstileSiteKey: null, editWindowMinutes: 15, replyEmails: true } satisfies PublicSite,
  },
  "GET /api/v1/sites/{site}/articles": { response: { articles: [summary], nextCursor: null } satisfies ArticleList },
  "GET /api/v1/sites/{site}/articles/{slug}": { response: article },
  "GET /api/v1/sites/{site}/threads/{thread}/comments": { response: threadPage },
  "GET /api/v1/sites/{site}/articles/{slug}/view": {
    response: {
      site: { id: "myblog", name: "My blog", links: [], locale: "en", turnstileSiteKey: null, editWindowMinutes: 15, replyEmails: true },
      article,
      thread: threadPage,
      tag: "5f0c2d9a81b3e7c4",
    } satisfies ArticleView,
  },
  "GET /api/v1/sites/{site}/threads/{thread}/view": {
    response: {
      site: { id: "myblog", name: "My blog", links: [], locale: "en", turnstileSiteKey: null, editWindowMinutes: 15, replyEmails: true },
      thread: threadPage,
      tag: "5f0c2d9a81b3e7c4",
    } satisfies ThreadView,
  },
  "GET /api/v1/sites/{site}/threads/{thread}/reader": {
    response: { formToken: threadPage.formToken, own: [], tag: "5f0c2d9a81b3e7c4", thread: null } satisfies ReaderState,
  },
  "GET /api/v1/sites/{site}/threads/{thread}/comments/{id}/replies": { response: { replies: [reply], nextCursor: null } satisfies RepliesPage },
  "POST /api/v1/sites/{site}/threads/{thread}/comments": {
    request: {
      authorName: "Ann",
      body: "Thanks!",
      parentId: COMMENT_ID,
      formToken: threadPage.formToken,
      idempotencyKey: "3f9c2a7e51b04d8c9e6a1b2c3d4e5f60",
    },
    response: { comment: { ...reply, votes: 0 }, editToken: "pe_2uXf08vq4llycMGdsTzjzXPdfHaf4nuZV_oylxjC5Fo", formToken: "eyJzaXRlIjoibXlibG9nIiwidGhyZWFkIjoiaGVsbG8td29ybGQiLCJpc3N1ZWRBdCI6MTc5NjA2NTkxMjMxMCwibm9uY2UiOiJRazlyVG4yeFdjN2FMcDBkIn0.D8BnTv6eZEcu7KNXletw2no3hlXYBLOQg07ZN1nUu1o" },
  },
  "GET /api/v1/sites/{site}/threads/{thread}/feed": { response: FEED },
  "PATCH /api/v1/sites/{site}/comments/{id}": {
    request: { body: "Nice post, thank you!" },
    response: { comment: { ...comment, body: p("Nice post, thank you!"), editedAt: "2026-05-02T08:20:05.395Z", editedBy: "author" } },
  },
  "DELETE /api/v1/sites/{site}/comments/{id}": {},
  "POST /api/v1/sites/{site}/comments/{id}/votes": { request: { readerKey: "k3Jd9sLq0Xa7mN2pR5tV", up: true }, response: { votes: 2, voted: true } },
  "GET /api/v1/sites/{site}/counts": { response: { counts: { "hello-world": 2, "another-post": 0 } } },
  "PATCH /api/v1/sites/{site}": {
    request: { moderation: "pre", editWindowMinutes: 30 },
    response: { site: { ...site, settings: { ...settings, moderation: "pre", editWindowMinutes: 30 }, updatedAt: "2026-05-04T12:00:00.000Z" } },
  },
  "PUT /api/v1/sites/{site}/quota": {
    request: { commentsPerDay: 20000, bytesPerDay: 100000000 },
    response: { site: { ...site, settings: { ...settings, quota: { commentsPerDay: 20000, bytesPerDay: 100000000 } }, updatedAt: "2026-05-04T12:00:00.000Z" } },
  },
  "POST /api/v1/sites/{site}/token": { response: { ownerToken: "pt_own_d-HXiPkAedjsQQGJjk61G2BYMCSeZKvAg1hyuv867PU" } },
  "PUT /api/v1/sites/{site}/articles/{slug}": {
    request: {
      title: "Hello, world",
      author: "Ann",
      publishedAt: "2026-05-01",
      body: "First post with *emphasis* and a [link](https://example.com).",
      links: [{ network: "youtube", url: "https://youtube.com/@example" }],
    },
    response: { article: { ...article, commentCount: 0 } },
  },
  "DELETE /api/v1/sites/{site}/articles/{slug}": {},
  "GET /api/v1/sites/{site}/moderation/comments": { response: queue },
  "PATCH /api/v1/sites/{site}/moderation/comments/{id}": {
    request: { body: "Thanks! [link removed]" },
    response: {
      comment: { ...queued, body: p("Thanks! [link removed]"), source: "Thanks! [link removed]", editedAt: "2026-05-02T10:00:00.000Z", editedBy: "moderator", version: "published.moo67gg0" },
    },
  },
  "DELETE /api/v1/sites/{site}/moderation/comments/{id}": { response: { comment: { ...queued, status: "deleted", version: "deleted.moo43ukd" }, changed: true } },
  "POST /api/v1/sites/{site}/moderation/comments/{id}/{action}": { response: { comment: queued, changed: true } },
  "POST /api/v1/sites/{site}/moderation/bulk": {
    request: { ids: [REPLY_ID, "AAAAAAAAAAAAAAAA"], action: "approve", versions: { [REPLY_ID]: "pending.moo43ukd" } },
    response: { updated: [REPLY_ID], unchanged: [], notFound: ["AAAAAAAAAAAAAAAA"], invalid: [], erased: [], withdrawn: [], blank: [], stale: [] },
  },
  "PUT /api/v1/sites/{site}/threads/{thread}": { request: { locked: true }, response: { thread: { key: "hello-world", locked: true, closed: true, commentCount: 2 }, changed: true } },
  "GET /api/v1/sites/{site}/bans": { response: { bans: [ban], nextCursor: null } },
  "POST /api/v1/sites/{site}/bans": {
    request: { type: "email", value: "troll@example.com", mode: "visible", reason: "abuse", expiresAt: "2030-01-01T00:00:00Z" },
    response: { ban, created: true },
  },
  "DELETE /api/v1/sites/{site}/bans/{id}": {},
  "GET /api/v1/sites/{site}/audit": { response: { entries: [audit], nextCursor: "MTc5NjA2NTg0NjkwMjp6UXZ6T0VRYXRjeWZFNnpm" } },
  "GET /api/v1/sites/{site}/feed": { response: FEED },
  "POST /api/v1/sites/{site}/webhooks": {
    request: { url: "https://hooks.example.com/parley", events: ["comment.created", "comment.pending"] },
    response: { webhook, secret: "whsec_cAhNV_Cv2-GsUGirwwz2euVQxI__0OV4ZUyQkuNfwr0" },
  },
  "GET /api/v1/sites/{site}/webhooks": { response: { webhooks: [webhook] } },
  "DELETE /api/v1/sites/{site}/webhooks/{id}": {},
  "POST /api/v1/sites/{site}/webhooks/{id}/test": { response: { delivery } },
  "POST /api/v1/sites/{site}/webhooks/{id}/resume": { response: { webhook, released: 34 } },
  "GET /api/v1/sites/{site}/webhooks/{id}/deliveries": { response: { deliveries: [delivery], nextCursor: null } },
  "GET /api/v1/sites/{site}/webhooks/{id}/deliveries/{deliveryId}": { response: { delivery } },
  "POST /api/v1/sites/{site}/webhooks/{id}/deliveries/{deliveryId}/retry": {
    response: {
      delivery: {
        ...delivery,
        id: "dl_3kQw9Zt0pLrX_e2M",
        eventId: "evt_2gVt0qQ8hR1nX4Lm",
        event: "comment.created",
        status: "pending",
        attempts: 6,
        lastStatus: 503,
        lastError: "HTTP 503 Service Unavailable",
        nextAttemptAt: "2026-05-04T09:00:00.000Z",
      },
      retried: true,
    },
  },
  "GET /api/v1/sites/{site}/notifications/mail": { response: mail },
  "PUT /api/v1/sites/{site}/notifications/mail": { request: { email: "new.owner@example.com", digest: true }, response: mailWaiting },
  "POST /api/v1/sites/{site}/notifications/mail/confirmation": { response: mailWaiting },
  "GET /api/v1/sites/{site}/settings": { response: { site } },
  "GET /api/v1/sites/{site}/stats": {
    response: {
      days: [
        { date: "2026-05-01", comments: 0 },
        { date: "2026-05-02", comments: 2 },
      ],
      queue: 1,
    },
  },
  "GET /api/v1/sites/{site}/threads": {
    response: { threads: [{ key: "hello-world", commentCount: 2, pendingCount: 1, locked: false, closed: false, createdAt: "2026-05-01T07:05:00.000Z" }], nextCursor: null },
  },
  "GET /api/v1/sites/{site}/articles/{slug}/source": {
    response: {
      article: {
        slug: "hello-world",
        title: "Hello, world",
        body: "First post with *emphasis* and a [link](https://example.com).",
        author: "Ann",
        publishedAt: "2026-05-01T00:00:00.000Z",
        image: null,
        links: [{ network: "youtube", url: "https://youtube.com/@example" }],
        url: "https://blog.example.com/2026/05/hello-world/",
      },
    },
  },
  "POST /api/v1/sites/{site}/articles/preview": { request: { body: "Some *markdown*." }, response: { body: article.body.slice(0, 1) } },
  "GET /api/v1/openapi.json": {
    response: {
      openapi: "3.1.0",
      info: { title: "Parley API", version: "1", description: "Articles and threaded comments for any web page." },
      servers: [{ url: "/", description: "The Parley worker that serves this document" }],
      paths: {},
      components: {},
    },
  },
};
