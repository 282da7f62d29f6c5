// The input-dependent CPU work of each write path, made of the worker's own modules (bundled for Node by
// esbuild): parse the JSON body, validate it with the route's contract schema, render the markdown, judge it
// (blocked words, links), and serialize what is stored and answered. D1, KV and crypto are left out: their
// cost does not depend on the body's shape.
import type { Doc } from "../../worker/contract/doc";
import { LIMITS } from "../../worker/contract/limits";
import { moderatorEditSchema, postCommentSchema, putArticleSchema, readerEditSchema, siteSettingsSchema } from "../../worker/contract/schemas";
import { HOSTILE_SHAPES } from "../../tests/fixtures/hostile-markdown";
import type { ServiceDeps } from "../../worker/services/context";
import { renderMarkdown } from "../../worker/services/markdown";
import { judge } from "../../worker/services/spam";
import type { Fingerprint } from "../../worker/storage/bans";
import type { SiteRecord } from "../../worker/storage/sites";

export { HOSTILE_SHAPES, LIMITS };

/**
 * The costliest site a reader can write to: the most blocked words the settings allow (each one a search of
 * the whole body), so the judge does its most work; links held past 3.
 */
const site: SiteRecord = {
  id: "bench",
  name: "Bench",
  ownerTokenHash: "",
  settings: siteSettingsSchema.parse({
    blockedWords: Array.from({ length: LIMITS.blockedWords }, (_, i) => `blockedword${i}`),
  }),
  createdAt: 0,
  updatedAt: 0,
};

// holdFirstComment is off, so the judge never reaches a store; nothing else of the deps is used.
const deps = { stores: {} } as unknown as ServiceDeps;
const who: Fingerprint = { ipHash: "ip", emailHash: null, name: "reader" };

async function judged(body: string, tree: Doc, isEdit: boolean) {
  return judge(deps, site, { body, tree, authorName: "Reader", who, shadowBanned: false, isEdit });
}

export type WritePath = "comment POST" | "reader PATCH" | "moderator edit" | "article PUT";

/** The body a write path receives, as the JSON text on the wire, for a markdown body. */
export function requestBody(path: WritePath, markdown: string): string {
  switch (path) {
    case "comment POST":
      return JSON.stringify({ body: markdown, authorName: "Reader", authorEmail: "reader@example.com", idempotencyKey: "k".repeat(32) });
    case "reader PATCH":
    case "moderator edit":
      return JSON.stringify({ body: markdown });
    case "article PUT":
      return JSON.stringify({ title: "A long article", body: markdown, author: "Owner" });
  }
}

/** Only the markdown rendering a path does, for the "of which markdown" column. */
export function renderOnly(path: WritePath, markdown: string): number {
  return renderMarkdown(markdown, { article: path === "article PUT" }).length;
}

/** Runs one request's input-dependent work; returns the response text so nothing is optimized away. */
export async function runPath(path: WritePath, raw: string): Promise<string> {
  const json: unknown = JSON.parse(raw);
  switch (path) {
    case "comment POST": {
      const input = postCommentSchema.parse(json);
      const tree = renderMarkdown(input.body, { article: false });
      const verdict = await judged(input.body, tree, false);
      const stored = JSON.stringify(tree);
      return JSON.stringify({ comment: { body: tree, status: verdict.status, authorName: input.authorName }, stored: stored.length });
    }
    case "reader PATCH": {
      const input = readerEditSchema.parse(json);
      const tree = renderMarkdown(input.body, { article: false });
      const verdict = await judged(input.body, tree, true);
      return JSON.stringify({ comment: { body: tree, status: verdict.status }, stored: JSON.stringify(tree).length });
    }
    case "moderator edit": {
      const input = moderatorEditSchema.parse(json);
      const tree = renderMarkdown(input.body, { article: false });
      return JSON.stringify({ comment: { body: tree }, stored: JSON.stringify(tree).length });
    }
    case "article PUT": {
      const input = putArticleSchema.parse(json);
      const tree = renderMarkdown(input.body, { article: true });
      const stored = JSON.stringify({ ...input, source: input.body, tree });
      return JSON.stringify({ article: { title: input.title, body: tree }, stored: stored.length });
    }
  }
}
