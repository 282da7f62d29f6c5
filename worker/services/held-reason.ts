// Why a comment was held, as the moderation list shows it: the stored verdict reason turned into a stable code
// and a sentence the owner can act on. A comment held for a blocked word stores the word that held it, as the owner
// typed it (`blocked-word: casino`, `shadow-ban (blocked-word: casino)`); the API's `reason` and the webhooks'
// keep the code alone (`blocked-word`), as before, and `held.word` names the word.
import type { HeldCode, HeldReason } from "../contract/dashboard";

const CODES: readonly string[] = ["links", "blocked-word", "first-comment", "pre-moderation", "shadow-ban"];
const known = (v: string | undefined): v is Exclude<HeldCode, "other"> => CODES.includes(v ?? "");

/** What a comment held for the blocked word `word` stores as its reason. */
export const blockedWordReason = (word: string) => `blocked-word: ${word}`;

function sentence(code: HeldCode, word?: string): string {
  switch (code) {
    case "links":
      return "It has more links than the site allows.";
    case "blocked-word":
      // A word with quotation marks of its own is named after a colon: quoted, it would read “it’s “fine””.
      if (!word) return "It contains one of the site's blocked words.";
      return /["“”„«»]/.test(word) ? `It contains one of the site's blocked words: ${word}` : `It contains “${word}”, one of the site's blocked words.`;
    case "first-comment":
      return "It is the author's first comment, and the site holds first comments.";
    case "pre-moderation":
      return "The site holds every comment for review (pre-moderation).";
    case "shadow-ban":
      return "Its author is shadow-banned: only they see their comments.";
    case "other":
      return "Held by the worker.";
  }
}

/**
 * A stored reason's parts, when it is one the worker writes: a code, `shadow-ban (code)`, and after `blocked-word` the
 * word (`blocked-word: casino`, `shadow-ban (blocked-word: casino)`); null for any other text (an import may bring
 * any), which is shown as it is.
 */
function parse(stored: string): { head: HeldCode; inner?: HeldCode; word?: string } | null {
  const [, head, headWord, inner, innerWord] = stored.match(/^([a-z-]+)(?:: (.+)|(?: \(([a-z-]+)(?:: (.+))?\)))?$/s) ?? [];
  const word = headWord ?? innerWord;
  if (!known(head) || (inner !== undefined && (head != "shadow-ban" || !known(inner) || inner == "shadow-ban"))) return null;
  if (word !== undefined && (inner ?? head) != "blocked-word") return null;
  return { head, inner, word };
}

/** A stored reason as the API and webhooks give it: its codes without the word (`shadow-ban (blocked-word)`). */
export function reasonCode(stored: string | null): string | null {
  const parts = stored ? parse(stored) : null;
  return !parts ? stored : parts.inner ? `${parts.head} (${parts.inner})` : parts.head;
}

/**
 * The reason stored with a comment (`links`, `blocked-word: casino`, `shadow-ban (links)`, …) as a code, a sentence
 * and the blocked word that held it; null when the worker did not hold it.
 */
export function heldReason(stored: string | null): HeldReason | null {
  if (!stored) return null;
  const parts = parse(stored);
  if (!parts) return { code: "other", text: `${sentence("other")} (${stored})` };
  const { head, inner, word } = parts;
  // A shadow-banned author's comment also remembers what it would have been held for.
  const without = inner ? sentence(inner, word) : "";
  const text = without ? `${sentence(head)} Without the ban: ${without[0].toLowerCase()}${without.slice(1)}` : sentence(head, word);
  return word ? { code: head, text, word } : { code: head, text };
}
