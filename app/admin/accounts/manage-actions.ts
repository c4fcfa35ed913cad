'use server';

import { getCurrentUser } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/auth/actor';
import { currentClientIp } from '@/lib/auth/request-context';
import { roles, type Role } from '@/lib/db/schema';
import { changeEmail, changeRole, deactivateAccountById, endAllSessions, reactivateAccountById, sendPasswordResetLink, unblockSignIn } from '@/lib/accounts/manage-account';
import { resendWelcome } from '@/lib/accounts/resend-welcome';
import { emailField } from '@/lib/validation/fields';

/** Result of a console action, shown next to its form: an i18n key under "manage". */
export type ManageState = { attempt: number; message?: string; ok?: boolean };

const FAILURES: Record<string, string> = {
  not_found: 'manage.notFound',
  not_allowed: 'manage.notAllowed',
  email_taken: 'validation.emailTaken',
  not_active: 'manage.notActive',
  unchanged: 'manage.unchanged',
  already_deactivated: 'manage.alreadyDeactivated',
  not_deactivated: 'manage.notDeactivated',
  not_invited: 'accountPage.resendResult.notInvited',
};

async function run(previous: ManageState, formData: FormData, act: (ctx: { userId: string; actor: ReturnType<typeof actorFrom>; ip: string | null }) => Promise<{ ok: boolean; code?: string }>, done: string): Promise<ManageState> {
  const attempt = (previous?.attempt ?? 0) + 1;
  const user = await getCurrentUser();
  const userId = formData.get('userId');
  if (!user || typeof userId !== 'string') return { attempt, message: 'manage.notAllowed', ok: false };
  const result = await act({ userId, actor: actorFrom(user), ip: await currentClientIp() });
  if (result.ok) return { attempt, message: done, ok: true };
  return { attempt, message: FAILURES[result.code ?? ''] ?? 'manage.failed', ok: false };
}

export async function deactivateAction(previous: ManageState, formData: FormData): Promise<ManageState> {
  const reason = String(formData.get('reason') ?? '').trim();
  if (!reason) return { attempt: (previous?.attempt ?? 0) + 1, message: 'manage.reasonRequired', ok: false };
  if (reason.length > 500) return { attempt: (previous?.attempt ?? 0) + 1, message: 'manage.reasonTooLong', ok: false };
  return run(previous, formData, (ctx) => deactivateAccountById({ ...ctx, reason }), 'manage.deactivated');
}

export async function reactivateAction(previous: ManageState, formData: FormData): Promise<ManageState> {
  return run(previous, formData, (ctx) => reactivateAccountById(ctx), 'manage.reactivated');
}

export async function sendResetAction(previous: ManageState, formData: FormData): Promise<ManageState> {
  return run(previous, formData, (ctx) => sendPasswordResetLink(ctx), 'manage.resetSent');
}

export async function changeEmailAction(previous: ManageState, formData: FormData): Promise<ManageState> {
  const parsed = emailField.safeParse(formData.get('email'));
  if (!parsed.success) return { attempt: (previous?.attempt ?? 0) + 1, message: parsed.error.issues[0]!.message, ok: false };
  return run(previous, formData, (ctx) => changeEmail({ ...ctx, newEmail: parsed.data }), 'manage.emailChanged');
}

export async function changeRoleAction(previous: ManageState, formData: FormData): Promise<ManageState> {
  const role = formData.get('role');
  if (!roles.includes(role as Role)) return { attempt: (previous?.attempt ?? 0) + 1, message: 'validation.roleInvalid', ok: false };
  return run(previous, formData, (ctx) => changeRole({ ...ctx, role: role as Role }), 'manage.roleChanged');
}

export async function unblockAction(previous: ManageState, formData: FormData): Promise<ManageState> {
  return run(previous, formData, (ctx) => unblockSignIn(ctx), 'manage.unblocked');
}

/** Signs the person out everywhere; the account stays active (ASVS 7.4.5). */
export async function endSessionsAction(previous: ManageState, formData: FormData): Promise<ManageState> {
  return run(previous, formData, (ctx) => endAllSessions(ctx), 'manage.sessionsEnded');
}

/** Also for a counselor, on their own clients (resendWelcome checks who may). */
export async function resendWelcomeAction(previous: ManageState, formData: FormData): Promise<ManageState> {
  return run(previous, formData, (ctx) => resendWelcome(ctx), 'accountPage.resendResult.sent');
}
