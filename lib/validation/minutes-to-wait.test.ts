import { describe, expect, it } from 'vitest';
import { minutesToWait } from './minutes-to-wait';

describe('minutesToWait', () => {
  it('rounds up to whole minutes and never says 0', () => {
    expect(minutesToWait(0)).toBe(1);
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(60)).toBe(1);
    expect(minutesToWait(61)).toBe(2);
    expect(minutesToWait(900)).toBe(15);
  });
});
