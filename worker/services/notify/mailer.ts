// The e-mail sender interface and its implementations: Resend's HTTP API (chosen by secrets) and, in local
// development, an outbox shown at /dev/mail. To add a provider, implement `MailSender` and pick it in `selectMailer`.
import { randomToken, sha256Hex } from "../../lib/crypto";
import type { MailStore } from "../../storage/mail";

export interface MailMessage {
  siteId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers: Record<string, string>;
}

export interface MailSender {
  readonly provider: "resend" | "dev-outbox";
  /** Sends one message; throws when the provider refused it. */
  send(message: MailMessage): Promise<void>;
}

export interface MailConfig {
  RESEND_API_KEY?: string;
  /** The From address, e.g. `Parley <comments@example.com>` (a domain verified with the provider). */
  MAIL_FROM?: string;
  /** Overrides Resend's API base (tests point it at a local server). */
  RESEND_API_URL?: string;
}

/** Resend: POST /emails with a bearer API key. https://resend.com/docs/api-reference/emails/send-email */
export function createResendSender(apiKey: string, from: string, baseUrl = "https://api.resend.com"): MailSender {
  return {
    provider: "resend",
    async send(m) {
      const res = await fetch(`${baseUrl.replace(/\/$/, "")}/emails`, {
        method: "POST",
        // The same message sent again (the queue retries one whose answer timed out after Resend took it) is the same
        // key, which Resend sends once within 24 hours: a reader never gets an e-mail twice from a slow answer.
        headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json", "Idempotency-Key": `parley-${await sha256Hex(JSON.stringify([m.siteId, m.to, m.subject, m.text]))}` },
        body: JSON.stringify({ from, to: [m.to], subject: m.subject, text: m.text, html: m.html, headers: m.headers }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`Resend answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    },
  };
}

/** Local development: keeps every message in D1 for /dev/mail instead of sending it. */
export function createDevOutbox(store: MailStore, now: () => number): MailSender {
  return {
    provider: "dev-outbox",
    async send(m) {
      await store.insertDevMail({ id: randomToken(12), siteId: m.siteId, to: m.to, subject: m.subject, headers: m.headers, text: m.text, html: m.html, createdAt: now() });
    },
  };
}

/** Resend when its key and a From address are set; the dev outbox in local development; otherwise none. */
export function selectMailer(config: MailConfig, dev: boolean, store: MailStore, now: () => number): MailSender | null {
  if (config.RESEND_API_KEY && config.MAIL_FROM) return createResendSender(config.RESEND_API_KEY, config.MAIL_FROM, config.RESEND_API_URL);
  if (dev) return createDevOutbox(store, now);
  return null;
}
