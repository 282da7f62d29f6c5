// A Remark42 backup as Remark42 writes it: names and the author's markdown stored HTML-escaped (Go's
// template.HTMLEscapeString and bluemonday), pins and each voter's direction kept on the comment.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docText } from "../../worker/contract/doc";
import { ROOT, allComments, createSite, parleyJson, thread } from "./harness";

const fixture = (name: string) => join(ROOT, "tests/fixtures/import-qa", name);

describe("parley import remark42 of an escaped backup", () => {
  it("shows names and markdown as they were typed, quotes as quotes and code as written, with the pin and upvotes", async () => {
    const { site, token } = await createSite();
    const args = ["--site", site, "import", "remark42", fixture("remark42-escaped.jsonl"), "--no-progress"];
    const first = await parleyJson(args, token);
    expect(first.imported).toBe(2);
    const source = Object.fromEntries((await allComments(site, token)).map((c) => [c.authorName, c.source]));
    expect(source).toEqual({
      "O'Brien & Sons":
        "Generics at last & about time: `if a < b && c > d {}`\n\n```go\nfunc Max[T constraints.Ordered](a, b T) T { if a > b { return a }; return b }\n```",
      "<script>alert(1)</script>": "> Generics at last\n\nDon't say \"at last\"",
    });
    const [root] = (await thread(site, "/2022/01/go-generics/")).comments;
    expect([root.pinned, root.votes]).toEqual([true, 2]);
    const reply = root.replies[0];
    expect(reply.body[0].t).toBe("quote");
    expect(docText(reply.body).replace(/\s+/g, " ").trim()).toBe("Generics at last Don't say \"at last\"");
    const second = await parleyJson(args, token);
    expect([second.imported, second.present]).toEqual([0, 2]);
  });
});
