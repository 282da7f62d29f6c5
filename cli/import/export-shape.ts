// The shape of a Parley export document, checked whole before a restore sends anything: a file edited by hand or
// damaged is refused as a usage error naming what is wrong (`site: missing`, `articles[0]: not an object`), rather
// than failing part way with the site half restored. The contract describes the export with TypeScript interfaces
// (worker/contract/owner-data.ts), not schemas the CLI could load, so the fields are listed here, as the restore
// reads and sends them; fields that older exports lack may be missing.

/** What a field must hold: text, true or false, a number, a list, or an object; `?` also allows null or nothing. */
type Kind = "text" | "text?" | "bool" | "bool?" | "number?" | "list" | "object";
type Shape = Record<string, Kind>;

const SITE: Shape = { id: "text", name: "text", settings: "object" };
const ARTICLE: Shape = { slug: "text", title: "text", body: "text", publishedAt: "text", author: "text?", image: "text?", url: "text?", links: "list" };
const LINK: Shape = { network: "text", url: "text", label: "text?" };
const THREAD: Shape = { key: "text", locked: "bool", createdAt: "text?" };
const COMMENT: Shape = {
  id: "text",
  thread: "text",
  authorName: "text",
  body: "text",
  createdAt: "text",
  status: "text",
  parentId: "text?",
  source: "text?",
  sourceId: "text?",
  statusBeforeDelete: "text?",
  pinned: "bool?",
  updatedAt: "text?",
  editedBy: "text?",
  votes: "number?",
  moderationReason: "text?",
  emailHash: "text?",
  emailHint: "text?",
  ipHash: "text?",
  shadow: "bool?",
};
const BAN: Shape = { id: "text", type: "text", value: "text", hint: "text", mode: "text", reason: "text?", expiresAt: "text?", createdAt: "text" };
const WEBHOOK: Shape = { url: "text", events: "list", format: "text", pausedAt: "text?" };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What is wrong with `value` as a `kind`, or null when nothing is. */
function problem(value: unknown, kind: Kind): string | null {
  const optional = kind.endsWith("?");
  if (value === undefined) return optional ? null : "missing";
  if (value === null && optional) return null;
  const base = kind.replace("?", "");
  if (base === "text") return typeof value === "string" ? null : "not text";
  if (base === "bool") return typeof value === "boolean" ? null : "not true or false";
  if (base === "number") return typeof value === "number" && Number.isFinite(value) ? null : "not a number";
  if (base === "list") return Array.isArray(value) ? null : "not a list";
  return isObject(value) ? null : "not an object";
}

/** The first thing wrong with `value` as an object of `shape`, as `path: problem`, or null. */
function checkObject(value: unknown, shape: Shape, path: string): string | null {
  if (value === undefined) return `${path}: missing`;
  if (!isObject(value)) return `${path}: not an object`;
  for (const [field, kind] of Object.entries(shape)) {
    const wrong = problem(value[field], kind);
    if (wrong) return `${path}.${field}: ${wrong}`;
  }
  return null;
}

/** The first item of the list `items` (at `path`) that is not of `shape`, or null. Bounded by the list's length. */
function checkList(items: unknown, shape: Shape, path: string, also?: (item: Record<string, unknown>, at: string) => string | null): string | null {
  if (items === undefined) return `${path}: missing`;
  if (!Array.isArray(items)) return `${path}: not a list`;
  for (const [i, item] of items.entries()) {
    const wrong = checkObject(item, shape, `${path}[${i}]`) ?? also?.(item as Record<string, unknown>, `${path}[${i}]`);
    if (wrong) return wrong;
  }
  return null;
}

/** An article's links, each a network and an address. */
const articleLinks = (a: Record<string, unknown>, at: string) => checkList(a.links, LINK, `${at}.links`);
/** A webhook's events, each a name. */
const webhookEvents = (w: Record<string, unknown>, at: string) => {
  const i = (w.events as unknown[]).findIndex((e) => typeof e !== "string");
  return i < 0 ? null : `${at}.events[${i}]: not text`;
};

/**
 * The first thing that makes `doc` (an object of the export's version) no export a restore can send, as
 * `site.settings: not an object` or `comments[3].body: not text (comment "AbC…")`; null when it is one.
 */
export function exportProblem(doc: Record<string, unknown>): string | null {
  // An export without a readable time counts every write since as later (articlesWrittenSince): it may be missing.
  const exportedAt = problem(doc.exportedAt, "text?");
  const wrong =
    (exportedAt ? `exportedAt: ${exportedAt}` : null) ??
    checkObject(doc.site, SITE, "site") ??
    checkList(doc.articles, ARTICLE, "articles", articleLinks) ??
    checkList(doc.threads, THREAD, "threads") ??
    checkList(doc.comments, COMMENT, "comments") ??
    checkList(doc.bans, BAN, "bans") ??
    (doc.webhooks === undefined ? null : checkList(doc.webhooks, WEBHOOK, "webhooks", webhookEvents));
  if (!wrong) return null;
  // A comment is named by its id as well, which finds it in a file of thousands.
  const at = /^comments\[(\d+)\]/.exec(wrong);
  const id = at ? (doc.comments as Record<string, unknown>[])[Number(at[1])]?.id : undefined;
  return typeof id === "string" ? `${wrong} (comment ${JSON.stringify(id.slice(0, 40))})` : wrong;
}
