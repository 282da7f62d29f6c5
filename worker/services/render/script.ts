// The article script: one classic script per page (GET /a/{site}/{slug}.js for a <parley-article>, /c/{site}/{thread}.js
// for a <parley-comments> alone) that carries the element's rendered view, paints it, and only then loads widget.js,
// which hydrates what is painted. With the plain script tag the page waits for widget.js, then for one request;
// here it waits for one request.
import { jsonForScript } from "./html";
import { ARTICLE_STYLE, THREAD_STYLE } from "./fragment";
import { withDefaultRegion } from "./locale";

/** The element a script fills, and the attributes its HTML was rendered for (the page must spell them so). */
export interface ScriptTarget {
  tag: "parley-article" | "parley-comments";
  site: string;
  /** The article's slug, or the thread's key (a <parley-comments> without `thread` is keyed by the page's path). */
  key: string;
  /** `heading-level` and `form-position` as the element has them; null for one it does not have. */
  attributes: [string, string | null][];
  /** The language the HTML is in: the element's `lang`, else the page's, else `siteLang`, as the widget picks it. */
  lang: string;
  /** The site's locale: the language of a page and element that say none. */
  siteLang: string;
}

/**
 * The rendered view a script paints: its shared part as the JavaScript string literal the script carries (escaped as
 * by jsonForScript, and cached: serializing a page of hostile comments' HTML took 6–16 ms of CPU, on every request),
 * and this reader's tail as text.
 */
export interface ScriptView {
  shared: string;
  tail: string;
}

/** The two style sheets, as the script's arguments carry them. */
const STYLES = jsonForScript([ARTICLE_STYLE, THREAD_STYLE]).toString().slice(1, -1);

/**
 * The script's text. Once the page's elements are parsed (at readyState "interactive", before the page's deferred and
 * module scripts run, which DOMContentLoaded waits for: a slow one of the blog's would hold the paint, and a widget.js
 * of the page's own would send its request first; and again at DOMContentLoaded, for an element one of those scripts
 * put in), it puts `view` (`…/rendered`'s answer: the shadow root's HTML with the reader's view in it) into the first
 * empty element of `target` whose attributes are those it was rendered for (only one: the HTML holds a form token,
 * which serves one post, so a second element for the same article, as a theme that shows it twice has, is left to
 * widget.js, whose own request brings it a token of its own), with the widget's styles as constructed style sheets
 * (which a CSP without 'unsafe-inline' still applies) and, on a dark page without a `theme`, the class the widget's own
 * rendering will give it (the test of `darkBehind` in widget/elements/parley-element.ts), read in the frame that first
 * paints it: the page may be parsed before its style sheets have arrived, but nothing paints before they have. It
 * leaves an element alone, for the widget's own request, where that view would not be the reader's: a reader who keeps
 * comments of their own in the thread (their held ones show only to them) or chose another order. Then, after the frame
 * that paints, it loads widget.js from `widgetUrl`: its evaluation never holds up the first paint. Until the element
 * hydrates, it notes what the reader does to the painted HTML ("Load more", another order) as widget.js does (see
 * widget/elements/early.ts, whose record it shares), for the element to act on. With no `view` it
 * only loads widget.js, which then shows what went wrong; with a `problem` (the query's), the console also says it.
 */
export function pageScript(view: ScriptView | null, target: ScriptTarget, widgetUrl: string, problem?: string): string {
  const { tag, site, key, attributes, lang, siteLang } = target;
  // The same language with its default region (a WordPress page's en-US for en) reads the same: painted too.
  const alias = withDefaultRegion(lang);
  // The view in its two parts, which the script joins: the cached literal, then this reader's.
  const html = view ? `[${view.shared},${jsonForScript(view.tail)}]` : "null";
  const args = `${jsonForScript([tag, site, key, attributes, lang, siteLang, alias]).toString().slice(0, -1)},${html},${STYLES},${jsonForScript(widgetUrl)}]`;
  // A query it does not take still loads the widget, which then renders the element itself: the console says why.
  const warn = problem ? `console.warn(${jsonForScript(`Parley: ${problem}`)});` : "";
  return `${warn}((E,S,K,X,N,L,R,H,A,T,W,p=0,y)=>{const d=document,k=(x)=>{try{return localStorage.getItem("parley:"+x)}catch{}},
w=()=>{if(W){import(W).catch(()=>{});W=0}},m=globalThis[Symbol.for("parley:early")]??=new Map,
D=(e)=>{for(;e;e=e.parentElement??e.getRootNode().host){const b=getComputedStyle(e).backgroundColor;if(!b.startsWith("rgb"))break;
const[r,g,l,o=1]=b.match(/[\\d.]+/g).map(Number);if(o>=.5)return 2*r+7*g+l<1280}},
c=(t)=>{const x=new CSSStyleSheet;x.replaceSync(t);return[x]},
go=()=>{try{const s=k("sort:"+S);if(H&&k("own:"+S+":"+K)in{null:1,undefined:1,"[]":1}&&(!s||s=="oldest"))for(const e of d.querySelectorAll(E)){
const a=(n)=>e.getAttribute(n);if(p||a("site")!=S||(E=="parley-article"?a("slug"):a("thread")||location.pathname)!=K||X.some(([n,v])=>a(n)!=v)
||(y=a("lang")||d.documentElement.lang||L)!=N&&y.toLowerCase()!=R||e.shadowRoot||!e.setHTMLUnsafe)continue;
const r=e.attachShadow({mode:"open"});r.setHTMLUnsafe(H.join(""));p=1;const i=r.querySelector("parley-comments")?.shadowRoot;
r.adoptedStyleSheets=c(i?A:T);if(i)i.adoptedStyleSheets=c(T);const q=[r,i].map((x)=>x?.querySelector("article,section"));
for(const v of["click","input"])r.addEventListener(v,(u)=>{const t=u.composedPath()[0],y=S+" "+K;if(r.querySelector("script[data-parley-view]"))
t.localName=="select"?m.set(y,t.value):t.matches?.("button.more")&&!m.has(y)&&m.set(y,"more")});
if(!e.hasAttribute("theme"))requestAnimationFrame(()=>{if(D(e))for(const x of q)x?.classList.add("dark")})}}catch{}
if(p){requestAnimationFrame(()=>setTimeout(w));setTimeout(w,500)}else w()};
d.readyState=="loading"?(d.addEventListener("readystatechange",go,{once:true}),d.addEventListener("DOMContentLoaded",go)):go()})(...${args});\n`;
}
