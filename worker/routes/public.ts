// Public routes under /api/v1/sites/{site}: what the widget reads and the comment POST.
import { Hono, type Context } from "hono";
import { etag } from "hono/etag";
import { createMiddleware } from "hono/factory";
import { LIMITS } from "../contract/limits";
import {
  commentIdSchema,
  commentParamSchema,
  readerEditSchema,
  repliesParamSchema,
  voteSchema,
  pageQuerySchema,
  readerStateQuerySchema,
  postCommentSchema,
  idempotencyHeaderSchema,
  type PostCommentInput,
  slugParamSchema as slugParam,
  threadParamSchema as threadParam,
  threadQuerySchema,
} from "../contract/schemas";
import { countsQuerySchema } from "../contract/counts";
import type { PostCommentResult } from "../contract/types";
import { AppError } from "../lib/errors";
import type { AppEnv } from "../env";
import { getArticle, listArticles } from "../services/articles";
import { countThreads, listThreadJson, type OwnClaim } from "../services/comments";
import { listMoreReplies } from "../services/reply-chains";
import { issueFormToken } from "../services/form-token";
import { postComment, type PostMeta } from "../services/posting";
import { deleteOwnComment, editOwnComment } from "../services/reader-edits";
import { subscribeToReplies } from "../services/notify/replies";
import { toPublicSite } from "../services/sites";
import { articleViewJson, readerStateJson, threadViewJson } from "../services/view";
import { getReaderRender, getThreadRender } from "../services/render/index";
import { renderedQuerySchema, renderedThreadQuerySchema } from "../contract/render";
import { feedUrl } from "../services/feed-content";
import { threadFeed } from "../services/thread-feed";
import { setVote } from "../services/votes";
import { bearer, valid } from "./middleware";

/**
 * Who sent a write: the address Cloudflare saw (hashed before use), the worker's own hostname, and the
 * comments the reader proves are theirs (X-Parley-Own), which count as trust for first-comment holds.
 */
function requestMeta(c: Context<AppEnv>): PostMeta {
  return { ip: c.req.header("cf-connecting-ip") ?? null, host: new URL(c.req.url).hostname, own: ownClaims(c.req.header("x-parley-own")) };
}

/** `X-Parley-Own: id:editToken, …` names the reader's own comments; malformed entries are ignored. */
function ownClaims(header: string | undefined): OwnClaim[] {
  if (!header) return [];
  return header
    .split(",")
    .slice(0, LIMITS.ownCommentsPerRequest)
    .map((part) => part.trim().split(":"))
    .filter(([id, token]) => commentIdSchema.safeParse(id).success && typeof token === "string" && /^pe_[A-Za-z0-9_-]{20,64}$/.test(token))
    .map(([id, token]) => ({ id, token }));
}

/**
 * Public documents that are the same for every reader get an ETag: a browser revalidates them (`no-cache`)
 * and gets a body-less 304 when nothing changed. Thread pages carry a fresh form token, so they get none.
 */
const revalidated = [
  createMiddleware(async (c, next) => {
    await next();
    if (c.res.status === 200) c.header("Cache-Control", "no-cache");
  }),
  etag(),
] as const;

/** A page with a fresh form token and the reader's own comments (JSON text, or HTML): never stored by a shared cache. */
/** The key of the `Idempotency-Key` header, when the body has none; the two may not differ. */
function withIdempotencyHeader(input: PostCommentInput, header: string | undefined): PostCommentInput {
  if (header === undefined || input.idempotencyKey === header) return input;
  if (input.idempotencyKey !== undefined) {
    throw new AppError("VALIDATION_FAILED", "The Idempotency-Key header and the body's idempotencyKey differ: send one key.", [
      { field: "idempotencyKey", message: "Differs from the Idempotency-Key header." },
    ]);
  }
  return { ...input, idempotencyKey: header };
}

function privatePage(c: Context<AppEnv>, body: string, type = "application/json") {
  c.header("Cache-Control", "private, no-store");
  c.header("Vary", "X-Parley-Own", { append: true });
  return c.body(body, 200, { "Content-Type": type });
}

export const publicRoutes = new Hono<AppEnv>()
  .get("/", ...revalidated, (c) => c.json(toPublicSite(c.get("site"), !!c.get("deps").notify.mailer)))

  .get("/articles", ...revalidated, valid("query", pageQuerySchema), async (c) =>
    c.json(await listArticles(c.get("deps"), c.get("site"), c.req.valid("query"))),
  )

  .get("/articles/:slug", ...revalidated, valid("param", slugParam), async (c) =>
    c.json(await getArticle(c.get("deps"), c.get("site"), c.req.valid("param").slug)),
  )

  // The article view holds a thread page, so it is private like one.
  .get("/articles/:slug/view", valid("param", slugParam), valid("query", threadQuerySchema), async (c) => {
    const { slug } = c.req.valid("param");
    // JSON text: the thread's cached text is sent on as it is (see listThreadJson).
    return privatePage(c, await articleViewJson(c.get("deps"), c.get("site"), slug, c.req.valid("query"), ownClaims(c.req.header("x-parley-own"))));
  })

  // The same view rendered for a <parley-article>'s shadow root (see getReaderRender): HTML with the reader's view in
  // it, so private like the view.
  .get("/articles/:slug/rendered", valid("param", slugParam), valid("query", renderedQuerySchema), async (c) => {
    const { sort, "heading-level": headingLevel, "form-position": formPosition, lang } = c.req.valid("query");
    const options = { sort, headingLevel, formPosition, lang, origin: new URL(c.req.url).origin };
    const body = await getReaderRender(c.get("deps"), c.get("site"), c.req.valid("param").slug, options, ownClaims(c.req.header("x-parley-own")));
    return privatePage(c, body, "text/html; charset=utf-8");
  })

  // The same for a <parley-comments> alone.
  .get("/threads/:thread/rendered", valid("param", threadParam), valid("query", renderedThreadQuerySchema), async (c) => {
    const { sort, "form-position": formPosition, lang } = c.req.valid("query");
    const body = await getThreadRender(c.get("deps"), c.get("site"), c.req.valid("param").thread, { sort, formPosition, lang }, ownClaims(c.req.header("x-parley-own")));
    return privatePage(c, body, "text/html; charset=utf-8");
  })

  // A thread page carries a fresh form token and the reader's own held comments (named by X-Parley-Own).
  .get("/threads/:thread/comments", valid("param", threadParam), valid("query", threadQuerySchema), async (c) => {
    // Sent on as the JSON text the page is cached as (see listThreadJson).
    const page = await listThreadJson(c.get("deps"), c.get("site"), c.req.valid("param").thread, c.req.valid("query"), ownClaims(c.req.header("x-parley-own")));
    return privatePage(c, page);
  })

  // A thread's first page with the site's public face: what <parley-comments> alone paints, in one request.
  .get("/threads/:thread/view", valid("param", threadParam), valid("query", threadQuerySchema), async (c) => {
    const thread = c.req.valid("param").thread;
    return privatePage(c, await threadViewJson(c.get("deps"), c.get("site"), thread, c.req.valid("query"), ownClaims(c.req.header("x-parley-own"))));
  })

  // What a server-rendered copy of a thread lacks: the reader's form token and own comments, and the page if it changed.
  .get("/threads/:thread/reader", valid("param", threadParam), valid("query", readerStateQuerySchema), async (c) => {
    const { since, ...query } = c.req.valid("query");
    const thread = c.req.valid("param").thread;
    return privatePage(c, await readerStateJson(c.get("deps"), c.get("site"), thread, { ...query, cursor: undefined }, since, ownClaims(c.req.header("x-parley-own"))));
  })

  .get("/threads/:thread/comments/:id/replies", valid("param", repliesParamSchema), valid("query", pageQuerySchema), async (c) => {
    const { thread, id } = c.req.valid("param");
    return c.json(await listMoreReplies(c.get("deps"), c.get("site"), thread, id, c.req.valid("query")));
  })

  .post("/threads/:thread/comments", valid("param", threadParam), valid("header", idempotencyHeaderSchema), valid("json", postCommentSchema), async (c) => {
    const { comment, editToken, replayed } = await postComment(
      c.get("deps"),
      c.get("site"),
      c.req.valid("param").thread,
      withIdempotencyHeader(c.req.valid("json"), c.req.valid("header")["idempotency-key"]),
      requestMeta(c),
    );
    if (replayed) c.header("Idempotent-Replayed", "true");
    const { notify, authorEmail, notifyProof } = c.req.valid("json");
    // The next post's form token comes with this answer: the widget needs no page read just for it.
    const result: PostCommentResult = { comment, editToken, formToken: await issueFormToken(c.get("deps"), c.get("site"), c.req.valid("param").thread) };
    // Reply e-mails asked for without an address: none can be sent, and the answer says so.
    if (notify) {
      const deps = c.get("deps");
      result.notify = authorEmail ? await subscribeToReplies(deps, deps.notify, c.get("site"), comment.id, authorEmail, new URL(c.req.url).origin, notifyProof) : "off";
    }
    return c.json(result, 201);
  })

  .get("/threads/:thread/feed", valid("param", threadParam), async (c) =>
    c.body(await threadFeed(c.get("deps"), c.get("site"), c.req.valid("param").thread, feedUrl(c.req.url)), 200, {
      "Content-Type": "application/atom+xml; charset=utf-8",
    }),
  )

  .patch("/comments/:id", valid("param", commentParamSchema), valid("json", readerEditSchema), async (c) => {
    const comment = await editOwnComment(c.get("deps"), c.get("site"), c.req.valid("param").id, bearer(c), c.req.valid("json"), requestMeta(c));
    return c.json({ comment });
  })

  .delete("/comments/:id", valid("param", commentParamSchema), async (c) => {
    await deleteOwnComment(c.get("deps"), c.get("site"), c.req.valid("param").id, bearer(c), requestMeta(c));
    return c.body(null, 204);
  })

  .post("/comments/:id/votes", valid("param", commentParamSchema), valid("json", voteSchema), async (c) =>
    c.json(
      await setVote(c.get("deps"), c.get("site"), c.req.valid("param").id, c.req.valid("json"), {
        ip: c.req.header("cf-connecting-ip") ?? null,
      }),
    ),
  )

  .get("/counts", ...revalidated, valid("query", countsQuerySchema), async (c) =>
    c.json({ counts: await countThreads(c.get("deps"), c.get("site"), c.req.valid("query").threads) }),
  );
