// Writes the 10,000-comment thread's older 9,999 rows straight into the local D1 with
// `wrangler d1 execute DB --local --file`. Posting them over HTTP took about two minutes on a 2-CPU machine
// (each post runs every spam check), longer than the whole benchmark should take; one SQL file takes seconds.
// The rows copy the shape of one comment the worker itself wrote (the template): its renderer version and the
// document tree it made for a plain-text body.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, wranglerEnv } from "../../worker/dev/local.mjs";
import { BIG_COMMENTS, BIG_THREAD, SITE, commentBody } from "./seed.mjs";

/** The columns written, by name: every comments column of worker/migrations/*.sql that has no default. */
const COLUMNS = [
  "id",
  "site_id",
  "thread_key",
  "parent_id",
  "root_id",
  "depth",
  "author_name",
  "author_email",
  "body_source",
  "body_tree",
  "renderer_version",
  "status",
  "edit_token_hash",
  "idempotency_key",
  "created_at",
  "updated_at",
  "pinned",
  "edited_by",
  "shadow",
  "status_before_delete",
  "ip_hash",
  "email_hash",
  "form_nonce",
  "moderation_reason",
  "votes",
];
const ROWS_PER_INSERT = 100;

/**
 * The comments table's columns as the migrations define them (CREATE TABLE plus ALTER TABLE … ADD COLUMN), each
 * with whether it must be given a value (NOT NULL without DEFAULT).
 */
function migrationColumns() {
  const dir = join(ROOT, "worker/migrations");
  const sql = readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8").replace(/--[^\n]*/g, ""))
    .join("\n");
  const columns = new Map();
  const create = sql.match(/CREATE TABLE comments \(([\s\S]*?)\n\);/);
  if (!create) throw new Error("seed-sql: no CREATE TABLE comments in worker/migrations");
  const add = (def) => {
    const m = def.trim().match(/^([a-z_]+)\s+([A-Z]+)(.*)$/s);
    if (!m || ["PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT"].includes(m[1].toUpperCase())) return;
    columns.set(m[1], { required: /NOT NULL/i.test(m[3]) && !/DEFAULT/i.test(m[3]) && !/PRIMARY KEY/i.test(m[3]) });
  };
  create[1].split(/,\s*\n/).forEach(add);
  for (const m of sql.matchAll(/ALTER TABLE comments ADD COLUMN ([^;]+);/g)) add(m[1]);
  for (const m of sql.matchAll(/ALTER TABLE comments DROP COLUMN ([a-z_]+)/g)) columns.delete(m[1]);
  return columns;
}

/** Fails unless COLUMNS names real columns and covers every one that needs a value. */
function checkColumns() {
  const defined = migrationColumns();
  const unknown = COLUMNS.filter((c) => !defined.has(c));
  const missing = [...defined].filter(([name, { required }]) => required && !COLUMNS.includes(name)).map(([name]) => name);
  if (unknown.length || missing.length) {
    throw new Error(
      `seed-sql: the comments columns changed in worker/migrations (unknown here: ${unknown.join(", ") || "none"}; ` +
        `needed but not written: ${missing.join(", ") || "none"}); update bench/lib/seed-sql.mjs`,
    );
  }
}

const quote = (v) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
const hex = (s) => createHash("sha256").update(s).digest("hex");

/**
 * The tree the worker made for the template's plain-text body, as a function of the text. Fails if the worker's
 * renderer no longer makes one paragraph of one text node of a plain sentence.
 */
function treeShape(template) {
  const body = template.body;
  const ok =
    Array.isArray(body) &&
    body.length === 1 &&
    body[0].t === "p" &&
    body[0].c?.length === 1 &&
    body[0].c[0].t === "text" &&
    Object.keys(body[0]).length === 2 &&
    Object.keys(body[0].c[0]).length === 2;
  if (!ok) throw new Error(`seed-sql: the worker renders a plain sentence differently now: ${JSON.stringify(body)}`);
  return (text) => JSON.stringify([{ t: "p", c: [{ t: "text", v: text }] }]);
}

/**
 * Writes the SQL for the big thread's 9,999 older comments into `file`: one a minute before the next, the
 * oldest first, each from its own reader (a distinct keyed-hash-like ip_hash), then the thread's count and
 * opening time. `template` is the comment the worker wrote (the thread's newest).
 */
export function writeBigThreadSql(file, template) {
  checkColumns();
  const tree = treeShape(template);
  const newest = Date.parse(template.createdAt);
  const renderer = `(SELECT renderer_version FROM comments WHERE site_id = ${quote(SITE)} AND id = ${quote(template.id)})`;
  const rows = [];
  for (let i = 0; i < BIG_COMMENTS - 1; i++) {
    const at = newest - (BIG_COMMENTS - 1 - i) * 60_000;
    const body = commentBody(i, "comment", true);
    const values = {
      id: randomBytes(12).toString("base64url"),
      site_id: SITE,
      thread_key: BIG_THREAD,
      parent_id: null,
      root_id: null,
      depth: 0,
      author_name: `Reader ${i % 997}`,
      author_email: null,
      body_source: body,
      body_tree: tree(body),
      renderer_version: null, // replaced by the template's, below
      status: "published",
      edit_token_hash: hex(randomBytes(32).toString("base64url")),
      idempotency_key: null,
      created_at: at,
      updated_at: at,
      pinned: 0,
      edited_by: null,
      shadow: 0,
      status_before_delete: null,
      ip_hash: hex(`bench-reader-${i}`),
      email_hash: null,
      form_nonce: null,
      moderation_reason: null,
      votes: 0,
    };
    rows.push(`(${COLUMNS.map((c) => (c === "renderer_version" ? renderer : quote(values[c]))).join(", ")})`);
  }
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    statements.push(`INSERT INTO comments (${COLUMNS.join(", ")}) VALUES\n${rows.slice(i, i + ROWS_PER_INSERT).join(",\n")};`);
  }
  const where = `site_id = ${quote(SITE)} AND thread_key = ${quote(BIG_THREAD)}`;
  statements.push(
    `UPDATE threads SET
       comment_count = (SELECT COUNT(*) FROM comments WHERE ${where} AND status = 'published'),
       listed_roots = (SELECT COUNT(*) FROM comments WHERE ${where} AND parent_id IS NULL
         AND (status = 'published' OR reply_count > 0) AND (status <> 'published' OR pinned = 0)),
       pinned_roots = (SELECT COUNT(*) FROM comments WHERE ${where} AND parent_id IS NULL AND status = 'published' AND pinned = 1),
       opened_at = (SELECT MIN(created_at) FROM comments WHERE ${where})
     WHERE site_id = ${quote(SITE)} AND key = ${quote(BIG_THREAD)};`,
    // The rows went around the worker's writes, which keep the site's status counts: recount them.
    `DELETE FROM comment_status_counts WHERE site_id = ${quote(SITE)};`,
    `INSERT INTO comment_status_counts (site_id, status, n)
       SELECT site_id, status, COUNT(*) FROM comments WHERE site_id = ${quote(SITE)} GROUP BY site_id, status;`,
  );
  writeFileSync(file, `${statements.join("\n")}\n`);
  return { rows: rows.length, statements: statements.length };
}

/** Runs a SQL file against the local D1 under `persistTo` (wrangler dev must not be running on it). */
export function executeSql(persistTo, file) {
  const wrangler = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
  const result = spawnSync(process.execPath, [wrangler, "d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", file], {
    cwd: ROOT,
    env: wranglerEnv({ CI: "true" }),
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`wrangler d1 execute failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
}
