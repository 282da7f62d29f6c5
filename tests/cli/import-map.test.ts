// A --map written by hand, as owners write them: some of its URLs are not quite the export's (no trailing slash, a
// typo). Those entries change nothing, and the summary says which they are. http and https are one page: a map
// written with https:// finds the pages an old export has under http://.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, api, createSite, parley, parleyJson, qaFixture, thread } from "./harness";

/** A map CSV of its own holding `text`. */
async function mapOf(text: string) {
  const file = join(await mkdtemp(join(tmpdir(), "parley-map-")), "moved.csv");
  await writeFile(file, text);
  return file;
}

describe("parley import --map with URLs no page has", () => {
  it("names the map's URLs that matched no page, in the summary and its JSON, on a dry run too", async () => {
    const { site, token } = await createSite();
    const args = ["--site", site, "import", "disqus", join(FIXTURES, "disqus.xml"), "--map", qaFixture("map-typos.csv"), "--no-progress"];
    // The map's https:// line for the export's http:// page is not among them: it matched.
    const unused = ["https://blog.example.com/caf%C3%A9/cr%C3%A8me-br%C3%BBl%C3%A9e"];
    const dry = await parley([...args, "--dry-run"], { token });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`  map unused        1 (no page in the file has these URLs: check a trailing slash, the spelling)\n    ${unused[0]}\n  comments read`);
    const r = await parleyJson(args, token);
    expect(r.mapUnused).toEqual(unused);
    expect(r.imported).toBe(16);
    expect((await thread(site, "/old/closed-post/")).thread.locked).toBe(true);
  });
});

describe("parley import --map across http and https", () => {
  it("matches a map's https:// URL to the export's http:// page, and HTTP:// with a host in capitals to an https:// one", async () => {
    const { site, token } = await createSite();
    // As a spreadsheet saves it: a byte order mark, Windows line ends, quoted fields, a header and a comment.
    const map = await mapOf(
      '\uFEFF"URL","Thread key"\r\n# moved when the blog went https\r\n"https://garden.example.com/2019/05/tomatoes/",tomatoes\r\nHTTP://Garden.Example.COM/2019/06/compost/?utm_source=feed,compost\r\n',
    );
    const r = await parleyJson(["--site", site, "import", "wordpress", qaFixture("wordpress-other-prefix.xml"), "--map", map, "--no-progress"], token);
    expect([r.imported, r.failed, r.mapUnused]).toEqual([4, [], []]);
    const threads = (await parleyJson(["--site", site, "threads", "list"], token)).threads;
    expect(threads.map((t: any) => t.key).sort()).toEqual(["compost", "tomatoes"]);
    expect((await thread(site, "tomatoes")).comments.map((c: any) => c.authorName)).toEqual(["Ana & Bo"]);
  });

  it("refuses a map that sends one page's http:// and https:// URLs to two keys, naming both lines, and takes them to one key", async () => {
    const { site, token } = await createSite();
    const args = (map: string) => ["--site", site, "import", "wordpress", qaFixture("wordpress-other-prefix.xml"), "--map", map, "--no-progress", "--dry-run"];
    const clash = await mapOf("http://garden.example.com/2019/05/tomatoes/,old-key\nhttps://garden.example.com/2019/05/tomatoes/,new-key\n");
    const refused = await parley(args(clash), { token });
    expect([refused.code, refused.stdout]).toEqual([2, ""]);
    expect(refused.stderr).toBe(
      `parley: ${clash}, line 2: https://garden.example.com/2019/05/tomatoes/ is the same page as http://garden.example.com/2019/05/tomatoes/ on line 1 (http and https are one page), mapped to another key\n`,
    );
    const agree = await mapOf("http://garden.example.com/2019/05/tomatoes/,tomatoes\nhttps://garden.example.com/2019/05/tomatoes/,tomatoes\n");
    const r = await parleyJson(args(agree), token);
    expect(r.mapUnused).toEqual([]);
  });
});

describe("parley import --map with a header line", () => {
  it("skips a first line whose first field is neither a path nor an address, whatever its words (old,new), and reads one that is", async () => {
    const { site, token } = await createSite();
    const args = (map: string) => ["--site", site, "import", "wordpress", qaFixture("wordpress-other-prefix.xml"), "--map", map, "--no-progress", "--dry-run"];
    for (const header of ["old,new", "from,to", "page;key,x", "Old URL,Thread key"]) {
      const r = await parleyJson(args(await mapOf(`${header}\nhttps://garden.example.com/2019/05/tomatoes/,tomatoes\n`)), token);
      expect([header, r.mapUnused]).toEqual([header, []]);
    }
    // A path on the first line is a mapping: it matches no page here, and is named.
    const path = await parleyJson(args(await mapOf("/2019/05/nowhere/,tomatoes\n")), token);
    expect(path.mapUnused).toEqual(["/2019/05/nowhere/"]);
  });
});

describe("parley import of a page whose address is no web page's", () => {
  it("fails the comments of a Disqus thread linked to javascript: or about:blank, naming why, until --map gives it a key", async () => {
    const { site, token } = await createSite();
    const file = join(await mkdtemp(join(tmpdir(), "parley-map-")), "odd-links.xml");
    const post = (id: number, thread: number) =>
      `<post dsq:id="${id}"><message><![CDATA[<p>Comment ${id}</p>]]></message><createdAt>2019-04-02T10:00:00Z</createdAt><author><name>Ann</name></author><thread dsq:id="${thread}"/></post>\n`;
    await writeFile(
      file,
      `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n` +
        `<thread dsq:id="1"><link>javascript:alert(1)</link><title>Odd</title></thread>\n<thread dsq:id="2"><link>about:blank</link><title>Blank</title></thread>\n` +
        `<thread dsq:id="3"><link>https://blog.example.com/post/</link><title>Post</title></thread>\n${post(11, 1)}${post(12, 2)}${post(13, 3)}</disqus>\n`,
    );
    const args = ["--json", "--site", site, "import", "disqus", file, "--no-progress"];
    // Comments that failed make the exit code 1, with the summary on standard output all the same.
    const run = async (more: string[] = []) => {
      const out = await parley([...args, ...more], { token });
      expect(out.code, out.stderr).toBe(1);
      return JSON.parse(out.stdout);
    };
    const r = await run();
    expect([r.imported, r.failed]).toEqual([
      1,
      [
        { ref: "disqus:11", reason: "its page has no URL to make a thread key from" },
        { ref: "disqus:12", reason: "its page has no URL to make a thread key from" },
      ],
    ]);
    const keys = async () => (await parleyJson(["--site", site, "threads", "list"], token)).threads.map((t: any) => t.key).sort();
    expect(await keys()).toEqual(["/post/"]);

    const mapped = await run(["--map", await mapOf("javascript:alert(1),odd-page\n")]);
    expect([mapped.imported, mapped.present, mapped.failed.map((f: any) => f.ref)]).toEqual([1, 1, ["disqus:12"]]);
    expect(await keys()).toEqual(["/post/", "odd-page"]);
  });
});

describe("parley import onto the site's articles", () => {
  it("keys a page's comments by the slug of the article published with that page as its url, unless --map says otherwise", async () => {
    const { site, token } = await createSite();
    // The blog's posts, published into Parley with their addresses: one written without the final slash and with
    // https (the export has http://…/tomatoes/), one with no url (its page keeps its path), one of a page not in the file.
    const put = (slug: string, url?: string) =>
      api(`/sites/${site}/articles/${slug}`, { method: "PUT", token, body: { title: slug, body: "Text.", ...(url && { url }) } });
    expect((await put("tomatoes-and-basil", "https://garden.example.com/2019/05/tomatoes")).status).toBe(201);
    expect((await put("compost")).status).toBe(201);
    expect((await put("elsewhere", "https://garden.example.com/2020/01/elsewhere/")).status).toBe(201);
    const args = ["--site", site, "import", "wordpress", qaFixture("wordpress-other-prefix.xml"), "--no-progress"];

    const dry = await parley([...args, "--dry-run"], { token });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("  article pages     1 (keyed by the slug of the article whose url is the page)\n    /2019/05/tomatoes/ → tomatoes-and-basil\n");
    const r = await parleyJson(args, token);
    expect([r.imported, r.failed, r.articleJoins]).toEqual([4, [], [{ key: "/2019/05/tomatoes/", slug: "tomatoes-and-basil" }]]);
    // The articles' threads are listed too: those three, and the path of the page no article names.
    const threads = (await parleyJson(["--site", site, "threads", "list"], token)).threads;
    expect(threads.map((t: any) => t.key).sort()).toEqual(["/2019/06/compost/", "compost", "elsewhere", "tomatoes-and-basil"]);
    expect((await thread(site, "tomatoes-and-basil")).comments.map((c: any) => c.authorName)).toEqual(["Ana & Bo"]);

    // A map's entry wins over the article's page.
    const other = await createSite();
    await api(`/sites/${other.site}/articles/tomatoes-and-basil`, { method: "PUT", token: other.token, body: { title: "T", body: "Text.", url: "https://garden.example.com/2019/05/tomatoes/" } });
    const map = await mapOf("http://garden.example.com/2019/05/tomatoes/,kept-apart\n");
    const mapped = await parleyJson(["--site", other.site, "import", "wordpress", qaFixture("wordpress-other-prefix.xml"), "--map", map, "--no-progress", "--dry-run"], other.token);
    expect(mapped.articleJoins).toEqual([]);
  });
});
