// E-mail links in a real browser, through the local dev outbox at /dev/mail: a reader confirms reply e-mails
// with the confirmation page's button, receives a reply e-mail and unsubscribes from it; an owner approves a
// held comment from the digest's one-click link. Opening a link never acts; only the page's button does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, chromiumPath, createSite, launchBrowser, uniq, WORKER, type Browser, type Page } from "./harness";

interface DevMail {
  to: string;
  subject: string;
  text: string;
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
    const thread = "held-thread";
    const { comment } = await api<{ comment: { id: string; status: string } }>(`/sites/${site.id}/threads/${thread}/comments`, {
      body: { body: "Please let me in", authorName: "Cy" },
      expect: 201,
    });
    expect(comment.status).toBe("pending");
    const [digest] = await mailTo(owner, 1);
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

    await page.goto(confirmUrl);
    expect(await heading(page)).toBe("Link already used");
    await page.close();
  });
});
