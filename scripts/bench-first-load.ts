/**
 * `npm run bench:first-load`: what a browser downloads to show a page and make it
 * interactive, without the person doing anything yet. Loads each page in a fresh headless
 * Chromium context against a running production build (`npm start`) and counts, from the
 * DevTools protocol, every response until the network has been quiet for a while: the
 * document, scripts (also those a <link rel=preload> or the router fetched), styles, RSC
 * prefetches, icons. Sizes are the bytes on the wire (compressed, with headers), as
 * Lighthouse's "transfer size", and decoded ("raw"). It also loads a bare Next.js page (same
 * next/react, no providers: scripts/bench-baseline) and prints each page's JavaScript beyond it.
 *
 * Why the first version of this bench said 84 KB where Lighthouse said 153 KB: it counted
 * only resourceType 'script' (the router's and prefetches' fetches are not), dropped every
 * response whose body() Playwright could not give back, re-gzipped bodies itself, and left
 * the HTML document out. See docs/performance.md, "Page weight and cost per request".
 *
 *   BENCH_URL            the app (default http://localhost:3000)
 *   BENCH_PAGES          comma-separated paths (default /login,/forgot-password,/welcome,/help)
 *   BENCH_BASELINE_PORT  port for the bare Next.js app (default 4399)
 *   BENCH_VERBOSE=1      list every response
 *   CHROMIUM_PATH        browser (default /usr/bin/chromium when present)
 */
import fs from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { startBaselineApp } from './bench-baseline/start-baseline';

export {}; // a module, for top-level await

const base = process.env.BENCH_URL ?? 'http://localhost:3000';
const pages = (process.env.BENCH_PAGES ?? '/login,/forgot-password,/welcome,/help').split(',');
const verbose = process.env.BENCH_VERBOSE === '1';
/** Issue 15: each page's JavaScript within this much (on the wire, gzipped) of the bare Next.js page. */
const GOAL_KB_OVER_BASELINE = 20;
/** The network counts as idle after this long without a request (Next prefetches visible links when idle). */
const QUIET_MS = 1500;
const executablePath =
  process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

interface Download {
  url: string;
  kind: 'document' | 'script' | 'rsc' | 'style' | 'other';
  /** Bytes on the wire: compressed body and headers (CDP encodedDataLength). */
  transferred: number;
  /** Decoded body bytes. */
  raw: number;
  encoding: string;
}

interface PageLoad {
  shown: string;
  downloads: Download[];
  dictionaries: boolean;
}

function kindOf(type: string | undefined, url: string, mime: string): Download['kind'] {
  if (type === 'Document') return 'document';
  if (url.includes('_rsc=') || mime.includes('text/x-component')) return 'rsc';
  if (type === 'Script' || mime.includes('javascript')) return 'script';
  if (type === 'Stylesheet' || mime.includes('css')) return 'style';
  return 'other';
}

async function load(browser: Browser, url: string): Promise<PageLoad> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const seen = new Map<string, Download & { type?: string; mime: string }>();
  let lastActivity = Date.now();
  let inFlight = 0;
  const scriptIds: string[] = [];
  cdp.on('Network.requestWillBeSent', (e) => {
    lastActivity = Date.now();
    if (!seen.has(e.requestId)) inFlight++;
    seen.set(e.requestId, {
      url: e.request.url,
      kind: 'other',
      transferred: 0,
      raw: 0,
      encoding: '',
      type: e.type,
      mime: '',
    });
  });
  cdp.on('Network.responseReceived', (e) => {
    const entry = seen.get(e.requestId);
    if (!entry) return;
    entry.mime = e.response.mimeType;
    entry.type = e.type;
    const headers = Object.fromEntries(
      Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    entry.encoding = String(headers['content-encoding'] ?? 'identity');
  });
  cdp.on('Network.dataReceived', (e) => {
    const entry = seen.get(e.requestId);
    if (entry) entry.raw += e.dataLength;
  });
  const finish = (requestId: string, transferred: number) => {
    lastActivity = Date.now();
    inFlight--;
    const entry = seen.get(requestId);
    if (!entry) return;
    entry.transferred = transferred;
    entry.kind = kindOf(entry.type, entry.url, entry.mime);
    if (entry.kind === 'script') scriptIds.push(requestId);
  };
  cdp.on('Network.loadingFinished', (e) => finish(e.requestId, e.encodedDataLength));
  cdp.on('Network.loadingFailed', (e) => finish(e.requestId, 0));

  await page.goto(url, { waitUntil: 'networkidle' });
  // Then until nothing is in flight and nothing started for QUIET_MS (at most 10 s more:
  // a request the protocol never reports finished must not hang the bench).
  const giveUpAt = Date.now() + 10_000;
  while ((inFlight > 0 || Date.now() - lastActivity < QUIET_MS) && Date.now() < giveUpAt)
    await page.waitForTimeout(100);
  if (inFlight > 0) console.log(`    (${inFlight} requests never finished on ${url})`);

  // The strength dictionaries must stay lazy: look for a word near the start of the diceware list.
  let dictionaries = false;
  for (const id of scriptIds) {
    const body = await cdp.send('Network.getResponseBody', { requestId: id }).catch(() => null);
    if (body && !body.base64Encoded && body.body.includes('"abdominal"')) dictionaries = true;
  }
  const shown = new URL(page.url()).pathname;
  await context.close();
  const downloads = [...seen.values()].map(({ url: u, kind, transferred, raw, encoding }) => ({
    url: u,
    kind,
    transferred,
    raw,
    encoding,
  }));
  return { shown, downloads, dictionaries };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const sum = (downloads: Download[], kind?: Download['kind'], field: 'transferred' | 'raw' = 'transferred') =>
  downloads.filter((d) => !kind || d.kind === kind).reduce((n, d) => n + d[field], 0);

function describe(label: string, load: PageLoad, baselineJs?: number): string {
  const d = load.downloads;
  const js = sum(d, 'script');
  const scripts = d.filter((x) => x.kind === 'script').length;
  const over =
    baselineJs === undefined
      ? ''
      : `  JS +${kb(js - baselineJs)} KB over bare (goal ≤ ${GOAL_KB_OVER_BASELINE}: ${js - baselineJs <= GOAL_KB_OVER_BASELINE * 1024 ? 'PASS' : 'FAIL'})`;
  return (
    `  ${label.padEnd(18)} total ${kb(sum(d)).padStart(6)} KB (${kb(sum(d, undefined, 'raw'))} raw, ${d.length} responses)` +
    ` | JS ${kb(js).padStart(6)} KB (${kb(sum(d, 'script', 'raw'))} raw, ${scripts} scripts)` +
    ` | HTML ${kb(sum(d, 'document'))} | RSC ${kb(sum(d, 'rsc'))} | CSS ${kb(sum(d, 'style'))} | other ${kb(sum(d, 'other'))}` +
    `${over}${load.dictionaries ? '  ! contains strength dictionaries' : ''}`
  );
}

function list(load: PageLoad): void {
  if (!verbose) return;
  for (const d of [...load.downloads].sort((a, b) => b.transferred - a.transferred))
    console.log(
      `      ${d.kind.padEnd(8)} ${kb(d.transferred).padStart(7)} KB ${kb(d.raw).padStart(7)} raw ${d.encoding.padEnd(8)} ${d.url.replace(/^https?:\/\/[^/]+/, '')}`,
    );
}

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
const baselineApp = await startBaselineApp(Number(process.env.BENCH_BASELINE_PORT ?? 4399));
try {
  console.log(
    `First load at ${base}: every response a fresh browser receives until the network is quiet for ${QUIET_MS} ms.`,
  );
  console.log('Sizes on the wire (compressed, with headers) as Lighthouse counts them; raw = decoded.');
  const bare = await load(browser, baselineApp.url);
  console.log(describe('bare Next.js page', bare));
  list(bare);
  const bareJs = sum(bare.downloads, 'script');
  for (const path of pages) {
    const result = await load(browser, new URL(path, base).toString());
    console.log(describe(result.shown, result, bareJs));
    list(result);
  }
} finally {
  baselineApp.stop();
  await browser.close();
}
