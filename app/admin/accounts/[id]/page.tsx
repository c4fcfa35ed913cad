import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireRole, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/auth/actor';
import { getAccountOverview } from '@/lib/accounts/account-overview';
import { ResendWelcomeButton } from './resend-welcome-button';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('accountPage');
  return { title: t('title') };
}

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole(STAFF_ROLES);
  const { id } = await params;
  const overview = await getAccountOverview(id, actorFrom(user));
  if (!overview) notFound();
  const t = await getTranslations();
  const format = await getFormatter();
  const when = (d: Date | null | undefined) => (d ? format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' }) : t('accountPage.never'));
  const { user: account, invitation, emails } = overview;
  const invitationState = !invitation
    ? null
    : invitation.usedAt
      ? 'used'
      : invitation.voidedAt
        ? 'voided'
        : invitation.expired
          ? 'expired'
          : 'open';

  return (
    <main id="main" className="card wide">
      <h1>{account.name}</h1>
      <section aria-labelledby="status-title" className="status-card">
        <h2 id="status-title">{t('accountPage.statusTitle')}</h2>
        <dl className="facts">
          <dt>{t('account.email')}</dt>
          <dd>{account.email}</dd>
          <dt>{t('account.role')}</dt>
          <dd>{t(`roles.${account.role}`)}</dd>
          <dt>{t('account.status')}</dt>
          <dd>{t(`statuses.${account.status}`)}</dd>
          {overview.counselor && (
            <>
              <dt>{t('accountPage.counselor')}</dt>
              <dd>
                {overview.counselor.name} ({overview.counselor.email})
              </dd>
            </>
          )}
          <dt>{t('accountPage.createdBy')}</dt>
          <dd>{overview.createdByName ?? t('accountPage.operator')}</dd>
          <dt>{t('accountPage.lastSignIn')}</dt>
          <dd>{when(account.lastSignInAt)}</dd>
          <dt>{t('accountPage.lastFailedSignIn')}</dt>
          <dd>{when(account.lastFailedSignInAt)}</dd>
          {invitation && (
            <>
              <dt>{t('accountPage.invitationSent')}</dt>
              <dd>{when(invitation.sentAt)}</dd>
              <dt>{t('accountPage.invitationExpires')}</dt>
              <dd>{when(invitation.expiresAt)}</dd>
              <dt>{t('accountPage.invitationUsed')}</dt>
              <dd>{when(invitation.usedAt)}</dd>
              <dt>{t('accountPage.invitationState')}</dt>
              <dd>{t(`accountPage.invitation.${invitationState}`)}</dd>
            </>
          )}
        </dl>
        {account.status === 'invited' && <ResendWelcomeButton userId={account.id} />}
      </section>

      <section aria-labelledby="emails-title">
        <h2 id="emails-title">{t('accountPage.emailsTitle')}</h2>
        {emails.length === 0 ? (
          <p>{t('accountPage.noEmails')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accountPage.emailKind')}</th>
                <th scope="col">{t('accountPage.emailTo')}</th>
                <th scope="col">{t('accountPage.emailQueued')}</th>
                <th scope="col">{t('accountPage.emailStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {emails.map((e) => (
                <tr key={e.id}>
                  <td>{t(`emailKinds.${e.template}` as never)}</td>
                  <td>{e.toAddress}</td>
                  <td>{when(e.createdAt)}</td>
                  <td>
                    {t(`emailStatuses.${e.status}`)}
                    {e.status === 'sent' && ` (${when(e.sentAt)})`}
                    {e.status === 'retrying' && ` (${t('accountPage.retry', { attempts: e.attempts, next: when(e.nextAttemptAt) })})`}
                    {e.lastError && e.status !== 'sent' && <span className="hint"> {t('accountPage.lastError', { error: e.lastError })}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
