import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from './node-flags';

describe("a serving instance's V8 flags", () => {
  it('are the ones npm start passes', () => {
    const scripts = (
      JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.start).toContain(`tsx ${SERVER_NODE_FLAGS.join(' ')} scripts/start.ts`);
  });
});
