import { z } from 'zod';
import { checkPassword } from '@/lib/password/policy';
import { currentPasswordField, emailField } from './fields';

export const signInSchema = z.object({
  email: emailField,
  password: currentPasswordField,
});
export type SignInInput = z.infer<typeof signInSchema>;

/** The password problems of the policy become field errors keyed "validation.password.<problem>". */
export const setPasswordSchema = z
  .object({
    token: z.string().min(1),
    email: z.string().optional(),
    password: z.string({ error: 'validation.passwordRequired' }),
  })
  .superRefine((v, ctx) => {
    for (const problem of checkPassword(v.password, { email: v.email })) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: `validation.password.${problem}` });
    }
  });
