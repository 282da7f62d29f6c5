// A thread key as people read it, for the dashboard, feeds, e-mails and chat messages. A plain function with no
// imports, so that the dashboard bundles it as it is.

/**
 * `/2021/06/caf%C3%A9/` reads `/2021/06/café/`. Only escapes of non-ASCII characters are decoded; `%2F`, `%20` and the
 * like stay, and so does an escaped control, format or space character (a reader picks the key: `%E2%80%AE` must
 * not turn the rest of the line around). Such a character in the key as it is (sent through the API, not by the
 * widget) is shown escaped too, as is one no text should hold (U+FFFE); a plain space stays. The key itself is
 * unchanged wherever it is an identifier.
 */
export const readableKey = (key: string) =>
  key
    .replace(/(?:%[89A-Fa-f][0-9A-Fa-f])+/g, (escaped) => {
      try {
        const text = decodeURIComponent(escaped);
        return /[\p{C}\p{Z}]/u.test(text) ? escaped : text;
      } catch {
        return escaped;
      }
    })
    .replace(/(?! )[\p{C}\p{Z}]/gu, (c) => (c.length > 1 || !/\p{Cs}/u.test(c) ? encodeURIComponent(c) : "%EF%BF%BD"));

/** What a thread is called in a title or a sentence: its article's title, else its key as read. */
export const threadName = (article: { title: string } | null | undefined, threadKey: string) => article?.title ?? readableKey(threadKey);
