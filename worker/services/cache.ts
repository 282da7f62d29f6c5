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
  /** A document as the JSON text it is stored as, for answers that send it on without parsing it. */
  getJson(key: string): Promise<string | null>;
  /** Stores a document; returns its JSON text. */
  put(key: string, value: unknown): Promise<string>;
}

/**
 * The scopes documents are keyed by, named for what changes them. Everything about a site's comments shares
 * one version (a warm read costs one version lookup, at the price of every comment write making all of the
 * site's comment documents cold once: blogs are read far more than written). The site record has a version
 * of its own, so that a comment write leaves it warm and a cold thread page does not read the site from D1.
 */
export const scopes = {
  /** Site name, links and settings: PATCH and token rotation. */
  settings: (site: string) => `site/${site}`,
  /** Anything that changes comment counts across a site (the counts document). */
  comments: (site: string) => `comments/${site}`,
  /** One thread: its comments, lock, and the article that owns it. */
  thread: (site: string, _key: string) => `comments/${site}`,
};

const versionUrl = (scope: string) => `${ORIGIN}/v/${scope}`;
const newVersion = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
const cacheHeaders = { "Content-Type": "application/json", "Cache-Control": `public, max-age=${TTL_SECONDS}` };

/**
 * Documents are immutable under their versioned keys, so the isolate may also keep recent ones in memory:
 * a write changes the version, and with it the key, so a kept copy is never served after a write.
 * The memory is capped by entries and by bytes (the JSON size), oldest out first; a document bigger than
 * a tenth of the cap is never kept. An entry holds the JSON text (answers that send it on as it is) and,
 * once read as an object, that object too (answers built from it).
 */
const MEMORY_ENTRIES = 256;
export const MEMORY_BYTES = 8 * 1024 * 1024;
const memory = new Map<string, { text: string; value?: unknown; expires: number; bytes: number }>();
let memoryBytes = 0;

function forget(key: string) {
  const kept = memory.get(key);
  if (!kept) return;
  memoryBytes -= kept.bytes;
  memory.delete(key);
}

function remember(key: string, text: string, value?: unknown) {
  const bytes = text.length;
  if (bytes > MEMORY_BYTES / 10) return;
  forget(key);
  // Bounded: each pass removes one entry.
  while (memory.size > 0 && (memory.size >= MEMORY_ENTRIES || memoryBytes + bytes > MEMORY_BYTES)) {
    forget(memory.keys().next().value as string);
  }
  memory.set(key, { text, value, expires: Date.now() + TTL_SECONDS * 1000, bytes });
  memoryBytes += bytes;
}

/** What the isolate's memory holds now (for tests of the cap). */
export function memoryUsage(): { entries: number; bytes: number } {
  return { entries: memory.size, bytes: memoryBytes };
}

/**
 * The versions this isolate looked up lately, per cache: for VERSION_MEMORY_MS after a lookup, a read takes
 * the version from memory instead of a Cache API round trip (the cost of a warm read, measured in the README's
 * Performance section). A write in this isolate replaces the remembered version at once, so its own readers
 * never get a document from before it; other isolates of the data center see it within VERSION_MEMORY_MS.
 */
export const VERSION_MEMORY_MS = 1000;
const VERSION_MEMORY_ENTRIES = 1024;
const knownVersions = new WeakMap<object, Map<string, { version: string; until: number }>>();

function versionMemory(cache: object) {
  let known = knownVersions.get(cache);
  if (!known) knownVersions.set(cache, (known = new Map()));
  const mapped = known;
  return {
    get: (scope: string) => {
      const kept = mapped.get(scope);
      return kept && kept.until > Date.now() ? kept.version : undefined;
    },
    set: (scope: string, version: string) => {
      mapped.delete(scope);
      // Bounded: the oldest scope goes when the map is full.
      if (mapped.size >= VERSION_MEMORY_ENTRIES) mapped.delete(mapped.keys().next().value as string);
      mapped.set(scope, { version, until: Date.now() + VERSION_MEMORY_MS });
    },
  };
}

/** The named Cache API cache for documents and site records: not `caches.default`, which any fetch may fill. */
const DOC_CACHE = "parley-documents";

/** Opening a named cache costs a round trip to the cache service: the isolate opens it once. */
let opened: Promise<Cache> | undefined;

/** The worker's document cache, or undefined where there is no Cache API. */
export function openDocCache(): Promise<Cache> | undefined {
  if (typeof caches === "undefined") return undefined;
  return (opened ??= caches.open(DOC_CACHE));
}

/**
 * A cache over a named Cache API cache, made per request (versions read once per request);
 * without a Cache API nothing is cached.
 */
export function createDocCache(opened: Cache | Promise<Cache> | undefined): DocCache {
  if (!opened) {
    return { version: async () => "none", bump: async () => {}, get: async () => null, getJson: async () => null, put: async (_key, value) => JSON.stringify(value) };
  }
  const ready = Promise.resolve(opened);
  // Every use awaits the opened cache; these two are all the code below needs.
  const cache = {
    match: async (url: string) => (await ready).match(url),
    put: async (url: string, res: Response) => (await ready).put(url, res),
  };
  // Versions are read once per request, and taken from the isolate's memory while it is recent.
  const versions = new Map<string, Promise<string>>();
  const known = versionMemory(opened);
  const getJson = async (key: string): Promise<string | null> => {
    const kept = memory.get(key);
    if (kept && kept.expires > Date.now()) return kept.text;
    const hit = await cache.match(`${ORIGIN}/d/${key}`);
    if (!hit) return null;
    const text = await hit.text();
    remember(key, text);
    return text;
  };
  return {
    version(scope) {
      let version = versions.get(scope);
      if (!version) {
        const recent = known.get(scope);
        version = recent
          ? Promise.resolve(recent)
          : cache.match(versionUrl(scope)).then(async (hit) => {
              let found = hit ? await hit.text() : null;
              if (!found) {
                found = newVersion();
                await cache.put(versionUrl(scope), new Response(found, { headers: cacheHeaders }));
              }
              known.set(scope, found);
              return found;
            });
        versions.set(scope, version);
      }
      return version;
    },
    async bump(...list) {
      await Promise.all(
        [...new Set(list)].map((scope) => {
          const fresh = newVersion();
          versions.set(scope, Promise.resolve(fresh));
          known.set(scope, fresh);
          return cache.put(versionUrl(scope), new Response(fresh, { headers: cacheHeaders }));
        }),
      );
    },
    async get<T>(key: string) {
      const kept = memory.get(key);
      if (kept && kept.expires > Date.now() && kept.value !== undefined) return kept.value as T;
      const text = await getJson(key);
      if (text === null) return null;
      const value = JSON.parse(text) as T;
      remember(key, text, value);
      return value;
    },
    getJson,
    async put(key, value) {
      const text = JSON.stringify(value);
      remember(key, text, value);
      await cache.put(`${ORIGIN}/d/${key}`, new Response(text, { headers: cacheHeaders }));
      return text;
    },
  };
}

/** Reads a document through the cache as JSON text: `load` runs (and its result is stored) only on a miss. */
export async function cachedJson(cache: DocCache, key: string, load: () => Promise<unknown>): Promise<string> {
  const hit = await cache.getJson(key);
  if (hit !== null) return hit;
  return cache.put(key, await load());
}

/** Reads a document through the cache: `load` runs (and its result is stored) only on a miss. */
export async function cached<T>(cache: DocCache, key: string, load: () => Promise<T>): Promise<T> {
  const hit = await cache.get<T>(key);
  if (hit !== null) return hit;
  const fresh = await load();
  await cache.put(key, fresh);
  return fresh;
}
