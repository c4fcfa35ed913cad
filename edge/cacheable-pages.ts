/**
 * The URLs the page cache may answer (page-cache.ts), as the pages themselves declare them:
 * a page the edge may keep for every anonymous visitor has a page-cache.ts beside its
 * page.tsx exporting `cacheableUrls`, with the reason it is safe written next to the page's
 * code (what it reads for someone not signed in). Nothing here lists pages; a page that stops
 * being the same for everyone loses its declaration in the same change.
 *
 * A declaration may name only its own page: its URLs' path must be the folder's route (route
 * groups left out, a [segment] standing for any one segment), else start-up stops.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The file a cacheable page declares itself in. */
export const DECLARATION_FILE = 'page-cache.ts';

/** The route of an app/ folder as a pattern: `app/(auth)/login` → /login, `app/help/[topic]` → /help/<any>. */
export function routePattern(folder: string): RegExp {
  const segments = folder
    .split(/[\\/]/)
    .slice(1)
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => (/^\[[^\]]+\]$/.test(s) ? '[^/?]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^/${segments.join('/')}$`);
}

/** Checks one declaration against its folder; returns its URLs. */
export function checkDeclaration(folder: string, urls: unknown): string[] {
  if (!Array.isArray(urls) || !urls.every((u) => typeof u === 'string'))
    throw new Error(`${folder}/${DECLARATION_FILE}: cacheableUrls must be a list of URLs`);
  const route = routePattern(folder);
  for (const url of urls as string[]) {
    if (!route.test(url.split('?')[0]!))
      throw new Error(`${folder}/${DECLARATION_FILE}: ${url} is not this page's address (${route.source})`);
  }
  return urls as string[];
}

/** Every declared URL of the pages under `root`/app. */
export async function declaredCacheableUrls(root: string = process.cwd()): Promise<Set<string>> {
  const urls = new Set<string>();
  const files = fs.globSync(`app/**/${DECLARATION_FILE}`, { cwd: root }).sort();
  for (const file of files) {
    const folder = path.dirname(file);
    if (!fs.existsSync(path.join(root, folder, 'page.tsx')))
      throw new Error(`${file}: a page-cache declaration belongs beside a page.tsx`);
    const declared = (await import(pathToFileURL(path.join(root, file)).href)) as { cacheableUrls?: unknown };
    for (const url of checkDeclaration(folder, declared.cacheableUrls)) urls.add(url);
  }
  return urls;
}
