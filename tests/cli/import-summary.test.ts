// What `parley import` sums up against what the site holds: states as stored, and threads made only for pages
// that keep comments.
import { spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, allComments, api, createSite, parley, parleyJson } from "./harness";

async function disqusFile(name: string, body: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "parley-summary-")), name);
  await writeFile(file, `<?xml version="1.0" encoding="utf-8"?>\r\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\r\n${body}\r\n</disqus>\r\n`);
  return file;
}

const post = (id: string, message: string, extra = "") =>
  `<post dsq:id="${id}"><id/><message><![CDATA[${message}]]></message><createdAt>2016-03-0${id.length}T10:00:00Z</createdAt>` +
  `<isDeleted>false</isDeleted><isSpam>false</isSpam>${extra}<author><name>R ${id}</name><isAnonymous>true</isAnonymous></author><thread dsq:id="1"/></post>`;

describe("the import summary's states", () => {
  it("counts a comment whose text shows nothing as the deleted tombstone it is stored as, on every run", async () => {
    const { site, token } = await createSite();
    const file = await disqusFile(
      "blank.xml",
      [
        `<thread dsq:id="1"><id/><link>https://blog.example.com/blank/</link><title>Blank</title><createdAt>2016-01-01T00:00:00Z</createdAt><isClosed>false</isClosed></thread>`,
        post("1", "<p>Real words &amp; more</p>"),
        post("2", ""),
        post("3", "<p>   \t </p>"),
        post("4", "<p>\u200b\u200d\u2060</p>"),
        post("5", "<p>\u200b</p>", "<isApproved>false</isApproved>"),
        post("6", "<p>Kept back</p>", "<isApproved>false</isApproved>"),
        `<post dsq:id="7"><id/><message><![CDATA[<p>Gone</p>]]></message><createdAt>2016-03-07T10:00:00Z</createdAt><isDeleted>true</isDeleted><isSpam>false</isSpam><author><name>R 7</name></author><thread dsq:id="1"/></post>`,
      ].join("\r\n"),
    );
    const stored = { published: 1, pending: 1, rejected: 0, spam: 0, deleted: 5 };
    const r = await parleyJson(["--site", site, "import", "disqus", file, "--no-progress"], token);
    expect(r).toMatchObject({ read: 7, imported: 7, failed: [] });
    expect(r.byStatus).toEqual(stored);
    const comments = await allComments(site, token);
    const held = Object.fromEntries(Object.keys(stored).map((s) => [s, comments.filter((c) => c.status === s).length]));
    expect(held).toEqual(stored);
    // The second run finds them all present, stored as they were: the same counts.
    const again = await parley(["--site", site, "import", "disqus", file, "--no-progress"], { token });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("comments read     7 (published 1, pending 1, deleted 5)");
  });

  it("counts a comment already there in the file's state, and says so, when the site has moderated it since", async () => {
    const { site, token } = await createSite();
    const file = await disqusFile(
      "moderated.xml",
      [`<thread dsq:id="1"><id/><link>https://blog.example.com/moderated/</link><title>M</title><isClosed>false</isClosed></thread>`, post("1", "<p>One</p>"), post("22", "<p>Two</p>")].join("\r\n"),
    );
    const first = await parley(["--site", site, "import", "disqus", file, "--no-progress"], { token });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("  comments read     2 (published 2)\n  imported          2\n  skipped, present  0\n");
    const [spam] = await allComments(site, token);
    expect((await parley(["--site", site, "comments", "spam", spam.id], { token })).code).toBe(0);
    // The worker answers that both are there, not that one is spam now: the states are the file's, and the summary says so.
    const again = await parley(["--site", site, "import", "disqus", file, "--no-progress"], { token });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(
      "  comments read     2 (published 2)\n  imported          0\n  skipped, present  2 (counted above in the file's states; the site's may differ, moderated since)\n",
    );
    expect((await allComments(site, token)).map((c) => c.status).sort()).toEqual(["published", "spam"]);
  });
});

describe("threads made by an import", () => {
  it("makes no thread for a page that only a reply names, since the reply goes into its parent's thread", async () => {
    const { site, token } = await createSite();
    const page = (id: string, path: string) =>
      `<thread dsq:id="${id}"><id/><link>https://blog.example.com${path}</link><title>T</title><createdAt>2015-01-01T00:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>`;
    const file = await disqusFile(
      "moved-reply.xml",
      [
        page("1", "/dup/"),
        page("2", "/other/?utm_source=feed"),
        `<post dsq:id="500"><id/><message><![CDATA[<p>Root</p>]]></message><createdAt>2015-02-01T00:00:00Z</createdAt><author><name>First</name></author><thread dsq:id="1"/></post>`,
        `<post dsq:id="501"><id/><message><![CDATA[<p>Reply, filed under another page</p>]]></message><createdAt>2015-02-03T00:00:00Z</createdAt><author><name>Reply</name></author><thread dsq:id="2"/><parent dsq:id="500"/></post>`,
      ].join("\r\n"),
    );
    const r = await parleyJson(["--site", site, "import", "disqus", file, "--no-progress"], token);
    expect(r).toMatchObject({ imported: 2, failed: [] });
    const { body } = await api(`/sites/${site}/threads?limit=100`, { token });
    expect(body.threads.map((t: any) => [t.key, t.commentCount])).toEqual([["/dup/", 2]]);
  });

  it("does not count a thread whose every comment the worker failed, nor merge its page into another", async () => {
    const { site, token } = await createSite();
    const page = (id: string, url: string) => `<thread dsq:id="${id}"><id/><link>${url}</link><title>T &amp; U</title><isClosed>false</isClosed></thread>`;
    const comment = (id: string, thread: string) =>
      `<post dsq:id="${id}"><id/><message><![CDATA[<p>Comment ${id}</p>]]></message><createdAt>2015-02-0${id.slice(-1)}T00:00:00Z</createdAt><author><name>R ${id}</name></author><thread dsq:id="${thread}"/></post>`;
    const first = await disqusFile("first.xml", [page("1", "https://blog.example.com/a/"), comment("71", "1"), comment("72", "1")].join("\r\n"));
    expect((await parleyJson(["--site", site, "import", "disqus", first, "--no-progress"], token)).imported).toBe(2);
    // Another file: its page /b/ holds only an id the site has on /a/, and so does a query-string variant of its /c/
    // (the worker fails both comments). /b/ gets no thread, and /c/'s variant merges into nothing.
    const second = await disqusFile(
      "second.xml",
      [page("2", "https://blog.example.com/b/"), page("3", "https://blog.example.com/c/"), page("4", "https://blog.example.com/c/?utm_source=feed"), comment("71", "2"), comment("73", "3"), comment("72", "4")].join("\r\n"),
    );
    const r = await parley(["--json", "--site", site, "import", "disqus", second, "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect([summary.imported, summary.failed.map((f: any) => f.ref).sort(), summary.threads, summary.merges]).toEqual([1, ["disqus:71", "disqus:72"], 1, []]);
    const human = await parley(["--site", site, "import", "disqus", second, "--no-progress"], { token });
    expect(human.stdout).toContain("  threads           1\n");
  });
});

describe("the warning about pages of several hosts merged into one thread", () => {
  it("gives its --map example for the host that looks like a copy, whichever host sorts first", async () => {
    const { site, token } = await createSite();
    const thread = (id: string, url: string) =>
      `<thread dsq:id="${id}"><id/><link>${url}</link><title>Long</title><createdAt>2016-01-01T00:00:00Z</createdAt><isClosed>false</isClosed></thread>`;
    const comment = (id: string, on: string) =>
      `<post dsq:id="${id}"><id/><message><![CDATA[<p>On ${on}</p>]]></message><createdAt>2016-03-01T10:00:00Z</createdAt>` +
      `<isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>R ${id}</name><isAnonymous>true</isAnonymous></author><thread dsq:id="${on}"/></post>`;
    const file = await disqusFile(
      "hosts.xml",
      [thread("1", "https://myblog.example/2021/long-thread/"), thread("2", "http://staging.myblog.example/2021/long-thread/"), comment("10", "1"), comment("11", "2")].join("\r\n"),
    );
    const dry = await parley(["--site", site, "import", "disqus", file, "--dry-run", "--no-progress"], { token });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(
      'their own with --map, a line per page such as "http://staging.myblog.example/2021/long-thread/,/staging.myblog.example/2021/long-thread/".',
    );
  });
});

describe("the import summary's counts", () => {
  const page = (id: string, path: string) =>
    `<thread dsq:id="${id}"><id/><link>https://blog.example.com${path}</link><title>T</title><createdAt>2016-01-01T00:00:00Z</createdAt><isClosed>false</isClosed></thread>`;
  const on = (id: string, thread: string, message: string, extra = "") =>
    `<post dsq:id="${id}"><id/><message><![CDATA[${message}]]></message><createdAt>2016-03-01T10:00:00Z</createdAt>` +
    `<isDeleted>false</isDeleted><isSpam>false</isSpam>${extra}<author><name>R ${id}</name><isAnonymous>true</isAnonymous></author><thread dsq:id="${thread}"/></post>`;

  it("add up to the comments read: states, duplicates and failures (here and in the worker); a dry run says how many it would import", async () => {
    const { site, token } = await createSite();
    // Comment 10 comes in on /first/; a later file names the same id on another page, which the worker fails.
    const first = await disqusFile("first.xml", [page("1", "/first/"), on("10", "1", "<p>Here first</p>")].join("\r\n"));
    expect((await parley(["--site", site, "import", "disqus", first, "--no-progress"], { token })).code).toBe(0);
    const file = await disqusFile(
      "ugly.xml",
      [
        page("2", "/second/"),
        page("3", `/${"x".repeat(1100)}/`),
        on("20", "2", "<p>One</p>"),
        on("21", "2", "<p>Two</p>", "<isApproved>false</isApproved>"),
        on("20", "2", "<p>One again, a second copy of the id</p>"),
        on("22", "3", "<p>On a page whose key is too long</p>"),
        on("10", "2", "<p>Another blog's comment 10</p>"),
        `<post><id/><message><![CDATA[<p>No id at all</p>]]></message><createdAt>2016-03-01T10:00:00Z</createdAt><author><name>Nobody</name></author><thread dsq:id="2"/></post>`,
        on("23", "2", "<p>Three</p>"),
      ].join("\r\n"),
    );

    const dry = await parley(["--site", site, "import", "disqus", file, "--no-progress", "--dry-run"], { token });
    expect(dry.code, dry.stderr).toBe(1);
    expect(dry.stdout).toContain("comments read     7 (published 3, pending 1; 1 duplicate in the file, 2 failed)");
    expect(dry.stdout).toContain("would import      4 (any the site already has are skipped then)");

    const r = await parley(["--site", site, "import", "disqus", file, "--no-progress"], { token });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("comments read     7 (published 2, pending 1; 1 duplicate in the file, 3 failed)");
    expect(r.stdout).toMatch(/imported\s+3\n/);
    expect(r.stdout).toMatch(/failed\s+3\n/);
    // A second run: the same counts (what came in is present now), in --json too.
    const again = await parley(["--json", "--site", site, "import", "disqus", file, "--no-progress"], { token });
    const s = JSON.parse(again.stdout);
    expect(s).toMatchObject({ read: 7, imported: 0, present: 3, byStatus: { published: 2, pending: 1 }, skipped: { "duplicate in file": 1 } });
    expect(s.failed).toHaveLength(3);
  });
});

describe("the import summary's time", () => {
  it("gives a rate only for an import of a second or more", () => {
    // The CLI's own formatter, run by Node as the CLI runs (its modules are TypeScript that Node strips).
    const script = `
      import { formatSummary } from "./cli/import/summary.ts";
      const base = { format: "disqus", file: "f.xml", site: "s", dryRun: false, threads: 1, lockedThreads: 0, merges: [], hostMerges: [],
        slashTwins: [], mapUnused: [], articleJoins: [], read: 3, byStatus: { published: 3, pending: 0, rejected: 0, spam: 0, deleted: 0 }, imported: 3,
        present: 0, skipped: {}, failed: [], orphans: 0, datesRepaired: 0, stopped: null, peakMemoryMB: 90 };
      const line = (seconds, read = 3) => formatSummary({ ...base, read, seconds }).find((l) => l.startsWith("  time"));
      console.log(JSON.stringify([line(0), line(0.4), line(52.1, 5000)]));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(["  time              under 0.1 s", "  time              0.4 s", "  time              52.1 s (96 comments/s)"]);
  });
});
