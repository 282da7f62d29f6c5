// A site owner working through a long queue in real Chromium: shortcuts and buttons act on the comment the owner is
// at, and the keyboard stays there afterwards; a tab the worker cannot answer for never shows another tab's comments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, chromiumPath, createSite, editAs, focusedElement, HOST, launchBrowser, openAdmin, postComment, queueItem, signIn, tab, uniq, type Browser, type Page } from "./admin-harness";

let owner: Browser;
beforeAll(async () => {
  if (chromiumPath) owner = await launchBrowser();
});
afterAll(async () => {
  await owner?.close();
});

/** The ids of the queue's items, top to bottom. */
const shownIds = (page: Page) => page.locator("admin-queue article").evaluateAll((els) => els.map((e) => e.id.replace(/^c-/, "")));

/** A pre-moderated site whose queue holds `n` comments of a busy thread, and the owner signed in to it. */
async function busyQueue(prefix: string, n: number) {
  const site = await createSite(prefix, { moderation: "pre" });
  const thread = `/2024/02/busy-${uniq()}/`;
  for (let i = 0; i < n; i++) await postComment(site.id, thread, { body: `Comment number ${i} — «ça va?» مرحبا`, authorName: `Reader ${i} <b>` });
  const { page } = await openAdmin(owner);
  await signIn(page, site);
  // The queue reads 50 at a time.
  await expect.poll(() => page.locator("admin-queue article").count()).toBe(Math.min(n, 50));
  return { site, page, ids: await shownIds(page) };
}

describe.skipIf(!chromiumPath)("acting where the owner is in the queue", () => {
  it("marks as spam the comment whose button has the keyboard, not the first one, and moves to the next", async () => {
    const { page, ids } = await busyQueue("dash-qa-keys", 6);
    await page.locator(`admin-queue article#c-${ids[3]}`).getByRole("button", { name: "Reject" }).focus();
    await page.keyboard.press("s");
    await expect.poll(() => shownIds(page)).toEqual([ids[0], ids[1], ids[2], ids[4], ids[5]]);
    expect(await focusedElement(page)).toBe(`article#c-${ids[4]}.current`);
    expect(await page.getByRole("tab", { name: /^Spam \(/ }).textContent()).toBe("Spam (1)");
    await page.keyboard.press("u");
    await expect.poll(() => shownIds(page)).toEqual(ids);
  });

  it("keeps the keyboard on the comment after the one approved with a click, down the list", async () => {
    const { page, ids } = await busyQueue("dash-qa-click", 25);
    const item = page.locator(`admin-queue article#c-${ids[20]}`);
    await item.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => shownIds(page)).toEqual(ids.filter((id) => id != ids[20]));
    expect(await focusedElement(page)).toBe(`article#c-${ids[21]}.current`);
    // Still there on the screen: the page did not jump back to the top of the queue.
    expect(await page.locator(`admin-queue article#c-${ids[21]}`).evaluate((e) => e.getBoundingClientRect().top > 0 && e.getBoundingClientRect().top < innerHeight)).toBe(true);
    await page.keyboard.press("u");
    await expect.poll(() => shownIds(page)).toEqual(ids);
  });
});

describe.skipIf(!chromiumPath)("clearing a page of a long queue", () => {
  it("brings the next comments in after Select all and Reject, with the keyboard on the first, not 'Nothing here.'", async () => {
    // The queue reads 50 comments at a time: 53 leave 3 past the first page.
    const { page } = await busyQueue("dash-qa-page", 53);
    await page.locator("admin-queue").getByLabel("Select all").check();
    await page.getByLabel("Selection").getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => page.locator("admin-queue article").count()).toBe(3);
    expect(await page.locator("admin-queue").getByText("Nothing here.").count()).toBe(0);
    expect(await focusedElement(page)).toMatch(/^article#c-[\w-]+\.current$/);
    expect(await tab(page, "Pending").textContent()).toBe("Pending (3)");
    expect(await tab(page, "Rejected").textContent()).toBe("Rejected (50)");
    await page.keyboard.press("u");
    await expect.poll(() => page.locator("admin-queue article").count()).toBe(53);
  });

  it("moves the keyboard to the list, which says it is empty, once the last comment is approved", async () => {
    const { page, ids } = await busyQueue("dash-qa-last", 1);
    await page.locator(`admin-queue article#c-${ids[0]}`).getByRole("button", { name: "Approve" }).click();
    await page.locator("admin-queue #items").getByText("Nothing here.").waitFor();
    expect(await focusedElement(page)).toBe("div#items.items");
  });

  it("puts the keyboard in the search field when Clear search goes away", async () => {
    const { page } = await busyQueue("dash-qa-clear", 3);
    const q = page.locator("admin-queue");
    await q.getByRole("searchbox").fill("number 1");
    await q.getByRole("searchbox").press("Enter");
    await expect.poll(() => page.locator("admin-queue article").count()).toBe(1);
    await q.getByRole("button", { name: "Clear search" }).click();
    await expect.poll(() => page.locator("admin-queue article").count()).toBe(3);
    expect(await focusedElement(page)).toBe("input#q");
  });
});

describe.skipIf(!chromiumPath)("the forms under a comment", () => {
  it("close on Escape from their buttons too, and Escape, Cancel or Confirm ban give the keyboard back to the comment", async () => {
    const { page, ids } = await busyQueue("dash-qa-forms", 3);
    const item = page.locator(`admin-queue article#c-${ids[1]}`);
    const forms = item.locator("form");

    // Opened, a form takes the keyboard into its first field (not left on the button that opened it).
    await item.getByRole("button", { name: "Ban author" }).click();
    await forms.waitFor();
    await expect.poll(() => focusedElement(page)).toBe(`select#ban-${ids[1]}-type`);
    await page.keyboard.press("Escape");
    await expect.poll(() => forms.count()).toBe(0);
    expect(await focusedElement(page)).toBe(`article#c-${ids[1]}.current`);

    await item.getByRole("button", { name: "Edit" }).click();
    await expect.poll(() => focusedElement(page)).toBe(`textarea#edit-${ids[1]}`);
    await page.keyboard.press("Escape");
    await expect.poll(() => forms.count()).toBe(0);
    expect(await focusedElement(page)).toBe(`article#c-${ids[1]}.current`);

    await item.getByRole("button", { name: "Ban author" }).click();
    await forms.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => forms.count()).toBe(0);
    expect(await focusedElement(page)).toBe(`article#c-${ids[1]}.current`);

    await item.getByRole("button", { name: "Ban author" }).click();
    await forms.getByLabel("Ban by").selectOption("name");
    await forms.getByRole("button", { name: "Confirm ban" }).click();
    await page.locator("admin-queue").getByRole("status").getByText(/^Banned /).waitFor();
    expect(await forms.count()).toBe(0);
    expect(await focusedElement(page)).toBe(`article#c-${ids[1]}.current`);

    // The same ban again at once (a second click, another tab): the API adds none, and the line says so.
    await item.getByRole("button", { name: "Ban author" }).click();
    await forms.getByLabel("Ban by").selectOption("name");
    await forms.getByRole("button", { name: "Confirm ban" }).click();
    await page.locator("admin-queue").getByRole("status").getByText(/^Already banned: /).waitFor();
  });
});

describe.skipIf(!chromiumPath)("searching with a pasted wall of text", () => {
  it("takes no more than the API's 200 characters, so the search runs instead of failing under a line saying nothing matched", async () => {
    const { page } = await busyQueue("dash-qa-longq", 2);
    const field = page.locator("admin-queue").getByRole("searchbox");
    await field.focus();
    await page.keyboard.insertText(`Comment number 1 ${"and then a very long pasted sentence of spam ".repeat(6)}`);
    expect((await field.inputValue()).length).toBe(200);
    await field.press("Enter");
    await page.locator("admin-queue .search").getByText(/^No comments in Pending match “Comment number 1 and then/).waitFor();
    expect(await page.locator("admin-queue").getByRole("alert").count()).toBe(0);
  });
});

describe.skipIf(!chromiumPath)("a queue tab that cannot be read", () => {
  it("shows no comments of the tab before under it, says why, and reads it again on Try again", async () => {
    const site = await createSite("dash-qa-down", { moderation: "pre" });
    const thread = `/2024/05/down-${uniq()}/`;
    await postComment(site.id, thread, { body: "Still waiting for review", authorName: "Pending Pat" });
    const spam = await postComment(site.id, thread, { body: "Cheap pills at casino dot example", authorName: "Spammy" });
    await api(`/sites/${site.id}/moderation/comments/${spam.id}/spam`, { method: "POST", token: site.ownerToken });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await queueItem(page, "Still waiting for review").waitFor();

    // The worker stops answering (stopped, or the network is gone) as the owner opens the Spam tab.
    await page.route("**/moderation/comments?*", (route) => route.abort("connectionrefused"));
    await tab(page, "Spam").click();
    const alert = page.locator("admin-queue #items").getByRole("alert");
    await alert.getByText("The comments could not be loaded: The worker could not be reached.").waitFor();
    expect(await page.locator("admin-queue article").count()).toBe(0);
    expect(await page.getByLabel("Selection").count()).toBe(0);

    await page.unroute("**/moderation/comments?*");
    await alert.getByRole("button", { name: "Try again" }).click();
    // The button goes as the list loads: the keyboard is on the section's heading, not the page.
    expect(await focusedElement(page)).toBe("h2");
    await queueItem(page, "Cheap pills").waitFor();
    expect(await page.locator("admin-queue article").count()).toBe(1);
    expect(await alert.count()).toBe(0);
  });
});

describe.skipIf(!chromiumPath)("an answer that is not the API's", () => {
  it("tells a 503 page at sign-in and a rate-limiting 429 page on an action by status and when to retry, never BAD_RESPONSE", async () => {
    const site = await createSite("dash-qa-html", { moderation: "pre" });
    await postComment(site.id, `/2024/07/html-${uniq()}/`, { body: "Hold me for review", authorName: "Rae" });
    const { page } = await openAdmin(owner);
    // What Cloudflare or a proxy in front of the worker sends: an HTML page, not the API's JSON error.
    await page.route("**/api/v1/**", (route) =>
      route.fulfill({ status: 503, contentType: "text/html", body: "<!DOCTYPE html><title>Error 1101</title><h1>Worker threw exception</h1>" }),
    );
    await page.getByLabel("Site", { exact: true }).fill(site.id);
    await page.getByLabel("Owner token", { exact: true }).fill(site.ownerToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText("The worker answered with an error (HTTP 503); try again in a moment.").waitFor();
    await page.unroute("**/api/v1/**");
    await signIn(page, site);

    await page.route("**/moderation/comments/*/approve?*", (route) =>
      route.fulfill({ status: 429, contentType: "text/html", headers: { "retry-after": "30" }, body: "<!DOCTYPE html><title>Error 1015</title>You are being rate limited" }),
    );
    await queueItem(page, "Hold me for review").getByRole("button", { name: "Approve" }).click();
    // Past its undo window the action is sent, refused, and the comment comes back.
    await page.locator("admin-queue").getByRole("alert").getByText("Approved nothing: Too many requests; try again in 30 seconds.").waitFor();
    await queueItem(page, "Hold me for review").waitFor();
    expect(await page.locator("parley-admin").evaluate((e) => e.shadowRoot!.innerHTML.includes("BAD_RESPONSE"))).toBe(false);
  });
});

describe.skipIf(!chromiumPath)("a token rotated elsewhere mid-session", () => {
  it("keeps the site in the sign-in form and puts the keyboard in the token field, so only the new token is asked for", async () => {
    const site = await createSite("dash-qa-rotated");
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    const { ownerToken } = await api<{ ownerToken: string }>(`/sites/${site.id}/token`, { method: "POST", token: site.ownerToken });
    // The next section the owner opens is refused.
    await page.locator("parley-admin nav").getByRole("link", { name: "Audit log" }).click();
    await page.locator("#signin-error").getByText("Signed out: The owner token is not valid for this site.").waitFor();
    expect(await page.getByLabel("Site", { exact: true }).inputValue()).toBe(site.id);
    await expect.poll(() => focusedElement(page)).toBe("input#token");
    await page.keyboard.type(ownerToken);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
  });
});

describe.skipIf(!chromiumPath)("sections the worker cannot answer for", () => {
  it("say why with Try again instead of 'No bans yet.', 'No articles yet.' or 'Loading…' forever", async () => {
    const site = await createSite("dash-qa-sections");
    await api(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "name", value: "Troll <b>McTroll</b>", mode: "visible", reason: "spam links" } });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    const nav = page.locator("parley-admin nav");
    const sections: [string, string, string[]][] = [
      ["Bans", "admin-bans", ["The bans"]],
      ["Audit log", "admin-audit", ["The audit log"]],
      ["Threads & articles", "admin-content", ["The articles", "The threads"]],
      ["At a glance", "admin-glance", ["The figures"]],
    ];
    for (const [link, element, whats] of sections) {
      await page.route("**/api/v1/**", (route) => route.abort("connectionrefused"));
      await nav.getByRole("link", { name: link }).click();
      const section = page.locator(element);
      for (const what of whats) await section.getByRole("alert").getByText(`${what} could not be loaded: The worker could not be reached.`).waitFor();
      expect(await section.getByText(/^(No bans|No entries match|Nothing in the audit log|No articles yet|No threads yet|Loading…)/).count()).toBe(0);
      await page.unroute("**/api/v1/**");
      // Each Try again reloads its own list, and its alert (with the button) goes once that list is back; so the
      // buttons are clicked one at a time, the first left, never by a position that the first click may empty.
      const retries = section.getByRole("button", { name: "Try again" });
      for (let i = 0; i < whats.length; i++) {
        await expect.poll(() => retries.count()).toBe(whats.length - i);
        await retries.first().click();
        await expect.poll(() => retries.count()).toBe(whats.length - i - 1);
      }
      await expect.poll(() => section.getByRole("alert").count()).toBe(0);
    }
    await nav.getByRole("link", { name: "Bans" }).click();
    await page.locator("admin-bans").getByText("Troll <b>McTroll</b>").waitFor();
  });
});

describe.skipIf(!chromiumPath)("lifting a ban", () => {
  it("asks first, keeps the ban when the owner says no, and gives the keyboard to the heading once it is lifted", async () => {
    const site = await createSite("dash-qa-lift");
    await api(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "name", value: "Ẓ̷a̵l̸g̶o̸ troll", mode: "shadow", reason: "flooding" } });
    const bans = async () => (await api<{ bans: unknown[] }>(`/sites/${site.id}/bans`, { token: site.ownerToken })).bans.length;
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await page.locator("parley-admin nav").getByRole("link", { name: "Bans" }).click();
    const lift = page.locator("admin-bans").getByRole("button", { name: /^Lift the ban on / });
    const asked: string[] = [];

    page.once("dialog", (d) => void (asked.push(d.message()), d.dismiss()));
    await lift.click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toMatch(/^Lift the ban on .+\? They can post again at once, and this cannot be undone\.$/);
    expect(await lift.count()).toBe(1);
    expect(await bans()).toBe(1);

    page.once("dialog", (d) => void d.accept());
    await lift.click();
    await page.locator("admin-bans").getByRole("status").getByText(/^Lifted the ban on /).waitFor();
    expect(await bans()).toBe(0);
    expect(await focusedElement(page)).toBe("h2");
  });
});

describe.skipIf(!chromiumPath)("a reply in the queue", () => {
  it("says it is a reply and links to the comment it answers on the blog", async () => {
    const site = await createSite("dash-qa-reply");
    const thread = `/2024/03/deep-${uniq()}/`;
    const parent = await postComment(site.id, thread, { body: "The original claim, in full", authorName: "Opener" });
    const reply = await postComment(site.id, thread, { body: "Agreed, he is a fraud", authorName: "Replier", parentId: parent.id });
    await postComment(site.id, thread, { body: "And a deeper answer", authorName: "Deeper", parentId: reply.id });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await tab(page, "Published").click();
    const link = queueItem(page, "Agreed, he is a fraud").getByRole("link", { name: "a comment" });
    expect(await link.getAttribute("href")).toBe(`${HOST}${thread}#comment-${parent.id}`);
    expect(await queueItem(page, "And a deeper answer").getByRole("link", { name: "a comment" }).getAttribute("href")).toBe(`${HOST}${thread}#comment-${reply.id}`);
    expect(await queueItem(page, "The original claim").getByText("in reply to").count()).toBe(0);
  });
});

describe.skipIf(!chromiumPath)("Threads & articles on a phone", () => {
  it("shows each article's Edit button whole at 360 px, without scrolling the table sideways", async () => {
    const site = await createSite("dash-qa-phone");
    await api(`/sites/${site.id}/articles/${"a-very-long-article-slug-that-goes-on-".repeat(2)}end`, {
      method: "PUT",
      token: site.ownerToken,
      body: { title: `An article whose title is long: ${"Supercalifragilisticexpialidocious".repeat(3)}`, body: "# Hi\n\nText." },
    });
    const { page } = await openAdmin(owner, { width: 360 });
    await signIn(page, site);
    await page.locator("parley-admin nav").getByRole("link", { name: "Threads & articles" }).click();
    const edit = page.locator("admin-content").getByRole("button", { name: /^Edit An article/ });
    const table = page.locator("admin-content .table").first();
    const [button, box] = [(await edit.boundingBox())!, (await table.boundingBox())!];
    expect(button.x + button.width).toBeLessThanOrEqual(box.x + box.width);
    expect(await table.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  });
});

describe.skipIf(!chromiumPath)("Threads & articles of a pre-moderated site", () => {
  it("shows the comments waiting in the queue beside the published ones, linking to that thread's in the queue", async () => {
    const site = await createSite("dash-qa-waiting", { moderation: "pre" });
    const waiting = `/2024/08/всё-ждёт-${uniq()}/`;
    const mixed = `/2024/08/mixed-${uniq()}/`;
    for (const body of ["Première — waiting", "第二条 — waiting", "<b>Third</b> & waiting"]) await postComment(site.id, waiting, { body, authorName: "Patient" });
    const approved = await postComment(site.id, mixed, { body: "Approved already", authorName: "Lucky" });
    await postComment(site.id, mixed, { body: "Still in the queue", authorName: "Later" });
    await api(`/sites/${site.id}/moderation/comments/${approved.id}/approve`, { method: "POST", token: site.ownerToken });
    const { page } = await openAdmin(owner, { width: 360 });
    await signIn(page, site);
    await page.locator("parley-admin nav").getByRole("link", { name: "Threads & articles" }).click();
    const row = (key: string) => page.locator("admin-content").getByRole("row", { name: new RegExp(key.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")) });
    await expect.poll(() => row(waiting).getByRole("cell").nth(1).innerText()).toBe("0 published\n3 waiting");
    await expect.poll(() => row(mixed).getByRole("cell").nth(1).innerText()).toBe("1 published\n1 waiting");
    await row(waiting).getByRole("link", { name: "3 waiting" }).click();
    await page.getByRole("heading", { name: "Moderation queue" }).waitFor();
    // The thread's three, the tab counting the site's four.
    await expect.poll(() => tab(page, "Pending").textContent()).toBe("Pending (4 in all)");
    await expect.poll(() => page.locator("admin-queue article").count()).toBe(3);
  });
});

describe.skipIf(!chromiumPath)("embedding an article from the dashboard", () => {
  it("gives the page script and the script tag for a published article, each copied whole, and the fragment's address", async () => {
    const site = await createSite("dash-qa-embed");
    const slug = `to-embed-${uniq()}.v2`;
    await api(`/sites/${site.id}/articles/${slug}`, { method: "PUT", token: site.ownerToken, body: { title: "Ready to embed", body: "Text." } });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    const worker = new URL(page.url()).origin;
    await owner.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: worker });
    await page.locator("parley-admin nav").getByRole("link", { name: "Threads & articles" }).click();
    await page.locator("admin-content").getByRole("button", { name: "Edit Ready to embed" }).click();
    const embed = page.locator("admin-content section.embed");
    const element = `<parley-article site="${site.id}" slug="${slug}"></parley-article>`;
    const script = `${element}\n<script async src="${worker}/a/${site.id}/${slug}.js"></script>`;
    await expect.poll(() => embed.getByLabel(/^The page script/).inputValue()).toBe(script);
    expect(await embed.getByLabel(/^The script tag/).inputValue()).toBe(`<script type="module" src="${worker}/widget.js"></script>\n${element}`);
    await embed.getByRole("button", { name: "Copy" }).first().click();
    await expect.poll(() => page.locator("admin-content [role=status]").textContent()).toBe("Copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(script);
    expect(await embed.getByRole("link", { name: `${worker}/embed/${site.id}/${slug}` }).count()).toBe(1);
    // The script it names is the article's page script.
    const res = await fetch(`${worker}/a/${site.id}/${slug}.js`);
    expect([res.status, res.headers.get("content-type"), (await res.text()).includes("Ready to embed")]).toEqual([200, "text/javascript; charset=utf-8", true]);
    // A new article has no address yet: nothing to embed.
    await page.locator("admin-content").getByRole("button", { name: "New article" }).click();
    await expect.poll(() => page.locator("admin-content section.embed").count()).toBe(0);
  });
});

describe.skipIf(!chromiumPath)("an action refused while a newer one waits", () => {
  it("keeps the newer action's Undo and its own words, and says when it is done", async () => {
    const site = await createSite("dash-qa-refused", { moderation: "pre" });
    const thread = `/2024/03/refused-${uniq()}/`;
    const first = await api<{ comment: { id: string }; editToken: string }>(`/sites/${site.id}/threads/${encodeURIComponent(thread)}/comments`, {
      body: { body: `Edited behind the owner's back ${uniq()}`, authorName: "Ingrid" },
      expect: 201,
    });
    await postComment(site.id, thread, { body: `The one to reject ${uniq()}`, authorName: "Rolf" });
    const { page } = await openAdmin(owner);
    await signIn(page, site);
    await queueItem(page, "The one to reject").waitFor();
    await editAs(site.id, first.comment.id, first.editToken, `Now it sells pills ${uniq()}`, 200);

    await page.locator(`admin-queue article#c-${first.comment.id}`).getByRole("button", { name: "Approve" }).click();
    // Clicked before the approval is sent (5 s after its click): the rejection waits 5 s more, while the
    // approval is refused (the comment changed).
    await page.waitForTimeout(3500);
    await queueItem(page, "The one to reject").getByRole("button", { name: "Reject" }).click();
    const queue = page.locator("admin-queue");
    await expect
      .poll(async () => [await queue.locator("[role=alert] p").allTextContents(), await queue.getByRole("button", { name: "Undo" }).count()], { timeout: 15_000 })
      .toEqual([["Approved nothing: the comment changed since you loaded it; it shows as it is now, check it again. Rejected 1 comment."], 1]);
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 15_000 }).toBe("Rejected 1 comment.");
  });
});

describe.skipIf(!chromiumPath)("the audit log and the bans on a phone", () => {
  it("shows each row as a card of labelled lines, still a table to screen readers, nothing wider than the screen", async () => {
    const site = await createSite("dash-qa-cards");
    await api(`/sites/${site.id}`, { method: "PATCH", token: site.ownerToken, body: { blockedWords: ["casino", "a-very-long-blocked-word-that-goes-on-and-on-and-on"] } });
    await api(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "name", value: "Troll McTrollface the Third", reason: "Links to a casino, again and again, in every thread" } });
    const { page } = await openAdmin(owner, { width: 360 });
    await signIn(page, site);
    for (const [section, name, label] of [["Audit log", "site.update", "Change"], ["Bans", "Troll McTrollface", "Reason"]] as const) {
      await page.locator("parley-admin nav").getByRole("link", { name: section, exact: true }).click();
      const row = page.getByRole("table").getByRole("row", { name: new RegExp(name) });
      await row.waitFor();
      const cell = row.getByRole("cell").filter({ hasText: label === "Change" ? "blockedWords" : "again and again" });
      // Labelled as its column is, and as wide as the card (the screen less the page's margins).
      expect(await cell.evaluate((td) => getComputedStyle(td, "::before").content)).toBe(`"${label}: "`);
      expect((await cell.boundingBox())!.width).toBeGreaterThan(300);
      const table = page.locator(section === "Bans" ? "admin-bans .table" : "admin-audit .table");
      expect(await table.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    }
  });
});
