// Builds every store over the worker's bindings; services receive these, never the bindings.
import type { Bindings } from "../env";
import { createArticleStore } from "./articles";
import { createAuditStore } from "./audit";
import { createBanStore } from "./bans";
import { createCommentStore } from "./comments";
import { createRateLimitStore } from "./rate-limits";
import { createVoteStore } from "./votes";
import { createSiteStore } from "./sites";
import { createThreadStore } from "./threads";

export function createStores(env: Pick<Bindings, "DB" | "KV">) {
  const threads = createThreadStore(env.DB);
  return {
    sites: createSiteStore(env.DB),
    threads,
    comments: createCommentStore(env.DB),
    articles: createArticleStore(env.DB, env.KV, threads),
    bans: createBanStore(env.DB),
    audit: createAuditStore(env.DB),
    rateLimits: createRateLimitStore(env.DB),
    votes: createVoteStore(env.DB),
  };
}

export type Stores = ReturnType<typeof createStores>;
