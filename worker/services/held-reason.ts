// Why a comment was held, as the moderation list shows it: the stored verdict reason turned into a stable code
// and a sentence the owner can act on.
import type { HeldCode, HeldReason } from "../contract/dashboard";

function sentence(code: HeldCode): string {
  switch (code) {
    case "links":
      return "It has more links than the site allows.";
    case "blocked-word":
      return "It contains one of the site's blocked words.";
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
 * The reason stored with a comment (`links`, `blocked-word`, `shadow-ban (links)`, …) as a code and a sentence;
 * null when the worker did not hold it.
 */
export function heldReason(stored: string | null): HeldReason | null {
  if (!stored) return null;
  const [, head, inner] = stored.match(/^([a-z-]+)(?: \(([a-z-]+)\))?$/) ?? [];
  const known = (v: string | undefined): v is HeldCode => (["links", "blocked-word", "first-comment", "pre-moderation", "shadow-ban"] as string[]).includes(v ?? "");
  if (!known(head)) return { code: "other", text: `${sentence("other")} (${stored})` };
  // A shadow-banned author's comment also remembers what it would have been held for.
  const without = known(inner) ? sentence(inner) : "";
  return { code: head, text: without ? `${sentence(head)} Without the ban: ${without[0].toLowerCase()}${without.slice(1)}` : sentence(head) };
}
