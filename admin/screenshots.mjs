// Takes the README's dashboard screenshots: admin/screenshots/queue-light.png and queue-dark.png, the moderation
// queue of a pre-moderated site with a few held comments, in headless Chromium at 1000 px. Builds every asset, then
// runs a worker on fresh local state. Run: `npm run screenshots:admin` (CHROMIUM_PATH overrides Debian's chromium).
import { mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEV_VARS, ROOT, applyMigrations, buildAssets, findChromium, freePort, launchChromium, seedDemo, startWorker } from "../worker/dev/local.mjs";

const CHROMIUM = findChromium();
if (!CHROMIUM) throw new Error("No Chromium found: install Debian's chromium, or set CHROMIUM_PATH.");
const { ADMIN_TOKEN } = DEV_VARS;

const cleanups = [];
try {
  process.stdout.write(buildAssets());
  const state = await mkdtemp(join(tmpdir(), "parley-admin-shots-"));
  cleanups.push(() => rm(state, { recursive: true, force: true }));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  applyMigrations(state);
  await seedDemo(state, [origin]);
  const worker = await startWorker({ port, persistTo: state, vars: DEV_VARS });
  cleanups.push(() => worker.kill());

  const api = async (path, token, body, method = body ? "POST" : "GET") => {
    const res = await fetch(`${origin}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  // A small blog that holds links, blocked words and first comments, with a few comments waiting.
  const { ownerToken } = await api("/sites", ADMIN_TOKEN, {
    id: "dispatch",
    name: "The Parley Dispatch",
    origins: [origin],
    maxLinks: 1,
    blockedWords: ["casino"],
    holdFirstComment: true,
    minFillSeconds: 0,
    rateLimits: { readerPerMinute: 0, threadPerMinute: 0, sitePerMinute: 0 },
  });
  const post = (thread, authorName, body) => api(`/sites/dispatch/threads/${encodeURIComponent(thread)}/comments`, "", { authorName, body });
  await post("/2026/11/airstrikes/", "Maya", "Thanks for the clear timeline. The map of the bases helped a lot.");
  await post("/2026/11/airstrikes/", "Deals4U", "Great post! Visit https://spam.example and https://more-spam.example for **deals**.");
  await post("/2026/11/budget-vote/", "Lucky Larry", "Best online casino bonuses, today only.");
  await post("/2026/11/budget-vote/", "Jonas", "I think the *second* amendment matters more than the article says:\n\n> spending caps apply from 2027\n\nIs that right?");

  const profile = await mkdtemp(join(tmpdir(), "parley-admin-shots-chromium-"));
  cleanups.push(() => rm(profile, { recursive: true, force: true }));
  const context = await launchChromium(CHROMIUM, profile);
  cleanups.push(() => context.close());

  mkdirSync(join(ROOT, "admin/screenshots"), { recursive: true });
  for (const colorScheme of ["light", "dark"]) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1000, height: 1000 });
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    await page.goto(`${origin}/admin`);
    await page.getByLabel("Site", { exact: true }).fill("dispatch");
    await page.getByLabel("Owner token", { exact: true }).fill(ownerToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("admin-queue article").nth(3).waitFor();
    await page.keyboard.press("j");
    await page.evaluate(() => document.fonts.ready);
    const file = join(ROOT, `admin/screenshots/queue-${colorScheme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote admin/screenshots/queue-${colorScheme}.png`);
    await page.close();
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
