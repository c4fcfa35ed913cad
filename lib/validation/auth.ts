/** Schemas of the signed-out forms and of choosing a password, used by their server actions. */
import { z } from 'zod';
import { currentPasswordField, emailField, PASSWORD_MAX } from './fields';

export const signInSchema = z.object({
  email: emailField,
  password: currentPasswordField,
});
export type SignInInput = z.infer<typeof signInSchema>;

/** Any text is answered the same way; only a blank field is pointed out. */
export const forgotPasswordSchema = z.object({
  email: z.string().catch('').pipe(z.string().trim().min(1, 'forgotPassword.emailMissing')),
});

/** A token as posted back by a link page; what it is worth is decided by lib/links. */
const postedToken = z.string().catch('');

// The policy counts code points precisely afterwards; this is a cheap bound before any work.
const newPassword = z
  .string()
  .min(1, 'validation.passwordRequired')
  .max(PASSWORD_MAX * 2, 'validation.password.tooLong');
const sameAsPassword = <T extends { password: string; confirm?: string }>(v: T) =>
  v.confirm === undefined || v.confirm === v.password;

/** Choosing a password through an emailed link (welcome, reset). */
export const linkPasswordSchema = z
  .object({
    token: z.string().min(1, 'token'),
    password: newPassword,
    confirm: z.string().optional(),
  })
  .refine(sameAsPassword, { path: ['confirm'], message: 'validation.confirmMismatch' });

/** Changing one's password while signed in. */
export const changePasswordSchema = z
  .object({
    current: z
      .string()
      .min(1, 'changePassword.currentRequired')
      .max(PASSWORD_MAX * 2, 'validation.password.tooLong'),
    password: newPassword,
    confirm: z.string().optional(),
  })
  .refine(sameAsPassword, { path: ['confirm'], message: 'validation.confirmMismatch' });

export const linkTokenSchema = z.object({ token: postedToken });

/** Confirming a new email address with the account's password. */
export const confirmEmailSchema = z.object({
  token: postedToken,
  password: z
    .string({ error: 'confirmEmail.passwordRequired' })
    .min(1, 'confirmEmail.passwordRequired')
    .max(PASSWORD_MAX * 2, 'validation.password.tooLong'),
});

/** The unblock request under the sign-in message: a malformed address simply gets nothing. */
export const requestUnblockSchema = z.object({ email: emailField.optional().catch(undefined) });

/** A code from the authenticator app or a recovery code; what it is worth is decided by lib/two-step. */
export const secondStepSchema = z.object({
  code: z
    .string()
    .catch('')
    .pipe(z.string().trim().min(1, 'twoStep.codeMissing').max(100, 'twoStep.codeWrong')),
});

/** New recovery codes, or two-step switched off (the two-step page): the password first. */
export const renewCodesSchema = z.object({ password: currentPasswordField });
export const switchOffTwoStepSchema = renewCodesSchema;

/** Confirming enrolment: the sealed enrolment ticket, the person's password and the first code the app shows. */

export const enrolTwoStepSchema = z.object({
  ticket: z.string().catch(''),
  password: currentPasswordField,
  code: z
    .string()
    .catch('')
    .pipe(z.string().trim().min(1, 'twoStep.codeMissing').max(100, 'twoStep.codeWrong')),
});
