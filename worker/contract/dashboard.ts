// The dashboard's part of the API: why a comment was held, the at-a-glance stats, the owner's thread list,
// an article's source for editing, and the markdown preview.
import * as z from "zod/mini";
import { LIMITS } from "./limits";
import { cleanText } from "./clean-text";
import type { Doc } from "./doc";
import type { SocialLink } from "./types";

/** Stable codes for why the worker held (or filtered) a comment; `other` carries an unknown stored reason. */
export const HELD_CODES = ["links", "blocked-word", "first-comment", "pre-moderation", "shadow-ban", "other"] as const;
export type HeldCode = (typeof HELD_CODES)[number];

/** Why a comment is not simply published: a code to branch on and an English sentence to show. */
export interface HeldReason {
  code: HeldCode;
  text: string;
  /** The blocked word that held it, as the owner typed it (for a `blocked-word` hold, also under a shadow ban). */
  word?: string;
}

/** `GET /sites/{site}/stats`: comments received per UTC day (oldest first, days with none included) and the queue. */
export interface SiteStats {
  days: { date: string; comments: number }[];
  /** Comments waiting in the moderation queue (status pending). */
  queue: number;
}

/** One thread as the owner lists it. */
export interface ThreadSummary {
  key: string;
  /** Published comments. */
  commentCount: number;
  /** Comments waiting in the moderation queue (pending): held by a rule, or every one under pre-moderation. */
  pendingCount: number;
  /** Locked by the owner. */
  locked: boolean;
  /** Takes no new comments: locked, or past the site's auto-close age. */
  closed: boolean;
  createdAt: string;
}

export interface ThreadList {
  threads: ThreadSummary[];
  nextCursor: string | null;
}

/** An article as its owner edits it: the markdown source and every field the PUT takes. */
export interface ArticleSource {
  slug: string;
  title: string;
  body: string;
  author: string | null;
  publishedAt: string;
  image: string | null;
  links: SocialLink[];
  url: string | null;
}

export const STATS_DAYS = 30;

export const previewSchema = z.strictObject({
  body: z
    .pipe(
      z.pipe(z.string(), z.transform(cleanText)),
      z.string().check(z.maxLength(LIMITS.articleBodyChars, `Must be at most ${LIMITS.articleBodyChars} characters.`)),
    )
    .register(z.globalRegistry, { maxLength: LIMITS.articleBodyChars }),
  /** Articles allow headings and images; comments do not. */
  kind: z._default(z.enum(["article", "comment"]), "article"),
});
export type PreviewInput = z.infer<typeof previewSchema>;

export interface Preview {
  body: Doc;
}
