// Takes the README's screenshots of the demo article's comment section in headless Chromium: light.png and
// dark.png (the themes), phone.png (375 px wide) and dark-host.png (no theme, on the demo page turned dark by
// prefers-color-scheme: the widget takes the page's colours). Builds the widget, then runs a worker on fresh local state seeded with the
// demo site, so the pictures show exactly what a new checkout shows. Run: `node widget/screenshots.mjs`
// (CHROMIUM_PATH overrides Debian's chromium).
import { mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEV_VARS, ROOT, applyMigrations, buildWidget, findChromium, freePort, launchChromium, seedDemo, startWorker } from "../worker/dev/local.mjs";

const CHROMIUM = findChromium();
if (!CHROMIUM) throw new Error("No Chromium found: install Debian's chromium, or set CHROMIUM_PATH.");
const WIDTH = 900;
/** The tallest a screenshot may be: the heading, the seeded comments and the start of the form. */
const MAX_HEIGHT = 1100;

const cleanups = [];
try {
  process.stdout.write(buildWidget());
  const state = await mkdtemp(join(tmpdir(), "parley-screenshots-"));
  cleanups.push(() => rm(state, { recursive: true, force: true }));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  applyMigrations(state);
  await seedDemo(state, [origin]);
  const worker = await startWorker({ port, persistTo: state, vars: DEV_VARS });
  cleanups.push(() => worker.kill());

  const profile = await mkdtemp(join(tmpdir(), "parley-screenshots-chromium-"));
  cleanups.push(() => rm(profile, { recursive: true, force: true }));
  const context = await launchChromium(CHROMIUM, profile);
  cleanups.push(() => context.close());

  mkdirSync(join(ROOT, "widget/screenshots"), { recursive: true });
  /** Each shot: its file name, the viewport width, the colour scheme the reader's system asks for, the theme. */
  const shots = [
    { name: "light", width: WIDTH, scheme: "light", theme: "light" },
    { name: "dark", width: WIDTH, scheme: "dark", theme: "dark" },
    { name: "phone", width: 375, scheme: "light", theme: "light" },
    { name: "dark-host", width: WIDTH, scheme: "dark", theme: null },
  ];
  for (const { name, width, scheme, theme } of shots) {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ reducedMotion: "reduce", colorScheme: scheme });
    await page.goto(`${origin}/demo/`);
    await page.evaluate((theme) => {
      const article = document.querySelector("parley-article");
      theme ? article.setAttribute("theme", theme) : article.removeAttribute("theme");
    }, theme);
    const thread = page.locator("parley-article parley-comments");
    await thread.scrollIntoViewIfNeeded();
    // The thread, its lazy chunk (votes and the form) and the article's icons are all in.
    await thread.locator("[part~=form]").waitFor();
    await page.locator("parley-article [part~=links] svg path").first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    const box = await thread.boundingBox();
    const scroll = await page.evaluate(() => ({ x: scrollX, y: scrollY }));
    const pad = 16;
    const file = join(ROOT, `widget/screenshots/${name}.png`);
    await page.screenshot({
      path: file,
      fullPage: true,
      clip: {
        x: Math.max(0, box.x + scroll.x - pad),
        y: box.y + scroll.y - pad,
        width: Math.min(width, box.width + 2 * pad),
        height: Math.min(MAX_HEIGHT, box.height + 2 * pad),
      },
    });
    console.log(`wrote widget/screenshots/${name}.png`);
    await page.close();
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
