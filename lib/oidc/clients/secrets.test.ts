import { describe, expect, it } from 'vitest';
import { newClientId } from './secrets';

describe('client ids', () => {
  it('never start with "-" (a command line would take it for an option) and are 120 random bits', () => {
    const ids = Array.from({ length: 2000 }, newClientId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{30}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
