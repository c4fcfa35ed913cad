/**
 * A failed sign-in without JavaScript: the form posted to /login/password, which answers
 * with a redirect back to /login?failed=1, and the page shows the same message the script
 * would have. What to show (the message, the minutes to wait, the field errors) and the
 * address as typed travel in this short-lived cookie rather than in the URL: a typed email
 * in a URL ends up in access logs, browser history and Referer headers.
 *
 * A minute is enough (the redirect is followed at once); HttpOnly, SameSite=Lax. Read back,
 * only the known messages and i18n keys count, so a planted cookie can choose among the
 * sign-in page's own messages and nothing else.
 */
import { z } from 'zod';
import { env } from '@/lib/env';
import { EMAIL_MAX } from '@/lib/validation/fields';
import type { FormAnswer } from '@/lib/validation/form-action';

const NAME = `${env.secureCookies ? '__Host-' : ''}gatehouse.sign-in-answer`;
const MAX_AGE_SECONDS = 60;

const answerSchema = z.object({
  message: z.enum(['invalid', 'deactivated', 'throttled', 'blocked']).optional(),
  fieldErrors: z
    .object({
      email: z
        .string()
        .regex(/^validation\.[\w.]+$/)
        .optional(),
      password: z
        .string()
        .regex(/^validation\.[\w.]+$/)
        .optional(),
    })
    .optional(),
  data: z.object({
    email: z.string().max(EMAIL_MAX + 1),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
  }),
});

function attributes(maxAge: number): string {
  return `Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${env.secureCookies ? '; Secure' : ''}`;
}

export const signInAnswerCookie = {
  name: NAME,
  /** The Set-Cookie value that carries `answer` to the sign-in page. */
  set(answer: FormAnswer): string {
    return `${NAME}=${encodeURIComponent(JSON.stringify(answer))}; ${attributes(MAX_AGE_SECONDS)}`;
  },
  /** The Set-Cookie value that forgets it. */
  clear(): string {
    return `${NAME}=; ${attributes(0)}`;
  },
  /** The answer to show, when the value is one the sign-in could have given. */
  read(value: string | undefined | null): FormAnswer | null {
    if (!value) return null;
    try {
      const parsed = answerSchema.safeParse(JSON.parse(decodeURIComponent(value)));
      return parsed.success ? (parsed.data as FormAnswer) : null;
    } catch {
      return null;
    }
  },
};
