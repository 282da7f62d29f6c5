// A WordPress reply whose parent the import skips (a pingback) is counted as such, not as an orphan whose parent is
// not in the file: the parent is in the file, left out by rule.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, parley, parleyJson } from "./harness";

const wpComment = (id: number, parent: number, type = "comment") =>
  `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[W${id}]]></wp:comment_author><wp:comment_date_gmt>2020-01-0${id} 10:00:00</wp:comment_date_gmt>` +
  `<wp:comment_content><![CDATA[Comment ${id}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>${type}</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>`;

describe("a WordPress reply to a comment the import skips", () => {
  it("is a top-level comment counted under its parent skipped, not as an orphan", async () => {
    const { site, token } = await createSite("wpskip");
    const file = join(await mkdtemp(join(tmpdir(), "parley-wp-skip-")), "wp.xml");
    await writeFile(
      file,
      `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Blog</title><link>https://blog.example.com</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Post</title><link>https://blog.example.com/post/</link><wp:post_id>1</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>${wpComment(5, 0, "pingback")}${wpComment(6, 5)}${wpComment(7, 4)}</item>
</channel></rss>`,
    );
    expect(await parleyJson(["--site", site, "import", "wordpress", file, "--no-progress"], token)).toMatchObject({
      imported: 2,
      skipped: { pingback: 1 },
      orphans: 1,
      parentsSkipped: 1,
    });
    const human = await parley(["--site", site, "import", "wordpress", file, "--dry-run", "--no-progress"], { token });
    expect(human.stdout).toMatch(/orphans +1 \(parent not in the file/);
    expect(human.stdout).toMatch(/parent skipped +1 \(parent skipped by rule above/);
  });
});
