'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { env } from '@/lib/env';
import { getCurrentUser } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { saveLanguage } from '@/lib/accounts/save-language';
import { LOCALE_COOKIE, localeCookieOptions, locales, type Locale } from '@/lib/i18n/locales';

const languageSchema = z.object({
  locale: z.enum(locales).optional().catch(undefined),
  /** Only paths of this site: never an open redirect. */
  back: z
    .string()
    .regex(/^\/(?!\/)[\w\-./?=&%]*$/)
    .catch('/login'),
});

/** Kept in a cookie for a year. */
async function rememberLocale(locale: Locale): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, locale, localeCookieOptions(env.secureCookies));
}

/** The language switch on public pages. */
export async function switchLanguageAction(formData: FormData): Promise<void> {
  const { locale, back } = languageSchema.parse(Object.fromEntries(formData));
  if (locale) await rememberLocale(locale);
  redirect(back);
}

/** A signed-in person's saved language, for pages and emails. */
export async function saveAccountLanguageAction(formData: FormData): Promise<void> {
  const user = await getCurrentUser();
  const { locale } = languageSchema.parse(Object.fromEntries(formData));
  if (user && locale) {
    await saveLanguage({ actor: actorFrom(user), locale, ip: await currentClientIp() });
    await rememberLocale(locale);
  }
  redirect('/account?language=saved');
}
