'use server';

import { z } from 'zod';
import { getCurrentUser } from '@/lib/auth/current-user';
import { actorFrom, type Actor } from '@/lib/accounts/actor';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { ACCOUNT_ERROR_MESSAGES, type AccountFailure } from '@/lib/accounts/errors';
import { changeEmail } from '@/lib/accounts/change-email';
import { changeRole } from '@/lib/accounts/change-role';
import { deactivateAccount } from '@/lib/accounts/deactivate-account';
import { reactivateAccount } from '@/lib/accounts/reactivate-account';
import { sendPasswordResetLink } from '@/lib/accounts/send-password-reset-link';
import { signOutEverywhere } from '@/lib/accounts/sign-out-everywhere';
import { endAccountSession } from '@/lib/accounts/end-account-session';
import { unblockSignIn } from '@/lib/accounts/unblock-sign-in';
import { withdrawEmailChange } from '@/lib/accounts/withdraw-email-change';
import { resendWelcome } from '@/lib/accounts/resend-welcome';
import {
  changeEmailSchema,
  changeRoleSchema,
  deactivateSchema,
  endSessionsSchema,
} from '@/lib/validation/accounts';
import { formAction } from '@/lib/validation/form-action';
import { withEmailTypoQuestion } from '@/lib/validation/email-typo-question';
import { secondLookWithPasskey } from '@/lib/passkeys/second-look-with-passkey';
import { resetTwoStep } from '@/lib/two-step/reset-two-step';
import { removePasskeysByStaff } from '@/lib/passkeys/remove-passkeys-by-staff';

type Ctx = { userId: string; actor: Actor; ip: string | null };

/**
 * One console action on one account: the posted fields parsed, then the operation run as
 * the signed-in person (it checks their permission itself). The answer is one line under
 * the form: `message` says what was done (`ok`) or what stopped it.
 */
function consoleAction<S extends z.ZodObject>(
  schema: S,
  /** `message` overrides `done` when what was done depends on the account. */
  act: (input: z.output<S>, ctx: Ctx) => Promise<{ ok: true; message?: string } | AccountFailure>,
  done: string,
  /** A dangerous action: asks for the password, a code or a passkey first unless given in the last 15 minutes. */
  options: { secondLook?: true } = {},
) {
  return formAction(
    schema.extend({ userId: z.string({ error: 'manage.notAllowed' }) }),
    async (input, raw) => {
      const user = await getCurrentUser();
      if (!user) return { ok: false, message: 'manage.notAllowed' };
      if (options.secondLook) {
        const asked = await secondLookWithPasskey(user, raw, Object.keys(schema.shape));
        if (asked) return asked;
      }
      // The extended schema's output is the original's plus the id.
      const result = await act(input as z.output<S>, {
        userId: String(input.userId),
        actor: actorFrom(user),
        ip: await currentClientIp(),
      });
      return result.ok
        ? { ok: true, message: result.message ?? done }
        : { ok: false, message: ACCOUNT_ERROR_MESSAGES[result.code] };
    },
    { invalid: (fieldErrors) => ({ ok: false, message: Object.values(fieldErrors)[0] }) },
  );
}

const noFields = z.object({});

export const deactivateAction = consoleAction(
  deactivateSchema,
  ({ reason }, { userId, ...ctx }) => deactivateAccount({ account: { userId }, reason, ...ctx }),
  'manage.deactivated',
  { secondLook: true },
);

export const reactivateAction = consoleAction(
  noFields,
  (_, { userId, ...ctx }) => reactivateAccount({ account: { userId }, ...ctx }),
  'manage.reactivated',
);

export const sendResetAction = consoleAction(
  noFields,
  (_, ctx) => sendPasswordResetLink(ctx),
  'manage.resetSent',
);

/**
 * At once for an invited account; for one with a password, only once the new address
 * confirms it. A likely typo in the new address is asked about first, like on the create form.
 */
export const changeEmailAction = withEmailTypoQuestion(
  consoleAction(
    changeEmailSchema,
    async ({ email }, ctx) => {
      const result = await changeEmail({ ...ctx, newEmail: email });
      return result.ok && result.pending ? { ok: true, message: 'manage.emailChangePending' } : result;
    },
    'manage.emailChanged',
    { secondLook: true },
  ),
);

export const withdrawEmailChangeAction = consoleAction(
  noFields,
  (_, ctx) => withdrawEmailChange(ctx),
  'manage.emailChangeWithdrawn',
);

export const changeRoleAction = consoleAction(
  changeRoleSchema,
  ({ role }, ctx) => changeRole({ ...ctx, role }),
  'manage.roleChanged',
  { secondLook: true },
);

/** A lost phone: two-step verification off, sessions ended, the person emailed. */
export const resetTwoStepAction = consoleAction(
  noFields,
  (_, ctx) => resetTwoStep(ctx),
  'manage.twoStepReset',
  {
    secondLook: true,
  },
);

/**
 * One of a person's passkeys (its row posts passkeyId) or all of them, at their request (a
 * lost phone): a dangerous action, so the second look first.
 */
export const removePasskeysAction = consoleAction(
  z.object({ passkeyId: z.string().max(100).optional() }),
  async ({ passkeyId }, ctx) => {
    const result = await removePasskeysByStaff({ ...ctx, passkeyId });
    return result.ok && passkeyId !== undefined ? { ok: true, message: 'passkeys.staff.removedOne' } : result;
  },
  'passkeys.staff.removed',
  { secondLook: true },
);

export const unblockAction = consoleAction(noFields, (_, ctx) => unblockSignIn(ctx), 'manage.unblocked');

/**
 * Ends one of the person's sessions (a row's button posts its id) or all of them (the last
 * button); the account stays active (ASVS 7.4.5). Either way with a reason, for the history.
 */
export const endSessionsAction = consoleAction(
  endSessionsSchema.extend({
    sessionId: z.string().max(100).optional(),
    everywhere: z.literal('1').optional(),
  }),
  async ({ reason, sessionId, everywhere }, ctx) => {
    if (sessionId !== undefined) {
      const ended = await endAccountSession({ ...ctx, sessionId, reason });
      return ended.ok ? { ok: true, message: 'manage.sessionEnded' } : ended;
    }
    if (everywhere) return signOutEverywhere({ ...ctx, reason });
    return { ok: false, code: 'session_gone' };
  },
  'manage.sessionsEnded',
);

/** Also for a counselor, on their own clients (resendWelcome checks who may). */
export const resendWelcomeAction = consoleAction(
  noFields,
  (_, ctx) => resendWelcome(ctx),
  'accountPage.resendResult.sent',
);
