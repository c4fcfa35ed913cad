import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { SinceLastVisit } from '@/lib/sessions/since-last-visit';

/**
 * "Since your last visit" at the top of the page a person lands on after signing in: their
 * own /account, and the console's start page for staff (whose accounts are worth more to
 * whoever is guessing). Unusual failures are set off and lead to changing the password.
 */
export async function SinceLastVisitNote({ since }: { since: SinceLastVisit }) {
  const t = await getTranslations('account');
  const format = await getFormatter();
  return (
    <section aria-labelledby="since-title" className={since.unusual ? 'alert alert-info' : undefined}>
      <h2 id="since-title">{t('sinceTitle')}</h2>
      <p>
        {since.previousSignInAt
          ? t('lastVisit', {
              when: format.dateTime(since.previousSignInAt, { dateStyle: 'full', timeStyle: 'short' }),
            })
          : t('firstVisit')}{' '}
        {t('failedSince', { count: since.failedSince })}
      </p>
      {since.unusual && (
        <p>
          {t('unusual')} <Link href="/account/password">{t('unusualLink')}</Link>
        </p>
      )}
    </section>
  );
}
