// Public documents (thread pages, articles, counts, site records) in the Cloudflare Cache API, keyed by
// versions that every write bumps, so a reader never gets a document from before a write.
// The cache is per data center: a write bumps the versions where it ran; elsewhere documents expire
// after TTL_SECONDS. Only public views are cached: never pending or shadowed comments, never tokens.

const ORIGIN = "https://cache.parley.invalid";
export const TTL_SECONDS = 60;

export interface DocCache {
  /** The current version of a scope, creating one if the cache has none. */
  version(scope: string): Promise<string>;
  /** Makes every document keyed by these scopes' versions unreachable. */
  bump(...scopes: string[]): Promise<void>;
  get<T>(key: string): Promise<T | null>;
  put(key: string, value: unknown): Promise<void>;
}

/** The scopes documents are keyed by. */
export const scopes = {
  /** Site name, links and settings: PATCH and token rotation. */
  settings: (site: string) => `settings/${site}`,
  /** Anything that changes comment counts across a site (the counts document). */
  comments: (site: string) => `comments/${site}`,
  /** One thread: its comments, lock, and the article that owns it. */
  thread: (site: string, key: string) => `thread/${site}/${encodeURIComponent(key)}`,
};

const versionUrl = (scope: string) => `${ORIGIN}/v/${scope}`;
const newVersion = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
const cacheHeaders = { "Content-Type": "application/json", "Cache-Control": `public, max-age=${TTL_SECONDS}` };

/** A cache over `caches.default`; without one (tests of services, or no Cache API) nothing is cached. */
export function createDocCache(cache: Cache | undefined): DocCache {
  if (!cache) {
    return { version: async () => "none", bump: async () => {}, get: async () => null, put: async () => {} };
  }
  return {
    async version(scope) {
      const hit = await cache.match(versionUrl(scope));
      if (hit) return hit.text();
      const version = newVersion();
      await cache.put(versionUrl(scope), new Response(version, { headers: cacheHeaders }));
      return version;
    },
    async bump(...list) {
      await Promise.all(list.map((scope) => cache.put(versionUrl(scope), new Response(newVersion(), { headers: cacheHeaders }))));
    },
    async get<T>(key: string) {
      const hit = await cache.match(`${ORIGIN}/d/${key}`);
      return hit ? ((await hit.json()) as T) : null;
    },
    async put(key, value) {
      await cache.put(`${ORIGIN}/d/${key}`, new Response(JSON.stringify(value), { headers: cacheHeaders }));
    },
  };
}

/** Reads a document through the cache: `load` runs (and its result is stored) only on a miss. */
export async function cached<T>(cache: DocCache, key: string, load: () => Promise<T>): Promise<T> {
  const hit = await cache.get<T>(key);
  if (hit !== null) return hit;
  const fresh = await load();
  await cache.put(key, fresh);
  return fresh;
}
