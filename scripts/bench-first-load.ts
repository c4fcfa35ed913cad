/**
 * `npm run bench:first-load`: the JavaScript a browser downloads to show a page and make it
 * interactive, without the person doing anything yet. Loads each page in headless Chromium
 * against a running production build (`npm start`), sums every JavaScript response (sizes
 * gzipped here, to compare like with like), and flags a page whose first load carries the
 * strength dictionaries (they must load only when a password field is first focused).
 *
 *   BENCH_URL    the app (default http://localhost:3000)
 *   BENCH_PAGES  comma-separated paths (default /login,/forgot-password,/help)
 *   CHROMIUM_PATH  browser (default /usr/bin/chromium when present)
 */
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

export {}; // a module, for top-level await

const base = process.env.BENCH_URL ?? 'http://localhost:3000';
const pages = (process.env.BENCH_PAGES ?? '/login,/forgot-password,/help').split(',');
const executablePath =
  process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
console.log(
  `first-load JavaScript at ${base} (every script a fresh browser fetches until the network is idle; gzipped)`,
);
for (const path of pages) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies: Promise<Buffer | null>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') bodies.push(response.body().catch(() => null));
  });
  await page.goto(new URL(path, base).toString(), { waitUntil: 'networkidle' });
  const scripts = (await Promise.all(bodies)).filter((b): b is Buffer => b !== null);
  const gz = scripts.reduce((n, b) => n + gzipSync(b).length, 0);
  const raw = scripts.reduce((n, b) => n + b.length, 0);
  // 'abdominal' is near the start of the diceware list, which travels with the dictionaries.
  const dictionaries = scripts.some((b) => b.includes('"abdominal"'));
  const shown = new URL(page.url()).pathname;
  console.log(
    `  ${shown.padEnd(18)} ${(gz / 1024).toFixed(1).padStart(6)} KB gzipped (${(raw / 1024).toFixed(0)} KB raw, ${scripts.length} scripts)${dictionaries ? '  ! contains strength dictionaries' : ''}`,
  );
  await context.close();
}
await browser.close();
