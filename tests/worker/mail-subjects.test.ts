// E-mail subjects are plain text: a site's name comes through as its owner wrote it, markup characters and all,
// while the HTML part escapes it. Only line breaks and other control characters are taken out.
import { describe, expect, it } from "vitest";
import { confirmMail, digestMail, subjectLine } from "../../worker/services/notify/mail-templates";
import { createSite, json } from "./helpers";
import { ownerConfirmation } from "./notify-helpers";

const LINKS = { approve: "https://c.example/a", spam: "https://c.example/s", delete: "https://c.example/d" };

describe("e-mail subjects", () => {
  it("keeps <, > and & of a site's name as they are", () => {
    expect(subjectLine("Confirm the moderation digest for Dispatch <b>&amp;</b>")).toBe("Confirm the moderation digest for Dispatch <b>&amp;</b>");
    expect(subjectLine("New reply to your comment on C<3 Club")).toBe("New reply to your comment on C<3 Club");
  });

  it("makes line breaks and other control characters spaces, so the subject stays one header line", () => {
    expect(subjectLine("A\r\nBcc: x@example.com\u0000\u0085B\u2028C\tD")).toBe("A Bcc: x@example.com B C D");
  });

  it("cuts a long subject at 150 characters without splitting an emoji", () => {
    const cut = subjectLine(`${"a".repeat(148)}😀😀`);
    expect(cut).toBe(`${"a".repeat(148)}…`);
    expect(subjectLine("😀".repeat(100))).toBe(`${"😀".repeat(74)}…`);
  });

  it("escapes the site's name in the HTML part, title too, and keeps it plain in the text part", () => {
    const name = "Dispatch <b>&amp;</b>";
    const mail = digestMail(name, [{ author: "Ann", where: "/post/", excerpt: "Hi", links: LINKS }], 1, "https://c.example/q", "https://c.example/u");
    expect(mail.subject).toBe("1 comment waiting for moderation on Dispatch <b>&amp;</b>");
    expect(mail.text).toContain("moderation on Dispatch <b>&amp;</b>:");
    expect(mail.html).toContain("<title>1 comment waiting for moderation on Dispatch &lt;b&gt;&amp;amp;&lt;/b&gt;</title>");
    expect(mail.html).toContain("<strong>Dispatch &lt;b&gt;&amp;amp;&lt;/b&gt;</strong>");
    expect(mail.html).not.toContain("<b>");
    const confirm = confirmMail("C<3 Club", "https://c.example/c", "https://c.example/u");
    expect(confirm.subject).toBe("Confirm reply notifications from C<3 Club");
    expect(confirm.html).toContain("<strong>C&lt;3 Club</strong>");
    expect(confirm.html).not.toContain("C<3");
  });

  it("sends a site's name in a subject as its owner wrote it", async () => {
    const site = await createSite({ name: "Dispatch <b>&amp;</b>" });
    const email = `owner-${site.id}@example.com`;
    await json(`/sites/${site.id}/notifications/mail`, 200, { method: "PUT", token: site.ownerToken, body: { email, digest: true } });
    const { mail } = await ownerConfirmation(email);
    expect(mail.subject).toBe("Confirm the moderation digest for Dispatch <b>&amp;</b>");
    expect(mail.html).toContain("<strong>Dispatch &lt;b&gt;&amp;amp;&lt;/b&gt;</strong>");
    expect(mail.html).not.toMatch(/<b>/);
  });
});
