import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import { whoChangesEmail } from '@/lib/accounts/who-changes-email';
import { sinceLastVisit } from '@/lib/sessions/since-last-visit';
import { saveAccountLanguageAction } from '@/app/actions/language';
import { requireUser } from '@/lib/auth/current-user';
import { SignOutButton } from '@/components/sign-out-button';
import { SinceLastVisitNote } from '@/components/since-last-visit';
import { signOutAction } from '@/app/actions/sign-out';
import { PasskeysSection } from './passkeys-section';
import { SessionsSection } from './sessions-section';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('account');
  return { title: t('title') };
}

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<{ passkeyRemoved?: string }>;
}) {
  const { passkeyRemoved } = await searchParams;
  const user = await requireUser();
  const t = await getTranslations();
  const locale = await getLocale();
  const since = await sinceLastVisit(user.sessionId);
  const keepers = await whoChangesEmail(user);
  return (
    <main id="main" className="card">
      <h1>{t('account.title')}</h1>
      {since && <SinceLastVisitNote since={since} />}
      <dl className="facts">
        <dt>{t('account.name')}</dt>
        <dd>{user.name}</dd>
        <dt>{t('account.email')}</dt>
        <dd>
          {user.email}
          <p className="hint">
            {keepers.by === 'application_manager'
              ? t('account.emailByManager')
              : keepers.counselor
                ? t('account.emailByHelpdeskCounselor', keepers.counselor)
                : t('account.emailByHelpdesk')}
            {keepers.by === 'helpdesk' && env.HELPDESK_CONTACT && (
              <> {t('account.emailContact', { contact: env.HELPDESK_CONTACT })}</>
            )}
          </p>
        </dd>
        <dt>{t('account.role')}</dt>
        <dd>{t(`roles.${user.role}`)}</dd>
      </dl>
      <p>
        <Link href="/account/password">{t('account.changePassword')}</Link>
      </p>
      <p>
        <Link href="/account/two-step">{t('account.twoStep')}</Link>
      </p>
      <PasskeysSection user={user} removed={passkeyRemoved === '1'} />
      <form action={saveAccountLanguageAction} className="manage-form">
        <label htmlFor="locale">{t('account.language')}</label>
        <select id="locale" name="locale" defaultValue={user.locale ?? locale}>
          <option value="nl" lang="nl">
            Nederlands
          </option>
          <option value="en" lang="en">
            English
          </option>
        </select>
        <p className="hint">{t('account.languageHint')}</p>
        <button type="submit" className="secondary">
          {t('account.saveLanguage')}
        </button>
      </form>
      <SessionsSection user={user} />
      <SignOutButton action={signOutAction} />
    </main>
  );
}
