// Sending one e-mail: only through a configured provider, and only within the site's daily budget, so a flood
// of comments cannot burn the provider's quota.
import type { NotifyDeps } from "./context";
import type { MailMessage } from "./mailer";

export type SendOutcome = "sent" | "no-provider" | "over-budget";

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The share of a site's daily budget that double opt-in e-mails to readers may take. Anyone may ask for one (a
 * comment with "notify me" and an address), so without a share of their own a stranger's flood of them would spend
 * the day and stop the owner's digest and every reply e-mail until midnight UTC.
 */
export const CONFIRMATIONS_SHARE = 0.25;

/** Reader confirmations a site may send in a day with the given budget: at least one while any e-mail may be sent. */
export const confirmationsBudget = (budget: number) => (budget > 0 ? Math.max(1, Math.floor(budget * CONFIRMATIONS_SHARE)) : 0);

/**
 * Sends one e-mail within the site's daily budget (a reader's confirmation within its share too: see
 * CONFIRMATIONS_SHARE). Only an e-mail the provider took counts: a send that fails gives its place in the day's
 * budget back (and throws, for the caller to try again), so an outage cannot spend the day.
 */
export async function sendMail(nd: NotifyDeps, message: MailMessage, kind: "confirmation" | "other" = "other"): Promise<SendOutcome> {
  if (!nd.mailer) return "no-provider";
  const day = utcDay(nd.now());
  // The confirmations' count is a row of its own in the budget table, keyed by the day and a word after it.
  const share = kind === "confirmation" ? `${day} confirmations` : null;
  if (share && !(await nd.stores.mail.spendBudget(message.siteId, share, confirmationsBudget(nd.dailyMailBudget)))) {
    console.warn(`site ${message.siteId}: the day's share of reader confirmations is spent; not sending "${message.subject}"`);
    return "over-budget";
  }
  const refundShare = async () => {
    if (share) await nd.stores.mail.refundBudget(message.siteId, share);
  };
  if (!(await nd.stores.mail.spendBudget(message.siteId, day, nd.dailyMailBudget))) {
    await refundShare();
    console.warn(`site ${message.siteId}: daily e-mail budget of ${nd.dailyMailBudget} spent; not sending "${message.subject}"`);
    return "over-budget";
  }
  try {
    await nd.mailer.send(message);
  } catch (err) {
    await nd.stores.mail.refundBudget(message.siteId, day);
    await refundShare();
    throw err;
  }
  return "sent";
}

/** Headers every message carries so mail clients offer a one-click unsubscribe (RFC 2369, RFC 8058). */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
