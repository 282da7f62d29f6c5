// What a site owner pastes into a blog to show a published article, as the dashboard and the CLI give it
// (README: "Embedding", "The page script"). Site ids and slugs hold no character HTML would need escaped.

/** The page script (the fastest first paint, on the article's own page) and the widget.js script tag. */
export function embedCode(origin: string, site: string, slug: string) {
  const element = `<parley-article site="${site}" slug="${slug}"></parley-article>`;
  return {
    pageScript: `${element}\n<script async src="${origin}/a/${site}/${slug}.js"></script>`,
    scriptTag: `<script type="module" src="${origin}/widget.js"></script>\n${element}`,
  };
}
