// The style sheets of every Parley shadow root, built once from the contract's CSS text (shared with the server's
// HTML). widget.js builds them before anything else: it adopts them into the rendered HTML it puts in (see
// prerender), and the elements, defined later, adopt the very same objects, so hydrating changes no style. A
// browser that cannot construct style sheets (Safari before 16.4) gets Lit's own fallback, a <style> per root.
import { ARTICLE_CSS, BASE_CSS, COMMENTS_CSS } from "../../worker/contract/styles";

/** A constructed sheet holding `text`, or the text itself where sheets cannot be constructed. */
function sheet(text: string): CSSStyleSheet | string {
  try {
    const s = new CSSStyleSheet();
    s.replaceSync(text);
    return s;
  } catch {
    return text;
  }
}

const base = sheet(BASE_CSS);
/** The sheets of <parley-article>'s shadow root, and of <parley-comments>'. */
export const ARTICLE_SHEETS = [base, sheet(ARTICLE_CSS)];
export const THREAD_SHEETS = [base, sheet(COMMENTS_CSS)];
