// Sending one e-mail: only through a configured provider, and only within the site's daily budget, so a flood
// of comments cannot burn the provider's quota.
import type { NotifyDeps } from "./context";
import type { MailMessage } from "./mailer";

export type SendOutcome = "sent" | "no-provider" | "over-budget";

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Sends one e-mail within the site's daily budget. Only an e-mail the provider took counts: a send that fails gives
 * its place in the day's budget back (and throws, for the caller to try again), so an outage cannot spend the day.
 */
export async function sendMail(nd: NotifyDeps, message: MailMessage): Promise<SendOutcome> {
  if (!nd.mailer) return "no-provider";
  const day = utcDay(nd.now());
  if (!(await nd.stores.mail.spendBudget(message.siteId, day, nd.dailyMailBudget))) {
    console.warn(`site ${message.siteId}: daily e-mail budget of ${nd.dailyMailBudget} spent; not sending "${message.subject}"`);
    return "over-budget";
  }
  try {
    await nd.mailer.send(message);
  } catch (err) {
    await nd.stores.mail.refundBudget(message.siteId, day);
    throw err;
  }
  return "sent";
}

/** Headers every message carries so mail clients offer a one-click unsubscribe (RFC 2369, RFC 8058). */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
