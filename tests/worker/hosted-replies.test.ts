// The rest of a long reply chain without JavaScript: the server's HTML links "Show more replies" to a hosted page
// of the chain's next replies (/p/{site}/{slug}?replies={id}&cursor=…), which readers without scripts and crawlers
// follow as they follow "Load more".
import { describe, expect, it } from "vitest";
import { SELF_ORIGIN, call, createSite, importInBatches, importItem, json, postComment, putArticle, threadPath } from "./helpers";

const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));
const page = (site: string, query = "") => call(`${SELF_ORIGIN}/p/${site}/chain${query}`);
const html = async (res: Response) => (expect(res.status).toBe(200), await res.text());
/** The href of the first link whose text is `text`, as a request path. */
const linkTo = (doc: string, text: string) => doc.match(new RegExp(`<a href="([^"]+)">${text}</a>`))?.[1].replaceAll("&amp;", "&");
const bodiesIn = (doc: string) => [...doc.matchAll(/<p>(reply \d+|root)<\/p>/g)].map((m) => m[1]);

/**
 * An article whose one top-level comment ("root", 2026-01-01) has `n` replies a minute apart ("reply 0", …),
 * imported in batches: reply k answers reply k − 1 when `answers(k)`, else the top-level comment. `body` may
 * give a reply other text.
 */
async function chain(n: number, answers = (_k: number) => false, body = (k: number) => `reply ${k}`, settings = {}) {
  const { id, ownerToken } = await createSite(settings);
  await putArticle(id, ownerToken, "chain", { title: "A long conversation" });
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString();
  const items = [{ ...importItem("chain", "root", null, "published", at(0)), body: "root" }];
  for (let k = 0; k < n; k++) items.push({ ...importItem("chain", `r${k}`, k > 0 && answers(k) ? `r${k - 1}` : "root", "published", at(k + 1)), body: body(k) });
  await importInBatches(id, ownerToken, items);
  const thread = await json(threadPath(id, "chain"), 200);
  return { id, ownerToken, root: thread.comments[0] };
}

describe("a long reply chain's hosted pages", () => {
  it("links the chain's next replies from the hosted page and the fragment for readers without JavaScript, not from the widget's HTML", async () => {
    const { id, root } = await chain(55, (k) => k % 2 == 1);
    expect(root.moreReplies).toEqual(expect.any(String));
    const first = await html(await page(id));
    const href = `${SELF_ORIGIN}/p/${id}/chain?replies=${root.id}&cursor=${encodeURIComponent(root.moreReplies)}`;
    // In <noscript>: a browser running scripts shows the widget's own button there instead.
    expect(first).toContain(`</div><noscript><div class="replies"><p class="notice"><a href="${href.replaceAll("&", "&amp;")}">Show more replies</a></p></div></noscript>`);
    const fragment = await html(await call(`${SELF_ORIGIN}/embed/${id}/chain`));
    expect(linkTo(fragment, "Show more replies")).toBe(href);
    const rendered = await html(await call(`/sites/${id}/articles/chain/rendered`));
    expect(rendered).toContain("reply 49");
    expect(rendered).not.toContain("Show more replies");

    // The page it leads to: the top-level comment, then replies 50 to 54, each under the reply it answers when that
    // is on the page (51 answers 50, 53 answers 52), else under the top-level comment (50 answers 49, shown before).
    const more = await html(await call(href));
    expect(bodiesIn(more)).toEqual(["root", "reply 50", "reply 51", "reply 52", "reply 53", "reply 54"]);
    const under = (k: number) => more.match(new RegExp(`<p>reply ${k}</p>.*?</article>(<div class="[^"]*" part="replies"[^>]*><article[^>]*>.*?<p>reply \\d+</p>)?`))?.[1];
    expect(under(50)).toMatch(/<p>reply 51<\/p>$/);
    expect(under(52)).toMatch(/<p>reply 53<\/p>$/);
    expect(under(54)).toBeUndefined();
    // Its own address is canonical; the title leads back to the article; no form, no further link.
    expect(more).toContain(`<link rel="canonical" href="${href.replaceAll("&", "&amp;")}">`);
    expect(more).toContain(`<a href="${SELF_ORIGIN}/p/${id}/chain">A long conversation</a>`);
    expect(more).not.toContain("Show more replies");
    expect(more).not.toContain(`class="fslot"`);
    // The JSON-LD holds the comments it shows.
    const ld = JSON.parse(more.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]);
    expect(JSON.stringify(ld.comment)).toContain("reply 54");
  }, 60_000);

  it("pages through a chain of 120 replies, links shown to everyone on the pages without the widget", async () => {
    const { id, root } = await chain(120);
    const second = await html(await call(`${SELF_ORIGIN}/p/${id}/chain?replies=${root.id}&cursor=${encodeURIComponent(root.moreReplies)}`));
    expect(bodiesIn(second)).toEqual(["root", ...Array.from({ length: 50 }, (_, k) => `reply ${50 + k}`)]);
    const next = linkTo(second, "Show more replies")!;
    expect(second).not.toContain("<noscript><div class=\"replies\">");
    const third = await html(await call(next));
    expect(bodiesIn(third)).toEqual(["root", ...Array.from({ length: 20 }, (_, k) => `reply ${100 + k}`)]);
    expect(linkTo(third, "Show more replies")).toBeUndefined();
    // Without a cursor, the chain from its first reply.
    expect(bodiesIn(await html(await page(id, `?replies=${root.id}`))).slice(0, 3)).toEqual(["root", "reply 0", "reply 1"]);
  }, 60_000);

  it("shows a hidden reply as a tombstone only where a reply shown answers it", async () => {
    const { id, ownerToken, root } = await chain(54, (k) => k == 53);
    const { replies } = await json(`${threadPath(id, "chain")}/${root.id}/replies?cursor=${encodeURIComponent(root.moreReplies)}`, 200);
    expect(replies.map((r: any) => r.body[0].c[0].v)).toEqual(["reply 50", "reply 51", "reply 52", "reply 53"]);
    for (const gone of [replies[0], replies[2]]) await json(`/sites/${id}/moderation/comments/${gone.id}`, 200, { method: "DELETE", token: ownerToken });
    const more = await html(await call(`${SELF_ORIGIN}/p/${id}/chain?replies=${root.id}&cursor=${encodeURIComponent(root.moreReplies)}`));
    // 50 is gone with nothing under it; 52 stays a tombstone for 53, which answers it.
    expect(bodiesIn(more)).toEqual(["root", "reply 51", "reply 53"]);
    expect(more).toMatch(/<p class="muted" part="body">Comment deleted<\/p><\/article><div class="replies" part="replies"[^>]*><article[^>]*>.*?<p>reply 53<\/p>/);
  }, 60_000);

  it("speaks the site's language, and cuts a long reply with a link to this page showing it whole", async () => {
    // Seven long replies write the page's budget of comment HTML; the eighth shows its start and a link.
    const long = (k: number) => `reply ${k}\n\n${`Lange Antwort ${k}, ein Absatz nach dem anderen. `.repeat(40)}\n\n`.repeat(5).slice(0, 9_900);
    const { id, root } = await chain(58, () => false, (k) => (k >= 50 ? long(k) : `reply ${k}`), { locale: "de" });
    const first = await html(await page(id));
    const href = linkTo(first, "Weitere Antworten anzeigen")!;
    expect(href).toContain(`?replies=${root.id}&cursor=`);
    const more = await html(await call(href));
    const cut = linkTo(more, "Den ganzen Kommentar lesen")!;
    const cutId = cut.split("#comment-")[1];
    expect(cut).toBe(`${href}&whole=${cutId}#comment-${cutId}`);
    const bodyOf = (doc: string) => doc.match(new RegExp(`id="comment-${cutId}">.*?<div class="([^"]+)" part="body" dir="auto">(.*?)</div>`))!.slice(1);
    expect(bodyOf(more)[0]).toBe("doc cut");
    const [cls, whole] = bodyOf(await html(await call(cut)));
    expect(cls).toBe("doc");
    expect(whole).toMatch(/(Lange Antwort 5\d, ein Absatz nach dem anderen\. ){10}/);
  }, 60_000);

  it("is a 404 page for a reply or another article's comment, a 400 page for a bad id, and costs no row when warm", async () => {
    const { id, ownerToken, root } = await chain(3);
    const reply = (await json(`${threadPath(id, "chain")}/${root.id}/replies`, 200)).replies[0];
    const elsewhere = (await postComment(id, "other", { body: "elsewhere" })).comment;
    await putArticle(id, ownerToken, "other", {});
    for (const bad of [reply.id, elsewhere.id, "no-such-comment-id"]) {
      const res = await page(id, `?replies=${bad}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("have no such comment with replies");
    }
    for (const bad of ["<script>", "x", `${root.id}&cursor=not-a-cursor`]) expect((await page(id, `?replies=${bad}`)).status).toBe(400);
    expect((await call(`${SELF_ORIGIN}/p/${id}/nope?replies=${root.id}`)).status).toBe(404);
    const cold = await page(id, `?replies=${root.id}`);
    expect(bodiesIn(await html(cold))).toEqual(["root", "reply 0", "reply 1", "reply 2"]);
    expect(rowsRead(cold)).toBeGreaterThan(0);
    const warm = await page(id, `?replies=${root.id}`);
    await warm.text();
    expect(rowsRead(warm)).toBe(0);
  }, 60_000);
});
