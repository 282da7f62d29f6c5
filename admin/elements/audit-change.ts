// The audit log's Change cell: what an entry changed, a line per field, "field: before → after", instead of the
// stored JSON. Every value is text (Lit escapes it), isolated (<bdi>) so that a right-to-left override in a comment
// or a setting turns only itself around, and a long one is cut, whole in its title.
import { html, nothing, type TemplateResult } from "lit";

/** How much of a value a line shows; the rest is in the value's title. */
const VALUE_CHARS = 200;

type Fields = Map<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v == "object" && v !== null && !Array.isArray(v);

/** A value's fields by dotted path (`rateLimits.readerPerMinute`), so that only the parts that changed show. */
function flatten(v: unknown, prefix = "", into: Fields = new Map()): Fields {
  if (isRecord(v) && Object.keys(v).length) for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, into);
  else into.set(prefix, v);
  return into;
}

/** A value in words: a list's items joined, an object's fields as `key: value`, nothing as "none". */
function text(v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (v === "") return "(empty)";
  if (typeof v == "string") return v;
  if (Array.isArray(v)) return v.length ? v.map((x) => (isRecord(x) ? `(${text(x)})` : text(x))).join(", ") : "(none)";
  if (isRecord(v)) return Object.entries(v).map(([k, x]) => `${k}: ${text(x)}`).join("; ") || "(none)";
  return String(v);
}

/** One value, cut at VALUE_CHARS (whole in its title). */
function value(v: unknown): TemplateResult {
  const t = text(v);
  return t.length > VALUE_CHARS ? html`<bdi class="value" title=${t}>${t.slice(0, VALUE_CHARS - 1)}…</bdi>` : html`<bdi class="value">${t}</bdi>`;
}

/**
 * What an audit entry changed: with a before and an after, each field that differs, "status: pending → published";
 * with only an after (something made), each field's value; with only a before (something removed), each field's
 * value as it was. A value that is not an object (or has no fields) is one line without a name.
 */
export function auditChange(before: unknown, after: unknown): TemplateResult {
  if (before == null && after == null) return html``;
  const was = before == null ? new Map() : flatten(before);
  const now = after == null ? new Map() : flatten(after);
  const keys = [...new Set([...was.keys(), ...now.keys()])].filter((k) => before == null || after == null || JSON.stringify(was.get(k)) !== JSON.stringify(now.get(k)));
  if (!keys.length) return html`<span class="muted">No change</span>`;
  const line = (k: string) => {
    const name = k ? html`<span class="field">${k}</span>: ` : nothing;
    if (before == null) return html`<li>${name}${value(now.get(k))}</li>`;
    if (after == null) return html`<li>${name}${value(was.get(k))}</li>`;
    return html`<li>${name}${value(was.get(k))} → ${value(now.get(k))}</li>`;
  };
  return html`${after == null ? html`<span class="muted">Removed:</span>` : nothing}<ul class="change">${keys.map(line)}</ul>`;
}
