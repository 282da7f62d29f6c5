// The local demo site: the seed blog article, its social links and a few comments (one a reply).
// Idempotent: running it again changes nothing, because every write is keyed (site id, slug, idempotency keys).
import { createSiteSchema } from "../contract/schemas";
import type { Network } from "../contract/types";
import { sha256Hex } from "../lib/crypto";
import { putArticle } from "../services/articles";
import { postComment } from "../services/comments";
import { createDeps, takeCommitted } from "../deps";
import { createSite, loadSite } from "../services/sites";
import { DEV_ADMIN_TOKEN, DEV_OWNER_TOKEN } from "../services/auth";
import { dispatchCommitted } from "../subscribers/dispatcher";
import { DEMO_SITE, DEMO_SLUG } from "../routes/demo";

export { DEV_ADMIN_TOKEN, DEV_OWNER_TOKEN } from "../services/auth";
/** The PARLEY_SECRET `npm run dev` runs the worker with (worker/dev/dev.mjs); at least 32 bytes. */
export const DEV_SECRET = "dev-parley-secret-for-local-development-only";

const NETWORK_URLS: Partial<Record<Network, string>> = {
  youtube: "https://www.youtube.com/",
  instagram: "https://www.instagram.com/",
};

/** Reads the saved blog page: the title, the body paragraphs, and the social networks listed after "Comments". */
export function parseSeedArticle(text: string): { title: string; paragraphs: string[]; networks: Network[] } {
  const furniture = /^(top of page|bottom of page)$/i;
  const lines = text
    .replace(/bottom of page\s*$/i, "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => !furniture.test(l));
  const nonEmpty = lines.filter(Boolean);
  const commentsAt = nonEmpty.findIndex((l) => /^comments$/i.test(l));
  const [title, ...paragraphs] = commentsAt >= 0 ? nonEmpty.slice(0, commentsAt) : nonEmpty;
  const networks = (commentsAt >= 0 ? nonEmpty.slice(commentsAt + 1) : [])
    .map((l) => l.replace(/^[•*\-\s]+/, "").toLowerCase())
    .filter((n): n is Network => n in NETWORK_URLS);
  return { title, paragraphs, networks };
}

const SEED_COMMENTS = [
  {
    key: "seed-demo-comment-0001",
    authorName: "Maya Rahman",
    body: "Thanks for the clear summary. The detail that the Popular Mobilization Forces were absorbed into the Iraqi security forces is what most coverage leaves out.",
  },
  {
    key: "seed-demo-comment-0002",
    parent: "seed-demo-comment-0001",
    authorName: "Daniel Kovacs",
    body: "Agreed, and it is why Baghdad's reaction matters as much as Washington's: these groups are formally part of the state.",
  },
  {
    key: "seed-demo-comment-0003",
    authorName: "Priya Shah",
    body: "Does the figure of *at least five drone attacks since April* include the rocket attacks, or are those counted separately?",
  },
  {
    key: "seed-demo-comment-0004",
    authorName: "Tom Becker",
    body: "Cutting the link between a drone and its operator sounds like the hard part. Good to see the follow-up on what the Pentagon is actually working on.",
  },
];

export interface SeedOptions {
  /** Browser origins allowed to post besides the worker's own, e.g. http://localhost:8787. */
  origins: string[];
}

/** Seeds the demo site into the given bindings. Safe to run any number of times. */
export async function seedDemo(env: { DB: D1Database; KV: KVNamespace }, articleText: string, options: SeedOptions) {
  // Seed comments get distinct, ordered times a few minutes apart, ending now.
  const start = Date.now() - SEED_COMMENTS.length * 7 * 60_000;
  let clock = Date.now();
  const deps = createDeps(
    { ...env, PARLEY_SECRET: DEV_SECRET, ADMIN_TOKEN: DEV_ADMIN_TOKEN },
    { now: () => clock, verifyTurnstile: async () => ({ success: true, hostname: null }) },
  );
  const { title, paragraphs, networks } = parseSeedArticle(articleText);

  if (!(await deps.stores.sites.get(DEMO_SITE))) {
    const input = createSiteSchema.parse({
      id: DEMO_SITE,
      name: "The Parley Dispatch",
      origins: options.origins,
      links: networks.map((network) => ({ network, url: NETWORK_URLS[network] ?? "" })),
      // Demo readers try things quickly; the other settings are the defaults every new site gets.
      minFillSeconds: 0,
      rateLimits: { readerPerMinute: 30, threadPerMinute: 120, sitePerMinute: 600 },
    });
    await createSite(deps, input, DEV_OWNER_TOKEN);
  }
  let site = await loadSite(deps, DEMO_SITE);
  const ownerHash = await sha256Hex(DEV_OWNER_TOKEN);
  if (site.ownerTokenHash !== ownerHash) {
    await deps.stores.commit([deps.stores.sites.setOwnerTokenHash(DEMO_SITE, ownerHash, Date.now())], []);
    site = await loadSite(deps, DEMO_SITE);
  }

  const body = paragraphs.join("\n\n");
  const existing = await deps.stores.articles.get(DEMO_SITE, DEMO_SLUG);
  if (!existing || existing.source !== body || existing.title !== title) {
    await putArticle(deps, site, DEMO_SLUG, { title, body, author: "Staff writer", publishedAt: "2021-06-28T09:00:00Z" }, "seed");
  }

  const ids = new Map<string, string>();
  for (const [i, c] of SEED_COMMENTS.entries()) {
    clock = start + (i + 1) * 7 * 60_000;
    const { comment } = await postComment(deps, site, DEMO_SLUG, {
      body: c.body,
      authorName: c.authorName,
      parentId: c.parent ? ids.get(c.parent) : undefined,
      idempotencyKey: c.key,
    }, { ip: null });
    ids.set(c.key, comment.id);
  }
  // The seed's events go through the subscribers like any request's.
  const later: Promise<unknown>[] = [];
  await dispatchCommitted(deps, takeCommitted(deps), (work) => later.push(work));
  await Promise.all(later);
  return { site: DEMO_SITE, slug: DEMO_SLUG, title, paragraphs: paragraphs.length, comments: ids.size };
}
