// Builds every store over the worker's bindings; services receive these, never the bindings.
import type { Bindings } from "../env";
import { createArticleStore } from "./articles";
import { createCommentStore } from "./comments";
import { createSiteStore } from "./sites";
import { createThreadStore } from "./threads";

export function createStores(env: Pick<Bindings, "DB" | "KV">) {
  return {
    sites: createSiteStore(env.DB),
    threads: createThreadStore(env.DB),
    comments: createCommentStore(env.DB),
    articles: createArticleStore(env.DB, env.KV),
  };
}

export type Stores = ReturnType<typeof createStores>;
