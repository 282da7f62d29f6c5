// The import benchmark: a synthetic Disqus export (threads, nested replies, HTML bodies, some spam and deleted
// posts) imported into a fresh site by the real CLI, against the local worker. Reports time, rate and the CLI's
// peak memory; the target is 50,000 comments in under 3 minutes.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { ROOT } from "../../worker/dev/local.mjs";

export const IMPORT_COMMENTS = 50_000;
export const IMPORT_TARGET_SECONDS = 180;

const escapeXml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Writes a Disqus export with `comments` posts over comments/100 threads; a third of the posts are replies. */
export async function writeSyntheticDisqus(file, comments = IMPORT_COMMENTS) {
  const out = createWriteStream(file);
  const write = async (s) => {
    if (!out.write(s)) await once(out, "drain");
  };
  const threads = Math.max(1, Math.round(comments / 100));
  await write('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n');
  for (let t = 0; t < threads; t++) {
    await write(
      `<thread dsq:id="${t + 1}"><id /><link>https://bench.example.com/${2000 + (t % 20)}/post-${t}/${t % 7 === 0 ? "?utm_source=feed" : ""}</link>` +
        `<title>Post ${t}</title><createdAt>2020-01-01T00:00:00Z</createdAt><isClosed>${t % 50 === 0}</isClosed><isDeleted>false</isDeleted></thread>\n`,
    );
  }
  const base = Date.parse("2020-01-02T00:00:00Z");
  for (let i = 0; i < comments; i++) {
    const thread = (i % threads) + 1;
    // Replies point at an earlier post of the same thread (i - threads is the previous post in this thread).
    const parent = i >= threads && i % 3 === 0 ? i - threads * (1 + (i % 4)) : -1;
    const html = `<p>Comment ${i} &amp; some text with <a href="https://example.com/${i}">a link</a>, <b>bold</b> and &quot;quotes&quot;.</p><p>Second paragraph ${"lorem ipsum ".repeat(1 + (i % 8))}</p>`;
    await write(
      `<post dsq:id="${100000 + i}"><id /><message><![CDATA[${html}]]></message>` +
        `<createdAt>${new Date(base + i * 60_000).toISOString().replace(".000", "")}</createdAt>` +
        `<isDeleted>${i % 97 === 0}</isDeleted><isSpam>${i % 89 === 0}</isSpam>` +
        `<author><email>reader${i % 5000}@example.com</email><name>${escapeXml(`Reader ${i % 5000} Ümlaut`)}</name><isAnonymous>false</isAnonymous></author>` +
        `<thread dsq:id="${thread}" />${parent >= 0 ? `<parent dsq:id="${100000 + parent}" />` : ""}</post>\n`,
    );
  }
  await write("</disqus>\n");
  out.end();
  await once(out, "finish");
  return { file, comments, threads };
}

/** Node 24 from the project (type stripping), else the Node running this. */
export const nodeBin = () => (existsSync(join(ROOT, "node_modules/.bin/node")) ? join(ROOT, "node_modules/.bin/node") : process.execPath);

/** Creates a site and runs `parley import disqus` on the file; resolves with the CLI's JSON summary and wall time. */
export async function measureImport({ workerUrl, adminToken, file, site = "import-bench", log = console.log }) {
  const res = await fetch(`${workerUrl}/api/v1/sites`, {
    method: "POST",
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ id: site, name: "Import benchmark" }),
  });
  if (res.status !== 201) throw new Error(`creating the import site: ${res.status} ${await res.text()}`);
  const { ownerToken } = await res.json();
  const started = performance.now();
  // As `npm run parley` runs it (see the flag's reason in cli/parley.ts).
  const child = spawn(nodeBin(), ["--max-semi-space-size=4", join(ROOT, "cli/parley.ts"), "--json", "--site", site, "import", "disqus", file], {
    cwd: ROOT,
    env: { ...process.env, PARLEY_URL: workerUrl, PARLEY_TOKEN: ownerToken },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  const [code] = await once(child, "exit");
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`parley import exited ${code}: ${stdout.slice(0, 2000)}`);
  const summary = JSON.parse(stdout);
  log(
    `  ${summary.imported.toLocaleString("en-US")} comments imported in ${seconds.toFixed(1)} s ` +
      `(${Math.round(summary.read / seconds)} comments/s), CLI peak memory ${summary.peakMemoryMB} MB, failed ${summary.failed.length}`,
  );
  return { comments: summary.read, imported: summary.imported, failed: summary.failed.length, seconds: Math.round(seconds * 10) / 10, peakMemoryMB: summary.peakMemoryMB };
}

/**
 * `npm run bench -- import`: only the import row, on its own fresh worker. BENCH_IMPORT_COMMENTS changes the size.
 * Returns the process exit code (0 when the target is met).
 */
export async function runImportBench({ applyMigrations, freePort, startWorker, log = console.log }) {
  const { mkdtemp, rm } = await import("node:fs/promises");
  const { tmpdir, loadavg } = await import("node:os");
  const comments = Number(process.env.BENCH_IMPORT_COMMENTS ?? IMPORT_COMMENTS);
  const tmp = await mkdtemp(join(tmpdir(), "parley-bench-import-"));
  let worker = null;
  try {
    log(`→ Writing a synthetic Disqus export of ${comments.toLocaleString("en-US")} comments`);
    const { file } = await writeSyntheticDisqus(join(tmp, "disqus.xml"), comments);
    log("→ Fresh local D1 and wrangler dev");
    applyMigrations(join(tmp, "state"));
    const port = await freePort();
    worker = await startWorker({ port, persistTo: join(tmp, "state"), vars: { ADMIN_TOKEN: "bench-admin-token", PARLEY_SECRET: "bench-secret-0123456789abcdef0123456789abcdef" } });
    log("→ parley import disqus");
    const r = await measureImport({ workerUrl: `http://127.0.0.1:${port}`, adminToken: "bench-admin-token", file, log });
    const ok = r.seconds < IMPORT_TARGET_SECONDS && r.failed === 0;
    log(`\n| target | measured | budget | |\n| --- | --- | --- | --- |`);
    log(`| import ${comments.toLocaleString("en-US")} Disqus comments (parley import, local worker) | ${r.seconds} s, ${Math.round(r.comments / r.seconds)} comments/s, CLI peak ${r.peakMemoryMB} MB | < ${IMPORT_TARGET_SECONDS} s | ${ok ? "✓" : "✗"} |`);
    log(`\nLoad average at the end: ${loadavg()[0].toFixed(2)}.`);
    return ok ? 0 : 1;
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = once(worker, "exit");
      worker.kill("SIGTERM");
      await exited;
    }
    await rm(tmp, { recursive: true, force: true });
  }
}
