// An XML export declared UTF-8 that holds stray Latin-1 bytes (`caf\xe9`, a record saved by an old tool) reads them as
// Windows-1252, as the JSON exports do, instead of U+FFFD; UTF-8 characters cut by the reader's chunks stay whole.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docText } from "../../worker/contract/doc";
import { createSite, parleyJson, thread } from "./harness";

const comment = (id: number, author: Buffer | string, content: Buffer | string) =>
  Buffer.concat([
    Buffer.from(`<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[`),
    Buffer.from(author),
    Buffer.from(`]]></wp:comment_author><wp:comment_date_gmt>2020-01-0${id} 10:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[`),
    Buffer.from(content),
    Buffer.from(`]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>`),
  ]);

describe("an XML export declared UTF-8 with bytes that are no UTF-8", () => {
  it("reads them as Windows-1252, and UTF-8 characters across the reader's chunks whole", async () => {
    const { site, token } = await createSite("bytes");
    const head = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Blog</title><link>https://blog.example.com</link><wp:wxr_version>1.2</wp:wxr_version>\n` +
        `<item><title>Post</title><link>https://blog.example.com/post/</link><wp:post_id>1</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>`,
    );
    const latin1 = comment(1, Buffer.from("Ren\xe9e", "latin1"), Buffer.from("caf\xe9 \x80 5", "latin1"));
    // The reader's chunks are 256 KiB: the first byte of the second comment's "é" ends the first chunk, and the
    // first byte of the third's "€" the second. An XML comment pads the file to put them there.
    const chunk = 256 * 1024;
    let text = Buffer.concat([head, latin1]);
    for (const [n, [record, char]] of ([[comment(2, "Zoé", "x"), "é"], [comment(3, "A", "5 €"), "€"]] as const).entries()) {
      const pad = (n + 1) * chunk - 1 - text.length - "<!---->".length - record.indexOf(Buffer.from(char));
      text = Buffer.concat([text, Buffer.from(`<!--${"x".repeat(pad)}-->`), record]);
      expect(text[(n + 1) * chunk - 1]).toBe(Buffer.from(char)[0]);
    }
    const file = join(await mkdtemp(join(tmpdir(), "parley-bytes-")), "mixed.xml");
    await writeFile(file, Buffer.concat([text, Buffer.from(`</item>\n</channel></rss>\n`)]));

    expect(await parleyJson(["--site", site, "import", "wordpress", file, "--no-progress"], token)).toMatchObject({ imported: 3, failed: [] });
    const { comments } = await thread(site, "/post/");
    expect(comments.map((c: any) => [c.authorName, docText(c.body).trim()])).toEqual([
      ["Renée", "café € 5"],
      ["Zoé", "x"],
      ["A", "5 €"],
    ]);
  });
});
