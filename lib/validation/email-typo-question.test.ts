import { describe, expect, it, vi } from 'vitest';
import { applyTypoAnswer, withEmailTypoQuestion } from './email-typo-question';
import type { FormState } from './form-action';

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
};

describe('"Did you mean …?" asked by the submit', () => {
  const inner = vi.fn(async (_: FormState, fd: FormData): Promise<FormState> => ({
    attempt: 1,
    ok: true,
    data: { email: String(fd.get('email')) },
  }));
  const action = withEmailTypoQuestion(inner, { echo: ['name'] });

  it('answers a likely typo with the question (and what was typed), saving nothing', async () => {
    inner.mockClear();
    const state = await action({ attempt: 2 }, form({ email: ' Anna@Gmial.com ', name: 'Anna' }));
    expect(inner).not.toHaveBeenCalled();
    expect(state).toEqual({
      attempt: 3,
      ok: false,
      data: { typoTyped: 'anna@gmial.com', typoSuggestion: 'anna@gmail.com', name: 'Anna' },
    });
  });

  it('a call without a form (a hand-made request) reaches the action as an empty form, not a TypeError', async () => {
    inner.mockClear();
    await action({ attempt: 0 }, undefined as unknown as FormData);
    expect(inner).toHaveBeenCalledOnce();
    expect(inner.mock.calls[0]![1]).toBeInstanceOf(FormData);
  });

  it('passes an address without a likely typo straight through', async () => {
    inner.mockClear();
    const state = await action({ attempt: 0 }, form({ email: 'anna@gmail.com' }));
    expect(inner).toHaveBeenCalledOnce();
    expect(state.data?.email).toBe('anna@gmail.com');
  });

  it('"use" saves the suggestion computed on the server, "keep" what was typed', async () => {
    const use = await action(
      { attempt: 1 },
      form({ email: 'changed-by-the-browser@x.org', typoChecked: 'anna@gmial.com', typoChoice: 'use' }),
    );
    expect(use.data?.email).toBe('anna@gmail.com');
    const keep = await action(
      { attempt: 1 },
      form({ email: '', typoChecked: 'anna@gmial.com', typoChoice: 'keep' }),
    );
    expect(keep.data?.email).toBe('anna@gmial.com');
  });

  it('ignores an answer without the address it was about, or an unknown choice', () => {
    expect(applyTypoAnswer(form({ email: 'a@gmial.com', typoChoice: 'use' }))).toBe(false);
    expect(applyTypoAnswer(form({ email: 'a@gmial.com', typoChecked: 'a@gmial.com', typoChoice: 'x' }))).toBe(
      false,
    );
  });
});
