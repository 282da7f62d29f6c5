// E-mail links in a real browser, through the local dev outbox at /dev/mail: a reader confirms reply e-mails
// with the confirmation page's button, receives a reply e-mail and unsubscribes from it; an owner approves a
// held comment from the digest's one-click link, once the digest address is confirmed from its own e-mail. Opening
// a link never acts; only the page's button does.
// Then the reader's side in the widget: the "notify me of replies" box beside the e-mail field, end to end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  axeViolations,
  chromiumPath,
  commentLocator,
  createSite,
  focusedElement,
  launchBrowser,
  newCommentForm,
  openHostPage,
  replyForm,
  submitComment,
  uniq,
  waitForThread,
  WORKER,
  type Browser,
  type Locator,
  type Page,
} from "./harness";

interface DevMail {
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/** Waits (bounded) until the dev outbox holds `count` messages to `to`; returns them, newest first. */
async function mailTo(to: string, count: number): Promise<DevMail[]> {
  for (let i = 0; i < 150; i++) {
    const { messages } = (await (await fetch(`${WORKER}/dev/mail.json`)).json()) as { messages: DevMail[] };
    const mine = messages.filter((m) => m.to === to);
    if (mine.length >= count) return mine;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${count} e-mails to ${to} in /dev/mail`);
}

/** Opens /dev/mail and follows the link containing `part` in the text part of the newest e-mail to `to`. */
async function followMailLink(page: Page, to: string, part: string) {
  await page.goto(`${WORKER}/dev/mail`);
  const mail = page.locator("article.mail", { has: page.locator(".to", { hasText: to }) }).first();
  await mail.locator("pre.text a", { hasText: part }).first().click();
  await page.waitForLoadState("domcontentloaded");
}

const heading = (page: Page) => page.locator("h1").innerText();

describe.skipIf(!chromiumPath)("notification e-mails in the browser", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("lets a reader confirm reply e-mails, get one, and unsubscribe, each with one button", async () => {
    const site = await createSite("notify");
    const email = `reader-${uniq()}@example.com`;
    const thread = "/posts/notify/";
    const { comment } = await api<{ comment: { id: string } }>(`/sites/${site.id}/threads/${encodeURIComponent(thread)}/comments`, {
      body: { body: "Tell me when someone answers", authorName: "Ann", authorEmail: email, notify: true },
      expect: 201,
    });
    await mailTo(email, 1);
    const page = await browser.context.newPage();

    await followMailLink(page, email, "/mail/confirm/");
    expect(await heading(page)).toBe("Confirm reply e-mails");
    await page.getByRole("button", { name: "Yes, e-mail me replies" }).click();
    await page.locator("h1", { hasText: "Reply e-mails are on" }).waitFor();

    await api(`/sites/${site.id}/threads/${encodeURIComponent(thread)}/comments`, {
      body: { body: "Here is your answer <b>friend</b>", authorName: "Bob", parentId: comment.id },
      expect: 201,
    });
    const [replyMail] = await mailTo(email, 2);
    expect(replyMail.subject).toBe(`New reply to your comment on Test blog ${site.id}`);
    expect(replyMail.text).toContain("Here is your answer <b>friend</b>");

    // The HTML part, shown in a sandboxed frame, shows the reply as text, never as markup.
    await page.goto(`${WORKER}/dev/mail`);
    const frame = page.locator("article.mail", { has: page.locator(".to", { hasText: email }) }).first().frameLocator("iframe.html");
    await expect(frame.locator("blockquote").first().innerText()).resolves.toContain("Here is your answer <b>friend</b>");

    await followMailLink(page, email, "/mail/unsubscribe/");
    expect(await heading(page)).toBe("Unsubscribe");
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await page.locator("h1", { hasText: "Unsubscribed" }).waitFor();
    await page.close();
  });

  it("lets the owner approve a held comment from the digest: the link asks, the button acts once", async () => {
    const site = await createSite("digest", { moderation: "pre" });
    const owner = `owner-${uniq()}@example.com`;
    await api(`/sites/${site.id}/notifications/mail`, { method: "PUT", token: site.ownerToken, body: { email: owner } });
    // The address first: its confirmation e-mail's link asks, and only the button confirms.
    await mailTo(owner, 1);
    const confirm = await browser.context.newPage();
    await followMailLink(confirm, owner, "/mail/confirm/");
    expect(await heading(confirm)).toBe("Confirm the moderation digest");
    expect(await api(`/sites/${site.id}/notifications/mail`, { token: site.ownerToken })).toMatchObject({ ownerEmailConfirmed: false });
    await confirm.getByRole("button", { name: "Yes, send me the digest" }).click();
    await confirm.locator("h1", { hasText: "The digest is on" }).waitFor();
    await confirm.close();
    const thread = "held-thread";
    const { comment } = await api<{ comment: { id: string; status: string } }>(`/sites/${site.id}/threads/${thread}/comments`, {
      body: { body: "Please let me in", authorName: "Cy" },
      expect: 201,
    });
    expect(comment.status).toBe("pending");
    const [digest] = await mailTo(owner, 2);
    expect(digest.subject).toBe(`1 comment waiting for moderation on Test blog ${site.id}`);

    const page = await browser.context.newPage();
    await followMailLink(page, owner, "/approve/");
    expect(await heading(page)).toBe("Approve this comment?");
    await expect(page.locator("blockquote").innerText()).resolves.toContain("Please let me in");
    const held = await api<{ comments: { id: string }[] }>(`/sites/${site.id}/moderation/comments?status=pending`, { token: site.ownerToken });
    expect(held.comments.map((c) => c.id)).toContain(comment.id);

    const confirmUrl = page.url();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.locator("h1", { hasText: "Approved" }).waitFor();
    const published = await api<{ comments: { id: string }[] }>(`/sites/${site.id}/threads/${thread}/comments`);
    expect(published.comments.map((c) => c.id)).toContain(comment.id);

    // Spent: the link's page now says what was done, and when, with no button.
    await page.goto(confirmUrl);
    expect(await heading(page)).toBe("Already approved");
    expect(await page.getByRole("button").count()).toBe(0);
    await page.close();
  });
});

const NOTIFY = "Notify me of replies by email";
const clean = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
const notifyBox = (form: Locator) => form.getByRole("checkbox", { name: NOTIFY });
const emailField = (form: Locator) => form.getByRole("textbox", { name: /^Email/ });

/** What the page POSTed as comments, in order. */
function postedBodies(page: Page): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && /\/threads\/[^/]+\/comments$/.test(new URL(r.url()).pathname)) bodies.push(r.postDataJSON());
  });
  return bodies;
}

/** A thread of a fresh site on the host blog, once the forms are in; `forget` starts with no remembered choice. */
async function openThread(browser: Browser, siteId: string, thread: string, forget = true) {
  const { page } = await openHostPage(browser, {
    element: "comments",
    site: siteId,
    thread,
    csp: false,
    beforeLoad: (p) => forget && p.addInitScript(() => localStorage.removeItem("parley:notify")),
  });
  await waitForThread(page);
  await newCommentForm(page).last().waitFor();
  return { page, sent: postedBodies(page) };
}

describe.skipIf(!chromiumPath)("the reader's 'notify me of replies' box", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("lets a reader tick the box by keyboard, confirm from the e-mail, and get a reply e-mail with List-Unsubscribe", async () => {
    const site = await createSite("optin");
    const email = `ticks-${uniq()}@example.com`;
    const thread = `/posts/optin-${uniq()}/`;
    const { page, sent } = await openThread(browser, site.id, thread);
    const form = newCommentForm(page);

    await emailField(form).fill(email);
    await emailField(form).focus();
    await page.keyboard.press("Tab");
    expect(await focusedElement(page)).toBe("input");
    expect(await notifyBox(form).evaluate((box) => box.getRootNode() instanceof ShadowRoot && (box.getRootNode() as ShadowRoot).activeElement === box)).toBe(true);
    expect(await notifyBox(form).isChecked()).toBe(false);
    await page.keyboard.press("Space");
    expect(await notifyBox(form).isChecked()).toBe(true);
    expect(await axeViolations(page, "parley-comments")).toEqual([]);

    await submitComment(form, { body: "Please tell me when someone answers", name: "Ann" });
    const mine = commentLocator(page, "Please tell me when someone answers");
    const notice = mine.locator("[part~=notice]");
    await notice.waitFor();
    expect(clean(await notice.textContent())).toBe(
      "Check your inbox: confirm the email we just sent you, and replies to this comment will come by email.",
    );
    await page.locator("parley-comments [role=status]", { hasText: "Comment posted. Check your inbox" }).waitFor();
    expect(sent).toEqual([expect.objectContaining({ authorEmail: email, notify: true })]);
    expect(await axeViolations(page, "parley-comments")).toEqual([]);

    const [confirm] = await mailTo(email, 1);
    expect(confirm.subject).toBe(`Confirm reply notifications from Test blog ${site.id}`);
    const mailPage = await browser.context.newPage();
    await followMailLink(mailPage, email, "/mail/confirm/");
    expect(await heading(mailPage)).toBe("Confirm reply e-mails");
    await mailPage.getByRole("button", { name: "Yes, e-mail me replies" }).click();
    await mailPage.locator("h1", { hasText: "Reply e-mails are on" }).waitFor();

    const parentId = (await mine.getAttribute("id"))!.replace(/^comment-/, "");
    await api(`/sites/${site.id}/threads/${encodeURIComponent(thread)}/comments`, {
      body: { body: "Here is an answer for Ann", authorName: "Bob", parentId },
      expect: 201,
    });
    const [reply] = await mailTo(email, 2);
    expect(reply.subject).toBe(`New reply to your comment on Test blog ${site.id}`);
    expect(reply.text).toContain("Here is an answer for Ann");
    expect(reply.headers["List-Unsubscribe"]).toMatch(new RegExp(`^<${WORKER}/mail/unsubscribe/${site.id}/[^>]+>$`));
    expect(reply.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");

    // The dev outbox shows the same headers a mail client would read.
    await mailPage.goto(`${WORKER}/dev/mail`);
    const shown = mailPage.locator("article.mail", { has: mailPage.locator(".to", { hasText: email }) }).first();
    expect(clean(await shown.locator("tr", { has: mailPage.locator("th", { hasText: /^List-Unsubscribe$/ }) }).textContent())).toContain(
      "/mail/unsubscribe/",
    );
    await mailPage.close();
    await page.close();
  });

  it("shows no box without an e-mail, and sends no e-mail for a comment posted with the box not ticked", async () => {
    const site = await createSite("optout");
    const quiet = `quiet-${uniq()}@example.com`;
    const loud = `loud-${uniq()}@example.com`;
    const { page, sent } = await openThread(browser, site.id, `optout-${uniq()}`);
    const form = newCommentForm(page);

    expect(await notifyBox(form).count()).toBe(0);
    await emailField(form).fill("   ");
    expect(await notifyBox(form).count()).toBe(0);
    await emailField(form).fill(quiet);
    await notifyBox(form).waitFor();
    await emailField(form).fill("");
    await notifyBox(form).waitFor({ state: "detached" });
    // The form drawn again without the box leaves the field as the reader left it (it drew the address back in).
    expect(await emailField(form).inputValue()).toBe("");

    await emailField(form).fill(quiet);
    expect(await notifyBox(form).isChecked()).toBe(false);
    await submitComment(form, { body: "No e-mails for me, thanks", name: "Quinn" });
    await commentLocator(page, "No e-mails for me, thanks").waitFor();
    expect(await commentLocator(page, "No e-mails for me, thanks").locator("[part~=notice]").count()).toBe(0);
    expect(sent[0]).toMatchObject({ authorEmail: quiet });
    expect(sent[0]).not.toHaveProperty("notify");

    // A later reader who ticks the box gets their confirmation; by then the first one has still got nothing.
    await emailField(form).fill(loud);
    await notifyBox(form).check();
    await submitComment(form, { body: "E-mail me, please", name: "Lou" });
    await mailTo(loud, 1);
    expect(sent[1]).toMatchObject({ authorEmail: loud, notify: true });
    const { messages } = (await (await fetch(`${WORKER}/dev/mail.json`)).json()) as { messages: DevMail[] };
    expect(messages.filter((m) => m.to === quiet)).toEqual([]);
    await page.close();
  });

  it("sends an address in the reader's own script as typed, and says by the field when reply e-mails need another", async () => {
    const site = await createSite("script");
    // Chromium's type=email sends this one's domain as xn--fsqu00a.xn--4rr70v, an address of another hash.
    const own = "user@例子.广告";
    const { page, sent } = await openThread(browser, site.id, `script-${uniq()}`);
    const form = newCommentForm(page);
    expect(await emailField(form).evaluate((input: HTMLInputElement) => [input.inputMode, input.autocomplete])).toEqual(["email", "email"]);

    await emailField(form).fill(own);
    await submitComment(form, { body: "Written in my own script", name: "José" });
    await commentLocator(page, "Written in my own script").waitFor();
    expect(sent[0]).toMatchObject({ authorEmail: own });

    await emailField(form).fill("josé@例子.广告");
    await notifyBox(form).check();
    await submitComment(form, { body: "And e-mail me", name: "José" });
    const message = "Reply e-mails can go only to an address such as name@example.com, in Latin letters.";
    await form.locator("[part~=error]", { hasText: message }).waitFor();
    expect(await emailField(form).getAttribute("aria-invalid")).toBe("true");
    expect(sent[1]).toMatchObject({ authorEmail: "josé@例子.广告", notify: true });
    await page.close();
  });

  it("remembers the choice, carries it to the reply form, and asks to confirm only until the address is confirmed", async () => {
    const site = await createSite("remember");
    const email = `again-${uniq()}@example.com`;
    const thread = `remember-${uniq()}`;
    const first = await openThread(browser, site.id, thread);
    await emailField(newCommentForm(first.page)).fill(email);
    await notifyBox(newCommentForm(first.page)).check();
    await submitComment(newCommentForm(first.page), { body: "The first time", name: "Rita" });
    await commentLocator(first.page, "The first time").locator("[part~=notice]", { hasText: "Check your inbox" }).waitFor();
    // The API says what holds: until the address is confirmed, each post asks for it again.
    await submitComment(newCommentForm(first.page), { body: "Before confirming", name: "Rita" });
    await commentLocator(first.page, "Before confirming").locator("[part~=notice]", { hasText: "Check your inbox" }).waitFor();
    await mailTo(email, 1);
    await followMailLink(first.page, email, "/mail/confirm/");
    await first.page.getByRole("button", { name: "Yes, e-mail me replies" }).click();
    await first.page.locator("h1", { hasText: "Reply e-mails are on" }).waitFor();
    await first.page.close();

    const { page, sent } = await openThread(browser, site.id, thread, false);
    const form = newCommentForm(page);
    await emailField(form).fill(email);
    expect(await notifyBox(form).isChecked()).toBe(true);
    await submitComment(form, { body: "The second time", name: "Rita" });
    const notice = commentLocator(page, "The second time").locator("[part~=notice]");
    await notice.waitFor();
    expect(clean(await notice.textContent())).toBe("You will get an email when someone replies to this comment.");

    await commentLocator(page, "The first time").getByRole("button", { name: "Reply", exact: true }).click();
    const reply = replyForm(page, "The first time");
    await reply.waitFor();
    expect(await emailField(reply).inputValue()).toBe(email);
    expect(await notifyBox(reply).isChecked()).toBe(true);
    // The address came along with the form: emptying it takes the box away, and typing it again brings it back.
    await emailField(reply).fill("");
    await notifyBox(reply).waitFor({ state: "detached" });
    await emailField(reply).fill(email);
    expect(await notifyBox(reply).isChecked()).toBe(true);
    await submitComment(reply, { body: "A reply I want to follow", name: "Rita" });
    await commentLocator(page, "A reply I want to follow").locator("[part~=notice]").waitFor();
    expect(sent.map((b) => [b.body, b.notify, typeof b.parentId])).toEqual([
      ["The second time", true, "undefined"],
      ["A reply I want to follow", true, "string"],
    ]);
    await page.close();
  });
});
