// The OpenAPI 3.1 document, built from the same zod schemas the routes validate with. It is not part of the worker:
// `npm run build` writes it to public/api/v1/openapi.json (scripts/openapi.mjs), a static asset, so that zod's JSON
// Schema code and the examples stay out of the bundle. tests/worker/openapi.test.ts checks that this catalogue and
// the app's route table name the same routes; tests/tooling/openapi.test.ts that the built file is this document.
import * as z from "zod/mini";
import { countsQuerySchema } from "../contract/counts";
import { ERROR_STATUS } from "../contract/errors";
import * as d from "../contract/dashboard";
import { EXAMPLES, parameterExample } from "../contract/examples";
import * as o from "../contract/owner-data";
import * as n from "../contract/notifications";
import * as r from "../contract/render";
import * as s from "../contract/schemas";

type Access = "public" | "reader" | "owner" | "admin";

interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  access: Access;
  tag: string;
  params?: z.ZodMiniObject;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /** `type`: the success response's media type when it is not JSON (text examples default to Atom). */
  ok: { status: number; description: string; type?: string };
  errors?: (keyof typeof ERROR_STATUS)[];
  /** An owner operation the admin token may also call. */
  adminToo?: true;
}

const site = s.siteParamSchema;
const withSite = (p?: z.ZodMiniObject) => (p ? z.extend(site, p.shape) : site);

/** Every route of the API. Paths use OpenAPI's {name} form. */
export const OPERATIONS: Operation[] = [
  { method: "get", path: "/api/v1", summary: "The API's base: where its documents are", access: "public", tag: "Public", ok: { status: 200, description: "`{api, version, docs, openapi, health}`: the paths of the API reference, this document and the health check" } },
  { method: "get", path: "/api/v1/health", summary: "Health check; touches no storage", access: "public", tag: "Public", ok: { status: 200, description: '`{"ok": true}`' } },
  { method: "post", path: "/api/v1/sites", summary: "Create a site; returns its owner token once", access: "admin", tag: "Admin", body: s.createSiteSchema, ok: { status: 201, description: "`{site, ownerToken}`" }, errors: ["SITE_EXISTS"] },
  { method: "get", path: "/api/v1/sites/{site}", summary: "Public site info: name, social links, locale", access: "public", tag: "Public", params: site, ok: { status: 200, description: "`{id, name, links, locale, editWindowMinutes, turnstileSiteKey}`" } },
  { method: "get", path: "/api/v1/sites/{site}/articles", summary: "Article summaries, newest first", access: "public", tag: "Public", params: site, query: s.pageQuerySchema, ok: { status: 200, description: "`{articles, nextCursor}`" } },
  { method: "get", path: "/api/v1/sites/{site}/articles/{slug}", summary: "One article with its rendered body, links, comment count and lock state", access: "public", tag: "Public", params: withSite(s.slugParamSchema), ok: { status: 200, description: "The article" }, errors: ["ARTICLE_NOT_FOUND"] },
  { method: "get", path: "/api/v1/sites/{site}/articles/{slug}/view", summary: "A reader's whole view of an article in one request: the site's public profile, the article, and the first page of its thread (keyed by the slug) with a fresh form token. Takes the thread's query and `X-Parley-Own` header.", access: "public", tag: "Public", params: withSite(s.slugParamSchema), query: s.threadQuerySchema, ok: { status: 200, description: "`{site, article, thread}`: the answers of `GET …/sites/{site}`, `GET …/articles/{slug}` and `GET …/threads/{slug}/comments`" }, errors: ["ARTICLE_NOT_FOUND"] },
  { method: "get", path: "/api/v1/sites/{site}/threads/{thread}/comments", summary: "One page of top-level comments with nested replies. Send `X-Parley-Own: id:editToken,…` to also get your own comments awaiting moderation in `own`.", access: "public", tag: "Public", params: withSite(s.threadParamSchema), query: s.threadQuerySchema, ok: { status: 200, description: "`{thread: {key, locked, closed}, sort, comments, nextCursor, total, own, formToken}`; `locked` is a moderator's lock, `closed` also covers auto-close" } },
  { method: "get", path: "/api/v1/sites/{site}/threads/{thread}/view", summary: "A thread's first page with the site's public profile, in one request: what `<parley-comments>` shows. Takes the thread's query and `X-Parley-Own` header.", access: "public", tag: "Public", params: withSite(s.threadParamSchema), query: s.threadQuerySchema, ok: { status: 200, description: "`{site, thread, tag}`: the answers of `GET …/sites/{site}` and `GET …/threads/{thread}/comments`, and the page's tag" } },
  { method: "get", path: "/api/v1/sites/{site}/articles/{slug}/rendered", summary: "The article view rendered for the shadow root of a `<parley-article>`, as widget.js fills one before it paints: the styles, the article and `<parley-comments>` with its Declarative Shadow DOM and first page (the same HTML as `/embed`'s), then the reader's view (`…/view`'s answer, with a fresh form token and, with `X-Parley-Own`, their own held comments) as JSON in `<script type=\"application/json\" data-parley-view>`. Private like the view. `heading-level`, `form-position` and `lang` are the element's attributes.", access: "public", tag: "Public", params: withSite(s.slugParamSchema), query: r.renderedQuerySchema, ok: { status: 200, description: "text/html: the shadow root's content", type: "text/html" }, errors: ["ARTICLE_NOT_FOUND"] },
  { method: "get", path: "/api/v1/sites/{site}/threads/{thread}/rendered", summary: "The thread view rendered for the shadow root of a `<parley-comments>` alone, as widget.js fills one before it paints: its first page as `/embed` renders a thread (comment dates link to `#comment-ID` on the page itself), then the reader's view (`…/threads/{thread}/view`'s answer) as JSON in `<script type=\"application/json\" data-parley-view>`. Private like the view.", access: "public", tag: "Public", params: withSite(s.threadParamSchema), query: r.renderedThreadQuerySchema, ok: { status: 200, description: "text/html: the shadow root's content", type: "text/html" } },
  { method: "get", path: "/api/v1/sites/{site}/threads/{thread}/reader", summary: "The reader's part of a first thread page that server-rendered HTML leaves out: a fresh form token and (with `X-Parley-Own`) their own held comments; plus the page itself only when its tag differs from `since`, the tag of the copy already shown.", access: "public", tag: "Public", params: withSite(s.threadParamSchema), query: s.readerStateQuerySchema, ok: { status: 200, description: "`{formToken, own, tag, thread}`; `thread` is null when the copy is current" } },
  { method: "get", path: "/api/v1/sites/{site}/threads/{thread}/comments/{id}/replies", summary: "The next replies of a long reply chain under a top-level comment (its `moreReplies` cursor), flat and oldest first", access: "public", tag: "Public", params: withSite(s.repliesParamSchema), query: s.pageQuerySchema, ok: { status: 200, description: "`{replies, nextCursor}`" }, errors: ["COMMENT_NOT_FOUND"] },
  { method: "post", path: "/api/v1/sites/{site}/threads/{thread}/comments", summary: "Post a comment or a reply. An `Idempotency-Key` header may carry the key instead of the body's `idempotencyKey`", access: "public", tag: "Public", params: withSite(s.threadParamSchema), body: s.postCommentSchema, ok: { status: 201, description: "`{comment, editToken, formToken}`; `comment.status` is `published` or `pending`; `formToken` is for the reader's next post to the thread" }, errors: ["FORM_TOKEN_INVALID", "TOO_FAST", "THREAD_LOCKED", "BANNED", "TURNSTILE_FAILED", "PARENT_NOT_FOUND", "IDEMPOTENCY_KEY_REUSED", "DUPLICATE_COMMENT", "ORIGIN_NOT_ALLOWED", "RATE_LIMITED"] },
  { method: "get", path: "/api/v1/sites/{site}/threads/{thread}/feed", summary: "An Atom feed of the thread's newest comments, bodies as escaped HTML", access: "public", tag: "Public", params: withSite(s.threadParamSchema), ok: { status: 200, description: "application/atom+xml" } },
  { method: "patch", path: "/api/v1/sites/{site}/comments/{id}", summary: "Edit your own comment within the site's edit window; send its edit token as the bearer token. Every content check runs again.", access: "reader", tag: "Public", params: withSite(s.commentParamSchema), body: s.readerEditSchema, ok: { status: 200, description: "`{comment}`" }, errors: ["UNAUTHORIZED", "EDIT_WINDOW_CLOSED", "COMMENT_NOT_FOUND", "INVALID_STATE", "COMMENT_CHANGED"] },
  { method: "delete", path: "/api/v1/sites/{site}/comments/{id}", summary: "Delete your own comment within the edit window (edit token as the bearer token)", access: "reader", tag: "Public", params: withSite(s.commentParamSchema), ok: { status: 204, description: "Deleted" }, errors: ["UNAUTHORIZED", "EDIT_WINDOW_CLOSED", "COMMENT_NOT_FOUND", "COMMENT_CHANGED"] },
  { method: "post", path: "/api/v1/sites/{site}/comments/{id}/votes", summary: "Upvote a comment (`up: true`) or take the vote back (`up: false`); one vote per reader", access: "public", tag: "Public", params: withSite(s.commentParamSchema), body: s.voteSchema, ok: { status: 200, description: "`{votes, voted}`" }, errors: ["COMMENT_NOT_FOUND", "ALREADY_VOTED"] },
  { method: "get", path: "/api/v1/sites/{site}/counts", summary: "Published-comment counts for up to 100 threads in one request", access: "public", tag: "Public", params: site, query: countsQuerySchema, ok: { status: 200, description: '`{"counts": {"thread": 3}}`' } },
  { method: "patch", path: "/api/v1/sites/{site}", summary: "Change the site's name and settings", access: "owner", tag: "Site", params: site, body: s.updateSiteSchema, ok: { status: 200, description: "`{site}`" } },
  { method: "post", path: "/api/v1/sites/{site}/token", summary: "Rotate the owner token; the old one stops working at once. The admin token may do it too (an operator's rescue for a lost token; audited).", access: "owner", adminToo: true, tag: "Site", params: site, ok: { status: 200, description: "`{ownerToken}`" } },
  { method: "put", path: "/api/v1/sites/{site}/articles/{slug}", summary: "Publish or update an article from markdown. With `If-None-Match: *`, only publish a new one: a slug the site has is 409 `ARTICLE_EXISTS`", access: "owner", tag: "Articles", params: withSite(s.slugParamSchema), body: s.putArticleSchema, ok: { status: 200, description: "`{article}` (201 when created)" }, errors: ["ARTICLE_EXISTS"] },
  { method: "delete", path: "/api/v1/sites/{site}/articles/{slug}", summary: "Delete an article", access: "owner", tag: "Articles", params: withSite(s.slugParamSchema), ok: { status: 204, description: "Deleted" }, errors: ["ARTICLE_NOT_FOUND"] },
  { method: "get", path: "/api/v1/sites/{site}/moderation/comments", summary: "The moderation queue, newest first, with counts per status", access: "owner", tag: "Moderation", params: site, query: s.moderationQuerySchema, ok: { status: 200, description: "`{comments, nextCursor, counts}`" } },
  { method: "patch", path: "/api/v1/sites/{site}/moderation/comments/{id}", summary: "Edit a comment's text as the moderator", access: "owner", tag: "Moderation", params: withSite(s.commentParamSchema), body: s.moderatorEditSchema, ok: { status: 200, description: "`{comment}`" }, errors: ["COMMENT_NOT_FOUND", "INVALID_STATE", "COMMENT_ERASED", "COMMENT_CHANGED"] },
  { method: "delete", path: "/api/v1/sites/{site}/moderation/comments/{id}", summary: "Delete a comment; one with replies leaves a tombstone", access: "owner", tag: "Moderation", params: withSite(s.commentParamSchema), ok: { status: 200, description: "`{comment, changed}`" }, errors: ["COMMENT_NOT_FOUND", "COMMENT_CHANGED"] },
  { method: "post", path: "/api/v1/sites/{site}/moderation/comments/{id}/{action}", summary: "Approve, reject, mark as spam, pin, unpin or restore a comment", access: "owner", tag: "Moderation", params: withSite(s.moderationActionParamSchema), ok: { status: 200, description: "`{comment, changed}`" }, errors: ["COMMENT_NOT_FOUND", "INVALID_STATE", "COMMENT_ERASED", "COMMENT_BLANK", "COMMENT_CHANGED"] },
  { method: "post", path: "/api/v1/sites/{site}/moderation/bulk", summary: "One action on up to 100 comments, in one transaction", access: "owner", tag: "Moderation", params: site, body: s.bulkActionSchema, ok: { status: 200, description: "`{updated, unchanged, notFound, invalid, erased, blank, stale}`; `erased` lists the ids of `invalid` that a GDPR erase emptied; `blank`, those an approve would publish with a text that shows nothing (edit them first); `stale`, the comments that changed since the `versions` sent, as they are now" }, errors: ["COMMENT_CHANGED"] },
  { method: "put", path: "/api/v1/sites/{site}/threads/{thread}", summary: "Lock or unlock a thread", access: "owner", tag: "Moderation", params: withSite(s.threadParamSchema), body: s.threadSettingsSchema, ok: { status: 200, description: "`{thread: {key, locked, closed, commentCount}, changed}`: `changed` is false when the thread was already so (then nothing is written, audited or sent)" } },
  { method: "get", path: "/api/v1/sites/{site}/bans", summary: "Bans, newest first", access: "owner", tag: "Bans", params: site, query: s.pageQuerySchema, ok: { status: 200, description: "`{bans, nextCursor}`" } },
  { method: "post", path: "/api/v1/sites/{site}/bans", summary: "Ban an email, IP or name (or the author of a comment), visibly or in the shadows. The same ban again (an unexpired one with the same target, mode, reason and expiry) answers 200 with that ban and adds none", access: "owner", tag: "Bans", params: site, body: s.createBanSchema, ok: { status: 201, description: "`{ban, created: true}`; 200 `{ban, created: false}` when an identical ban is already in force" }, errors: ["COMMENT_NOT_FOUND"] },
  { method: "delete", path: "/api/v1/sites/{site}/bans/{id}", summary: "Lift a ban", access: "owner", tag: "Bans", params: withSite(s.banParamSchema), ok: { status: 204, description: "Deleted" }, errors: ["BAN_NOT_FOUND"] },
  { method: "get", path: "/api/v1/sites/{site}/audit", summary: "The audit log, newest first", access: "owner", tag: "Moderation", params: site, query: s.pageQuerySchema, ok: { status: 200, description: "`{entries, nextCursor}`" } },
  { method: "get", path: "/api/v1/sites", summary: "Every site, oldest first", access: "admin", tag: "Admin", query: o.siteListQuerySchema, ok: { status: 200, description: "`{sites: [{id, name, createdAt}], nextCursor}`" } },
  { method: "put", path: "/api/v1/sites/{site}/quota", summary: "Set the site's storage quota per UTC day (comments, and bytes of text and names); 0 turns one off. The operator's: an owner's PATCH cannot change it. Audited.", access: "admin", tag: "Admin", params: site, body: s.quotaSchema, ok: { status: 200, description: "`{site}`" }, errors: ["SITE_NOT_FOUND"] },
  { method: "post", path: "/api/v1/sites/{site}/import", summary: "Import a batch of comments (with thread locks and bans): no rate limits, no form tokens, one transaction. A comment is identified by `(source, sourceId)`: sending it again inserts nothing. A reply whose parent was never imported fails alone, in `failed`.", access: "owner", tag: "Data", params: site, body: o.importBatchSchema, ok: { status: 200, description: "`{inserted, present, idsKept, failed: [{source, sourceId, code, reason}], blank: {published: 2}, bans: {inserted, present}, threads: {locked}}`: `idsKept` counts the comments inserted that kept their id in the Parley export they come from (source `parley`: kept when no site of the deployment has it, else derived as for every source); a failure's `code` is `ID_ON_ANOTHER_PAGE` (the site has a comment of another page under its id, or it answers one: another blog's file, whose ids repeat) or `PARENT_NOT_IMPORTED`; `blank` counts by the state they were sent in the comments whose text shows nothing, stored as deleted tombstones; `locked` lists the threads sent with a lock that are locked now (a thread takes a lock only while it has no published comments)" }, errors: ["PAYLOAD_TOO_LARGE"] },
  { method: "get", path: "/api/v1/sites/{site}/export", summary: "One part of the site's export, in pages: `site` (version, settings without secrets), `articles`, `threads`, `comments` (every state) or `bans`", access: "owner", tag: "Data", params: site, query: o.exportQuerySchema, ok: { status: 200, description: "`{version, exportedAt, site}` for `site`; `{items, nextCursor}` otherwise" } },
  { method: "post", path: "/api/v1/sites/{site}/gdpr/export", summary: "Every comment by one e-mail address on this site, in every state, in pages; audited", access: "owner", tag: "Data", params: site, body: o.gdprSchema, ok: { status: 200, description: "`{comments, nextCursor}`" } },
  { method: "post", path: "/api/v1/sites/{site}/gdpr/erase", summary: "Erase one author's comments (text, name, e-mail, fingerprints); each becomes a tombstone so replies stay; up to 200 per call, `more` says to call again; audited", access: "owner", tag: "Data", params: site, body: o.gdprEraseSchema, ok: { status: 200, description: "`{erased, ids, more}`" } },
  { method: "get", path: "/api/v1/sites/{site}/feed", summary: "An Atom feed of the site's newest published comments, all threads", access: "public", tag: "Public", params: site, ok: { status: 200, description: "application/atom+xml" } },
  { method: "post", path: "/api/v1/sites/{site}/webhooks", summary: "Add a signed webhook for comment events; its secret is shown once. One webhook per URL: the same URL again is 409 `WEBHOOK_EXISTS`; a URL with a user name or password is refused", access: "owner", tag: "Notifications", params: site, body: n.createWebhookSchema, ok: { status: 201, description: "`{webhook, secret}`" }, errors: ["WEBHOOK_EXISTS"] },
  { method: "get", path: "/api/v1/sites/{site}/webhooks", summary: "The site's webhooks, with why one is paused", access: "owner", tag: "Notifications", params: site, ok: { status: 200, description: "`{webhooks}`" } },
  { method: "delete", path: "/api/v1/sites/{site}/webhooks/{id}", summary: "Remove a webhook", access: "owner", tag: "Notifications", params: withSite(n.webhookParamSchema), ok: { status: 204, description: "Deleted" }, errors: ["WEBHOOK_NOT_FOUND"] },
  { method: "post", path: "/api/v1/sites/{site}/webhooks/{id}/test", summary: "Send a signed test event now and answer with the delivery's outcome", access: "owner", tag: "Notifications", params: withSite(n.webhookParamSchema), ok: { status: 200, description: "`{delivery}`" }, errors: ["WEBHOOK_NOT_FOUND"] },
  { method: "post", path: "/api/v1/sites/{site}/webhooks/{id}/resume", summary: "Resume a paused webhook and send what it held, oldest first", access: "owner", tag: "Notifications", params: withSite(n.webhookParamSchema), ok: { status: 200, description: "`{webhook, released}`" }, errors: ["WEBHOOK_NOT_FOUND"] },
  { method: "post", path: "/api/v1/sites/{site}/webhooks/{id}/deliveries/{deliveryId}/retry", summary: "Send a `failed` delivery again, with its same `Parley-Delivery` id and a fresh retry schedule. A delivery that is not failed is left as it is (`retried: false`), so a repeated request sends it once", access: "owner", tag: "Notifications", params: withSite(n.deliveryParamSchema), ok: { status: 200, description: "`{delivery, retried}`" }, errors: ["WEBHOOK_NOT_FOUND", "DELIVERY_NOT_FOUND", "INVALID_STATE", "COMMENT_ERASED"] },
  { method: "get", path: "/api/v1/sites/{site}/webhooks/{id}/deliveries/{deliveryId}", summary: "One delivery as it is now (after a retry: whether it went)", access: "owner", tag: "Notifications", params: withSite(n.deliveryParamSchema), ok: { status: 200, description: "`{delivery}`" }, errors: ["DELIVERY_NOT_FOUND"] },
  { method: "get", path: "/api/v1/sites/{site}/webhooks/{id}/deliveries", summary: "A webhook's deliveries, newest first (of one `status`, or all): status, attempts, last error, next try", access: "owner", tag: "Notifications", params: withSite(n.webhookParamSchema), query: n.deliveriesQuerySchema, ok: { status: 200, description: "`{deliveries, nextCursor}`" }, errors: ["WEBHOOK_NOT_FOUND"] },
  { method: "get", path: "/api/v1/sites/{site}/notifications/mail", summary: "Whether e-mail is sent (and through which provider), the digest address, whether it is confirmed, and today's count", access: "owner", tag: "Notifications", params: site, ok: { status: 200, description: "`{provider, sending, message, ownerEmail, digest, ownerEmailConfirmed, confirmationSentAt, dailyBudget, sentToday}`" } },
  { method: "put", path: "/api/v1/sites/{site}/notifications/mail", summary: "Set the owner's digest address (`null` removes it and stops the digest) and switch the digest on or off; `digest: true` needs an address, sent with it or set before (400, field `digest`). A new address gets a confirmation e-mail and no digest until its link is confirmed (`ownerEmailConfirmed`); the address already set is kept, and while it waits, setting it again sends the e-mail again (429 `RATE_LIMITED` within 5 minutes of the last one)", access: "owner", tag: "Notifications", params: site, body: n.ownerMailSchema, ok: { status: 200, description: "The mail status" }, errors: ["RATE_LIMITED"] },
  { method: "post", path: "/api/v1/sites/{site}/notifications/mail/confirmation", summary: "Send the confirmation e-mail of the digest address again: 409 `INVALID_STATE` when no address waits for confirmation (none set, already confirmed) or no e-mail provider is configured, 429 `RATE_LIMITED` within 5 minutes of the last one", access: "owner", tag: "Notifications", params: site, ok: { status: 200, description: "The mail status" }, errors: ["INVALID_STATE", "RATE_LIMITED"] },
  { method: "get", path: "/api/v1/sites/{site}/settings", summary: "The site's name and every setting as the owner sees them (the Turnstile secret only as whether it is set)", access: "owner", tag: "Site", params: site, ok: { status: 200, description: "`{site}`" } },
  { method: "get", path: "/api/v1/sites/{site}/stats", summary: "Comments received per UTC day for the last 30 days and the moderation queue's size, from one aggregate query", access: "owner", tag: "Site", params: site, ok: { status: 200, description: "`{days: [{date, comments}], queue}`" } },
  { method: "get", path: "/api/v1/sites/{site}/threads", summary: "The site's threads, newest first, with their published and pending comment counts and lock state", access: "owner", tag: "Moderation", params: site, query: s.threadListQuerySchema, ok: { status: 200, description: "`{threads: [{key, commentCount, pendingCount, locked, closed, createdAt}], nextCursor}`: `commentCount` counts published comments, `pendingCount` those waiting in the moderation queue; with `waiting=true`, only the threads that have some" } },
  { method: "get", path: "/api/v1/sites/{site}/articles/{slug}/source", summary: "An article's markdown source and fields, for editing", access: "owner", tag: "Articles", params: withSite(s.slugParamSchema), ok: { status: 200, description: "`{article: {slug, title, body, author, publishedAt, image, links, url}}`" }, errors: ["ARTICLE_NOT_FOUND"] },
  { method: "post", path: "/api/v1/sites/{site}/articles/preview", summary: "Render markdown exactly as a publish would, without storing anything", access: "owner", tag: "Articles", params: site, body: d.previewSchema, ok: { status: 200, description: "`{body}`: the document tree" } },
  { method: "get", path: "/embed/{site}/{slug}", summary: "The article and its first page of comments as HTML: `<parley-article>` with Declarative Shadow DOM (styles included) and the view it shows as JSON, for server-side includes and static-site builds; widget.js hydrates it. The same for every reader: `Cache-Control: public, max-age=60`.", access: "public", tag: "Pages", params: withSite(s.slugParamSchema), query: r.embedQuerySchema, ok: { status: 200, description: "text/html: the fragment", type: "text/html" }, errors: ["SITE_NOT_FOUND", "ARTICLE_NOT_FOUND", "ORIGIN_NOT_ALLOWED"] },
  { method: "get", path: "/a/{site}/{slug}.js", summary: "The page script of an article: a classic script (`<script async src>`) that paints the `<parley-article>` of this site and slug with the reader's rendered view (what `…/articles/{slug}/rendered` answers, fresh form token included), then loads widget.js, which hydrates it: one worker request per view, and no wait for widget.js before the first paint. It leaves the element to widget.js when the page's element or language differ from what it was rendered for (`heading-level`, `form-position`, `lang`: the element's, else the page's, else the site's locale), or the reader keeps comments of their own in the thread or chose another order. Anything the address gets wrong still answers a script that only loads widget.js, which then shows the error. Private like the view.", access: "public", tag: "Pages", params: withSite(s.slugParamSchema), query: r.articleScriptQuerySchema, ok: { status: 200, description: "text/javascript: the script", type: "text/javascript" } },
  { method: "get", path: "/c/{site}/{thread}.js", summary: "The same for a `<parley-comments>` alone: its thread (the element's `thread`, else the page's path as `location.pathname` spells it, URL-encoded) as `…/threads/{thread}/rendered` renders it.", access: "public", tag: "Pages", params: withSite(s.threadParamSchema), query: r.threadScriptQuerySchema, ok: { status: 200, description: "text/javascript: the script", type: "text/javascript" } },
  { method: "get", path: "/p/{site}/{slug}", summary: "A complete article page hosted by Parley: the fragment with a canonical URL, a meta description, Open Graph and Twitter tags, JSON-LD (an Article with its comments as schema.org Comments) and widget.js; with `cursor`, a later page of its comments, and with `replies`, a top-level comment and the next replies of its long reply chain, for readers without JavaScript and crawlers. An unknown site or article is a 404 HTML page, a bad cursor or comment id a 400 one.", access: "public", tag: "Pages", params: withSite(s.slugParamSchema), query: r.hostedPageQuerySchema, ok: { status: 200, description: "text/html: the page", type: "text/html" } },
  { method: "get", path: "/api/v1/openapi.json", summary: "This document", access: "public", tag: "Docs", ok: { status: 200, description: "OpenAPI 3.1" } },
];

function jsonSchema(schema: z.ZodMiniType): Record<string, any> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
  return rest;
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

function operationObject(op: Operation) {
  const parameters: unknown[] = [];
  for (const [where, schema] of [["path", op.params], ["query", op.query]] as const) {
    if (!schema) continue;
    const js = jsonSchema(schema);
    for (const [name, prop] of Object.entries<Record<string, unknown>>(js.properties ?? {})) {
      const example = parameterExample(op.path, name);
      parameters.push({
        name,
        in: where,
        required: where === "path" || (js.required ?? []).includes(name),
        schema: prop,
        ...(example === undefined ? {} : { example }),
      });
    }
  }
  const example = EXAMPLES[`${op.method.toUpperCase()} ${op.path}`] ?? {};
  const okContent =
    example.response === undefined
      ? {}
      : { content: { [op.ok.type ?? (typeof example.response === "string" ? "application/atom+xml" : "application/json")]: { example: example.response } } };
  const responses: Record<string, unknown> = {
    [op.ok.status]: { description: op.ok.description, ...okContent },
    400: errorResponse("`VALIDATION_FAILED` or `INVALID_JSON`"),
  };
  if (op.access === "reader") responses[401] = errorResponse("`UNAUTHORIZED`: missing or bad edit token");
  if (op.access === "owner" || op.access === "admin") {
    responses[401] = errorResponse("`UNAUTHORIZED`: missing or bad token");
    responses[403] = errorResponse("`FORBIDDEN`: a token of another site, or the wrong kind of token");
  }
  for (const code of op.errors ?? []) {
    const status = ERROR_STATUS[code];
    const prior = responses[status] as { description?: string } | undefined;
    responses[status] = errorResponse(prior?.description?.startsWith("`") && status !== 400 ? `${prior.description}, \`${code}\`` : `\`${code}\``);
  }
  return {
    summary: op.summary,
    tags: [op.tag],
    security:
      op.access === "public" ? [] : [{ [`${op.access === "reader" ? "edit" : op.access}Token`]: [] }, ...(op.adminToo ? [{ adminToken: [] }] : [])],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body), example: example.request } } } }
      : {}),
    responses,
  };
}

let cached: Record<string, unknown> | undefined;

/** The whole document, built once. Its server is relative: the worker that serves the file. */
export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Parley API",
      version: "1",
      description:
        "Articles and threaded comments for any web page. Every error is `{\"error\": {\"code\", \"message\", \"details?\"}}` with a stable code.",
    },
    servers: [{ url: "/", description: "The Parley worker that serves this document" }],
    paths,
    components: {
      securitySchemes: {
        adminToken: { type: "http", scheme: "bearer", description: "The ADMIN_TOKEN secret" },
        ownerToken: { type: "http", scheme: "bearer", description: "The site's owner token" },
        editToken: { type: "http", scheme: "bearer", description: "A comment's edit token, returned once when it is posted" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: Object.keys(ERROR_STATUS) },
                message: { type: "string" },
                details: { type: "array", items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } } },
              },
            },
          },
        },
      },
    },
  };
  return cached;
}
