// Builds every store over the worker's bindings; services receive these, never the bindings.
import type { Bindings } from "../env";
import { createArticleStore } from "./articles";
import { createAuditStore } from "./audit";
import { createBanStore } from "./bans";
import { createCommentStore } from "./comments";
import { createDashboardStore } from "./dashboard";
import { meterD1, type D1Meter } from "./metered";
import { createRateLimitStore } from "./rate-limits";
import { createVoteStore } from "./votes";
import { createSiteStore } from "./sites";
import { createThreadStore } from "./threads";

/** Builds the stores; with a meter, every D1 row they read or write is counted into it. */
export function createStores(env: Pick<Bindings, "DB" | "KV">, meter?: D1Meter) {
  const db = meter ? meterD1(env.DB, meter) : env.DB;
  const threads = createThreadStore(db);
  return {
    sites: createSiteStore(db),
    threads,
    comments: createCommentStore(db),
    articles: createArticleStore(db, env.KV, threads),
    bans: createBanStore(db),
    audit: createAuditStore(db),
    rateLimits: createRateLimitStore(db),
    votes: createVoteStore(db),
    dashboard: createDashboardStore(db),
  };
}

export type Stores = ReturnType<typeof createStores>;
