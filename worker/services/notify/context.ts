// What notification services receive beside ServiceDeps: their stores, the queue, the mail sender and the mode.
import type { NotifyMessage } from "../../contract/notifications";
import { NOTIFY_LIMITS } from "../../contract/notifications";
import type { Bindings } from "../../env";
import type { ServiceDeps } from "../context";
import { createNotifyStores, type NotifyStores } from "../../storage/notify";
import { selectMailer, type MailSender } from "./mailer";

export interface NotifyDeps {
  stores: NotifyStores;
  /** The notifications queue; null when the binding is missing (then work runs inline). */
  queue: Queue<NotifyMessage> | null;
  mailer: MailSender | null;
  /** Local development: plain http and loopback webhook URLs are allowed and /dev/mail exists. */
  dev: boolean;
  /** The worker's public origin when configured (PUBLIC_URL); otherwise links use the origin seen at setup. */
  publicUrl: string | null;
  dailyMailBudget: number;
  secret: string;
  now: () => number;
}

/** True when the dev variable is set (`npm run dev`, the tests); a deployed worker never sets it. */
export function isDev(env: Pick<Bindings, "PARLEY_DEV">): boolean {
  return env.PARLEY_DEV === "1";
}

/** The bindings notifications read. */
export type NotifyEnv = Pick<
  Bindings,
  "DB" | "PARLEY_SECRET" | "PARLEY_DEV" | "NOTIFY_QUEUE" | "RESEND_API_KEY" | "MAIL_FROM" | "RESEND_API_URL" | "PUBLIC_URL" | "MAIL_DAILY_BUDGET"
>;

export function createNotifyDeps(env: NotifyEnv, now: () => number = Date.now): NotifyDeps {
  const stores = createNotifyStores(env.DB);
  const dev = isDev(env);
  const budget = Number(env.MAIL_DAILY_BUDGET);
  return {
    stores,
    queue: env.NOTIFY_QUEUE ?? null,
    mailer: selectMailer(env, dev, stores.mail, now),
    dev,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/$/, "") : null,
    dailyMailBudget: Number.isInteger(budget) && budget >= 0 && env.MAIL_DAILY_BUDGET ? budget : NOTIFY_LIMITS.dailyMailBudget,
    secret: env.PARLEY_SECRET ?? "",
    now,
  };
}

/** The notifications' deps of a service call (createDeps always builds them). */
export function notifyOf(deps: ServiceDeps): NotifyDeps {
  if (!deps.notify) throw new Error("ServiceDeps without notify: build deps with createDeps()");
  return deps.notify;
}

/** Messages per queue send (Cloudflare Queues' sendBatch limit). */
export const QUEUE_BATCH = 100;

/** Sends messages to the queue, QUEUE_BATCH a send, or hands them to `inline` when there is no queue binding. */
export async function enqueue(deps: NotifyDeps, messages: { body: NotifyMessage; delaySeconds?: number }[], inline: (m: NotifyMessage) => Promise<void>) {
  if (messages.length === 0) return;
  if (deps.queue) {
    for (let i = 0; i < messages.length; i += QUEUE_BATCH) {
      await deps.queue.sendBatch(messages.slice(i, i + QUEUE_BATCH).map((m) => ({ body: m.body, delaySeconds: m.delaySeconds })));
    }
    return;
  }
  for (const m of messages) await inline(m.body);
}
