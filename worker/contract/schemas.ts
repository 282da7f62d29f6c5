// Zod schemas for every input the API accepts, and the settings a site carries.
// Routes validate with these; the types below are what the storage and widget speak. They are written with zod/mini
// (functions, not methods), so that the worker bundles only the checks it uses and no locale: every message is Parley's.
import * as z from "zod/mini";
import { isoDay } from "./iso-dates";
import { cleanAddress, cleanText, isBlank, showsNothing } from "./clean-text";
import { LIMITS } from "./limits";
import { parleyMessage } from "./messages";
import { originSchema } from "./origins";
import { pageLimit } from "./query-numbers";

// Every check a schema does not word itself gets Parley's wording, never the library's (contract/messages.ts).
z.config({ customError: parleyMessage });

/** A user-supplied string, cleaned, then length-checked after cleaning; one that is required must show something. */
const text = (max: number, min = 1, blank = showsNothing) =>
  z
    .pipe(
      z.pipe(z.string(), z.transform(cleanText)),
      z.string().check(
        z.minLength(min, min === 1 ? "Must not be empty." : `Must be at least ${min} characters.`),
        z.maxLength(max, `Must be at most ${max} characters.`),
        // "" is told by min already; this is for text of only spaces or invisible characters.
        z.refine((v: string) => min === 0 || v === "" || !blank(v), "Must not be empty: it shows nothing."),
      ),
    )
    // The limits apply after cleaning; the metadata carries them into the OpenAPI document.
    .register(z.globalRegistry, { minLength: min, maxLength: max });

const single = (max: number, blank = showsNothing) => text(max, 1, blank).check(z.refine((v: string) => !/[\n\u2028\u2029]/.test(v), "Must be a single line."));

/** A whole number from `min` to `max`. */
const whole = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));

export const siteIdSchema = z.string().check(z.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "Use 1-64 lowercase letters, digits and dashes."));

export const slugSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9](?:[A-Za-z0-9._~-]{0,127})$/, "Use 1-128 letters, digits, '.', '_', '~' and '-', starting with a letter or digit."));

export const threadKeySchema = z
  .string()
  .check(
    z.minLength(1, "Must not be empty."),
    z.maxLength(LIMITS.threadKeyChars, `Must be at most ${LIMITS.threadKeyChars} characters.`),
    z.refine((v: string) => !/[\u0000-\u001F\u007F]/.test(v), "Must not contain control characters."),
  );

export const commentIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,40}$/, "Not a comment id."));

/**
 * An e-mail address as Parley keeps one, only as a keyed hash: `local@domain` with no blank, one @, neither part
 * empty, the domain dotted or not, in any script (`josé@example.com`, `用户@例子.广告`, `wp@intranet`). The same
 * shape for a reader's comment, an import, a GDPR request and a ban, so that each finds the others' authors; each
 * tests it as `cleanAddress` spells it (`jo\u200B@example.com` is `jo@example.com`).
 */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+$/;
export const emailAddressSchema = z
  .pipe(
    z.pipe(z.string().check(z.maxLength(LIMITS.authorEmailChars)), z.transform(cleanAddress)),
    z.string().check(z.regex(EMAIL_ADDRESS, "Must be an email address.")),
  )
  .register(z.globalRegistry, { maxLength: LIMITS.authorEmailChars, pattern: EMAIL_ADDRESS.source });
/** An address mail is sent to: the usual ASCII form (`name@example.com`) that every mail service takes. */
const mailAddressSchema = z.email();

/**
 * A URL of one of `schemes`, kept as the URL parser spells it (`new URL(v).href`): spaces and other characters a
 * link cannot hold percent-encoded, tabs and line breaks gone, the host in lower case and punycode. So a stored
 * address goes into HTML, e-mail text and webhooks as one unbroken link.
 */
const webUrl = (schemes: string[]) =>
  z.pipe(
    z.string().check(
      z.maxLength(2048),
      z.refine((value: string) => {
        try {
          return schemes.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      }, `Must be a URL starting with ${schemes.join(" or ")}.`),
    ),
    z.transform((value: string) => new URL(value).href),
  );

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
  label: z.optional(single(80)),
});

const linksSchema = z.array(linkSchema).check(z.maxLength(LIMITS.linksPerList));

export const rateLimitsSchema = z.strictObject({
  readerPerMinute: whole(0, 10_000),
  threadPerMinute: whole(0, 100_000),
  sitePerMinute: whole(0, 1_000_000),
});

/** The settings a site has, without defaults: PATCH takes any subset of these. */
const settingsFields = {
  origins: z.pipe(
    z.array(originSchema).check(z.maxLength(LIMITS.originsPerSite)),
    // An origin listed twice is kept once (a list saved before that, restored from an export, still goes in).
    z.transform((origins: string[]) => [...new Set(origins)]),
  ),
  moderation: z.enum(["pre", "post"]),
  editWindowMinutes: whole(0, 10_080),
  autoCloseDays: z.nullable(whole(1, 36_500)),
  // A word of marks alone is told why it matches nothing (services/sites.ts), not only that it shows nothing.
  blockedWords: z.array(single(LIMITS.blockedWordChars, isBlank)).check(z.maxLength(LIMITS.blockedWords)),
  blockedWordsAction: z.enum(["hold", "spam"]),
  maxLinks: whole(0, 100),
  holdFirstComment: z.boolean(),
  minFillSeconds: whole(0, 3600),
  rateLimits: rateLimitsSchema,
  links: linksSchema,
  locale: z.string().check(z.regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "Must be a language tag such as en or pt-BR.")),
  /** Cloudflare Turnstile: the public site key the widget shows the challenge with. */
  turnstileSiteKey: z.nullable(z.string().check(z.regex(/^[A-Za-z0-9_-]{8,100}$/, "Not a Turnstile site key."))),
  /** Cloudflare Turnstile: the secret the worker verifies with. Write-only: never returned. */
  turnstileSecret: z.nullable(z.string().check(z.regex(/^[A-Za-z0-9_.-]{8,200}$/, "Not a Turnstile secret key."))),
};

/**
 * The site's storage quota, set by the operator when creating the site (owners cannot change it): comments
 * and bytes (text and names, UTF-8) stored per UTC day; 0 turns one off. Past it, posts get 429 QUOTA_EXCEEDED.
 */
export const quotaSchema = z.strictObject({
  commentsPerDay: whole(0, 10_000_000),
  bytesPerDay: whole(0, 10_000_000_000),
});

/** Every setting a site has, with the defaults a new site starts from. */
export const siteSettingsSchema = z.strictObject({
  origins: z._default(settingsFields.origins, []),
  moderation: z._default(settingsFields.moderation, "post"),
  editWindowMinutes: z._default(settingsFields.editWindowMinutes, 15),
  autoCloseDays: z._default(settingsFields.autoCloseDays, null),
  blockedWords: z._default(settingsFields.blockedWords, []),
  blockedWordsAction: z._default(settingsFields.blockedWordsAction, "hold"),
  maxLinks: z._default(settingsFields.maxLinks, 3),
  holdFirstComment: z._default(settingsFields.holdFirstComment, false),
  minFillSeconds: z._default(settingsFields.minFillSeconds, 3),
  rateLimits: z._default(settingsFields.rateLimits, { readerPerMinute: 5, threadPerMinute: 60, sitePerMinute: 300 }),
  links: z._default(settingsFields.links, []),
  locale: z._default(settingsFields.locale, "en"),
  turnstileSiteKey: z._default(settingsFields.turnstileSiteKey, null),
  turnstileSecret: z._default(settingsFields.turnstileSecret, null),
  quota: z._default(quotaSchema, { commentsPerDay: LIMITS.quotaCommentsPerDay, bytesPerDay: LIMITS.quotaBytesPerDay }),
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
  .partial(z.strictObject({ name: single(LIMITS.siteNameChars), ...settingsFields }))
  .check(z.refine((v: object) => Object.keys(v).length > 0, "Send at least one setting to change."))
  .register(z.globalRegistry, { minProperties: 1 });
export type UpdateSiteInput = z.infer<typeof updateSiteSchema>;

export const putArticleSchema = z.strictObject({
  title: single(LIMITS.articleTitleChars),
  body: text(LIMITS.articleBodyChars),
  author: z.optional(single(LIMITS.authorNameChars)),
  /** A date-time, or a plain date (2024-05-01), which means midnight UTC of that day. */
  publishedAt: z.optional(isoDay("Must be an ISO 8601 date (2024-05-01) or date-time (2024-05-01T09:00:00Z).")),
  image: z.optional(webUrl(["https:"])),
  links: z.optional(linksSchema),
  /**
   * The article's address on the blog, where it is embedded: e-mails, webhooks and feeds link its comments there,
   * and the page Parley hosts names it as canonical. Without it they link to that hosted page.
   */
  url: z.optional(webUrl(["https:", "http:"])),
});
export type PutArticleInput = z.infer<typeof putArticleSchema>;

/** A publish's `If-None-Match`: `*` (create only) or none; an entity tag would ask for a check the API does not make. */
export const createOnlyHeaderSchema = z.object({
  "if-none-match": z.optional(z.literal("*", { error: "Only * is taken here: publish only when the site has no article of this slug." })),
});

/**
 * The longest form token the thread GET hands out: base64url of claims that hold the thread key (up to three
 * UTF-8 bytes per character of the longest key) besides the site id, times and nonce, then the signature.
 */
const FORM_TOKEN_CHARS = Math.ceil(((3 * LIMITS.threadKeyChars + 256) * 4) / 3) + 64;

/** An optional field that a JSON client may also send as null, meaning not given. */
const optional = <T extends z.ZodMiniType>(schema: T) => z.pipe(z.transform((v: unknown): unknown => (v === null ? undefined : v)), z.optional(schema));

/** A post's idempotency key: one per submission, random enough that no other post picks it. */
const idempotencyKeySchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, "Use 16-64 random letters, digits, '_' and '-'."));

/**
 * The `Idempotency-Key` request header (the IETF draft's name for it), as an alternative to the body's
 * `idempotencyKey`: the key bare or as a quoted string (`"abc…"`), as the draft writes it.
 */
export const idempotencyHeaderSchema = z.object({
  "idempotency-key": optional(z.pipe(z.transform((v: unknown) => (typeof v === "string" ? v.replace(/^"(.*)"$/, "$1") : v)), idempotencyKeySchema)),
});

/**
 * Every optional field may also be null, meaning not given, as JSON clients send them. An address is only hashed,
 * unless reply e-mails are asked for (`notify`): then it must be one mail can be sent to.
 */
export const postCommentSchema = z
  .strictObject({
    body: text(LIMITS.commentBodyChars),
    authorName: single(LIMITS.authorNameChars),
    /** Left out, null or "" (a form's empty field): no address. */
    authorEmail: z.pipe(
      z.transform((v: unknown): unknown => (v === null || v === "" ? undefined : v)),
      z.optional(emailAddressSchema),
    ),
    /** Left out or null: a top-level comment. */
    parentId: optional(commentIdSchema),
    idempotencyKey: optional(idempotencyKeySchema),
    /** The signed token from the thread GET; required while the site's minFillSeconds > 0. */
    formToken: optional(z.string().check(z.maxLength(FORM_TOKEN_CHARS))),
    /** Honeypot: a field people never see and never fill. */
    website: optional(z.string().check(z.maxLength(2048))),
    /** Cloudflare Turnstile response; required when the site has a Turnstile secret. */
    turnstileToken: optional(z.string().check(z.maxLength(4096))),
    /** "Notify me of replies": with `authorEmail`, sends a confirmation e-mail (double opt-in). */
    notify: optional(z.boolean()),
    /**
     * With `notify`: up to three earlier comments of this reader on the site, each with its edit token (the widget
     * keeps the last three it posted with `notify`). When one of them is a confirmed watch of the same address, reply
     * e-mails start at once, without another confirmation e-mail.
     */
    notifyProof: optional(z.array(z.strictObject({ id: commentIdSchema, editToken: z.string().check(z.maxLength(128)) })).check(z.maxLength(3))),
  })
  .check(
    z.refine((v: { authorEmail?: string; notify?: boolean }) => !(v.notify && v.authorEmail && !mailAddressSchema.safeParse(v.authorEmail).success), {
      message: "Reply e-mails can go only to an address such as name@example.com, in Latin letters.",
      path: ["authorEmail"],
    }),
  );
export type PostCommentInput = z.infer<typeof postCommentSchema>;

const cursorSchema = z.optional(z.string().check(z.maxLength(200)));
const limitSchema = pageLimit();

export const threadQuerySchema = z.strictObject({
  sort: z._default(z.enum(["oldest", "newest", "top"]), "oldest"),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ThreadQuery = z.infer<typeof threadQuerySchema>;

/** The reader's part of a first thread page; `since` is the tag of the copy the reader already shows. */
export const readerStateQuerySchema = z.strictObject({
  sort: threadQuerySchema.shape.sort,
  limit: limitSchema,
  since: z.optional(z.string().check(z.regex(/^[0-9a-f]{16}$/, "A tag from an article view."))),
});

/** A plain cursor-paginated list: articles, bans, the audit log. */
export const pageQuerySchema = z.strictObject({ limit: limitSchema, cursor: cursorSchema });
export const articleListQuerySchema = pageQuerySchema;
/** A query filter left empty (`status=`, a search box left blank) is read as not given. */
const blankUnset = () => z.transform((v: unknown): unknown => v || undefined);

/** The owner's thread list: `waiting=true` lists only the threads with comments waiting in the queue. */
export const threadListQuerySchema = z.extend(pageQuerySchema, {
  waiting: z.pipe(
    z.pipe(blankUnset(), z.optional(z.enum(["true", "false"], "Must be true or false."))),
    z.transform((v: "true" | "false" | undefined) => v === "true"),
  ),
});

export const COMMENT_STATUSES = ["pending", "published", "rejected", "spam", "deleted"] as const;

export const moderationQuerySchema = z.strictObject({
  /** An empty filter (`status=`, a search box left blank) filters nothing. */
  status: z.pipe(blankUnset(), z.optional(z.enum(COMMENT_STATUSES))),
  thread: z.pipe(blankUnset(), z.optional(threadKeySchema)),
  author: z.pipe(z.optional(z.string().check(z.maxLength(LIMITS.authorEmailChars))), z.transform((v: string | undefined) => v || undefined)),
  q: z.pipe(z.optional(z.string().check(z.maxLength(200))), z.transform((v: string | undefined) => v || undefined)),
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
const versionSchema = z.string().check(z.regex(/^[a-z]+\.-?[0-9a-z]{1,16}$/, "Not a comment version: send the `version` the moderation listing gave."));

/** `?version=` on the actions and the edit of one comment. */
export const moderationVersionQuerySchema = z.strictObject({ version: z.optional(versionSchema) });

export const bulkActionSchema = z
  .strictObject({
    ids: z.array(commentIdSchema).check(z.minLength(1, "Name at least one comment."), z.maxLength(LIMITS.bulkIds, `At most ${LIMITS.bulkIds} ids at once.`)),
    action: z.enum(BULK_ACTIONS),
    /** By id, the version each comment had when the moderator saw it; a comment that changed since is left alone. */
    versions: z.optional(z.record(commentIdSchema, versionSchema)),
  })
  .check(
    z.refine((b: { ids: string[]; versions?: Record<string, string> }) => Object.keys(b.versions ?? {}).every((id) => b.ids.includes(id)), {
      message: "`versions` names a comment that is not in `ids`.",
      path: ["versions"],
    }),
  );

export const moderatorEditSchema = z.strictObject({ body: text(LIMITS.commentBodyChars) });

/** A reader's reaction: `up: true` votes, `up: false` takes the vote back. */
export const voteSchema = z.strictObject({
  readerKey: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, "Use the reader's random key: 16-64 letters, digits, '_' and '-'.")),
  up: z.boolean(),
});

/** A reader's edit of their own comment, with the edit token as the bearer token. */
/** As with a post, `turnstileToken` may also be null, meaning not given. */
export const readerEditSchema = z.strictObject({ body: text(LIMITS.commentBodyChars), turnstileToken: optional(z.string().check(z.maxLength(4096))) });

export const threadSettingsSchema = z.strictObject({ locked: z.boolean() });

export const BAN_TYPES = ["email", "ip", "name"] as const;

export const createBanSchema = z
  .strictObject({
    type: z.enum(BAN_TYPES),
    value: z.optional(z.string().check(z.minLength(1), z.maxLength(LIMITS.authorEmailChars))),
    commentId: z.optional(commentIdSchema),
    mode: z._default(z.enum(["visible", "shadow"]), "visible"),
    reason: z.optional(single(500)),
    // A ban that has already ended would do nothing: a date in the past is a typo, said so rather than stored. A
    // plain date (2030-01-01) is the start of that day in UTC, as the CLI's --expires and an article's date take it.
    expiresAt: z._default(
      z.nullable(
        isoDay("Must be an ISO 8601 date (2030-01-01) or date-time (2030-01-01T09:00:00Z).").check(
          z.refine((v: string) => !(Date.parse(v) <= Date.now()), "Must be in the future; leave it out for a ban without end."),
        ),
      ),
      null,
    ),
  })
  .check(
    z.refine((v: { value?: string; commentId?: string }) => (v.value === undefined) !== (v.commentId === undefined), {
      message: "Send either value or commentId (ban the author of that comment).",
      path: ["value"],
    }),
  )
  .register(z.globalRegistry, { oneOf: [{ required: ["value"] }, { required: ["commentId"] }] });
export type CreateBanInput = z.infer<typeof createBanSchema>;

// Path parameters, shared by the routes and the OpenAPI document.
export const siteParamSchema = z.object({ site: siteIdSchema });
export const slugParamSchema = z.object({ slug: slugSchema });
export const threadParamSchema = z.object({ thread: threadKeySchema });
export const commentParamSchema = z.object({ id: commentIdSchema });
export const repliesParamSchema = z.object({ thread: threadKeySchema, id: commentIdSchema });
export const banParamSchema = z.object({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,40}$/, "Not a ban id.")) });
