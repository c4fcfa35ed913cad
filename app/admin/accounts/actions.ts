'use server';

import { getCurrentUser, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/auth/actor';
import { currentClientIp } from '@/lib/auth/request-context';
import { createAccount } from '@/lib/accounts/create-account';
import { createAccountSchema } from '@/lib/validation/accounts';
import { fieldErrorsOf, type FieldErrors } from '@/lib/validation/field-errors';

export type CreateAccountState = {
  attempt: number;
  fieldErrors?: FieldErrors<'name' | 'email' | 'role' | 'counselorEmail'>;
  formError?: 'forbidden' | 'roleNotAllowed';
  created?: { id: string; email: string };
};

export async function createAccountAction(previous: CreateAccountState, formData: FormData): Promise<CreateAccountState> {
  const attempt = (previous?.attempt ?? 0) + 1;
  const user = await getCurrentUser();
  if (!user || !STAFF_ROLES.includes(user.role)) return { attempt, formError: 'forbidden' };
  const parsed = createAccountSchema.safeParse({
    name: formData.get('name'),
    email: formData.get('email'),
    role: formData.get('role'),
    counselorEmail: formData.get('counselorEmail') ?? undefined,
  });
  if (!parsed.success) return { attempt, fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await createAccount({ ...parsed.data, actor: actorFrom(user), ip: await currentClientIp() });
  if (result.ok) return { attempt, created: { id: result.userId, email: parsed.data.email } };
  switch (result.code) {
    case 'email_taken':
      return { attempt, fieldErrors: { email: 'validation.emailTaken' } };
    case 'ask_helpdesk':
      return { attempt, fieldErrors: { email: 'validation.emailAskHelpdesk' } };
    case 'counselor_not_found':
      return { attempt, fieldErrors: { counselorEmail: 'validation.counselorNotFound' } };
    case 'not_allowed':
      return { attempt, formError: 'roleNotAllowed' };
    default:
      return { attempt, formError: 'forbidden' };
  }
}
