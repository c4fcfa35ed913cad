/**
 * `npm run bench:first-load`: the JavaScript a browser downloads to first show a page
 * (every <script src> in the server-rendered HTML), gzipped, per page. Run it against a
 * running production build (`npm start`): BENCH_URL (default http://localhost:3000).
 * It also checks that no first-load script carries the strength dictionaries.
 */
import { gzipSync } from 'node:zlib';

export {}; // a module, for top-level await

const base = process.env.BENCH_URL ?? 'http://localhost:3000';
const pages = (process.env.BENCH_PAGES ?? '/login,/welcome,/reset-password,/forgot-password').split(',');
const cache = new Map<string, Buffer>();

async function script(src: string): Promise<Buffer> {
  if (!cache.has(src)) cache.set(src, Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer()));
  return cache.get(src)!;
}

console.log(`first-load JavaScript at ${base} (gzipped)`);
for (const page of pages) {
  const html = await (await fetch(new URL(page, base))).text();
  const srcs = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))];
  let gz = 0;
  let raw = 0;
  let dictionaries = false;
  for (const src of srcs) {
    const body = await script(src);
    raw += body.length;
    gz += gzipSync(body).length;
    // 'abdominal' is near the start of the diceware list, which travels with the dictionaries.
    if (body.includes('"abdominal"')) dictionaries = true;
  }
  console.log(`  ${page.padEnd(18)} ${(gz / 1024).toFixed(1).padStart(6)} KB gzipped (${(raw / 1024).toFixed(0)} KB raw, ${srcs.length} scripts)${dictionaries ? '  ! contains strength dictionaries' : ''}`);
}
