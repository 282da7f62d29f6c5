// XML exports in another encoding than UTF-8, as real ones come: a WordPress blog whose charset is ISO-8859-1
// exports in it (and says so in its XML declaration), old Disqus dumps re-saved by Windows tools, UTF-16 with its
// byte order mark. Their text, names and page paths must arrive as written, not as replacement characters.
import { readFile, writeFile, mkdtemp } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docText } from "../../worker/contract/doc";
import { createSite, parley, parleyJson, qaFixture, thread } from "./harness";

describe("parley import of XML in a declared encoding", () => {
  it("reads an ISO-8859-1 WordPress export as it declares: text, name and the page's path intact, and a second run inserts nothing", async () => {
    const { site, token } = await createSite();
    const args = ["--site", site, "import", "wordpress", qaFixture("wordpress-iso-8859-1.xml"), "--no-progress"];
    const first = await parleyJson(args, token);
    expect(first.imported).toBe(1);
    const page = await thread(site, "/2018/caf%C3%A9-cr%C3%A8me/");
    expect(page.comments[0].authorName).toBe("Renée François");
    expect(docText(page.comments[0].body).trim()).toBe("Très bon article, merci à vous ! « naïveté » coûte 5 £ ± ½");
    const second = await parleyJson(args, token);
    expect([second.imported, second.present]).toEqual([0, 1]);
  });

  it("reads windows-1252 (curly quotes, the euro sign), gzipped too, and UTF-16 with its byte order mark", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-enc-"));
    await writeFile(join(dir, "export.xml.gz"), gzipSync(await readFile(qaFixture("disqus-windows-1252.xml"))));
    const cp1252 = await parleyJson(["--site", site, "import", "disqus", join(dir, "export.xml.gz"), "--no-progress"], token);
    expect(cp1252.imported).toBe(1);
    const naive = await thread(site, "/na%C3%AFve/");
    expect(naive.comments[0].authorName).toBe("Zoë Šimek");
    expect(docText(naive.comments[0].body).trim()).toBe("It costs 5 € – “quoted”, isn’t it…");
    const utf16 = await parleyJson(["--site", site, "import", "disqus", qaFixture("disqus-utf-16.xml"), "--no-progress"], token);
    expect(utf16.imported).toBe(1);
    expect(docText((await thread(site, "/utf16/")).comments[0].body).trim()).toBe("It costs 5 € – “quoted”, isn’t it…");
  });

  it("refuses an encoding it cannot decode with a usage error that says how to convert the file, writing nothing", async () => {
    const { site, token } = await createSite();
    const r = await parley(["--site", site, "import", "disqus", qaFixture("disqus-unknown-encoding.xml"), "--no-progress"], { token });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("disqus-unknown-encoding.xml is in the encoding x-mac-klingon, which parley cannot read");
    expect(r.stderr).toContain("iconv -f x-mac-klingon -t UTF-8");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect((await parleyJson(["--site", site, "threads", "list"], token)).threads).toEqual([]);
  });
});

describe("parley import of XML whose declaration is wrong about UTF-16", () => {
  it("reads a UTF-8 file that declares utf-16 (as .NET writes them) as UTF-8, and UTF-16 without a byte order mark by its first bytes", async () => {
    const { site, token } = await createSite();
    const dotnet = await parleyJson(["--site", site, "import", "disqus", qaFixture("disqus-utf-8-declared-utf-16.xml"), "--no-progress"], token);
    expect(dotnet.imported).toBe(1);
    const page = await thread(site, "/dotnet/");
    expect([page.comments[0].authorName, docText(page.comments[0].body).trim()]).toEqual(["Jürgen", "Saved as UTF-8 — Grüße, 你好"]);
    const noBom = await parleyJson(["--site", site, "import", "disqus", qaFixture("disqus-utf-16be-no-bom.xml"), "--no-progress"], token);
    expect(noBom.imported).toBe(1);
    expect(docText((await thread(site, "/no-bom/")).comments[0].body).trim()).toBe("Saved as UTF-8 — Grüße, 你好");
  });

  it("reads a file that names an encoding no decoder knows (UTF-8N) as UTF-8 when its bytes are", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "disqus", qaFixture("disqus-utf-8n.xml"), "--no-progress"], token);
    expect(r.imported).toBe(1);
    expect((await thread(site, "/utf-8n/")).comments[0].authorName).toBe("Jürgen");
  });
});

describe("parley import of XML whose declaration is wrong about a single-byte encoding", () => {
  it("reads a UTF-8 file that declares ISO-8859-1 as UTF-8, not as Ã© mojibake", async () => {
    const { site, token } = await createSite();
    const r = await parleyJson(["--site", site, "import", "wordpress", qaFixture("wordpress-utf-8-declared-iso-8859-1.xml"), "--no-progress"], token);
    expect(r.imported).toBe(1);
    const page = await thread(site, "/2018/mislabelled-caf%C3%A9/");
    expect(page.comments[0].authorName).toBe("Renée François");
    expect(docText(page.comments[0].body).trim()).toBe("Très bon article, merci à vous ! « naïveté » coûte 5 £ ± ½");
  });
});
