import type { ReactNode } from 'react';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requireRole, STAFF_ROLES } from '@/lib/auth/current-user';
import { env } from '@/lib/env';
import { SignOutButton } from '@/components/sign-out-button';
import { signOutAction } from '@/app/actions/sign-out';
import { ClientMessages } from '@/components/i18n/client-messages';
import { RefusalNotice } from '@/components/refusal-notice';
import { SecondLookPasskeyProvider } from '@/components/console/second-look-passkey';
import { startSecondLookPasskeyAction } from './second-look-actions';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  // Pages and actions check again themselves; this only shapes the navigation.
  const user = await requireRole(STAFF_ROLES);
  const t = await getTranslations('admin');
  // The console's many forms share many namespaces: all of the main catalog (not the help center's).
  return (
    <ClientMessages namespaces="all">
      <div className="admin">
        <nav aria-label={t('navLabel')} className="admin-nav">
          <Link href="/admin">{user.role === 'counselor' ? t('myClients') : t('accounts')}</Link>
          <Link href="/admin/accounts/new">{t('newAccount')}</Link>
          <Link href="/admin/accounts/import">{t('importAccounts')}</Link>
          {user.role !== 'counselor' && <Link href="/admin/audit">{t('auditLog')}</Link>}
          {user.role === 'application_manager' && <Link href="/admin/clients">{t('clients')}</Link>}
          {user.role === 'application_manager' && !env.SMTP_URL && (
            <Link href="/dev/mailbox">{t('mailbox')}</Link>
          )}
          <span className="admin-user">{t('signedInAs', { name: user.name })}</span>
          <SignOutButton action={signOutAction} />
        </nav>
        {/* Refusals of emails to accounts this person made, from the moment the page was made (issue 30). */}
        <RefusalNotice since={new Date().toISOString()} />
        <SecondLookPasskeyProvider start={startSecondLookPasskeyAction}>{children}</SecondLookPasskeyProvider>
      </div>
    </ClientMessages>
  );
}
