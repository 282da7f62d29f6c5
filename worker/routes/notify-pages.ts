// Pages behind the links Parley sends: one-click moderation, confirmation of reply e-mails and of the owner's digest
// address, and unsubscribe (a GET shows a page; only its button's POST acts), and /dev/mail in local development.
import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { approvalWouldBeBlank, isErased, versionOf } from "../services/moderation";
import { loadSite } from "../services/sites";
import { inspectModerationLink, settledAsAsked, useModerationLink, type LinkState } from "../services/notify/links";
import { PAGE_HEADERS, confirmPage, devMailPage, messagePage } from "../services/notify/pages";
import { excerpt } from "../services/notify/payload";
import { scheduleDigest } from "../services/notify/digest";
import { confirmOwnerAddress } from "../services/notify/owner-confirm";
import { confirmSubscriber, unsubscribe, unsubscribeSignatureOk, type ConfirmState } from "../services/notify/replies";

const notify = (c: Context<AppEnv>) => c.get("deps").notify;
const html = (c: Context<AppEnv>, body: string, status: 200 | 400 | 404 | 409 | 410 = 200) => c.html(body, status, PAGE_HEADERS);

const DONE: Record<string, string> = { approve: "Approved", spam: "Marked as spam", delete: "Deleted" };
const ASK: Record<string, string> = { approve: "Approve", spam: "Mark as spam", delete: "Delete" };
/** The page's question: "Approve this comment?", "Mark this comment as spam?". */
const QUESTION: Record<string, string> = { approve: "Approve this comment?", spam: "Mark this comment as spam?", delete: "Delete this comment?" };

/** What a comment's status reads as in a sentence: "approved", "marked as spam". */
const BECAME: Record<string, string> = { published: "approved", rejected: "rejected", spam: "marked as spam", deleted: "deleted", pending: "back in the queue" };

/** The page of an action done (now, or by an earlier request of the same link). */
const donePage = (c: Context<AppEnv>, action: string, cm: { authorName: string; threadKey: string }) =>
  html(c, messagePage(DONE[action], `${DONE[action]}: the comment by ${cm.authorName || "Anonymous"} on ${cm.threadKey}.`));

/** A time as the pages give it: "2026-12-04 18:07 UTC". */
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * A link whose comment no longer waits: it says what became of the comment and when, instead of offering the action.
 * Its own action already done (the comment is in that state now) reads as the success it is (200; the POST's page
 * is the plain success page); any other is 409 ALREADY_MODERATED, and nothing is done.
 */
function settledPage(c: Context<AppEnv>, state: Extract<LinkState, { state: "settled" }>, posted: boolean) {
  const cm = state.comment;
  if (settledAsAsked(state) && posted) return donePage(c, state.action, cm);
  const when = state.at === null ? "" : ` on ${utc(state.at)}`;
  const how = state.usedAction === null ? "" : state.usedAction === state.action ? " with this link" : " with another link of this e-mail or message";
  const erased = isErased(cm) ? ": a GDPR erase removed its text and author for good" : "";
  const now = cm.status === state.outcome ? "" : ` It is now ${BECAME[cm.status] ?? cm.status}.`;
  const message = `The comment by ${cm.authorName || "Anonymous"} on ${cm.threadKey} was ${BECAME[state.outcome] ?? state.outcome}${when}${how}${erased}.${now}`;
  const title = `Already ${BECAME[state.outcome] ?? state.outcome}`;
  if (settledAsAsked(state)) return html(c, messagePage(title, message));
  return html(c, messagePage(title, `${message} This link does nothing more: moderate it from the dashboard or the API.`, "ALREADY_MODERATED"), 409);
}

function linkProblem(c: Context<AppEnv>, state: LinkState) {
  if (state.state === "used") return html(c, messagePage("Link already used", "This moderation link was already used; each works once."), 410);
  if (state.state === "expired") return html(c, messagePage("Link expired", "This moderation link has expired. Moderate from the dashboard or the API."), 410);
  if (state.state === "revoked") {
    const why = "The site's owner token was replaced after this link was sent, which ends every moderation link sent before it.";
    return html(c, messagePage("Link no longer valid", `${why} Moderate from the dashboard or the API.`), 410);
  }
  if (state.state === "changed") {
    return html(c, messagePage("The comment changed", "It was edited, or moderated elsewhere, since this page showed it. Nothing was done; open the link again to see it as it is now."), 409);
  }
  return html(c, messagePage("Link not valid", "This moderation link is not valid."), 404);
}

/** Why the owner's confirmation link does not lead to its button: already done, expired, or not (or no longer) valid. */
function ownerLinkProblem(c: Context<AppEnv>, state: ConfirmState) {
  if (state === "confirmed") return html(c, messagePage("Already confirmed", "The digest address is confirmed."));
  if (state === "expired") return html(c, messagePage("Link expired", "This confirmation link has expired. Ask for a new one in the dashboard's e-mail settings (or with `parley mail resend`)."), 410);
  return html(c, messagePage("Link not valid", "This confirmation link is not valid, or the digest address has changed since it was sent."), 404);
}

async function siteOrNull(c: Context<AppEnv>, id: string) {
  try {
    return await loadSite(c.get("deps"), id);
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
}

/** The digest address's confirmation page (a GET changes nothing: mail scanners follow links). */
async function ownerConfirmPage(c: Context<AppEnv>) {
  const { site: siteId, exp, sig } = c.req.param();
  const site = await siteOrNull(c, siteId);
  const state = site ? await confirmOwnerAddress(notify(c), site, exp, sig, false) : "invalid";
  if (state !== "ready" || !site) return ownerLinkProblem(c, state);
  return html(c, confirmPage("Confirm the moderation digest", `Send this address the digest of comments waiting for moderation on ${site.name}, at most one e-mail an hour.`, null, "Yes, send me the digest"));
}

/** Confirms the digest address, and schedules a digest of what waits already. */
async function ownerConfirm(c: Context<AppEnv>) {
  const { site: siteId, exp, sig } = c.req.param();
  const site = await siteOrNull(c, siteId);
  const nd = notify(c);
  const state = site ? await confirmOwnerAddress(nd, site, exp, sig, true) : "invalid";
  if (state !== "confirmed" || !site) return ownerLinkProblem(c, state);
  // Comments that started waiting before the confirmation are in the first digest.
  await scheduleDigest(nd, site.id);
  return html(c, messagePage("The digest is on", `Comments waiting for moderation on ${site.name} come to this address, at most one e-mail an hour. Every digest has a link to stop it.`));
}

/** A reply subscriber's confirmation page. */
async function subscriberConfirmPage(c: Context<AppEnv>) {
  const { site: siteId, sub, exp, sig } = c.req.param();
  const site = await siteOrNull(c, siteId);
  const state = site ? await confirmSubscriber(notify(c), site.id, sub, exp, sig, false) : "invalid";
  if (state === "confirmed") return html(c, messagePage("Already confirmed", "Reply e-mails are on for this address."));
  if (state === "expired") return html(c, messagePage("Link expired", "This confirmation link has expired. Tick “notify me” on your next comment to get a new one."), 410);
  if (state === "invalid" || !site) return html(c, messagePage("Link not valid", "This confirmation link is not valid."), 404);
  return html(c, confirmPage("Confirm reply e-mails", `Get an e-mail when someone replies to your comments on ${site.name}.`, null, "Yes, e-mail me replies"));
}

/** Confirms a reply subscriber's address. */
async function subscriberConfirm(c: Context<AppEnv>) {
  const { site: siteId, sub, exp, sig } = c.req.param();
  const site = await siteOrNull(c, siteId);
  const state = site ? await confirmSubscriber(notify(c), site.id, sub, exp, sig, true) : "invalid";
  if (state === "expired") return html(c, messagePage("Link expired", "This confirmation link has expired."), 410);
  if (state !== "confirmed" || !site) return html(c, messagePage("Link not valid", "This confirmation link is not valid."), 404);
  return html(c, messagePage("Reply e-mails are on", `You will get an e-mail when someone replies to your comments on ${site.name}. Every e-mail has an unsubscribe link.`));
}

/**
 * An unsubscribe link that is not (or no longer) valid. The owner's is made for the address it was sent to, so it
 * ends when that address is removed (its own unsubscribe removes one never confirmed) or replaced.
 */
const unsubscribeInvalid = (who: string) =>
  messagePage(
    "Link not valid",
    who === "owner"
      ? "This unsubscribe link is not valid (any more): it was made for an address that is no longer the site's digest address (removed already, or replaced by another)."
      : "This unsubscribe link is not valid.",
  );

/** What a moderation link's page says of a comment whose text shows nothing (an imported blank). */
const BLANK_TEXT = "This comment's text shows nothing (an imported blank), so approving it would show readers a blank. Edit its text in the dashboard first; this link stays usable.";

export const notifyPageRoutes = new Hono<AppEnv>()
  .get("/moderate/:site/:id/:action/:sig", async (c) => {
    const { site: siteId, id, action, sig } = c.req.param();
    const site = await siteOrNull(c, siteId);
    if (!site) return html(c, messagePage("Link not valid", "This moderation link is not valid."), 404);
    const state = await inspectModerationLink(c.get("deps"), notify(c), site, id, action, sig);
    if (state.state === "settled") return settledPage(c, state, false);
    if (state.state !== "ready") return linkProblem(c, state);
    const cm = state.comment;
    // Nothing to ask: approving would publish a blank (the POST refuses it too).
    if (state.action === "approve" && approvalWouldBeBlank(cm)) return html(c, messagePage("Nothing changed", BLANK_TEXT), 409);
    return html(
      c,
      confirmPage(
        QUESTION[state.action],
        `${cm.authorName || "Anonymous"} on ${cm.threadKey} (${site.name}), now ${cm.status}:`,
        excerpt(cm.bodySource, 1000),
        ASK[state.action],
        state.action !== "approve",
        versionOf(cm),
      ),
    );
  })

  .post("/moderate/:site/:id/:action/:sig", async (c) => {
    const { site: siteId, id, action, sig } = c.req.param();
    const site = await siteOrNull(c, siteId);
    if (!site) return html(c, messagePage("Link not valid", "This moderation link is not valid."), 404);
    // The version of the comment the confirmation page showed (a page from before versions sends none).
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const version = typeof form.version === "string" ? form.version : undefined;
    try {
      const state = await useModerationLink(c.get("deps"), notify(c), site, id, action, sig, version);
      if (state.state === "settled") return settledPage(c, state, true);
      if (state.state !== "ready") return linkProblem(c, state);
      return donePage(c, state.action, state.comment);
    } catch (err) {
      // The action does not fit the comment as it is now: its state, or a GDPR erase that emptied it for good.
      if (err instanceof AppError && (err.code === "INVALID_STATE" || err.code === "COMMENT_ERASED")) {
        return html(c, messagePage("Nothing changed", err.message), 409);
      }
      if (err instanceof AppError && err.code === "COMMENT_BLANK") return html(c, messagePage("Nothing changed", BLANK_TEXT), 409);
      if (err instanceof AppError && err.code === "COMMENT_CHANGED") return linkProblem(c, { state: "changed" });
      throw err;
    }
  })

  // One pair of routes for both kinds of confirmation link: "owner" in the subscriber's place names the site's
  // digest address. Separate routes for the literal would keep Hono off its RegExpRouter (it cannot tell a
  // static segment from a parameter in the same place), and every request would be routed by the slower trie.
  .get("/mail/confirm/:site/:sub/:exp/:sig", (c) => (c.req.param("sub") === "owner" ? ownerConfirmPage(c) : subscriberConfirmPage(c)))
  .post("/mail/confirm/:site/:sub/:exp/:sig", (c) => (c.req.param("sub") === "owner" ? ownerConfirm(c) : subscriberConfirm(c)))

  .get("/mail/unsubscribe/:site/:who/:sig", async (c) => {
    const { site: siteId, who, sig } = c.req.param();
    const site = await siteOrNull(c, siteId);
    const nd = notify(c);
    if (!site || !(await unsubscribeSignatureOk(nd, site.id, who, sig))) return html(c, unsubscribeInvalid(who), 404);
    const owner = who === "owner" ? await nd.stores.mail.getOwnerMail(site.id) : null;
    // Opened again after it was done (or after a mail client's one-click): it says so, and offers no button.
    const done = owner ? !owner.digest && owner.emailConfirmedAt !== null : (await nd.stores.mail.getSubscriber(site.id, who))?.status === "unsubscribed";
    if (done) return html(c, messagePage("Unsubscribed", `You are unsubscribed: you get no ${owner ? "digests" : "reply e-mails"} from ${site.name}.`));
    const waiting = owner?.emailConfirmedAt === null;
    const what = waiting
      ? `e-mails from ${site.name} to this address (it was set as the digest address, and never confirmed)`
      : who === "owner"
        ? "the digest of comments waiting for moderation"
        : "reply e-mails";
    return html(c, confirmPage("Unsubscribe", `Stop ${what}${waiting ? "" : ` from ${site.name}`}.`, null, "Unsubscribe"));
  })

  // The page's button and mail clients' RFC 8058 one-click POST (body `List-Unsubscribe=One-Click`) both land here.
  .post("/mail/unsubscribe/:site/:who/:sig", async (c) => {
    const { site: siteId, who, sig } = c.req.param();
    const site = await siteOrNull(c, siteId);
    const nd = notify(c);
    if (!site || !(await unsubscribeSignatureOk(nd, site.id, who, sig))) return html(c, unsubscribeInvalid(who), 404);
    const waiting = who === "owner" && (await nd.stores.mail.getOwnerMail(site.id))?.emailConfirmedAt === null;
    await unsubscribe(nd, site.id, who);
    // An owner address never confirmed is removed (see unsubscribe); a confirmed one only stops its digests.
    const what = waiting ? `e-mails from ${site.name}: this address is no longer its digest address` : `${who === "owner" ? "digests" : "reply e-mails"} from ${site.name}`;
    return html(c, messagePage("Unsubscribed", `You will get no more ${what}.`));
  })

  .get("/dev/mail", async (c) => {
    const nd = notify(c);
    if (!nd.dev) throw new AppError("NOT_FOUND", "No such route.");
    return html(c, devMailPage(await nd.stores.mail.listDevMail(100)));
  })

  .get("/dev/mail.json", async (c) => {
    const nd = notify(c);
    if (!nd.dev) throw new AppError("NOT_FOUND", "No such route.");
    return c.json({ messages: await nd.stores.mail.listDevMail(100) }, 200, { "Cache-Control": "no-store" });
  });
