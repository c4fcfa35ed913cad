'use server';

import { getCurrentUser, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { createAccount } from '@/lib/accounts/create-account';
import { failureAnswer } from '@/lib/accounts/errors';
import { createAccountSchema } from '@/lib/validation/accounts';
import { formAction } from '@/lib/validation/form-action';
import { withEmailTypoQuestion } from '@/lib/validation/email-typo-question';

/**
 * On success, data holds the new account's id and email. A likely typo in the address is
 * asked about first ("Did you mean …?"), on purpose, instead of being saved.
 */
export const createAccountAction = withEmailTypoQuestion(
  formAction(createAccountSchema, async (input) => {
    const user = await getCurrentUser();
    if (!user || !STAFF_ROLES.includes(user.role)) return { message: 'createAccount.forbidden' };
    const result = await createAccount({ ...input, actor: actorFrom(user), ip: await currentClientIp() });
    if (result.ok) return { ok: true, data: { id: result.userId, email: input.email } };
    return failureAnswer(result.code);
  }),
  { echo: ['name', 'role', 'counselorEmail'] },
);
