/** New recovery codes (issue 29): the old ones stop working, even raced; the person is emailed. */
import { describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox } from '@/lib/db/schema';
import { active, GOOD_PASSWORD } from '@/lib/test/factories';
import { enrolledInTwoStep } from '@/lib/test/two-step';
import { checkSecondFactor } from './check-second-factor';
import { countRecoveryCodesLeft } from './count-recovery-codes-left';
import { renewRecoveryCodes } from './renew-recovery-codes';

vi.setConfig({ testTimeout: 90_000 });

let n = 0;
// Addresses of this file alone, so other files' throttling does not reach these checks.
const ip = () => `10.29.0.${(n++ % 250) + 1}`;

const enrolled = () => enrolledInTwoStep('client', ip);

describe('new recovery codes', () => {
  it('void the old ones (a parallel use of an old code is refused), work once each, and are emailed', async () => {
    const person = await enrolled();
    const renewed = await renewRecoveryCodes({ userId: person.userId, password: GOOD_PASSWORD, ip: ip() });
    if (!renewed.ok) throw new Error(JSON.stringify(renewed));
    expect(renewed.recoveryCodes).toHaveLength(10);
    expect(renewed.recoveryCodes.some((c) => person.codes.includes(c))).toBe(false);
    expect(await countRecoveryCodesLeft(person.userId)).toBe(10);

    const old = await Promise.all(
      [0, 0, 1].map((i) =>
        checkSecondFactor({ userId: person.userId, answer: person.codes[i]!, during: 'sign_in', ip: ip() }),
      ),
    );
    expect(old.every((r) => !r.ok)).toBe(true);

    const fresh = await Promise.all(
      [0, 0, 0].map(() =>
        checkSecondFactor({
          userId: person.userId,
          answer: renewed.recoveryCodes[0]!,
          during: 'sign_in',
          ip: ip(),
        }),
      ),
    );
    expect(fresh.filter((r) => r.ok)).toHaveLength(1);
    expect(await countRecoveryCodesLeft(person.userId)).toBe(9);

    const db = await getDb();
    const mails = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.userId, person.userId), eq(emailOutbox.template, 'recovery-codes-renewed')));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.toAddress).toBe(person.email);
  });

  it('asks for the password: a wrong one changes nothing', async () => {
    const person = await enrolled();
    expect(
      await renewRecoveryCodes({ userId: person.userId, password: 'not-the-password', ip: ip() }),
    ).toEqual({
      ok: false,
      code: 'wrong',
    });
    const stillWorks = await checkSecondFactor({
      userId: person.userId,
      answer: person.codes[3]!,
      during: 'sign_in',
      ip: ip(),
    });
    expect(stillWorks.ok).toBe(true);
  });

  it('is refused without two-step verification on', async () => {
    const person = await active();
    expect(await renewRecoveryCodes({ userId: person.userId, password: GOOD_PASSWORD, ip: ip() })).toEqual({
      ok: false,
      code: 'two_step_off',
    });
  });
});
