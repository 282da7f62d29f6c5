// The settings form's fields: how each site setting is shown, read back from the form, and compared.
import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import type { ErrorDetail } from "../../worker/contract/errors";
import { LIMITS } from "../../worker/contract/limits";
import type { SettingsView, SiteView } from "../api/site";

type Kind = "text" | "number" | "nullableNumber" | "lines" | "links" | "bool" | "nullableText" | "secret" | { options: string[] };

interface Field {
  key: string;
  label: string;
  kind: Kind;
  hint?: string;
  /** What one line of a list is called in a validation message ("Origin 4"). */
  item?: string;
}

/** Every setting the PATCH takes, in the order the form shows them. */
export const FIELDS: Field[] = [
  { key: "name", label: "Site name", kind: "text" },
  { key: "origins", label: "Allowed origins", kind: "lines", item: "Origin", hint: "One per line, e.g. https://blog.example.com. The comments show only on pages of these origins (and the worker's own)." },
  { key: "moderation", label: "Moderation", kind: { options: ["post", "pre"] }, hint: "post: publish at once; pre: hold every comment for review." },
  { key: "editWindowMinutes", label: "Edit window (minutes)", kind: "number", hint: "How long readers may edit or delete their own comment." },
  { key: "autoCloseDays", label: "Close threads after (days)", kind: "nullableNumber", hint: "Empty: never." },
  { key: "blockedWords", label: "Blocked words", kind: "lines", item: "Blocked word", hint: `One per line: whole words or phrases, matched whatever their case, accents or look-alike letters. At most ${LIMITS.blockedWords} words, ${LIMITS.blockedWordsChars.toLocaleString("en")} characters in all.` },
  { key: "blockedWordsAction", label: "A blocked word", kind: { options: ["hold", "spam"] } },
  { key: "maxLinks", label: "Links allowed before holding", kind: "number" },
  { key: "holdFirstComment", label: "Hold each author's first comment", kind: "bool" },
  { key: "minFillSeconds", label: "Minimum seconds to write a comment", kind: "number", hint: "0 turns the check off." },
  { key: "rateLimits.readerPerMinute", label: "Posts per reader per minute", kind: "number", hint: "0 turns a limit off." },
  { key: "rateLimits.threadPerMinute", label: "Posts per thread per minute", kind: "number" },
  { key: "rateLimits.sitePerMinute", label: "Posts per site per minute", kind: "number" },
  { key: "links", label: "Social links", kind: "links", item: "Social link", hint: "One per line: network, URL, optional label, e.g. youtube https://youtube.com/@me" },
  { key: "locale", label: "Language", kind: "text", hint: "e.g. en, de, pt-BR." },
  { key: "turnstileSiteKey", label: "Turnstile site key", kind: "nullableText", hint: "Empty: no challenge." },
  { key: "turnstileSecret", label: "Turnstile secret", kind: "secret" },
];

const get = (s: SiteView, key: string): unknown => {
  if (key == "name") return s.name;
  const [a, b] = key.split(".");
  const v = (s.settings as unknown as Record<string, unknown>)[a];
  return b ? (v as Record<string, unknown>)[b] : v;
};

const shown = (f: Field, v: unknown): string => {
  if (f.kind == "lines") return (v as string[]).join("\n");
  if (f.kind == "links") return (v as SettingsView["links"]).map((l) => [l.network, l.url, l.label ?? ""].join(" ").trim()).join("\n");
  return v == null ? "" : String(v);
};

const lines = (v: string) => v.split("\n").map((l) => l.trim()).filter(Boolean);
/**
 * A whole number written in digits (a minus sign allowed, so that the API names the bound it breaks), around spaces
 * or not. Not `Number()`'s rules, which read 0x10 as 16, 1e3 as 1000 and 0b11 as 3.
 */
const DIGITS = /^\s*-?\d+\s*$/;
/**
 * The number a field's text says; the text itself when it is not one, which the API refuses as it refuses any wrong
 * type, so that nothing is saved and its answer still names every other field's problem (see problems()).
 */
const num = (v: string) => (DIGITS.test(v) ? Number(v) : v);

/** The number fields whose text is not a whole number in digits (an empty one may be, where empty means "never"). */
const notWhole = (data: FormData): string[] =>
  FIELDS.filter((f) => {
    const raw = String(data.get(f.key) ?? "");
    return (f.kind == "number" || (f.kind == "nullableNumber" && raw.trim())) && !DIGITS.test(raw);
  }).map((f) => f.key);

function read(f: Field, data: FormData): unknown {
  const raw = String(data.get(f.key) ?? "");
  switch (f.kind) {
    case "bool":
      return data.get(f.key) == "on";
    case "number":
      return num(raw);
    case "nullableNumber":
      return raw.trim() ? num(raw) : null;
    case "nullableText":
      return raw.trim() || null;
    case "lines":
      return lines(raw);
    case "links":
      return lines(raw).map((l) => {
        const [network, url, ...label] = l.split(/\s+/);
        return { network, url: url ?? "", ...(label.length ? { label: label.join(" ") } : {}) };
      });
    case "secret":
      return data.get("turnstileSecretClear") == "on" ? null : raw.trim() || undefined;
    default:
      return raw.trim();
  }
}

/** The settings that differ from the site's, as a PATCH body (rate limits go as one object). */
export function changes(site: SiteView, data: FormData): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = read(f, data);
    if (v === undefined || JSON.stringify(v) === JSON.stringify(get(site, f.key))) continue;
    if (f.key.startsWith("rateLimits.")) patch.rateLimits = { ...site.settings.rateLimits, ...(patch.rateLimits as object), [f.key.slice(11)]: v };
    else patch[f.key] = v;
  }
  return patch;
}

/** A PATCH body's key as the form names it ("Allowed origins"); the rate limits go as one. */
export const labelOf = (key: string) => FIELDS.find((f) => f.key == key)?.label ?? (key == "rateLimits" ? "Rate limits" : key);

/** A social link's parts as the form's hint names them. */
const PARTS: Record<string, string> = { network: "network", url: "URL", label: "label" };

/** One thing the API refused, in the form's words, and the setting it belongs to (null: none the form shows). */
export interface Problem {
  key: string | null;
  text: string;
}

/** Bidirectional controls (an override such as U+202E, an embedding, an isolate) a typed line may hold. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * A line of the form quoted in a message, cut at 60 characters. One with bidirectional controls is isolated (FSI …
 * PDI), so that an override in it (U+202E) turns no more than the line itself around, not the message after it.
 */
function quote(line: string): string {
  const cut = line.length > 60 ? `${line.slice(0, 59)}…` : line;
  return BIDI.test(cut) ? `\u2068${cut}\u2069` : cut;
}

/**
 * The API's validation details in the form's words: `origins.3` becomes "Origin 4 (“ftp://blog”)", counting the
 * lines sent (blank ones are not), and `editWindowMinutes` the field's label. `data` is the form as it was saved.
 * In the form's order, and a list's problems in the order of its lines (the API lists its schema's before those its
 * rules find, such as a blocked word that matches nothing), so that the first one said is the first one to fix.
 * A number field not written in digits (0x10, 1e3, which Number() would read as 16 and 1000) went as its text: the
 * API's word on its type is replaced with "Must be a whole number."
 */
export function problems(details: readonly ErrorDetail[], data: FormData): Problem[] {
  const numbers = notWhole(data);
  const of = (field: string, key: string) => field == key || field.startsWith(`${key}.`);
  const all = [
    ...details.filter(({ field }) => !numbers.some((key) => of(field, key))),
    ...numbers.map((field) => ({ field, message: "Must be a whole number." })),
  ];
  const found = all.map(({ field, message }) => {
    const at = FIELDS.findIndex((f) => of(field, f.key));
    const f = FIELDS[at];
    if (!f) return { order: [FIELDS.length, 0], problem: { key: null, text: `${field}: ${message}` } };
    const [index, part] = field.slice(f.key.length + 1).split(".");
    if (!f.item || !/^\d+$/.test(index ?? "")) return { order: [at, -1], problem: { key: f.key, text: `${f.label}: ${message}` } };
    const line = lines(String(data.get(f.key) ?? ""))[Number(index)] ?? "";
    const text = `${f.item} ${Number(index) + 1}${line ? ` (“${quote(line)}”)` : ""}${part ? `, ${PARTS[part] ?? part}` : ""}: ${message}`;
    return { order: [at, Number(index)], problem: { key: f.key, text } };
  });
  // A stable sort: two problems of one line keep the API's order.
  return found.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]).map((p) => p.problem);
}

/**
 * The form's controls for every setting, with what the API refused under the field it names. Values come from the
 * unsaved `draft` when there is one (the form's own data, kept while another section was shown), else from the
 * site; `live()` because the controls are the user's to change between renders.
 */
export function fields(site: SiteView, refused: Problem[], draft: FormData | null): TemplateResult[] {
  return FIELDS.map((f) => {
    const id = `s-${f.key.replace(".", "-")}`;
    const errs = refused.filter((p) => p.key == f.key);
    const err = errs.length > 0;
    const invalid = err ? "true" : "false";
    const described = [f.hint || f.kind == "secret" ? `${id}-hint` : "", err ? `${id}-error` : ""].filter(Boolean).join(" ") || nothing;
    const v = draft ? String(draft.get(f.key) ?? "") : shown(f, get(site, f.key));
    const common = { id, name: f.key };
    let control: TemplateResult;
    if (f.kind == "bool")
      control = html`<label class="inline" for=${id}><input type="checkbox" id=${common.id} name=${common.name}
        .checked=${live(draft ? draft.get(f.key) == "on" : Boolean(get(site, f.key)))} aria-describedby=${described}
        aria-invalid=${invalid} /> ${f.label}</label>`;
    else if (typeof f.kind == "object")
      control = html`<select id=${id} name=${f.key} aria-describedby=${described} aria-invalid=${invalid}>
        ${f.kind.options.map((o) => html`<option .selected=${live(o == v)}>${o}</option>`)}</select>`;
    else if (f.kind == "lines" || f.kind == "links")
      control = html`<textarea id=${id} name=${f.key} .value=${live(v)} aria-describedby=${described} aria-invalid=${invalid}></textarea>`;
    else if (f.kind == "secret")
      control = html`<input id=${id} name=${f.key} type="password" autocomplete="off" aria-describedby=${described} .value=${live(v)}
          aria-invalid=${invalid}
          placeholder=${site.settings.turnstileSecretSet ? "Set (leave empty to keep)" : "Not set"} />
        <label class="inline"><input type="checkbox" name="turnstileSecretClear" .checked=${live(draft?.get("turnstileSecretClear") == "on")} />
          Remove the secret</label>`;
    else
      control = html`<input id=${id} name=${f.key} .value=${live(v)} inputmode=${f.kind.includes("umber") ? "numeric" : nothing}
        aria-describedby=${described} aria-invalid=${invalid} />`;
    return html`<div class="field">
      ${f.kind == "bool" ? nothing : html`<label for=${id}>${f.label}</label>`}
      ${control}
      ${f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : f.kind == "secret" ? html`<p class="hint" id="${id}-hint">Write-only: it is never shown again.</p>` : nothing}
      ${err ? html`<div id="${id}-error">${errs.map((p) => html`<p class="error">${p.text}</p>`)}</div>` : nothing}
    </div>`;
  });
}
