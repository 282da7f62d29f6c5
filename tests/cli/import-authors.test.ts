// Authors as spam bots leave them in old databases: a name of megabytes, an "e-mail" longer than any address. The
// comment comes in (its name cut as the worker cuts every name), and the import goes on past it, every run.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allComments, createSite, parleyJson } from "./harness";

const post = (id: string, name: string, email: string, second: number) =>
  `<post dsq:id="${id}"><message><![CDATA[<p>comment ${id}</p>]]></message><createdAt>2020-02-01T10:00:${String(second).padStart(2, "0")}Z</createdAt>` +
  `<author><name>${name}</name><email>${email}</email></author><thread dsq:id="1"/></post>`;

describe("parley import of absurd authors", () => {
  it("imports a comment whose name is 3 MB and whose e-mail is no address, and the comments after it, on every run", async () => {
    const { site, token } = await createSite();
    const file = join(await mkdtemp(join(tmpdir(), "parley-authors-")), "disqus.xml");
    await writeFile(
      file,
      `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n` +
        `<thread dsq:id="1"><link>https://blog.example.com/spam/</link><isClosed>false</isClosed></thread>\n` +
        `${post("1", "Before", "before@example.com", 1)}\n${post("2", `CHEAP PILLS ${"x".repeat(3_000_000)}`, `${"y".repeat(300)}@example.com`, 2)}\n` +
        `${post("3", "After", "after@example.com", 3)}\n</disqus>\n`,
    );
    const args = ["--site", site, "import", "disqus", file, "--no-progress"];
    const first = await parleyJson(args, token);
    expect([first.imported, first.failed, first.stopped]).toEqual([3, [], null]);
    const names = (await allComments(site, token)).map((c) => c.authorName);
    expect(names).toEqual(["Before", `CHEAP PILLS ${"x".repeat(68)}`, "After"]);
    const second = await parleyJson(args, token);
    expect([second.imported, second.present]).toEqual([0, 3]);
  });
});
