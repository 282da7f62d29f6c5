// How `parley import` reports a file it cannot read to the end: a file cut short imports what comes before the
// break, says where the file broke off and how many comments were written, and a run on the whole file resumes.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FIXTURES, allComments, api, createSite, failingImports, parley } from "./harness";

const fixture = (name: string) => join(FIXTURES, name);
const tempDir = () => mkdtemp(join(tmpdir(), "parley-import-errors-"));

/**
 * A Disqus export of `count` posts of about a kilobyte each over three pages, bigger than the reader's 256 KiB
 * chunks; the post at `early` replies to the last post of the file.
 */
function bigDisqus(count: number, early: number): string {
  const threads = [1, 2, 3].map(
    (t) => `  <thread dsq:id="t${t}">\n    <link>https://blog.example.com/page-${t}/</link>\n    <createdAt>2021-01-0${t}T08:00:00Z</createdAt>\n    <isClosed>false</isClosed>\n  </thread>\n`,
  );
  const posts = Array.from({ length: count }, (_, i) => {
    const parent = i === early ? `    <parent dsq:id="p${count - 1}" />\n` : "";
    // About 520 characters of markdown, so fifty fit one import request; the attribute keeps the file's bytes.
    const words = `Comment ${i} — ünïcödé & <b>markup</b> ${"lorem ipsum ".repeat(40)}<span data-dsq="${"x".repeat(335)}"></span>`;
    return `  <post dsq:id="p${i}">\n    <message><![CDATA[<p>${words}</p>]]></message>\n    <createdAt>2021-02-01T10:${String(i % 60).padStart(2, "0")}:00Z</createdAt>\n    <isDeleted>false</isDeleted>\n    <isSpam>false</isSpam>\n    <author><name>Reader ${i}</name><email>r${i}@example.com</email></author>\n    <thread dsq:id="t${(i % 3) + 1}" />\n${parent}  </post>\n`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n${threads.join("")}${posts.join("")}</disqus>\n`;
}

describe("a file that breaks off part way", () => {
  it("imports what comes before the break, says where and how much was written, and a run on the whole file resumes", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    const whole = bigDisqus(400, 20);
    // Cut inside a post's <createdAt>, as `head -c` cuts a download, past the reader's first 256 KiB chunk.
    const at = whole.indexOf("<createdAt>", 330_000) + 15;
    const cutLine = whole.slice(0, at).split("\n").length;
    await writeFile(join(dir, "truncated.xml"), whole.slice(0, at));
    await writeFile(join(dir, "whole.xml"), whole);

    const cut = await parley(["--json", "--site", site, "import", "disqus", join(dir, "truncated.xml"), "--no-progress"], { token });
    expect(cut.code, cut.stderr).toBe(2);
    expect(cut.stderr).not.toMatch(/\n\s+at /);
    const summary = JSON.parse(cut.stdout);
    expect(summary.stopped).toEqual({ cause: "brokenFile", reason: expect.stringContaining(`truncated.xml ends early, at line ${cutLine}`), line: cutLine, heldBack: 1 });
    expect(summary.imported).toBeGreaterThan(250);
    expect(summary.imported).toBeLessThan(400);
    expect(summary.read).toBe(summary.imported + 1);
    expect(cut.stderr).toContain(`${summary.imported} comments were imported before it`);
    expect(cut.stderr).toContain("run the same command again");
    // What the summary counts is what was written; the reply whose parent was cut off waits for the next run.
    const written = await allComments(site, token);
    expect(written).toHaveLength(summary.imported);
    expect(written.find((c) => c.authorName === "Reader 20")).toBeUndefined();

    const rest = await parley(["--json", "--site", site, "import", "disqus", join(dir, "whole.xml"), "--no-progress"], { token });
    expect(rest.code, rest.stderr).toBe(0);
    const resumed = JSON.parse(rest.stdout);
    expect(resumed).toMatchObject({ present: summary.imported, imported: 400 - summary.imported, orphans: 0, stopped: null });
    const all = await allComments(site, token);
    expect(all).toHaveLength(400);
    const reply = all.find((c) => c.authorName === "Reader 20");
    expect(reply.parentId).toBe(all.find((c) => c.authorName === "Reader 399").id);
  }, 120_000);

  it("prints the usual summary, marked as stopped, with the error on standard error", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    const wxr = await readFile(fixture("wordpress.xml"), "utf8");
    // WordPress too: cut inside the first post's pingback, after its three comments.
    const at = wxr.indexOf("as seen on Hello world");
    await writeFile(join(dir, "wordpress.xml"), wxr.slice(0, at));
    const r = await parley(["--site", site, "import", "wordpress", join(dir, "wordpress.xml"), "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain(`Imported ${join(dir, "wordpress.xml")} (wordpress) into site "${site}", up to where the file breaks off:`);
    expect(r.stdout).toMatch(/imported\s+3\n/);
    expect(r.stdout).toMatch(/stopped\s+at line \d+, where the file breaks off/);
    expect(r.stderr).toMatch(/^parley: .*wordpress\.xml ends early, at line \d+ \(is it cut short\?\): unclosed tag: wp:comment_content\. 3 comments were imported before it/);
    expect(await allComments(site, token)).toHaveLength(3);
  });

  it("says a gzipped file is cut short, and keeps what came before", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    const gz = gzipSync(bigDisqus(300, 5));
    await writeFile(join(dir, "export.xml.gz"), gz.subarray(0, Math.round(gz.length * 0.9)));
    const r = await parley(["--json", "--site", site, "import", "disqus", join(dir, "export.xml.gz"), "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(2);
    const summary = JSON.parse(r.stdout);
    expect(summary.stopped.reason).toContain("export.xml.gz ends early: its gzip data is cut short");
    expect(summary.imported).toBeGreaterThan(0);
    expect(await allComments(site, token)).toHaveLength(summary.imported);
  }, 60_000);

  it("refuses a file that breaks off before its first record with the error alone", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    await writeFile(join(dir, "cut.xml"), '<?xml version="1.0"?>\n<disqus>\n  <thread dsq:id="t1">\n    <link>https://blog.example.com/');
    const r = await parley(["--site", site, "import", "disqus", join(dir, "cut.xml"), "--no-progress"], { token });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^parley: .*cut\.xml ends early, at line 4 \(is it cut short\?\): unclosed tag: link\.\n$/);
  });
});

/**
 * An isso database of 300 long comments (Chinese and emoji, so each spills over several SQLite pages), whose
 * comment 20 answers comment 290, copied as `whole`; in `damaged`, one page about 60% of the way in points to a
 * page the file does not have, as in a copy taken while isso was writing: SQLite reads the rows before it, then
 * fails with "database disk image is malformed".
 */
async function damagedIsso(dir: string): Promise<{ damaged: string; whole: string }> {
  const { DatabaseSync } = await import("node:sqlite");
  const whole = join(dir, "whole.db");
  const db = new DatabaseSync(whole);
  db.exec(`CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
    CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER, created FLOAT NOT NULL,
      modified FLOAT, mode INTEGER, remote_addr VARCHAR, text VARCHAR, author VARCHAR, email VARCHAR, website VARCHAR,
      likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL, notification INTEGER NOT NULL DEFAULT 0);
    INSERT INTO threads VALUES (1, '/2019/07/港口/', '港口'), (2, '/about/', NULL);`);
  const insert = db.prepare("INSERT INTO comments VALUES (?, ?, ?, ?, NULL, 1, '10.0.0.0', ?, ?, NULL, NULL, 0, 0, X'00', 0)");
  for (let id = 1; id <= 300; id++) {
    insert.run((id % 2) + 1, id, id === 20 ? 290 : null, 1562000000 + id * 60, `评论 ${id}：${"你好世界🚀 ".repeat(1200)}`, `读者 ${id} &amp; co`);
  }
  db.close();
  const bytes = await readFile(whole);
  const pageSize = bytes.readUInt16BE(16);
  // An overflow page that is not the last of its chain starts with the next one's number (a b-tree page starts
  // with its type, never 0).
  let page = Math.floor((bytes.length / pageSize) * 0.6);
  while (bytes[page * pageSize] !== 0 || bytes.readUInt32BE(page * pageSize) === 0) page++;
  bytes.writeUInt32BE(0x7fffff00, page * pageSize);
  const damaged = join(dir, "comments.db");
  await writeFile(damaged, bytes);
  return { damaged, whole };
}

describe("a file that cannot be read to its end", () => {
  it("imports what was read, sums it up, prints the command that resumes, and that command finishes the import", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    const { damaged, whole } = await damagedIsso(dir);
    const r = await parley(["--site", site, "import", "isso", damaged, "--no-progress"], { token });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain(`Imported ${damaged} (isso) into site "${site}", up to where the file breaks off:`);
    const imported = Number(r.stdout.match(/imported\s+(\d+)\n/)?.[1]);
    const read = Number(r.stdout.match(/comments read\s+(\d+)/)?.[1]);
    expect(imported).toBeGreaterThan(50);
    expect(imported).toBeLessThan(299);
    // Every comment read is written but the reply whose parent lies past the damage.
    expect(read).toBe(imported + 1);
    expect(r.stdout).toMatch(/held back\s+1 \(replies whose parent may come later in the file\)/);
    const [message, command, end] = r.stderr.split("\n");
    expect(message).toBe(
      `parley: ${damaged} could not be read to its end: database disk image is malformed. ${imported} comments were imported before it (0 were there already). What was written is kept: run the same command again on the repaired or complete file to import the rest; nothing is written twice:`,
    );
    expect(command).toBe(`  parley --site ${site} import isso ${damaged} --no-progress`);
    expect(end).toBe("");
    expect(await allComments(site, token)).toHaveLength(imported);

    // The owner copies the database again, whole, and runs the command printed.
    await writeFile(damaged, await readFile(whole));
    const rest = await parley(["--json", ...command.trim().split(" ").slice(1)], { token });
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ present: imported, imported: 300 - imported, orphans: 0, stopped: null });
    const all = await allComments(site, token);
    expect(all).toHaveLength(300);
    expect(all.find((c) => c.authorName === "读者 20 & co").parentId).toBe(all.find((c) => c.authorName === "读者 290 & co").id);
  }, 120_000);
});

describe("a request that fails part way through an import", () => {
  it("sums up an import whose answers are cut off half way, and the command printed resumes it", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    await writeFile(join(dir, "export.xml"), bigDisqus(600, 10));
    // From the 5th import request on, the worker writes each one and the connection drops in the middle of its answer.
    const proxy = await failingImports(5, "cut");
    const r = await parley(["--site", site, "import", "disqus", join(dir, "export.xml"), "--no-progress", "--url", proxy.url], { token }).finally(proxy.close);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/imported\s+200\n/);
    expect(r.stdout).toContain("stopped           a request failed: UNREACHABLE (run the same command again to resume)");
    const [message, command] = r.stderr.split("\n");
    expect(message).toMatch(/^parley: UNREACHABLE: Lost the connection to http:\/\/127\.0\.0\.1:\d+ while reading its answer \(.+\)\. 200 comments were imported before it/);
    // The address given on the command line is part of the command; the worker is reached directly this time.
    expect(command).toBe(`  parley --url ${proxy.url} --site ${site} import disqus ${join(dir, "export.xml")} --no-progress`);
    const rest = await parley(["--json", ...command.trim().split(" ").slice(3)], { token });
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ imported: expect.any(Number), stopped: null });
    expect(await allComments(site, token)).toHaveLength(600);
  }, 120_000);

  it("sums up what was confirmed and what was not, names the error, exits 1, and the same command resumes", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    await writeFile(join(dir, "export.xml"), bigDisqus(600, 10));
    // The worker answers 503 from the 7th import request on (each of 50 comments), retries too.
    const proxy = await failingImports(7, "503");
    const args = ["--site", site, "import", "disqus", join(dir, "export.xml"), "--no-progress"];
    const r = await parley(args, { token, env: { PARLEY_URL: proxy.url } }).finally(proxy.close);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(`Imported ${join(dir, "export.xml")} (disqus) into site "${site}", until a request failed:`);
    expect(r.stdout).toMatch(/imported\s+300\n/);
    const unanswered = Number(r.stdout.match(/no answer\s+(\d+) \(sent in the requests that failed/)?.[1]);
    expect([50, 100, 150]).toContain(unanswered);
    expect(r.stdout).toMatch(/not sent\s+\d+ \(read, waiting for the next request\)/);
    // The read line adds up: the states count the 300 comments the site holds, then those with no answer and not sent.
    const notSent = Number(r.stdout.match(/not sent\s+(\d+)/)?.[1]);
    const [, read, parts] = r.stdout.match(/comments read\s+([\d,]+) \(([^)]*)\)/)!;
    const [states, others] = parts.split("; ");
    const sum = (text: string) => [...text.matchAll(/\d[\d,]*/g)].reduce((n, m) => n + Number(m[0].replaceAll(",", "")), 0);
    expect(sum(states)).toBe(300);
    expect(others).toMatch(new RegExp(`^${unanswered} with no answer, ${notSent} not sent`));
    expect(sum(states) + sum(others)).toBe(Number(read.replaceAll(",", "")));
    expect(r.stdout).toContain("stopped           a request failed: HTTP_503 (run the same command again to resume)");
    expect(r.stderr).toBe(
      `parley: HTTP_503: error code: 1102. 300 comments were imported before it (0 were there already). ${unanswered} were sent in the requests that failed and may or may not be written. What was written is kept: run the same command again to import the rest; nothing is written twice:\n  parley --site ${site} import disqus ${join(dir, "export.xml")} --no-progress\n`,
    );
    expect(await allComments(site, token)).toHaveLength(300);

    const rest = await parley(["--json", ...args], { token });
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ present: 300, imported: 300, orphans: 0, stopped: null });
    const all = await allComments(site, token);
    expect(all).toHaveLength(600);
    expect(all.find((c) => c.authorName === "Reader 10").parentId).toBe(all.find((c) => c.authorName === "Reader 599").id);
  }, 120_000);

  it("counts the comments of requests the worker wrote but never answered, and a second run finds them present", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    await writeFile(join(dir, "export.xml"), bigDisqus(600, 10));
    // From the 5th import request on, the worker writes each one and the connection drops before its answer.
    const proxy = await failingImports(5, "drop");
    const args = ["--json", "--site", site, "import", "disqus", join(dir, "export.xml"), "--no-progress"];
    const r = await parley(args, { token, env: { PARLEY_URL: proxy.url } }).finally(proxy.close);
    expect(r.code, r.stderr).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary.stopped).toMatchObject({ cause: "apiError", code: "UNREACHABLE", line: null, heldBack: 1 });
    expect(summary.stopped.reason).toMatch(/^UNREACHABLE: Cannot reach http:\/\/127\.0\.0\.1:\d+/);
    expect(summary.imported).toBe(200);
    expect(summary.stopped.unanswered).toBeGreaterThan(0);
    // Every comment read is imported, unanswered, not sent yet, or a reply held back for its parent.
    expect(summary.imported + summary.stopped.unanswered + summary.stopped.notSent + summary.stopped.heldBack).toBe(summary.read);
    expect(r.stderr).toMatch(/^parley: UNREACHABLE: Cannot reach .* 200 comments were imported before it \(0 were there already\)\. \d+ were sent in the requests that failed/);
    // Written, though never answered.
    expect(await allComments(site, token)).toHaveLength(200 + summary.stopped.unanswered);

    const rest = await parley(args, { token });
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ present: 200 + summary.stopped.unanswered, imported: 400 - summary.stopped.unanswered, stopped: null });
    expect(await allComments(site, token)).toHaveLength(600);
  }, 120_000);
});

describe("a file of another format, or an empty one", () => {
  it("is a usage error naming the file and what it found, and writes nothing", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    await writeFile(join(dir, "waline-one-line.json"), '{"type":"waline","version":1,"data":{"Comment":[]}}\n');
    const remark42 = 'is not a Remark42 backup (JSON lines, starting with its {"version": …, "posts": […]} line)';
    const cases: [string, string, string][] = [
      ["wordpress", fixture("disqus.xml"), "is not a WordPress export (WXR): its root element is <disqus>, not <rss>."],
      ["disqus", fixture("wordpress.xml"), "is not a Disqus export: its root element is <rss>, not <disqus>."],
      ["disqus", fixture("waline.json"), "is not a Disqus export: it is not XML (text data outside of root node)."],
      ["remark42", fixture("disqus.xml"), `${remark42}: line 1 is not JSON.`],
      ["remark42", join(dir, "waline-one-line.json"), `${remark42}: line 1 is neither its header nor a comment.`],
      // JSON lines are not one JSON document: the Waline and Artalk readers say which format they expected.
      ["waline", fixture("remark42.jsonl"), "is not a Waline export (JSON): Unexpected non-whitespace character after JSON at position 173 (line 2 column 1)."],
      ["artalk", fixture("remark42.jsonl"), "is not an Artalk export (Artrans, JSON): Unexpected non-whitespace character after JSON at position 173 (line 2 column 1)."],
    ];
    for (const [format, file, message] of cases) {
      const r = await parley(["--site", site, "import", format, file, "--no-progress"], { token });
      expect(r.code, `${format} ${file}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`parley: ${file} ${message}\n`);
    }
    expect(await allComments(site, token)).toEqual([]);
  }, 60_000);

  it("says an empty file is empty, in every format, gzipped too", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    await writeFile(join(dir, "empty"), "");
    for (const format of ["disqus", "wordpress", "remark42", "isso", "commento", "waline", "artalk", "parley"]) {
      const r = await parley(["--site", site, "import", format, join(dir, "empty"), "--no-progress"], { token });
      expect(r.code, format).toBe(2);
      expect(r.stderr, format).toBe(`parley: ${join(dir, "empty")} is empty.\n`);
    }
    await writeFile(join(dir, "empty.gz"), gzipSync(""));
    const remark42 = await parley(["--site", site, "import", "remark42", join(dir, "empty.gz"), "--no-progress"], { token });
    expect(remark42.code).toBe(2);
    expect(remark42.stderr).toContain("empty.gz is not a Remark42 backup");
    expect(remark42.stderr).toContain("it holds no lines.");
    const disqus = await parley(["--site", site, "import", "disqus", join(dir, "empty.gz"), "--no-progress"], { token });
    expect(disqus.code).toBe(2);
    expect(disqus.stderr).toContain("empty.gz is not a Disqus export: it is not XML");
  }, 60_000);
});

/** The export `doc` with its comments changed by `change`, as JSON. */
function edited(doc: string, change: (comments: any[]) => void): string {
  return editedDoc(doc, (parsed) => change(parsed.comments));
}

/** The export `doc` changed by `change`, as JSON. */
function editedDoc(doc: string, change: (parsed: any) => void): string {
  const parsed = JSON.parse(doc);
  change(parsed);
  return JSON.stringify(parsed);
}

describe("errors that name the file and the line", () => {
  it("import parley says which file is cut short, is not an export or is of another version, and reads one with a byte order mark", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    const source = await createSite();
    await parley(["--site", source.site, "import", "remark42", fixture("remark42.jsonl"), "--no-progress"], { token: source.token });
    const exported = await parley(["--site", source.site, "export", "--out", join(dir, "export.json")], { token: source.token });
    expect(exported.code, exported.stderr).toBe(0);
    const doc = await readFile(join(dir, "export.json"), "utf8");
    const files: [string, string | Buffer, string][] = [
      ["cut.json", doc.slice(0, Math.round(doc.length * 0.6)), "ends early (is it cut short?): "],
      ["cut.json.gz", gzipSync(doc).subarray(0, 300), "ends early: its gzip data is cut short (an unfinished download or copy?)."],
      ["disqus.json", `\uFEFF${await readFile(fixture("disqus.xml"), "utf8")}`, `is not a Parley export: Unexpected token '<', "<?xml vers"... is not valid JSON.`],
      ["array.json", "[]\n", 'is not a Parley export: it holds an array, not an export\'s {"version": 1, …} object.'],
      ["v2.json", doc.replace('"version":1', '"version":2'), "is a Parley export of version 2; this parley reads version 1 (a newer export needs a newer parley)."],
      // Edited by hand: a comment whose body is a number, or that is no object at all, is named before anything is sent.
      ["body.json", edited(doc, (comments) => (comments[1].body = 123)), `is not a Parley export: comments[1].body: not text (comment "${JSON.parse(doc).comments[1].id}").`],
      ["null.json", edited(doc, (comments) => (comments[0] = null)), "is not a Parley export: comments[0]: not an object."],
      // The rest of the document is checked whole too, before the settings are sent.
      ["nosite.json", editedDoc(doc, (d) => delete d.site), "is not a Parley export: site: missing."],
      ["settings.json", editedDoc(doc, (d) => (d.site.settings = null)), "is not a Parley export: site.settings: not an object."],
      ["article.json", editedDoc(doc, (d) => (d.articles = [5])), "is not a Parley export: articles[0]: not an object."],
      ["ban.json", editedDoc(doc, (d) => (d.bans = [{ bogus: 1 }])), "is not a Parley export: bans[0].id: missing."],
      ["threads.json", editedDoc(doc, (d) => (d.threads = {})), "is not a Parley export: threads: not a list."],
      ["hook.json", editedDoc(doc, (d) => (d.webhooks = [{ url: "https://h.example/", events: [1], format: "json" }])), "is not a Parley export: webhooks[0].events[0]: not text."],
    ];
    for (const [name, content, message] of files) {
      await writeFile(join(dir, name), content);
      // A dry run refuses it the same way, rather than planning a restore that would fail.
      for (const dryRun of [[], ["--dry-run"]]) {
        const r = await parley(["--site", site, "import", "parley", join(dir, name), "--no-progress", ...dryRun], { token });
        expect(r.code, `${name}: ${r.stderr}`).toBe(2);
        expect(r.stderr, name).toContain(`parley: ${join(dir, name)} ${message}`);
        expect(r.stderr, name).not.toMatch(/\n\s+at /);
      }
    }
    expect(await allComments(site, token)).toEqual([]);
    // Nothing was sent: not even the settings, which a restore writes first.
    const audit = await api(`/sites/${site}/audit`, { token });
    expect(audit.body.entries.filter((e: any) => e.action === "site.update")).toEqual([]);
    // Saved by an editor that starts files with a byte order mark: the same export.
    await writeFile(join(dir, "bom.json"), `\uFEFF${doc}`);
    const bom = await parley(["--json", "--site", site, "import", "parley", join(dir, "bom.json"), "--no-progress"], { token });
    expect(bom.code, bom.stderr).toBe(0);
    expect(JSON.parse(bom.stdout).imported).toBe(6);
  }, 240_000);

  it("Remark42: counts lines that are not objects, names a bad line by its line in the file, and reads a byte order mark", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    const backup = await readFile(fixture("remark42.jsonl"), "utf8");
    const lines = backup.split("\n");
    const comment = (id: string) => JSON.stringify({ id, locator: { url: "https://r.example.com/n/" }, orig: `comment ${id}`, user: { name: id }, time: "2020-01-01T00:00:00Z" });
    await writeFile(join(dir, "nulls.jsonl"), ['{"version":1,"users":[],"posts":[]}', "null", "[1,2]", '"text"', comment("z1"), ""].join("\n"));
    const nulls = await parley(["--json", "--site", site, "import", "remark42", join(dir, "nulls.jsonl"), "--no-progress"], { token });
    expect(nulls.code, nulls.stderr).toBe(0);
    expect(JSON.parse(nulls.stdout)).toMatchObject({ imported: 1, skipped: { "not a comment record": 3 } });

    // Line 4 of the file is broken; a comment follows it, which is not read.
    await writeFile(join(dir, "badline.jsonl"), [lines[0], lines[1], "", '{"id":"x", trunc', comment("z2"), ""].join("\n"));
    const bad = await parley(["--json", "--site", site, "import", "remark42", join(dir, "badline.jsonl"), "--no-progress"], { token });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`parley: ${join(dir, "badline.jsonl")} is not well-formed at line 4: it is not JSON (column 12: Expected double-quoted property name).`);
    expect(JSON.parse(bad.stdout)).toMatchObject({ read: 1, stopped: { line: 4 } });

    // Cut in the middle of its last comment: the file ends early there.
    await writeFile(join(dir, "cut.jsonl"), backup.slice(0, backup.indexOf('"text"', backup.indexOf(lines[6]))));
    const cut = await parley(["--json", "--site", site, "import", "remark42", join(dir, "cut.jsonl"), "--no-progress"], { token });
    expect(cut.code).toBe(2);
    expect(cut.stderr).toContain(`cut.jsonl ends early, at line 7 (is it cut short?): it is not JSON`);
    expect(cut.stderr).toContain("were imported before it");

    const other = await createSite();
    await writeFile(join(dir, "bom.jsonl"), `\uFEFF${backup}`);
    const bom = await parley(["--json", "--site", other.site, "import", "remark42", join(dir, "bom.jsonl"), "--no-progress"], { token: other.token });
    expect(bom.code, bom.stderr).toBe(0);
    expect(JSON.parse(bom.stdout)).toMatchObject({ imported: 6, threads: 2, lockedThreads: 1 });
  }, 60_000);

  it("--map names a bad line by its line in the file, after a byte order mark, comments and blank lines", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    await writeFile(join(dir, "map.csv"), "\uFEFFold-url,thread-key\r\n# moved posts\r\n\r\nhttps://blog.example.com/2021/06/my-post/,my-post\r\nhttps://blog.example.com/old/\r\n");
    const r = await parley(["--site", site, "import", "disqus", fixture("disqus.xml"), "--map", join(dir, "map.csv"), "--no-progress"], { token });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`parley: ${join(dir, "map.csv")}, line 5: expected "old-url,thread-key"\n`);
    // A third field is a mistake said, not a key cut short; a quoted key may hold a comma.
    await writeFile(join(dir, "three.csv"), 'https://blog.example.com/a/,a,b\n');
    const three = await parley(["--site", site, "import", "disqus", fixture("disqus.xml"), "--map", join(dir, "three.csv"), "--no-progress", "--dry-run"], { token });
    expect([three.code, three.stderr]).toEqual([2, `parley: ${join(dir, "three.csv")}, line 1: expected "old-url,thread-key", found 3 fields (a key holding a comma is written in quotes: "a,b")\n`]);
    await writeFile(join(dir, "quoted.csv"), 'https://blog.example.com/a/,"a,b"\n');
    const quoted = await parley(["--site", site, "import", "disqus", fixture("disqus.xml"), "--map", join(dir, "quoted.csv"), "--no-progress", "--dry-run"], { token });
    expect(quoted.code, quoted.stderr).toBe(0);
  });
});

describe("Ctrl-C during an import", () => {
  it("sums up what was written, marked as interrupted, exits 130, and the same command resumes", async () => {
    const { site, token } = await createSite();
    const dir = await tempDir();
    await writeFile(join(dir, "export.xml"), bigDisqus(3000, 10));
    const args = ["--json", "--site", site, "import", "disqus", join(dir, "export.xml"), "--no-progress"];
    // Interrupted once the first comments are in, as an owner would press Ctrl-C.
    const r = await parley(args, {
      token,
      onSpawn: (child) => {
        // One signal: a second Ctrl-C quits at once.
        let sent = false;
        const poll = setInterval(async () => {
          const { body } = await api(`/sites/${site}/moderation/comments?limit=1`, { token });
          if (sent || body.comments.length === 0) return;
          sent = true;
          clearInterval(poll);
          child.kill("SIGINT");
        }, 100);
        child.on("exit", () => clearInterval(poll));
      },
    });
    expect(r.code, r.stderr).toBe(130);
    const summary = JSON.parse(r.stdout);
    expect(summary.stopped).toMatchObject({ cause: "interrupted", line: null });
    expect(summary.imported).toBeGreaterThan(0);
    expect(summary.imported).toBeLessThan(3000);
    expect(r.stderr).toContain(`parley: Interrupted. ${summary.imported.toLocaleString("en")} comments were imported before it`);
    expect(r.stderr).toContain("run the same command again to import the rest");
    expect(await allComments(site, token)).toHaveLength(summary.imported);

    const rest = await parley(args, { token });
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ present: summary.imported, imported: 3000 - summary.imported, stopped: null });
  }, 180_000);
});
