// `parley webhooks …` and `parley mail …`: how the owner hears about new comments, as the dashboard's Notifications
// section offers it.
import { Command, Option } from "commander";
import { listAll, paths } from "../api.ts";
import type { DeliveryStatus } from "../../worker/contract/notifications.ts";
import { COMMENT_EVENT_TYPES, DELIVERY_STATUSES } from "../../worker/contract/events.ts";
import { contextOf, UsageError } from "../context.ts";
import { wholeNumber } from "../options.ts";
import { cliCommand, count, printJson, printList, printTable } from "../output.ts";

type Webhook = {
  id: string;
  url: string;
  events: string[];
  format: string;
  createdAt: string;
  pausedAt: string | null;
  pausedReason: string | null;
  held: number;
  lastSuccessAt: string | null;
};

type Delivery = {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
};

/** What `webhooks add` subscribes to when no --event is given: a new comment, published or held. */
const DEFAULT_EVENTS = ["comment.created", "comment.pending"];

const webhookPath = (site: string, id?: string) => `${paths.site(site)}/webhooks${id === undefined ? "" : `/${encodeURIComponent(id)}`}`;

/** A webhook as one table row: its state says why it is paused, and how many deliveries it holds for Resume. */
const webhookRow = (w: Webhook) => ({
  ...w,
  events: w.events.join(","),
  state: w.pausedAt ? `paused (${w.held} held): ${w.pausedReason ?? ""}` : "active",
});

/** One delivery's outcome in a sentence. */
function outcome(d: Delivery): string {
  if (d.status === "delivered") return `delivered (HTTP ${d.lastStatus}) after ${count(d.attempts, "attempt")}`;
  // The error says the status itself when it is one ("HTTP 500 Internal Server Error"): said once.
  const status = d.lastStatus && !d.lastError?.startsWith(`HTTP ${d.lastStatus}`) ? `HTTP ${d.lastStatus}` : null;
  const why = [status, d.lastError].filter(Boolean).join(": ");
  return `${d.status}${why ? ` (${why})` : ""}${d.nextAttemptAt ? `, next try ${d.nextAttemptAt}` : ""}`;
}

/** The digest address's state in a sentence: confirmed, or waiting for the link e-mailed to it (and how to get another). */
function addressLine(status: Record<string, unknown>): string | null {
  if (!status.ownerEmail) return null;
  if (status.ownerEmailConfirmed) return `Confirmed: ${status.digest ? "digests go to" : "the digest is off; the address kept is"} ${status.ownerEmail}.`;
  return `Waiting for confirmation: we sent a link to ${status.ownerEmail}. No digest goes to it until the link is confirmed; ${cliCommand("mail resend")} sends it again.`;
}

export function registerNotify(program: Command) {
  const webhooks = program.command("webhooks").description("Signed webhooks for comment events: chat channels or your own endpoint (owner token)");
  webhooks
    .command("list")
    .description("List the site's webhooks, and why one is paused")
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { webhooks: all } = await ctx.api.get<{ webhooks: Webhook[] }>(webhookPath(ctx.site()));
      printList(ctx.json, { webhooks: all }, all.map(webhookRow), ["id", "url", "format", "events", "state", "lastSuccessAt"]);
    });
  webhooks
    .command("add")
    .description(`Add a webhook; prints its signing secret once. Events: ${COMMENT_EVENT_TYPES.join(", ")}, or all`)
    .argument("<url>", "where to POST each event (https://…)")
    // One value an option, repeated or comma-separated: a list that took every word after it would take the URL too
    // (`webhooks add --event all https://…`).
    .option("--event <names>", `the events to send, repeated or comma-separated (default: ${DEFAULT_EVENTS.join(",")})`, (v: string, all: string[] = []) => [
      ...all,
      ...v.split(",").map((e) => e.trim()).filter(Boolean),
    ])
    .addOption(new Option("--format <format>", "json: signed JSON for your code; slack, discord, telegram: a chat message").choices(["json", "slack", "discord", "telegram"]).default("json"))
    .action(async (url: string, opts: { event?: string[]; format: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const named = opts.event ?? DEFAULT_EVENTS;
      const events = named.includes("all") ? [...COMMENT_EVENT_TYPES] : [...new Set(named)];
      const unknown = events.filter((e) => !(COMMENT_EVENT_TYPES as readonly string[]).includes(e));
      if (unknown.length) throw new UsageError(`No event ${unknown.map((e) => `"${e}"`).join(", ")}. The events are: ${COMMENT_EVENT_TYPES.join(", ")} (or all).`);
      const result = await ctx.api.send<{ webhook: Webhook; secret: string }>("POST", webhookPath(ctx.site()), { url, events, format: opts.format });
      if (ctx.json) return printJson(result);
      console.log(`Added webhook ${result.webhook.id}: ${result.webhook.events.join(", ")} to ${result.webhook.url} (${result.webhook.format}).`);
      console.log(`Signing secret (shown once; keep it secret): ${result.secret}`);
    });
  webhooks
    .command("remove")
    .description("Remove a webhook")
    .argument("<id>", "the webhook's id (wh_…)")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      await ctx.api.send("DELETE", webhookPath(ctx.site(), id));
      if (ctx.json) printJson({ removed: id });
      else console.log(`Removed webhook ${id}.`);
    });
  webhooks
    .command("test")
    .description("Send a signed test event now and print what the receiver answered (exit code 1 when it did not accept it)")
    .argument("<id>", "the webhook's id (wh_…)")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { delivery } = await ctx.api.send<{ delivery: Delivery }>("POST", `${webhookPath(ctx.site(), id)}/test`);
      if (ctx.json) printJson(delivery);
      else console.log(`Test event ${delivery.id}: ${outcome(delivery)}.`);
      if (delivery.status !== "delivered") {
        if (!ctx.json) console.error("parley: the receiver did not accept the test event; check its URL and that it answers 2xx.");
        process.exitCode = 1;
      }
    });
  webhooks
    .command("resume")
    .description("Resume a paused webhook; what it held is sent, oldest first")
    .argument("<id>", "the webhook's id (wh_…)")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const result = await ctx.api.send<{ webhook: Webhook; released: number }>("POST", `${webhookPath(ctx.site(), id)}/resume`);
      if (ctx.json) return printJson(result);
      // An active webhook (or a paused one that held nothing) answers 0: there was nothing to send.
      if (result.released === 0) console.log(`Webhook ${id} is active; it held no deliveries, so none go out now.`);
      else console.log(`Resumed webhook ${id}; ${result.released} held deliver${result.released === 1 ? "y goes" : "ies go"} out now, oldest first.`);
    });
  webhooks
    .command("retry")
    .description("Send a failed delivery again, under its same delivery id (a delivery that is not failed is left as it is)")
    .argument("<id>", "the webhook's id (wh_…)")
    .argument("<delivery>", "the delivery's id (dl_…), from `webhooks deliveries`")
    .action(async (id: string, deliveryId: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const result = await ctx.api.send<{ delivery: Delivery; retried: boolean }>(
        "POST",
        `${webhookPath(ctx.site(), id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`,
      );
      if (ctx.json) return printJson(result);
      const { delivery, retried } = result;
      if (!retried) console.log(`Left ${delivery.id} alone: it is ${outcome(delivery)}, not failed.`);
      else if (delivery.status === "delivered" || delivery.status === "failed") console.log(`Sent ${delivery.id} again: ${outcome(delivery)}.`);
      // Queued: the queue sends it within seconds, then on the retry schedule while the receiver refuses it.
      else console.log(`Sending ${delivery.id} again; ${cliCommand(`webhooks deliveries ${id}`)} shows how it went.`);
    });
  webhooks
    .command("deliveries")
    .description("A webhook's deliveries, newest first: status, attempts, last error, next try")
    .argument("<id>", "the webhook's id (wh_…)")
    .option("--limit <n>", "at most this many (1-10000; 100 a request)", wholeNumber({ min: 1, max: 10_000, example: 20 }), 20)
    .addOption(new Option("--status <status>", "only those of one status (failed: those that gave up)").choices(DELIVERY_STATUSES))
    .action(async (id: string, opts: { limit: number; status?: DeliveryStatus }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { items: deliveries } = await listAll<Delivery>(ctx.api, `${webhookPath(ctx.site(), id)}/deliveries`, "deliveries", {
        max: opts.limit,
        query: { status: opts.status },
      });
      printList(ctx.json, { deliveries }, deliveries, ["id", "event", "status", "attempts", "lastStatus", "lastError", "nextAttemptAt", "createdAt"]);
    });

  const mail = program.command("mail").description("E-mail: whether it is sent, and the owner's digest of comments awaiting moderation (owner token)");
  const mailPath = (site: string) => `${paths.site(site)}/notifications/mail`;
  const showMail = (status: Record<string, unknown>) => {
    printTable(Object.entries(status).map(([setting, value]) => ({ setting, value })), ["setting", "value"]);
    const line = addressLine(status);
    if (line) console.log(`\n${line}`);
  };
  mail
    .command("show")
    .description("Whether e-mails go out (and through which provider), the digest's address (masked), whether it is confirmed, and today's count")
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const status = await ctx.api.get<Record<string, unknown>>(mailPath(ctx.site()));
      if (ctx.json) return printJson(status);
      showMail(status);
    });
  mail
    .command("set")
    .description("Set the digest's address (a new one gets a confirmation link, and no digest until it is confirmed) and switch the digest on or off")
    .option("--email <address>", "where the digest goes; none removes the address (and stops the digest)")
    .addOption(new Option("--digest <on|off>", "send the digest of comments awaiting moderation").choices(["on", "off"]))
    .action(async (opts: { email?: string; digest?: "on" | "off" }, cmd: Command) => {
      const ctx = contextOf(cmd);
      if (opts.email === undefined && opts.digest === undefined) throw new UsageError("Give --email, --digest or both.");
      const body = {
        ...(opts.email === undefined ? {} : { email: opts.email === "none" ? null : opts.email }),
        ...(opts.digest === undefined ? {} : { digest: opts.digest === "on" }),
      };
      const status = await ctx.api.send<Record<string, unknown>>("PUT", mailPath(ctx.site()), body);
      if (ctx.json) return printJson(status);
      showMail(status);
    });
  mail
    .command("resend")
    .description("Send the confirmation link of the digest's address again (at most once in 5 minutes)")
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const status = await ctx.api.send<Record<string, unknown>>("POST", `${mailPath(ctx.site())}/confirmation`);
      if (ctx.json) return printJson(status);
      showMail(status);
    });
}
