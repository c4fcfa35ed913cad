/**
 * The order of lib/'s folders is enforced by ESLint (LIB_ORDER in eslint.config.mjs) and drawn
 * in the README. These tests keep the three in step: every folder has a place, the drawing
 * shows the order the rule enforces, and the rule really refuses an import that runs up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
let order: string[];
let eslint: ESLint;

beforeAll(async () => {
  const config = (await import(path.join(root, 'eslint.config.mjs'))) as { LIB_ORDER: string[] };
  order = config.LIB_ORDER;
  eslint = new ESLint({ cwd: root });
}, 60_000);

/** lib/'s folders as they are on disk (the test kit is not a layer). */
function folders(): string[] {
  return fs
    .readdirSync(path.join(root, 'lib'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'test')
    .map((d) => d.name);
}

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe("lib/'s order", () => {
  it('has a place for every folder of lib/', () => {
    const unplaced = folders().filter((f) => !order.includes(f));
    expect(unplaced, 'add each to LIB_ORDER in eslint.config.mjs, above what it imports').toEqual([]);
  });

  it("is the order the README draws (top to bottom = LIB_ORDER's end to its start)", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const drawing = readme.slice(readme.indexOf('\nlib/ '), readme.indexOf('\nemails/ '));
    const drawn = [...drawing.matchAll(/^ {2}([a-z0-9-]+)(?:\/|\.ts)/gm)].map((m) => m[1]);
    const existing = new Set([...folders(), 'env']);
    expect(drawn).toEqual(order.filter((f) => existing.has(f)).reverse());
  });

  it('refuses an import from a folder above, and allows one from below', async () => {
    expect(
      await problems('lib/db/probe.ts', "import { getCurrentUser } from '@/lib/auth/current-user';"),
    ).toEqual([expect.stringContaining("lib/'s order")]);
    expect(await problems('lib/security/probe.ts', "export { auth } from '@/lib/auth';")).toHaveLength(1);
    expect(await problems('lib/auth/probe.ts', "import { getDb } from '@/lib/db/client';")).toEqual([]);
    expect(await problems('lib/env.ts', "import { getDb } from '@/lib/db/client';")).toHaveLength(1);
  }, 60_000);

  it('refuses each folder every folder above it, and nothing below', async () => {
    const placed = order.filter((f) => f !== 'env');
    for (const [i, from] of placed.entries()) {
      const file = `lib/${from}/probe.ts`;
      const imports = placed.map((to) => `import '@/lib/${to}/x';`).join('\n');
      const refused = (await problems(file, imports)).length;
      expect(refused, `${from} refuses the folders above it`).toBe(placed.length - i - 1);
    }
  }, 60_000);

  it('refuses a relative import that leaves the folder (it would hide the arrow)', async () => {
    expect(await problems('lib/db/probe.ts', "import '../auth/current-user';")).toHaveLength(1);
    expect(await problems('lib/accounts/import/probe.ts', "import '../../auth/current-user';")).toHaveLength(
      1,
    );
    expect(await problems('lib/accounts/import/probe.ts', "import '../actor';")).toEqual([]);
  }, 60_000);

  it('lets tests import anything', async () => {
    expect(await problems('lib/db/probe.test.ts', "import '@/lib/accounts/actor';")).toEqual([]);
  }, 60_000);
});
