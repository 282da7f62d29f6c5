// The `parley` commands for operators and owners, each run as a real process against a local worker.
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { rateLimitsSchema, updateSiteSchema } from "../../worker/contract/schemas";
import { adminToken, allComments, api, createSite, FIXTURES, parley, parleyJson, workerUrl } from "./harness";

async function postComment(site: string, thread: string, body: string, extra: Record<string, unknown> = {}) {
  const { status, body: res } = await api(`/sites/${site}/threads/${encodeURIComponent(thread)}/comments`, {
    body: { body, authorName: "Reader", ...extra },
  });
  expect(status, JSON.stringify(res)).toBe(201);
  return res.comment.id as string;
}

describe("parley: usage", () => {
  it("prints complete help for the program and every command, with exit code 0", async () => {
    const top = await parley(["--help"]);
    expect(top.code).toBe(0);
    for (const cmd of ["sites", "site", "articles", "comments", "bans", "import", "export", "gdpr"]) expect(top.stdout).toContain(cmd);
    expect(top.stdout).toContain("PARLEY_URL");
    const imp = await parley(["import", "--help"]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/--dry-run[\s\S]*--map/);
    for (const sub of [["comments", "approve"], ["bans", "add"], ["gdpr", "erase"], ["site", "set"]]) {
      const r = await parley([...sub, "--help"]);
      expect(r.code, sub.join(" ")).toBe(0);
      expect(r.stdout).toContain(`parley ${sub.join(" ")}`);
    }
  });

  it("stops quietly when the reader of its output goes away (`parley --help | head -1`)", async () => {
    for (const args of [["--help"], ["import", "--help"]]) {
      const r = await parley(args, { closeStdout: true });
      expect(r.stderr, args.join(" ")).toBe("");
      expect(r.code, args.join(" ")).toBe(0);
    }
  });

  it("exits 2 on a usage error and 1 when the API refuses, printing its code", async () => {
    const unknown = await parley(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command");
    const noSite = await parley(["comments", "list"], { token: "x" });
    expect(noSite.code).toBe(2);
    expect(noSite.stderr).toContain("--site");
    const badChoice = await parley(["import", "blogger", "x.xml", "--site", "s"]);
    expect(badChoice.code).toBe(2);
    const refused = await parley(["--site", "no-such-site", "comments", "list"], { token: "wrong" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("SITE_NOT_FOUND");
    const { site } = await createSite();
    const badToken = await parley(["--site", site, "site", "show"], { token: "not-the-token" });
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/UNAUTHORIZED|FORBIDDEN/);
    const noToken = await parley(["--site", site, "comments", "list"]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toBe("parley: Give the site's owner token with --token TOKEN (or set PARLEY_TOKEN); `sites` takes the admin token.\n");
  });

  it("reads the worker's address from --url over PARLEY_URL", async () => {
    const r = await parley(["--url", "http://127.0.0.1:9", "sites", "list"], { token: adminToken() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("UNREACHABLE");
    // The API's base, as the README's Quick start shows it, names its worker.
    const base = await parley(["--url", `${workerUrl()}/api/v1/`, "sites", "list"], { token: adminToken() });
    expect(base.code, base.stderr).toBe(0);
    // An address that is none is a usage error, said before any request.
    for (const [args, env, says] of [
      [["--url", "not-a-url"], {}, `--url must be the worker's http(s) address, such as http://127.0.0.1:8787, not "not-a-url".`],
      [[], { PARLEY_URL: "ftp://127.0.0.1:8787" }, `PARLEY_URL must be the worker's http(s) address, such as http://127.0.0.1:8787, not "ftp://127.0.0.1:8787".`],
      // A page on the worker (the demo's address that `npm run dev` prints) is not where its API is.
      [["--url", "http://127.0.0.1:8787/demo/"], {}, `--url must be the worker's root address, such as http://127.0.0.1:8787, not a page on it ("http://127.0.0.1:8787/demo/").`],
    ] as const) {
      const bad = await parley([...args, "sites", "list"], { token: adminToken(), env });
      expect(bad.code, bad.stderr).toBe(2);
      expect(bad.stderr).toBe(`parley: ${says}\n`);
    }
  });

  it("says a server that answers something other than the API's JSON is not a Parley worker, for every kind of command", async () => {
    const server = createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>A blog</title>"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const said = new RegExp(`^parley: NOT_PARLEY: ${url} answered (GET|POST) /api/v1/sites/blog\\S* with something other than JSON: is it a Parley worker\\? Set PARLEY_URL or --url to the worker's address\\.$`, "m");
    try {
      for (const args of [["site", "show"], ["comments", "list"], ["export"], ["import", "disqus", join(FIXTURES, "disqus.xml"), "--no-progress"]]) {
        const r = await parley(["--url", url, "--site", "blog", ...args], { token: "t" });
        expect(r.code, args.join(" ")).toBe(1);
        expect(r.stderr, args.join(" ")).toMatch(said);
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
  it("says a server whose error page is not the API's JSON is not a Parley worker, naming the address and status but not the page", async () => {
    // As `python3 -m http.server` answers a path it does not have: a 404 with an HTML page.
    const page = `<!DOCTYPE HTML>\n<html><head><title>Error response</title></head><body><h1>Error response</h1><p>Error code: 404</p>${"x".repeat(500)}</body></html>`;
    const server = createServer((_req, res) => res.writeHead(404, "File not found", { "Content-Type": "text/html" }).end(page));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      for (const args of [["site", "show"], ["comments", "list"], ["export"]]) {
        const r = await parley(["--url", url, "--site", "blog", ...args], { token: "t" });
        expect(r.code, args.join(" ")).toBe(1);
        expect(r.stderr, args.join(" ")).toMatch(
          new RegExp(`^parley: NOT_PARLEY: ${url} answered GET /api/v1/sites/blog\\S* with 404 File not found, not the API's JSON: is it a Parley worker\\? Set PARLEY_URL or --url to the worker's address\\.\n$`),
        );
        expect(r.stderr).not.toContain("DOCTYPE");
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("parley sites and site", () => {
  it("creates sites and lists them with the admin token, as a table or JSON", async () => {
    const { site } = await createSite("listed");
    // A site made without --origin loads the widget on no page: the command says so, and how to name one.
    const bare = await parley(["sites", "create", `bare-${Date.now().toString(36)}`, "--name", "Bare"], { token: adminToken() });
    expect(bare.code, bare.stderr).toBe(0);
    expect(bare.stderr).toMatch(/^warning: no --origin: the widget loads on no page until the site names its blog's origin, e\.g\.\n  parley --site bare-\S+ site set origins=https:\/\/blog\.example\.com\n$/);
    const quiet = await parley(["--json", "sites", "create", `bare-json-${Date.now().toString(36)}`, "--name", "Bare"], { token: adminToken() });
    expect(JSON.parse(quiet.stdout).site.settings.origins).toEqual([]);
    expect(quiet.stderr).toMatch(/^warning: no --origin/);
    const table = await parley(["sites", "list"], { token: adminToken() });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+CREATEDAT/);
    expect(table.stdout).toContain(site);
    const json = await parleyJson<{ sites: { id: string }[] }>(["sites", "list"], adminToken());
    expect(json.sites.map((s) => s.id)).toContain(site);
    const asOwner = await parley(["sites", "list"], { token: "pt_own_nope" });
    expect(asOwner.code).toBe(1);
    expect(asOwner.stderr).toContain("`parley sites …` takes the admin token (the worker's ADMIN_TOKEN), not a site's owner token.");
  });

  it("shows the full settings with the Turnstile secret masked, and sets KEY=VALUE pairs", async () => {
    const { site, token } = await createSite();
    await api(`/sites/${site}`, { method: "PATCH", token, body: { turnstileSiteKey: "0x4AAAAAAAsitekey", turnstileSecret: "0x4AAAAAAAsecret-value" } });
    const set = await parley(
      ["--site", site, "site", "set", "moderation=pre", "editWindowMinutes=30", "origins=https://a.example,https://b.example", "rateLimits.readerPerMinute=9", "name=Renamed blog"],
      { token },
    );
    expect([set.code, set.stdout, set.stderr]).toEqual([0, `Updated moderation, editWindowMinutes, origins, rateLimits, name on site "${site}".\n`, ""]);
    // Only what changed is said to be updated; a secret, never shown, counts as sent.
    const again = await parley(["--site", site, "site", "set", "moderation=pre", "turnstileSecret=0x4AAAAAAAsecret-value"], { token });
    expect([again.code, again.stdout]).toEqual([0, `Updated turnstileSecret on site "${site}" (moderation already was so).\n`]);
    const same = await parley(["--site", site, "site", "set", "moderation=pre", "editWindowMinutes=30", "rateLimits.readerPerMinute=9"], { token });
    expect([same.code, same.stdout]).toEqual([0, `Nothing changed on site "${site}": moderation, editWindowMinutes, rateLimits already were so.\n`]);
    const shown = await parleyJson<{ name: string; settings: Record<string, any> }>(["--site", site, "site", "show"], token);
    expect(shown.name).toBe("Renamed blog");
    expect(shown.settings.moderation).toBe("pre");
    expect(shown.settings.editWindowMinutes).toBe(30);
    expect(shown.settings.origins).toEqual(["https://a.example", "https://b.example"]);
    expect(shown.settings.rateLimits).toEqual({ readerPerMinute: 9, threadPerMinute: 60, sitePerMinute: 300 });
    expect(shown.settings.turnstileSecretSet).toBe(true);
    const table = await parley(["--site", site, "site", "show"], { token });
    expect(table.stdout).not.toContain("secret-value");
    expect(JSON.stringify(shown)).not.toContain("secret-value");
    const bad = await parley(["--site", site, "site", "set", "moderation=sometimes"], { token });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("VALIDATION_FAILED");
    // The API's message names the field and why; the CLI says it once.
    expect(bad.stderr.match(/moderation: /g)).toHaveLength(1);
    expect((await parley(["--site", site, "site", "set", "novalue"], { token })).code).toBe(2);
    // A text setting that reads as a JSON number or boolean is the text.
    expect((await parley(["--site", site, "site", "set", "name=2024"], { token })).code).toBe(0);
    expect((await parleyJson<{ name: string }>(["--site", site, "site", "show"], token)).name).toBe("2024");
    // The quota is shown, but it is the operator's.
    const quota = await parley(["--site", site, "site", "set", "quota.commentsPerDay=10"], { token });
    expect([quota.code, quota.stderr]).toEqual([2, "parley: quota is set by the operator, not by the site's owner: parley sites quota SITE --comments-per-day N --bytes-per-day N, with the admin token.\n"]);
  });

  it("sets a site's quota with the admin token (sites quota), and refuses what is not a whole number", async () => {
    const { site, token } = await createSite();
    const set = await parley(["sites", "quota", site, "--comments-per-day", "20_000", "--bytes-per-day", "0"], { token: adminToken() });
    expect([set.code, set.stdout, set.stderr]).toEqual([0, `Site "${site}" may now store 20,000 comments and no limit on bytes a day.\n`, ""]);
    expect((await parleyJson(["--site", site, "site", "show"], token)).settings.quota).toEqual({ commentsPerDay: 20_000, bytesPerDay: 0 });
    const json = await parleyJson(["sites", "quota", site, "--comments-per-day", "5,000", "--bytes-per-day", "1000000"], adminToken());
    expect(json.settings.quota).toEqual({ commentsPerDay: 5_000, bytesPerDay: 1_000_000 });
    const one = await parley(["sites", "quota", site, "--comments-per-day", "1", "--bytes-per-day", "1"], { token: adminToken() });
    expect([one.code, one.stdout]).toEqual([0, `Site "${site}" may now store 1 comment and 1 byte a day.\n`]);
    for (const value of ["1e5", "2.5", "-1", "lots"]) {
      const bad = await parley(["sites", "quota", site, "--comments-per-day", value, "--bytes-per-day", "0"], { token: adminToken() });
      expect(bad.code, value).toBe(2);
      expect(bad.stderr).toContain("Must be a whole number such as 5000.");
    }
    expect((await parley(["sites", "quota", site, "--comments-per-day", "5"], { token: adminToken() })).code).toBe(2);
    const asOwner = await parley(["sites", "quota", site, "--comments-per-day", "9", "--bytes-per-day", "0"], { token });
    expect([asOwner.code, asOwner.stderr]).toEqual([1, expect.stringContaining("UNAUTHORIZED")]);
  });

  it("refuses an empty origin list unless given as origins=[], and names an unknown setting with the valid ones", async () => {
    const { site, token } = await createSite();
    const origins = async () => (await parleyJson<{ settings: { origins: string[] } }>(["--site", site, "site", "show"], token)).settings.origins;
    for (const value of ["origins=", "origins= , "]) {
      const r = await parley(["--site", site, "site", "set", "moderation=pre", value], { token });
      expect(r.code, value).toBe(2);
      expect(r.stderr).toContain("would let the widget load on no page");
      expect(r.stderr).toContain("origins=[]");
    }
    // Nothing was changed by the refused commands, moderation included.
    expect(await origins()).toEqual(["https://blog.example.com"]);
    expect((await parleyJson(["--site", site, "site", "show"], token)).settings.moderation).toBe("post");

    const unknown = await parley(["--site", site, "site", "set", "nosuch=1", "moderation=pre", "rateLimit.readerPerMinute=3"], { token });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No setting "nosuch", "rateLimit". The settings are: name, origins, moderation,');
    expect(unknown.stderr).toContain("turnstileSecret.");
    expect(unknown.stderr).not.toContain("Send at least one setting");
    // The list is the API's: every field its PATCH takes.
    const listed = unknown.stderr.match(/The settings are: (.*)\./)?.[1].split(", ");
    expect(listed?.sort()).toEqual(Object.keys(updateSiteSchema.shape).sort());
    // A group's field too, dotted or in its JSON: the group's fields are listed, the API's.
    for (const pair of ["rateLimits.bogus=1", 'rateLimits={"readerPerMinute":3,"bogus":1}']) {
      const nested = await parley(["--site", site, "site", "set", pair], { token });
      expect(nested.code, pair).toBe(2);
      expect(nested.stderr, pair).toContain('No setting "rateLimits.bogus". The rateLimits settings are: ');
      const fields = nested.stderr.match(/The rateLimits settings are: (.*)\./)?.[1].split(", ");
      expect(fields?.sort()).toEqual(Object.keys(rateLimitsSchema.shape).sort());
    }

    const meant = await parley(["--site", site, "site", "set", "origins=[]"], { token });
    expect(meant.code, meant.stderr).toBe(0);
    expect(await origins()).toEqual([]);
  });
});

describe("parley articles", () => {
  it("publishes a markdown file with front matter, lists it and deletes it", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-article-"));
    const file = join(dir, "hello-world.md");
    await writeFile(
      file,
      "---\ntitle: Hello, world\nauthor: Ada\ndate: 2024-03-01T10:00:00Z\nurl: https://blog.example.com/2024/03/hello-world/\nlinks:\n  - network: youtube\n    url: https://youtube.com/@ada\n---\n\n# Hi\n\nFirst **post**.\n",
    );
    const put = await parley(["--site", site, "articles", "put", file], { token });
    expect(put.code, put.stderr).toBe(0);
    // With the code that embeds it, as the dashboard gives it.
    expect(put.stdout).toBe(
      `Published "Hello, world" as hello-world.\nTo embed it on its page:\n  <parley-article site="${site}" slug="hello-world"></parley-article>\n` +
        `  <script async src="${workerUrl()}/a/${site}/hello-world.js"></script>\n` +
        `In the site's language: on a page whose <html lang> says another (en-GB, say), add it: ${workerUrl()}/a/${site}/hello-world.js?lang=en-GB\n`,
    );
    const { body: article } = await api(`/sites/${site}/articles/hello-world`);
    expect(article.title).toBe("Hello, world");
    expect(article.author).toBe("Ada");
    expect(article.publishedAt).toBe("2024-03-01T10:00:00.000Z");
    expect(article.links).toEqual([{ network: "youtube", url: "https://youtube.com/@ada" }]);
    expect(article.url).toBe("https://blog.example.com/2024/03/hello-world/");
    const list = await parleyJson<{ articles: { slug: string }[] }>(["--site", site, "articles", "list"], token);
    expect(list.articles.map((a) => a.slug)).toEqual(["hello-world"]);
    const del = await parley(["--site", site, "articles", "delete", "hello-world"], { token });
    expect(del.code).toBe(0);
    expect((await api(`/sites/${site}/articles/hello-world`)).status).toBe(404);
    const missing = await parley(["--site", site, "articles", "delete", "hello-world"], { token });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("ARTICLE_NOT_FOUND");
  });

  it("says what is wrong with a file it cannot publish, as a usage error", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-article-bad-"));
    await writeFile(join(dir, "bad-yaml.md"), "---\ntitle: [unclosed\n---\nText\n");
    await writeFile(join(dir, "bad-date.md"), "---\ntitle: Dated\ndate: not a date\n---\nText\n");
    await writeFile(join(dir, "Ünïcode Name.md"), "---\ntitle: Named by its file\n---\nText\n");
    await writeFile(join(dir, "one-link.md"), "---\ntitle: One link\nlinks: https://x.com/a\n---\nText\n");
    await writeFile(join(dir, "february.md"), "---\ntitle: Leap\ndate: 2024-02-30\n---\nText\n");
    await writeFile(join(dir, "bad-slug.md"), '---\ntitle: Slugged\nslug: "bad slug!"\n---\nText\n');
    for (const [file, says] of [
      [join(dir, "february.md"), `the front matter's date "2024-02-30" is not a date (write it as 2024-05-01, or 2024-05-01T10:00:00+02:00)`],
      [join(dir, "nope.md"), "No file"],
      [dir, "is not a file"],
      [join(dir, "bad-yaml.md"), "not valid YAML"],
      [join(dir, "bad-date.md"), "is not a date"],
      [join(dir, "Ünïcode Name.md"), `its slug "Ünïcode Name" comes from the file's name, which the API refuses: Use 1-128 letters, digits, '.', '_', '~' and '-', starting with a letter or digit. Give one in the front matter (slug: my-post).`],
      [join(dir, "bad-slug.md"), `its slug "bad slug!" comes from its front matter, which the API refuses: Use 1-128 letters, digits, '.', '_', '~' and '-', starting with a letter or digit. Give another there (slug: my-post).`],
      [join(dir, "one-link.md"), "links must be a list, each with a network and a url"],
    ]) {
      const r = await parley(["--site", site, "articles", "put", file], { token });
      expect(r.code, file).toBe(2);
      expect(r.stderr, file).toContain(says);
      expect(r.stderr, file).not.toMatch(/\n\s+at /);
    }
  });

  it("reads the front matter as it was written: numbers as text, a date without a zone as UTC on any machine", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-article-yaml-"));
    const cases: [string, string, string][] = [
      ["a.md", "title: 2024\nslug: 12345\nauthor: 42\ndate: May 1, 2024", "2024-05-01T00:00:00.000Z"],
      ["b.md", "title: Unix\nslug: unix-seconds\ndate: 1714521600", "2024-05-01T00:00:00.000Z"],
      ["c.md", "title: Jekyll\nslug: jekyll\ndate: 2024-05-01 10:00:00 +0200", "2024-05-01T08:00:00.000Z"],
      ["d.md", "title: Plain\nslug: plain\ndate: 2024-05-01 10:00", "2024-05-01T10:00:00.000Z"],
    ];
    for (const [name, front, date] of cases) {
      await writeFile(join(dir, name), `---\n${front}\n---\nText\n`);
      const r = await parley(["--site", site, "articles", "put", join(dir, name)], { token, env: { TZ: "America/New_York" } });
      expect(r.code, r.stderr).toBe(0);
      const slug = /slug: (\S+)/.exec(front)![1];
      const { body: article } = await api(`/sites/${site}/articles/${slug}`);
      expect(article.publishedAt, name).toBe(date);
    }
    const { body: numbers } = await api(`/sites/${site}/articles/12345`);
    expect([numbers.title, numbers.author]).toEqual(["2024", "42"]);
  });

  it("refuses a draft (Hugo's draft: true, Jekyll's published: false) and says which front matter keys it ignores, once", async () => {
    const { site, token } = await createSite();
    const dir = await mkdtemp(join(tmpdir(), "parley-article-draft-"));
    await writeFile(join(dir, "hugo.md"), "---\ntitle: Tags\ndraft: true\ntags: [a, b]\n---\nNot yet.\n");
    await writeFile(join(dir, "jekyll.md"), "---\ntitle: Later\npublished: false\n---\nNot yet.\n");
    for (const [name, mark] of [["hugo", "draft: true"], ["jekyll", "published: false"]]) {
      const file = join(dir, `${name}.md`);
      const r = await parley(["--site", site, "articles", "put", file], { token });
      expect(r.code, name).toBe(1);
      expect(r.stdout, name).toBe("");
      expect(r.stderr).toBe(`parley: ${file} is a draft (its front matter says ${mark}): not published. To publish it, remove ${mark} from its front matter.\n`);
      expect((await api(`/sites/${site}/articles/${name}`)).status, name).toBe(404);
    }
    // A file that says it is no draft is published; the keys an article does not hold are named on standard error, once.
    await writeFile(join(dir, "ready.md"), "---\ntitle: Ready\ndraft: false\npublished: true\ntags: [a, b]\ncategories: [notes]\nlayout: post\n---\nNow.\n");
    const ready = await parley(["--site", site, "articles", "put", join(dir, "ready.md")], { token });
    expect(ready.code, ready.stderr).toBe(0);
    expect(ready.stdout).toMatch(/^Published "Ready" as ready\./);
    expect(ready.stderr).toBe(
      `warning: ${join(dir, "ready.md")}: front matter keys tags, categories, layout ignored (an article holds its title, slug, author, date, image, url and links).\n`,
    );
    expect((await api(`/sites/${site}/articles/ready`)).status).toBe(200);
  });
});

describe("parley comments", () => {
  it("lists, filters and moderates comments by id, and approves every pending one", async () => {
    const { site, token } = await createSite();
    const rateLimits = { readerPerMinute: 0, threadPerMinute: 0, sitePerMinute: 0 };
    await api(`/sites/${site}`, { method: "PATCH", token, body: { minFillSeconds: 0, moderation: "pre", rateLimits } });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await postComment(site, "t1", `pending ${i}`));
    const other = await postComment(site, "t2", "in another thread");

    const pending = await parleyJson<{ comments: { id: string }[] }>(["--site", site, "comments", "list", "--status", "pending", "--thread", "t1"], token);
    expect(pending.comments.map((c) => c.id).sort()).toEqual([...ids].sort());
    // A page's path typed as it reads names the thread the widget keys as the browser spells it.
    const accented = await postComment(site, "/blog/%C3%A4/", "on a page with an accent");
    for (const typed of ["/blog/ä/", "/blog/%C3%A4/"]) {
      const listed = await parleyJson<{ comments: { id: string }[] }>(["--site", site, "comments", "list", "--thread", typed], token);
      expect(listed.comments.map((c) => c.id), typed).toEqual([accented]);
    }
    expect((await parley(["--site", site, "comments", "reject", accented], { token })).code).toBe(0);
    const table = await parley(["--site", site, "comments", "list"], { token });
    expect(table.stdout).toMatch(/^ID\s+STATUS\s+THREADKEY\s+AUTHORNAME\s+CREATEDAT\s+HELD\s+TEXT/);
    expect(table.stdout).toContain("in another thread");
    expect(table.stdout).toMatch(new RegExp(`${other}\\s+pending\\s+t2.*pre-moderation\\s+in another thread`));
    // A comment held for a blocked word names the word, as the owner typed it.
    await api(`/sites/${site}`, { method: "PATCH", token, body: { blockedWords: ["Casino"] } });
    const casino = await postComment(site, "t2", "a casino ad");
    const held = await parley(["--site", site, "comments", "list", "--thread", "t2"], { token });
    expect(held.stdout).toMatch(new RegExp(`${casino}\\s+pending\\s+t2.*blocked-word: Casino\\s+a casino ad`));
    expect((await parley(["--site", site, "comments", "reject", casino], { token })).code).toBe(0);
    await api(`/sites/${site}`, { method: "PATCH", token, body: { blockedWords: [] } });

    expect((await parley(["--site", site, "comments", "approve", ids[0]], { token })).code).toBe(0);
    // Published, it no longer shows what held it.
    const approved: string = ids[0];
    const approvedRow = (await parley(["--site", site, "comments", "list", "--thread", "t1"], { token })).stdout.split("\n").find((l) => l.startsWith(approved));
    expect(approvedRow).toMatch(/\spublished\s/);
    expect(approvedRow).not.toContain("pre-moderation");
    expect((await parley(["--site", site, "comments", "pin", ids[0]], { token })).code).toBe(0);
    expect((await parley(["--site", site, "comments", "reject", ids[1]], { token })).code).toBe(0);
    expect((await parley(["--site", site, "comments", "spam", ids[2]], { token })).code).toBe(0);
    let states = Object.fromEntries((await allComments(site, token)).map((c) => [c.id, [c.status, c.pinned]]));
    expect(states[ids[0]]).toEqual(["published", true]);
    expect(states[ids[1]]).toEqual(["rejected", false]);
    expect(states[ids[2]]).toEqual(["spam", false]);
    expect((await parley(["--site", site, "comments", "unpin", ids[0]], { token })).code).toBe(0);
    expect((await parley(["--site", site, "comments", "delete", ids[0]], { token })).code).toBe(0);

    const all = await parley(["--site", site, "comments", "approve", "--all-pending"], { token });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain("Approved 1 pending comment");
    states = Object.fromEntries((await allComments(site, token)).map((c) => [c.id, [c.status, c.pinned]]));
    expect(states[ids[0]]).toEqual(["deleted", false]);
    expect(states[other]).toEqual(["published", false]);

    // An imported comment whose text shows nothing: restored to the queue, and not approved until it is edited.
    const blankItem = { source: "disqus", sourceId: "blank-1", parent: null, thread: "t3", body: " \u200b ", authorName: "Ada", status: "published", createdAt: "2020-01-01T00:00:00Z" };
    expect((await api(`/sites/${site}/import`, { token, body: { comments: [blankItem] } })).status).toBe(200);
    const blank = (await allComments(site, token)).find((c) => c.threadKey === "t3")!.id;
    const restored = await parley(["--site", site, "comments", "restore", blank], { token });
    expect([restored.code, restored.stdout]).toEqual([0, `restore: 1 changed, 0 already so.\n  ${blank}: pending\n`]);
    const refused = await parley(["--site", site, "comments", "approve", blank], { token });
    expect([refused.code, refused.stderr]).toEqual([
      1,
      `  ${blank}: its text shows nothing (an imported blank): edit it in the dashboard before approving it\nparley: COMMENT_BLANK: 1 of the comments shows no text, and approving would publish a blank.\n`,
    ]);
    const allAgain = await parley(["--site", site, "comments", "approve", "--all-pending"], { token });
    expect([allAgain.code, allAgain.stdout, allAgain.stderr]).toEqual([
      0,
      "Approved 0 pending comments.\n",
      "1 comment left pending: its text shows nothing (an imported blank): edit it in the dashboard before approving it.\n",
    ]);

    // More blanks than a page of the queue, newer than two comments that wait too: those are approved all the same.
    const waiting = (n: number, body: string, year: number) => ({ ...blankItem, sourceId: `w-${year}-${n}`, thread: "t4", body, status: "pending", createdAt: `${year}-01-01T00:00:${String(n % 60).padStart(2, "0")}Z` });
    const many = [...Array.from({ length: 105 }, (_, i) => waiting(i, "\u200b", 2022 + Math.floor(i / 60))), waiting(1, "Real words", 2019), waiting(2, "More words", 2019)];
    for (let i = 0; i < many.length; i += 50) expect((await api(`/sites/${site}/import`, { token, body: { comments: many.slice(i, i + 50) } })).status).toBe(200);
    const deleted = (await allComments(site, token)).filter((c) => c.threadKey === "t4" && c.status === "deleted").map((c) => c.id);
    expect(deleted).toHaveLength(105);
    expect((await parley(["--site", site, "comments", "restore", ...deleted], { token })).code).toBe(0);
    const drained = await parleyJson(["--site", site, "comments", "approve", "--all-pending"], token);
    expect([drained.approved, drained.blank.length]).toEqual([2, 106]);

    const missing = await parley(["--site", site, "comments", "approve", "nosuchcomment1"], { token });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no such comment");
    expect(missing.stderr).toContain("1 of the comments does not exist.");
    expect((await parley(["--site", site, "comments", "spam"], { token })).code).toBe(2);
  });
});

describe("parley tables", () => {
  it("cuts cells between whole characters and pads them to the columns a terminal draws", async () => {
    const { site, token } = await createSite();
    await api(`/sites/${site}`, { method: "PATCH", token, body: { minFillSeconds: 0 } });
    // An emoji or a Chinese character takes two columns: every row's TEXT starts in the same column.
    const poo = "💩".repeat(25);
    await api(`/sites/${site}`, { method: "PATCH", token, body: { blockedWords: [poo] } });
    const wide = await postComment(site, "t3", `${poo} 赌场`, { authorName: "王小明 🇺🇦" });
    await postComment(site, "t3", "plain", { authorName: "Ann" });
    const lines = (await parley(["--site", site, "comments", "list", "--thread", "t3"], { token })).stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    const wideLine = lines.find((l) => l.startsWith(wide))!;
    expect(wideLine).toContain(`blocked-word: ${"💩".repeat(22)}…`);
    expect(wideLine).not.toContain("\uFFFD");
    const textColumn = lines.map((l) => stringWidth(l.slice(0, l.search(/TEXT|plain$|💩+ 赌场$/u))));
    expect(new Set(textColumn).size, lines.join("\n")).toBe(1);
  });
});

describe("parley bans", () => {
  it("adds, lists and removes bans", async () => {
    const { site, token } = await createSite();
    const add = await parleyJson<{ id: string; hint: string; created: boolean }>(
      ["--site", site, "bans", "add", "--type", "email", "--value", "troll@example.com", "--mode", "shadow", "--reason", "trolling"],
      token,
    );
    expect(add.hint).not.toContain("troll@example.com");
    expect(add.created).toBe(true);
    await parleyJson(["--site", site, "bans", "add", "--type", "name", "--value", "Spammy McSpam"], token);
    const list = await parleyJson<{ bans: { id: string; type: string; mode: string }[] }>(["--site", site, "bans", "list"], token);
    expect(list.bans.map((b) => [b.type, b.mode]).sort()).toEqual([["email", "shadow"], ["name", "visible"]]);
    const table = await parley(["--site", site, "bans", "list"], { token });
    expect(table.stdout).toContain("Spammy");
    expect(await parleyJson(["--site", site, "bans", "remove", add.id], token)).toEqual({ removed: add.id });
    const after = await parleyJson<{ bans: { id: string }[] }>(["--site", site, "bans", "list"], token);
    expect(after.bans.map((b) => b.id)).not.toContain(add.id);
    expect((await parley(["--site", site, "bans", "add", "--type", "ip"], { token })).code).toBe(2);
    // --expires takes a plain date as the start of that day in UTC.
    const until = await parleyJson<{ expiresAt: string }>(["--site", site, "bans", "add", "--type", "name", "--value", "Until", "--expires", "2030-01-31"], token);
    expect(until.expiresAt).toBe("2030-01-31T00:00:00.000Z");
    // What is no date at all is a usage error (exit 2), before any request.
    const vague = await parley(["--site", site, "bans", "add", "--type", "name", "--value", "Vague", "--expires", "tomorrow"], { token });
    expect(vague.code).toBe(2);
    expect(vague.stderr).toContain('--expires takes a date (2027-01-31, the start of that day in UTC) or an ISO 8601 date-time, not "tomorrow".');
    // Nor is a day not on the calendar, or nothing at all (an empty variable must not make a ban for ever).
    for (const expires of ["2027-02-30", "2027-13-01", "", "2027-02-30T10:00:00Z"]) {
      const r = await parley(["--site", site, "bans", "add", "--type", "name", "--value", "Vague", "--expires", expires], { token });
      expect(r.code, `${expires}: ${r.stderr}`).toBe(2);
    }
    const gone = await parley(["--site", site, "bans", "remove", add.id], { token });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("BAN_NOT_FOUND");
  });

  it("adds the same ban once: a second identical `bans add` says it is already in force and lists one", async () => {
    const { site, token } = await createSite();
    const args = ["--site", site, "bans", "add", "--type", "email", "--value", "troll@example.com", "--reason", "trolling"];
    const first = await parley(args, { token });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Banned \(email, visible\): t\*\*\*@example\.com — id (\S+)\n$/);
    const second = await parley(args, { token });
    expect(second.code, second.stderr).toBe(0);
    const id = first.stdout.trim().split(" ").pop();
    expect(second.stdout).toBe(`Already banned (email, visible): t***@example.com — id ${id}\n`);
    // --json tells it apart as well: the ban already in force, with `created` false.
    expect(await parleyJson(args, token)).toMatchObject({ id, type: "email", hint: "t***@example.com", created: false });
    const list = await parleyJson<{ bans: { id: string }[] }>(["--site", site, "bans", "list"], token);
    expect(list.bans.map((b) => b.id)).toEqual([id]);
  });
});
