/** Two-step off by the person (issue 29): after the password, only where the role allows it, emailed. */
import { describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, emailOutbox, type Role } from '@/lib/db/schema';
import { active, GOOD_PASSWORD } from '@/lib/test/factories';
import { validateSession } from '@/lib/sessions/validate-session';
import { enrolledInTwoStep, sessionOf } from '@/lib/test/two-step';
import { getTwoStepStatus } from './get-two-step-status';
import { switchOffTwoStep } from './switch-off-two-step';

vi.setConfig({ testTimeout: 90_000 });

let n = 0;
// Addresses of this file alone, so other files' throttling does not reach these checks.
const ip = () => `10.29.8.${(n++ % 250) + 1}`;

const enrolled = (role: Role = 'client') => enrolledInTwoStep(role, ip);

async function mailsOf(userId: string) {
  const db = await getDb();
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.template, 'two-step-disabled')));
}

describe('switching two-step verification off oneself', () => {
  it('takes the password: a wrong one changes nothing; the right one switches it off, once, emailed and audited', async () => {
    const person = await enrolled();
    expect(await switchOffTwoStep({ userId: person.userId, password: 'not-my-password', ip: ip() })).toEqual({
      ok: false,
      code: 'wrong',
    });
    expect((await getTwoStepStatus(person.userId)).on).toBe(true);
    expect(await mailsOf(person.userId)).toEqual([]);

    // A second browser at the code page (password right, code owed) is ended; this one stays.
    const halfway = await sessionOf(person.userId, ip());
    expect((await validateSession(halfway))?.stage).toBe('code');

    const both = await Promise.all(
      [0, 1].map(() => switchOffTwoStep({ userId: person.userId, password: GOOD_PASSWORD, ip: ip() })),
    );
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.filter((r) => !r.ok)).toEqual([{ ok: false, code: 'two_step_off' }]);
    expect(await getTwoStepStatus(person.userId)).toEqual({ on: false, recoveryCodesLeft: 0 });
    expect(await validateSession(halfway)).toBeNull();
    expect((await validateSession(person.sessionId))?.stage).toBe('complete');

    const mails = await mailsOf(person.userId);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.toAddress).toBe(person.email);
    const db = await getDb();
    const audited = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, person.userId), eq(auditEvents.action, 'two_step.disabled')));
    expect(audited).toHaveLength(1);
    // Signing in now takes the password alone.
    expect((await validateSession(await sessionOf(person.userId, ip())))?.stage).toBe('complete');
  });

  it('is refused where the role requires two-step (a counselor), even with the right password', async () => {
    const counselor = await enrolled('counselor');
    expect(await switchOffTwoStep({ userId: counselor.userId, password: GOOD_PASSWORD, ip: ip() })).toEqual({
      ok: false,
      code: 'required',
    });
    expect((await getTwoStepStatus(counselor.userId)).on).toBe(true);
    expect(await mailsOf(counselor.userId)).toEqual([]);
  });

  it('says so when two-step is not on', async () => {
    const person = await active();
    expect(await switchOffTwoStep({ userId: person.userId, password: GOOD_PASSWORD, ip: ip() })).toEqual({
      ok: false,
      code: 'two_step_off',
    });
  });
});
