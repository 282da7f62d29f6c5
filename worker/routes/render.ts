// The article and its first page of comments as HTML: /embed/{site}/{slug} is the fragment (server-side includes,
// static-site builds), /p/{site}/{slug} a complete page hosted by Parley. Both are public and the same for every
// reader, so shared caches may keep them.
import { Hono, type Context } from "hono";
import { etag } from "hono/etag";
import { articleScriptQuerySchema, embedQuerySchema, hostedPageQuerySchema, threadScriptQuerySchema } from "../contract/render";
import { slugParamSchema, slugSchema, siteIdSchema, threadKeySchema } from "../contract/schemas";
import type { AppEnv } from "../env";
import { AppError, asSent } from "../lib/errors";
import { articlePageUrl, getArticlePage, getEmbed, readerRenderParts, scriptView, threadRenderParts } from "../services/render/index";
import { pageScript, type ScriptTarget, type ScriptView } from "../services/render/script";
import { articlePageCsp } from "../services/render/csp";
import { renderNotFound } from "../services/render/page";
import { isOriginAllowed, loadSiteForReading } from "../services/sites";
import { siteContext, valid } from "./middleware";

const HTML = "text/html; charset=utf-8";

/**
 * The origin of the page that asked, if the request says it: a classic script's request carries no `Origin` (unless
 * the tag is `crossorigin`), but a `Referer`, which browsers cut to the origin across origins by default. A browser's
 * request from another origin that says neither (a page with `Referrer-Policy: no-referrer`) is from a page that
 * cannot be judged: "unknown", painted nothing (widget.js's own requests carry its origin). A request from no browser
 * (curl, a build) is judged by nothing: undefined.
 */
function pageOrigin(c: Context<AppEnv>) {
  const page = c.req.header("origin") ?? c.req.header("referer");
  if (page) return URL.parse(page)?.origin;
  const site = c.req.header("sec-fetch-site");
  return site && site !== "same-origin" && site !== "none" ? "unknown" : undefined;
}

/** GET /a/{site}/{slug}.js or /c/{site}/{thread}.js: the script that paints the element `tag`, then loads widget.js. */
async function pageScriptResponse(c: Context<AppEnv>, tag: ScriptTarget["tag"], file: string) {
  const id = c.req.param("site")!;
  const key = file.slice(0, -3);
  const origin = new URL(c.req.url).origin;
  const article = tag === "parley-article";
  const query = (article ? articleScriptQuerySchema : threadScriptQuerySchema).safeParse(c.req.query());
  const o = query.success ? query.data : {};
  const headingLevel = "heading-level" in o ? (o["heading-level"] as number | undefined) : undefined;
  const options = { sort: "oldest" as const, headingLevel, formPosition: o["form-position"], lang: o.lang || undefined };
  let view: ScriptView | null = null;
  let siteLang = "en";
  const keyOk = (article ? slugSchema : threadKeySchema).safeParse(key).success;
  if (query.success && keyOk && siteIdSchema.safeParse(id).success) {
    try {
      const site = await loadSiteForReading(c.get("deps"), id);
      siteLang = site.settings.locale || siteLang;
      // A page of an origin the site does not allow gets nothing to paint: the widget then says so, as with the
      // script tag alone, rather than show a form whose posts the API refuses.
      const page = pageOrigin(c);
      if (!page || (page !== "unknown" && isOriginAllowed(site, page, origin))) {
        const parts = article
          ? await readerRenderParts(c.get("deps"), site, key, { ...options, origin }, [])
          : await threadRenderParts(c.get("deps"), site, key, options, []);
        view = await scriptView(c.get("deps"), parts);
      }
    } catch (err) {
      // A failure of the server's own (storage out of reach) still answers the script: a 500 would leave the element
      // empty for good, where widget.js tries its own request and offers Retry.
      if (!(err instanceof AppError) || err.status >= 500) console.error("page script: no rendered view", err);
    }
  }
  const attributes: ScriptTarget["attributes"] = [
    ...(article ? [["heading-level", headingLevel?.toString() ?? null] as [string, string | null]] : []),
    ["form-position", options.formPosition ?? null],
  ];
  // Without `lang`, the HTML is in the site's locale: right for a page that says that language, or none.
  const target = { tag, site: id, key, attributes, lang: options.lang ?? siteLang, siteLang };
  const problem = query.success ? undefined : `the page script's address does not work: ${query.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")} (VALIDATION_FAILED)`;
  return scriptBody(c, pageScript(view, target, `${origin}/widget.js`, problem));
}

const scriptBody = (c: Context<AppEnv>, script: string) =>
  c.body(script, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "private, no-store" });

/**
 * For a GET no route took: at a page script's address with no site or key in its place (`/c/{site}//2026/a-post/.js`,
 * a thread's path written with its slashes), still a script, which loads widget.js and says what to write; a 404
 * would leave the element empty. Undefined elsewhere.
 */
export function misnamedPageScript(c: Context<AppEnv>) {
  const kind = c.req.method === "GET" && c.req.path.match(/^\/([ac])\/.*\.js$/)?.[1];
  if (!kind) return;
  const what = kind === "a" ? "article: write /a/{site}/{slug}.js" : "thread: write /c/{site}/{thread}.js, the thread key URL-encoded (encodeURIComponent),";
  const problem = `the page script's address ${c.req.path} names no ${what} (NOT_FOUND)`;
  const target: ScriptTarget = { tag: kind === "a" ? "parley-article" : "parley-comments", site: "", key: "", attributes: [], lang: "", siteLang: "" };
  return scriptBody(c, pageScript(null, target, `${new URL(c.req.url).origin}/widget.js`, problem));
}

export const renderRoutes = new Hono<AppEnv>()
  // The site's CORS policy applies as on the API: a browser on an allowed origin may fetch the fragment.
  .use("/embed/:site/*", siteContext)
  .get("/embed/:site/:slug", etag(), valid("param", slugParamSchema), valid("query", embedQuerySchema), async (c) => {
    const { slug } = c.req.valid("param");
    const { url, theme, "heading-level": headingLevel, "form-position": formPosition, lang, api } = c.req.valid("query");
    const site = c.get("site");
    // The worker as readers reach it: `api` when the build fetched the fragment by another address.
    const hostedUrl = articlePageUrl(new URL(api ?? c.req.url).origin, site.id, slug);
    const pageUrl = url ? url.split("#")[0] : undefined;
    const fragment = await getEmbed(c.get("deps"), site, slug, { pageUrl, hostedUrl, theme, headingLevel, formPosition, lang, api });
    return c.body(fragment, 200, { "Content-Type": HTML, "Cache-Control": "public, max-age=60" });
  })

  // The page scripts (see pageScript): the reader's rendered view of an article, or of a thread alone, then widget.js.
  // Whatever goes wrong (an unknown site or article, a query they do not take) they still load widget.js, which then
  // shows the error; so does an address they cannot read (see misnamedPageScript).
  .get("/a/:site/:slug{[^/]+\\.js}", (c) => pageScriptResponse(c, "parley-article", c.req.param("slug")))
  .get("/c/:site/:thread{[^/]+\\.js}", (c) => pageScriptResponse(c, "parley-comments", c.req.param("thread")))

  // A page readers open: revalidated on every visit (an ETag makes an unchanged one a body-less 304). Other query
  // parameters (a campaign's, say) are ignored; `cursor` asks for a later page of comments, `replies` (with the
  // cursor of "Show more replies") for a long reply chain's next replies, `whole` (a cut comment's link) for a page
  // with that comment whole.
  .get("/p/:site/:slug", etag(), async (c) => {
    const { site: id, slug } = c.req.param();
    const origin = new URL(c.req.url).origin;
    const given = (name: string) => c.req.query(name) || undefined;
    const query = hostedPageQuerySchema.safeParse({ cursor: given("cursor"), replies: given("replies"), whole: given("whole") });
    try {
      if (!siteIdSchema.safeParse(id).success) throw new AppError("SITE_NOT_FOUND", `No site "${asSent(id)}".`);
      if (!slugSchema.safeParse(slug).success) throw new AppError("ARTICLE_NOT_FOUND", `No article "${asSent(slug)}" on site "${id}".`);
      if (!query.success) throw new AppError("VALIDATION_FAILED", "The cursor or comment id is not valid.");
      const site = await loadSiteForReading(c.get("deps"), id);
      const page = await getArticlePage(c.get("deps"), site, slug, { url: articlePageUrl(origin, id, slug), origin, ...query.data });
      return c.body(page, 200, { "Content-Type": HTML, "Cache-Control": "no-cache", "Content-Security-Policy": await articlePageCsp() });
    } catch (err) {
      // Only what the address itself gets wrong is a page here: an unknown site, article or comment, or a cursor that
      // is not one.
      if (!(err instanceof AppError) || (err.status !== 404 && err.code !== "VALIDATION_FAILED")) throw err;
      const found = err.status === 404;
      const message = !found
        ? `This page of comments does not exist. The article and its first comments are at ${articlePageUrl(origin, id, slug)}.`
        : err.code === "SITE_NOT_FOUND"
          ? `There is no site "${id}" on this Parley server.`
          : err.code === "COMMENT_NOT_FOUND"
            ? `The comments on "${slug}" have no such comment with replies. The article and its comments are at ${articlePageUrl(origin, id, slug)}.`
            : `Site "${id}" has no article "${slug}".`;
      return c.body(renderNotFound(message, found ? "Not found" : "Bad address").toString(), err.status, {
        "Content-Type": HTML,
        "Cache-Control": "no-store",
        "Content-Security-Policy": await articlePageCsp(),
      });
    }
  });
