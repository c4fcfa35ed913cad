import { z } from 'zod';
import { roles } from '@/lib/db/schema';
import { emailField } from './fields';

/** The create-account form: the same schema in the browser (react-hook-form) and in the server action. */
export const createAccountSchema = z
  .object({
    name: z.string().trim().min(1, 'validation.nameRequired').max(200, 'validation.nameTooLong'),
    email: emailField,
    role: z.enum(roles, { error: 'validation.roleInvalid' }),
    counselorEmail: z
      .string()
      .trim()
      .max(254)
      .optional()
      .transform((v) => (v ? v.toLowerCase() : undefined)),
  })
  .refine((v) => v.role === 'client' || !v.counselorEmail, {
    path: ['counselorEmail'],
    message: 'validation.counselorOnlyForClients',
  });

export type CreateAccountForm = z.input<typeof createAccountSchema>;

/** Console actions on one account (the account's id is added by the action). */
export const deactivateSchema = z.object({
  reason: z
    .string({ error: 'manage.reasonRequired' })
    .trim()
    .min(1, 'manage.reasonRequired')
    .max(500, 'manage.reasonTooLong'),
});
export const changeEmailSchema = z.object({ email: emailField });
/** Staff ending a person's sessions, one (sessionId) or all: why goes into the history. */
const endSessionsReason = z
  .string({ error: 'manage.endReasonRequired' })
  .trim()
  .min(1, 'manage.endReasonRequired')
  .max(500, 'manage.reasonTooLong');
export const endSessionsSchema = z.object({ reason: endSessionsReason });
/** A person ending one of their own other sessions on /account (the id is checked against their sessions). */
export const endOwnSessionSchema = z.object({ sessionId: z.string({ error: 'sessions.gone' }) });
export const changeRoleSchema = z.object({ role: z.enum(roles, { error: 'validation.roleInvalid' }) });
