// Settings → E-mail in real Chromium against `wrangler dev`: the owner sees whether e-mail is sent and how, sets the
// digest address (shown masked), switches the digest on and off, and reads the API's refusals in words: a digest
// with no address, an address that is not one. A new address waits for the link e-mailed to it; once confirmed, a
// digest switched on here arrives in the dev outbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminAxe, api, chromiumPath, confirmOwnerMail, createSite, describedBy, focusedElement, launchBrowser, openAdmin, postComment, signIn, uniq, WORKER, type Browser } from "./admin-harness";

interface MailStatus {
  ownerEmail: string | null;
  digest: boolean;
}

describe.skipIf(!chromiumPath)("the owner's e-mail settings in the dashboard", () => {
  let owner: Browser;
  beforeAll(async () => {
    owner = await launchBrowser();
  });
  afterAll(async () => {
    await owner?.close();
  });

  it("shows the sending status, refuses a digest without an address in words, saves an address and the digest", async () => {
    const site = await createSite("dash-mail", { moderation: "pre" });
    const mailStatus = () => api<MailStatus>(`/sites/${site.id}/notifications/mail`, { token: site.ownerToken });
    const { page, pageErrors } = await openAdmin(owner);
    await signIn(page, site);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const section = page.locator("admin-mail");
    await expect.poll(() => section.locator("#mail-sending").innerText()).toBe(
      "Sending: Local development: e-mails are not sent; they are listed at /dev/mail. 0 of 200 e-mails sent today.",
    );
    expect(await section.locator("#mail-address").innerText()).toBe("Digest address: none set");
    const digest = page.getByLabel("E-mail me a digest of comments held for approval (at most one an hour)");
    expect(await digest.isChecked()).toBe(false);
    expect(await adminAxe(page)).toEqual([]);

    // The digest without an address: refused, in words, by the checkbox; nothing stored.
    const status = section.locator("[role=status]");
    await digest.check();
    await page.getByRole("button", { name: "Save e-mail settings" }).click();
    await expect.poll(() => status.textContent()).toBe("Not saved. A digest needs an e-mail address to go to: add one first.");
    expect(await describedBy(digest)).toEqual(["A digest needs an e-mail address to go to: add one first."]);
    expect(await focusedElement(page)).toBe("input#mail-digest");
    expect(await mailStatus()).toMatchObject({ ownerEmail: null, digest: false });

    // Not an address: the field says so.
    const field = page.getByLabel("Address", { exact: true });
    await field.fill("owner at example dot com");
    await page.getByRole("button", { name: "Save e-mail settings" }).click();
    await expect.poll(() => status.textContent()).toBe("Not saved. Must be an email address.");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect(await focusedElement(page)).toBe("input#mail-email");

    // A real one, with the digest: saved, shown masked, never in full.
    const email = `Zoe.Owner+${uniq()}@example.com`;
    await field.fill(`  ${email} `);
    await page.getByRole("button", { name: "Save e-mail settings" }).click();
    await expect.poll(() => status.textContent()).toBe("Saved. We sent a link to z***@example.com: no digest goes there until it is confirmed.");
    expect(await section.locator("#mail-address").innerText()).toMatch(/^Digest address: z\*\*\*@example\.com\s+Remove address$/);
    const confirmation = section.locator("#mail-confirmation");
    expect(await confirmation.innerText()).toBe(
      "Waiting for confirmation: we sent a link to z***@example.com. No digest goes to it until the link is opened and confirmed. Send the link again",
    );
    expect(await page.getByLabel("New address", { exact: true }).inputValue()).toBe("");
    expect(await page.locator("admin-settings").innerText()).not.toContain(email);
    expect(await mailStatus()).toMatchObject({ ownerEmail: "z***@example.com", digest: true, ownerEmailConfirmed: false });
    expect(await adminAxe(page)).toEqual([]);
    // The confirmation e-mail goes out after the answer; the count says so a few seconds later, without a reload.
    await expect.poll(() => section.locator("#mail-sending").innerText(), { timeout: 15_000 }).toContain("1 of 200 e-mails sent today.");

    // Sending the link again at once: refused, in the API's words; the link already sent stays the one to use.
    await page.getByRole("button", { name: "Send the link again" }).click();
    await expect.poll(() => status.textContent()).toMatch(/^A confirmation e-mail went to this address less than 5 minutes ago\. Ask for another in \d+ seconds\.$/);

    // The owner confirms with the link and the page's button; the section shows it once it loads again.
    await confirmOwnerMail(email);
    await page.getByRole("link", { name: "Bans", exact: true }).click();
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await expect.poll(() => page.locator("admin-mail #mail-confirmation").innerText()).toBe("Confirmed: the address opened its link.");
    expect(await mailStatus()).toMatchObject({ ownerEmailConfirmed: true });

    // The digest comes: a held comment, then the dev outbox (the address as typed, without the spaces).
    await postComment(site.id, "/2026/12/held/", { authorName: "Ann «held»", body: "Waiting for you 🙂" });
    await expect
      .poll(async () => {
        const { messages } = (await (await fetch(`${WORKER}/dev/mail.json`)).json()) as { messages: { to: string; subject: string }[] };
        return messages.filter((m) => m.to === email).map((m) => m.subject);
      }, { timeout: 20_000 })
      .toEqual([`1 comment waiting for moderation on Test blog ${site.id}`, `Confirm the moderation digest for Test blog ${site.id}`]);

    // Off again, the address kept; then the address removed.
    await digest.uncheck();
    await page.getByRole("button", { name: "Save e-mail settings" }).click();
    await expect.poll(() => status.textContent()).toBe("Saved. No digest; the address z***@example.com is kept.");
    expect(await mailStatus()).toMatchObject({ ownerEmail: "z***@example.com", digest: false });
    // Removing the address asks first; then the keyboard is in the field for a new one.
    const asked: string[] = [];
    page.once("dialog", (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.getByRole("button", { name: "Remove address" }).click();
    await expect.poll(() => status.textContent()).toBe("Saved. No address: no digest.");
    expect(asked).toEqual(["Remove the digest address z***@example.com? No digest is sent until you set an address again and it is confirmed."]);
    await expect.poll(() => focusedElement(page)).toBe("input#mail-email");
    expect(await section.locator("#mail-address").innerText()).toBe("Digest address: none set");
    expect(await mailStatus()).toMatchObject({ ownerEmail: null, digest: false });
    expect(pageErrors).toEqual([]);
  });
});
