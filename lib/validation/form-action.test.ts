import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formAction } from './form-action';
import { forgotPasswordSchema, linkPasswordSchema, requestUnblockSchema } from './auth';

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.set(k, v);
  return data;
};

describe('formAction', () => {
  const schema = z.object({ name: z.string().trim().min(1, 'nameRequired'), age: z.coerce.number() });
  const action = formAction(schema, async (input) => ({
    ok: true,
    data: { greeting: `${input.name} is ${input.age + 1} next year` },
  }));

  it('hands the handler typed input, and counts attempts', async () => {
    const first = await action({ attempt: 0 }, form({ name: ' Ada ', age: '36' }));
    expect(first).toEqual({ attempt: 1, ok: true, data: { greeting: 'Ada is 37 next year' } });
    expect((await action(first, form({ name: 'Ada', age: '1' }))).attempt).toBe(2);
  });

  it('answers a call without a form (a hand-made request) as an unfilled form, not a TypeError', async () => {
    for (const posted of [undefined, null, 'text', { name: 'Ada' }] as unknown as FormData[])
      expect(await action({ attempt: 0 }, posted)).toEqual({
        attempt: 1,
        fieldErrors: expect.objectContaining({ name: expect.any(String) }),
      });
  });

  it('answers refused input with one message per field, without calling the handler', async () => {
    expect(await action({ attempt: 4 }, form({ name: '  ', age: '1' }))).toEqual({
      attempt: 5,
      fieldErrors: { name: 'nameRequired' },
    });
  });

  it('lets an action shape the answer to refused input', async () => {
    const echo = formAction(schema, async () => ({}), {
      invalid: (fieldErrors, raw) => ({ fieldErrors, data: { typed: String(raw.name) } }),
    });
    expect(await echo({ attempt: 0 }, form({ name: '', age: 'x' }))).toMatchObject({
      data: { typed: '' },
      fieldErrors: { name: 'nameRequired' },
    });
  });
});

describe('form schemas at the boundary', () => {
  it.each([['not an email'], ['a'.repeat(10_000)]])(
    'forgot password takes any text (%#) and points out only a blank field',
    (email) => {
      expect(forgotPasswordSchema.parse({ email })).toEqual({ email });
      expect(forgotPasswordSchema.safeParse({ email: '  ' }).error?.issues[0]?.message).toBe(
        'forgotPassword.emailMissing',
      );
    },
  );

  it('asks for an unblock link only for a well-formed address', () => {
    expect(requestUnblockSchema.parse({ email: ' Ana@Example.org ' })).toEqual({ email: 'ana@example.org' });
    expect(requestUnblockSchema.parse({ email: 'nope' })).toEqual({ email: undefined });
  });

  it('checks a new password is there and confirmed, and that the link form has its token', () => {
    expect(
      linkPasswordSchema.safeParse({ token: 't', password: 'a', confirm: 'b' }).error?.issues[0],
    ).toMatchObject({ path: ['confirm'], message: 'validation.confirmMismatch' });
    expect(linkPasswordSchema.safeParse({ token: 't', password: '' }).error?.issues[0]?.message).toBe(
      'validation.passwordRequired',
    );
    expect(linkPasswordSchema.safeParse({ password: 'a' }).error?.issues[0]?.path).toEqual(['token']);
  });
});
