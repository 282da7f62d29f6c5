// Zod schemas for every input the API accepts, and the settings a site carries.
// Routes validate with these; the types below are what the storage and widget speak.
import * as z from "zod";
import { cleanText, showsNothing } from "./clean-text";
import { LIMITS } from "./limits";
import { parleyMessage } from "./messages";
import { pageLimit } from "./query-numbers";

// Every check a schema does not word itself gets Parley's wording, never the library's (contract/messages.ts).
z.config({ customError: parleyMessage });

/** A user-supplied string, cleaned, then length-checked after cleaning; one that is required must show something. */
const text = (max: number, min = 1) =>
  z
    .string()
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(min, min === 1 ? "Must not be empty." : `Must be at least ${min} characters.`)
        .max(max, `Must be at most ${max} characters.`)
        // "" is told by min already; this is for text of only spaces or invisible characters.
        .refine((v) => min === 0 || v === "" || !showsNothing(v), "Must not be empty: it shows nothing."),
    )
    // The limits apply after cleaning; the metadata carries them into the OpenAPI document.
    .meta({ minLength: min, maxLength: max });

const single = (max: number) => text(max).refine((v) => !/[\n\u2028\u2029]/.test(v), "Must be a single line.");

export const siteIdSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "Use 1-64 lowercase letters, digits and dashes.");

export const slugSchema = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._~-]{0,127})$/, "Use 1-128 letters, digits, '.', '_', '~' and '-', starting with a letter or digit.");

export const threadKeySchema = z
  .string()
  .min(1, "Must not be empty.")
  .max(LIMITS.threadKeyChars, `Must be at most ${LIMITS.threadKeyChars} characters.`)
  .refine((v) => !/[\u0000-\u001F\u007F]/.test(v), "Must not contain control characters.");

export const commentIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, "Not a comment id.");

/** DNS's limits on a name as written (RFC 1035: 255 octets on the wire) and on each label, the part between dots. */
const DNS_NAME_CHARS = 253;
const DNS_LABEL_CHARS = 63;

/**
 * Why a URL's host cannot be a DNS name, or null. The URL parser takes a host of any length, but no page can be
 * served from one past DNS's limits, so an origin naming it would never match. IP addresses are not names.
 */
function hostProblem(host: string): string | null {
  if (host.startsWith("[") || /^\d+(\.\d+){3}$/.test(host)) return null;
  // A trailing dot (blog.example.com.) is the root of DNS, not a label.
  const name = host.replace(/\.$/, "");
  if (name.length > DNS_NAME_CHARS) return `The host name has ${name.length} characters; a host name has at most ${DNS_NAME_CHARS}.`;
  const labels = name.split(".");
  const bad = labels.findIndex((label) => label.length === 0 || label.length > DNS_LABEL_CHARS);
  if (bad === -1) return null;
  if (labels[bad].length === 0) return "The host name has an empty part (two dots in a row, or a dot first).";
  return `Part ${bad + 1} of the host name has ${labels[bad].length} characters; each part between dots has at most ${DNS_LABEL_CHARS}.`;
}

export const originSchema = z.string().superRefine((value, ctx) => {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  const generic = "Must be an origin such as https://blog.example.com (scheme, host and optional port; no path or trailing slash).";
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    ctx.addIssue({ code: "custom", message: generic });
    return;
  }
  if (url.origin !== value) {
    // The origin spelled otherwise (EXAMPLE.com, :443, a trailing slash, a host in Unicode): say how to write it.
    const spelled = /^[^/]*\/\/[^/?#@]*\/?$/.test(value);
    ctx.addIssue({ code: "custom", message: spelled ? `Must be written as the browser sends it: ${url.origin}` : generic });
    return;
  }
  const problem = hostProblem(url.hostname);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * A URL of one of `schemes`, kept as the URL parser spells it (`new URL(v).href`): spaces and other characters a
 * link cannot hold percent-encoded, tabs and line breaks gone, the host in lower case and punycode. So a stored
 * address goes into HTML, e-mail text and webhooks as one unbroken link.
 */
const webUrl = (schemes: string[]) =>
  z
    .string()
    .max(2048)
    .refine((value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `Must be a URL starting with ${schemes.join(" or ")}.`)
    .transform((value) => new URL(value).href);

export const NETWORKS = [
  "youtube",
  "instagram",
  "x",
  "facebook",
  "linkedin",
  "tiktok",
  "mastodon",
  "rss",
  "email",
  "website",
] as const;

export const linkSchema = z.strictObject({
  network: z.enum(NETWORKS),
  url: webUrl(["https:", "http:", "mailto:"]),
  label: single(80).optional(),
});

const linksSchema = z.array(linkSchema).max(LIMITS.linksPerList);

export const rateLimitsSchema = z.strictObject({
  readerPerMinute: z.number().int().min(0).max(10_000),
  threadPerMinute: z.number().int().min(0).max(100_000),
  sitePerMinute: z.number().int().min(0).max(1_000_000),
});

/** The settings a site has, without defaults: PATCH takes any subset of these. */
const settingsFields = {
  origins: z
    .array(originSchema)
    .max(LIMITS.originsPerSite)
    // An origin listed twice is kept once (a list saved before that, restored from an export, still goes in).
    .transform((origins) => [...new Set(origins)]),
  moderation: z.enum(["pre", "post"]),
  editWindowMinutes: z.number().int().min(0).max(10_080),
  autoCloseDays: z.number().int().min(1).max(36_500).nullable(),
  blockedWords: z.array(single(LIMITS.blockedWordChars)).max(LIMITS.blockedWords),
  blockedWordsAction: z.enum(["hold", "spam"]),
  maxLinks: z.number().int().min(0).max(100),
  holdFirstComment: z.boolean(),
  minFillSeconds: z.number().int().min(0).max(3600),
  rateLimits: rateLimitsSchema,
  links: linksSchema,
  locale: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "Must be a language tag such as en or pt-BR."),
  /** Cloudflare Turnstile: the public site key the widget shows the challenge with. */
  turnstileSiteKey: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "Not a Turnstile site key.").nullable(),
  /** Cloudflare Turnstile: the secret the worker verifies with. Write-only: never returned. */
  turnstileSecret: z.string().regex(/^[A-Za-z0-9_.-]{8,200}$/, "Not a Turnstile secret key.").nullable(),
};

/**
 * The site's storage quota, set by the operator when creating the site (owners cannot change it): comments
 * and bytes (text and names, UTF-8) stored per UTC day; 0 turns one off. Past it, posts get 429 QUOTA_EXCEEDED.
 */
export const quotaSchema = z.strictObject({
  commentsPerDay: z.number().int().min(0).max(10_000_000),
  bytesPerDay: z.number().int().min(0).max(10_000_000_000),
});

/** Every setting a site has, with the defaults a new site starts from. */
export const siteSettingsSchema = z.strictObject({
  origins: settingsFields.origins.default([]),
  moderation: settingsFields.moderation.default("post"),
  editWindowMinutes: settingsFields.editWindowMinutes.default(15),
  autoCloseDays: settingsFields.autoCloseDays.default(null),
  blockedWords: settingsFields.blockedWords.default([]),
  blockedWordsAction: settingsFields.blockedWordsAction.default("hold"),
  maxLinks: settingsFields.maxLinks.default(3),
  holdFirstComment: settingsFields.holdFirstComment.default(false),
  minFillSeconds: settingsFields.minFillSeconds.default(3),
  rateLimits: settingsFields.rateLimits.default({ readerPerMinute: 5, threadPerMinute: 60, sitePerMinute: 300 }),
  links: settingsFields.links.default([]),
  locale: settingsFields.locale.default("en"),
  turnstileSiteKey: settingsFields.turnstileSiteKey.default(null),
  turnstileSecret: settingsFields.turnstileSecret.default(null),
  quota: quotaSchema.default({ commentsPerDay: LIMITS.quotaCommentsPerDay, bytesPerDay: LIMITS.quotaBytesPerDay }),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

export const createSiteSchema = z.strictObject({
  id: siteIdSchema,
  name: single(LIMITS.siteNameChars),
  ...siteSettingsSchema.shape,
});
export type CreateSiteInput = z.infer<typeof createSiteSchema>;

// Built from the fields without defaults: a PATCH changes only what it names.
export const updateSiteSchema = z
  .strictObject({
    name: single(LIMITS.siteNameChars),
    ...settingsFields,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Send at least one setting to change.")
  .meta({ minProperties: 1 });
export type UpdateSiteInput = z.infer<typeof updateSiteSchema>;

export const putArticleSchema = z.strictObject({
  title: single(LIMITS.articleTitleChars),
  body: text(LIMITS.articleBodyChars),
  author: single(LIMITS.authorNameChars).optional(),
  /** A date-time, or a plain date (2024-05-01), which means midnight UTC of that day. */
  publishedAt: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error: "Must be an ISO 8601 date (2024-05-01) or date-time (2024-05-01T09:00:00Z).",
    })
    .transform((v) => (v.length === 10 ? `${v}T00:00:00Z` : v))
    .optional(),
  image: webUrl(["https:"]).optional(),
  links: linksSchema.optional(),
  /**
   * The article's address on the blog, where it is embedded: e-mails, webhooks and feeds link its comments there,
   * and the page Parley hosts names it as canonical. Without it they link to that hosted page.
   */
  url: webUrl(["https:", "http:"]).optional(),
});
export type PutArticleInput = z.infer<typeof putArticleSchema>;

/**
 * The longest form token the thread GET hands out: base64url of claims that hold the thread key (up to three
 * UTF-8 bytes per character of the longest key) besides the site id, times and nonce, then the signature.
 */
const FORM_TOKEN_CHARS = Math.ceil(((3 * LIMITS.threadKeyChars + 256) * 4) / 3) + 64;

/** An optional field that a JSON client may also send as null, meaning not given. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema.optional());

/** Every optional field may also be null, meaning not given, as JSON clients send them. */
export const postCommentSchema = z.strictObject({
  body: text(LIMITS.commentBodyChars),
  authorName: single(LIMITS.authorNameChars),
  /** Left out, null or "" (a form's empty field): no address. */
  authorEmail: z.preprocess((v) => (v === null || v === "" ? undefined : v), z.email("Must be an email address.").max(LIMITS.authorEmailChars).optional()),
  /** Left out or null: a top-level comment. */
  parentId: optional(commentIdSchema),
  idempotencyKey: optional(z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Use 16-64 random letters, digits, '_' and '-'.")),
  /** The signed token from the thread GET; required while the site's minFillSeconds > 0. */
  formToken: optional(z.string().max(FORM_TOKEN_CHARS)),
  /** Honeypot: a field people never see and never fill. */
  website: optional(z.string().max(2048)),
  /** Cloudflare Turnstile response; required when the site has a Turnstile secret. */
  turnstileToken: optional(z.string().max(4096)),
  /** "Notify me of replies": with `authorEmail`, sends a confirmation e-mail (double opt-in). */
  notify: optional(z.boolean()),
  /**
   * With `notify`: up to three earlier comments of this reader on the site, each with its edit token (the widget
   * keeps the last three it posted with `notify`). When one of them is a confirmed watch of the same address, reply
   * e-mails start at once, without another confirmation e-mail.
   */
  notifyProof: optional(z.array(z.strictObject({ id: commentIdSchema, editToken: z.string().max(128) })).max(3)),
});
export type PostCommentInput = z.infer<typeof postCommentSchema>;

const cursorSchema = z.string().max(200).optional();
const limitSchema = pageLimit();

export const threadQuerySchema = z.strictObject({
  sort: z.enum(["oldest", "newest", "top"]).default("oldest"),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ThreadQuery = z.infer<typeof threadQuerySchema>;

/** The reader's part of a first thread page; `since` is the tag of the copy the reader already shows. */
export const readerStateQuerySchema = z.strictObject({
  sort: threadQuerySchema.shape.sort,
  limit: limitSchema,
  since: z.string().regex(/^[0-9a-f]{16}$/, "A tag from an article view.").optional(),
});

/** A plain cursor-paginated list: articles, bans, the audit log. */
export const pageQuerySchema = z.strictObject({ limit: limitSchema, cursor: cursorSchema });
export const articleListQuerySchema = pageQuerySchema;
/** The owner's thread list: `waiting=true` lists only the threads with comments waiting in the queue. */
export const threadListQuerySchema = pageQuerySchema.extend({
  waiting: z.preprocess((v) => v || undefined, z.enum(["true", "false"], "Must be true or false.").optional()).transform((v) => v === "true"),
});

export const COMMENT_STATUSES = ["pending", "published", "rejected", "spam", "deleted"] as const;

export const moderationQuerySchema = z.strictObject({
  /** An empty filter (`status=`, a search box left blank) filters nothing. */
  status: z.preprocess((v) => v || undefined, z.enum(COMMENT_STATUSES).optional()),
  thread: z.preprocess((v) => v || undefined, threadKeySchema.optional()),
  author: z.string().max(LIMITS.authorEmailChars).optional().transform((v) => v || undefined),
  q: z.string().max(200).optional().transform((v) => v || undefined),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ModerationQuery = z.infer<typeof moderationQuerySchema>;

/** Actions on one comment through POST …/moderation/comments/{id}/{action}. */
export const MODERATION_ACTIONS = ["approve", "reject", "spam", "pin", "unpin", "restore"] as const;
/** Bulk actions also delete. */
export const BULK_ACTIONS = [...MODERATION_ACTIONS, "delete"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const moderationActionParamSchema = z.object({ id: commentIdSchema, action: z.enum(MODERATION_ACTIONS) });

/**
 * A comment's `version` as the moderation listing gave it: what the moderator saw. An action or edit sent with it
 * applies only if the comment has not changed since (409 COMMENT_CHANGED otherwise).
 */
// The time is in base 36, with a minus sign for an imported comment dated before 1970.
const versionSchema = z.string().regex(/^[a-z]+\.-?[0-9a-z]{1,16}$/, "Not a comment version: send the `version` the moderation listing gave.");

/** `?version=` on the actions and the edit of one comment. */
export const moderationVersionQuerySchema = z.strictObject({ version: versionSchema.optional() });

export const bulkActionSchema = z
  .strictObject({
    ids: z.array(commentIdSchema).min(1, "Name at least one comment.").max(LIMITS.bulkIds, `At most ${LIMITS.bulkIds} ids at once.`),
    action: z.enum(BULK_ACTIONS),
    /** By id, the version each comment had when the moderator saw it; a comment that changed since is left alone. */
    versions: z.record(commentIdSchema, versionSchema).optional(),
  })
  .refine((b) => Object.keys(b.versions ?? {}).every((id) => b.ids.includes(id)), {
    message: "`versions` names a comment that is not in `ids`.",
    path: ["versions"],
  });

export const moderatorEditSchema = z.strictObject({ body: text(LIMITS.commentBodyChars) });

/** A reader's reaction: `up: true` votes, `up: false` takes the vote back. */
export const voteSchema = z.strictObject({
  readerKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Use the reader's random key: 16-64 letters, digits, '_' and '-'."),
  up: z.boolean(),
});

/** A reader's edit of their own comment, with the edit token as the bearer token. */
/** As with a post, `turnstileToken` may also be null, meaning not given. */
export const readerEditSchema = z.strictObject({ body: text(LIMITS.commentBodyChars), turnstileToken: optional(z.string().max(4096)) });

export const threadSettingsSchema = z.strictObject({ locked: z.boolean() });

export const BAN_TYPES = ["email", "ip", "name"] as const;

export const createBanSchema = z
  .strictObject({
    type: z.enum(BAN_TYPES),
    value: z.string().min(1).max(LIMITS.authorEmailChars).optional(),
    commentId: commentIdSchema.optional(),
    mode: z.enum(["visible", "shadow"]).default("visible"),
    reason: single(500).optional(),
    // A ban that has already ended would do nothing: a date in the past is a typo, said so rather than stored. A
    // plain date (2030-01-01) is the start of that day in UTC, as the CLI's --expires and an article's date take it.
    expiresAt: z
      .union([z.iso.datetime({ offset: true }), z.iso.date()], {
        error: "Must be an ISO 8601 date (2030-01-01) or date-time (2030-01-01T09:00:00Z).",
      })
      .transform((v) => (v.length === 10 ? `${v}T00:00:00Z` : v))
      .refine((v) => !(Date.parse(v) <= Date.now()), "Must be in the future; leave it out for a ban without end.")
      .nullable()
      .default(null),
  })
  .refine((v) => (v.value === undefined) !== (v.commentId === undefined), {
    message: "Send either value or commentId (ban the author of that comment).",
    path: ["value"],
  })
  .meta({ oneOf: [{ required: ["value"] }, { required: ["commentId"] }] });
export type CreateBanInput = z.infer<typeof createBanSchema>;

// Path parameters, shared by the routes and the OpenAPI document.
export const siteParamSchema = z.object({ site: siteIdSchema });
export const slugParamSchema = z.object({ slug: slugSchema });
export const threadParamSchema = z.object({ thread: threadKeySchema });
export const commentParamSchema = z.object({ id: commentIdSchema });
export const repliesParamSchema = z.object({ thread: threadKeySchema, id: commentIdSchema });
export const banParamSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, "Not a ban id.") });
