'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { eq } from 'drizzle-orm';
import { env } from '@/lib/env';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { getCurrentUser } from '@/lib/auth/current-user';
import { isLocale, LOCALE_COOKIE, localeCookieOptions } from '@/lib/i18n/locales';

/** Only paths of this site: never an open redirect. */
function safePath(value: FormDataEntryValue | null): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) ? value : '/login';
}

/** The language switch on public pages: kept in a cookie for a year. */
export async function switchLanguageAction(formData: FormData): Promise<void> {
  const locale = formData.get('locale');
  if (isLocale(locale)) {
    (await cookies()).set(LOCALE_COOKIE, locale, localeCookieOptions(env.secureCookies));
  }
  redirect(safePath(formData.get('back')));
}

/** A signed-in person's saved language, for pages and emails. */
export async function saveAccountLanguageAction(formData: FormData): Promise<void> {
  const user = await getCurrentUser();
  const locale = formData.get('locale');
  if (user && isLocale(locale)) {
    const db = await getDb();
    await db.update(users).set({ locale }).where(eq(users.id, user.id));
    (await cookies()).set(LOCALE_COOKIE, locale, localeCookieOptions(env.secureCookies));
  }
  redirect('/account?language=saved');
}
