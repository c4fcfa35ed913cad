import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireRole, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { getAccountOverview } from '@/lib/accounts/get-account-overview';
import { ManageForm } from '@/components/console/manage-form';
import { EmailInputWithHint } from '@/components/email-input-with-hint';
import {
  changeEmailAction,
  changeRoleAction,
  deactivateAction,
  endSessionsAction,
  reactivateAction,
  resendWelcomeAction,
  removePasskeysAction,
  resetTwoStepAction,
  sendResetAction,
  unblockAction,
  withdrawEmailChangeAction,
} from '../manage-actions';
import {
  canChangeEmail,
  canChangeRole,
  canFixAccount,
  canRemovePasskeys,
  canResetTwoStep,
  creatableRoles,
} from '@/lib/accounts/permissions';
import { listPasskeys } from '@/lib/passkeys/list-passkeys';
import { accountHistory } from '@/lib/audit/read';
import { groupEvents } from '@/lib/audit/describe';
import { DataTable } from '@/components/ui/data-table';
import { SessionsForm } from '@/components/sessions-form';
import { sessionRows } from '@/components/session-rows';
import { listActiveSessions } from '@/lib/sessions/list-active-sessions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('accountPage');
  return { title: t('title') };
}

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole(STAFF_ROLES);
  const { id } = await params;
  const actor = actorFrom(user);
  const overview = await getAccountOverview(id, actor);
  if (!overview) notFound();
  const history = await accountHistory(id);
  const mayFix = canFixAccount(actor, overview.user);
  const sessions = mayFix ? await listActiveSessions(overview.user.id) : [];
  const mayChangeRole = canChangeRole(actor, overview.user);
  const mayChangeEmail = canChangeEmail(actor, overview.user);
  const mayResetTwoStep = canResetTwoStep(actor, overview.user) && overview.user.twoStepEnabledAt !== null;
  const passkeyList = await listPasskeys(id);
  const passkeyCount = passkeyList.length;
  const mayRemovePasskeys = canRemovePasskeys(actor, overview.user) && passkeyCount > 0;
  const t = await getTranslations();
  const format = await getFormatter();
  // Event sentences are chosen at run time (lib/audit/describe.ts), so their keys are plain strings here.
  const say = t as unknown as (key: string, values?: Record<string, string | number>) => string;
  const when = (d: Date | null | undefined) =>
    d ? format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' }) : t('accountPage.never');
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
          {overview.pendingEmailChange && (
            <>
              <dt>{t('manage.pendingEmail')}</dt>
              <dd>
                {t('manage.pendingEmailValue', {
                  email: overview.pendingEmailChange.newEmail,
                  until: when(overview.pendingEmailChange.expiresAt),
                })}
              </dd>
            </>
          )}
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
          {overview.signInThrottle && (
            <>
              <dt>{t('accountPage.failedInARow')}</dt>
              <dd>
                {t('accountPage.failedCount', {
                  count: overview.signInThrottle.failures,
                  until: when(overview.signInThrottle.nextAttemptAt),
                })}
              </dd>
            </>
          )}
          <dt>{t('accountPage.twoStep')}</dt>
          <dd>
            {account.twoStepEnabledAt
              ? t('accountPage.twoStepOn', { since: when(account.twoStepEnabledAt) })
              : t('accountPage.twoStepOff')}
          </dd>
          <dt>{t('passkeys.staff.title')}</dt>
          <dd>{t('passkeys.staff.count', { count: passkeyCount })}</dd>
          <dt>{t('accountPage.lastResetRequest')}</dt>
          <dd>{when(overview.lastResetRequestAt)}</dd>
          {account.status === 'deactivated' && (
            <>
              <dt>{t('accountPage.deactivatedAt')}</dt>
              <dd>
                {when(account.deactivatedAt)}{' '}
                {t('accountPage.by', { name: overview.deactivatedByName ?? t('accountPage.operator') })}
              </dd>
              <dt>{t('accountPage.deactivationReason')}</dt>
              <dd>{account.deactivationReason ?? '—'}</dd>
            </>
          )}
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
        {overview.emailRefusal && (
          <section
            aria-labelledby="refusal-title"
            className="alert"
            data-refusal={overview.emailRefusal.kind}
          >
            <h3 id="refusal-title" className="alert-title">
              {t('emailRefusal.title')}
            </h3>
            <p>
              {t(`emailRefusal.${overview.emailRefusal.status}`, { when: when(overview.emailRefusal.at) })}{' '}
              {t(`emailRefusal.kind.${overview.emailRefusal.kind}`)}
            </p>
            <p className="hint">{t('emailRefusal.reply', { reply: overview.emailRefusal.reply })}</p>
          </section>
        )}
        {account.status === 'invited' && (
          <ManageForm
            userId={account.id}
            action={resendWelcomeAction}
            submitLabel={t('accountPage.resend')}
          />
        )}
      </section>

      {mayFix && (
        <section aria-labelledby="fix-title" className="fix-panel">
          <h2 id="fix-title">{t('manage.title')}</h2>
          {mayChangeEmail && (
            <>
              <h3>{t('manage.changeEmailTitle')}</h3>
              <ManageForm
                userId={account.id}
                action={changeEmailAction}
                submitLabel={t('manage.changeEmail')}
              >
                <EmailInputWithHint
                  id="new-email"
                  name="email"
                  label={t('manage.newEmail')}
                  defaultValue={account.email}
                />
                <p className="hint">{t('manage.changeEmailHint')}</p>
              </ManageForm>
              {overview.pendingEmailChange && (
                <ManageForm
                  userId={account.id}
                  action={withdrawEmailChangeAction}
                  submitLabel={t('manage.withdrawEmailChange')}
                />
              )}
            </>
          )}
          {overview.signInThrottle && (
            <>
              <h3>{t('manage.unblockTitle')}</h3>
              <ManageForm userId={account.id} action={unblockAction} submitLabel={t('manage.unblock')}>
                <p className="hint">{t('manage.unblockHint')}</p>
              </ManageForm>
            </>
          )}
          {account.status === 'active' && (
            <>
              <h3>{t('manage.resetTitle')}</h3>
              <ManageForm userId={account.id} action={sendResetAction} submitLabel={t('manage.sendReset')}>
                <p className="hint">{t('manage.resetHint')}</p>
              </ManageForm>
            </>
          )}
          {account.status === 'active' && (
            <>
              <h3>{t('manage.endSessionsTitle')}</h3>
              <p className="hint">{t('manage.endSessionsHint')}</p>
              <SessionsForm
                action={endSessionsAction}
                hidden={{ userId: account.id }}
                rows={sessionRows(sessions, say, when, { markCurrent: false, byStaff: true })}
                caption={t('manage.sessionsListTitle')}
                headers={{
                  browser: t('sessions.browser'),
                  network: t('sessions.network'),
                  started: t('sessions.started'),
                  lastActive: t('sessions.lastActive'),
                }}
                endText={t('manage.endOneSession')}
                endAllText={t('manage.endSessions')}
                emptyText={t('manage.noSessions')}
              >
                <label htmlFor="end-reason">{t('manage.endReason')}</label>
                <textarea id="end-reason" name="reason" required maxLength={500} rows={2} />
              </SessionsForm>
            </>
          )}
          {mayResetTwoStep && (
            <>
              <h3>{t('manage.twoStepTitle')}</h3>
              <ManageForm
                userId={account.id}
                action={resetTwoStepAction}
                submitLabel={t('manage.resetTwoStep')}
                danger
                confirm={{
                  title: t('manage.confirmTwoStepTitle', { name: account.name }),
                  body: t('manage.confirmTwoStep'),
                  confirmLabel: t('manage.resetTwoStep'),
                }}
              >
                <p className="hint">{t('manage.twoStepHint')}</p>
              </ManageForm>
            </>
          )}
          {mayRemovePasskeys && (
            <>
              <h3>{t('passkeys.staff.title')}</h3>
              <p className="hint">{t('passkeys.staff.removeHint')}</p>
              {/* One at a time (the lost phone's), or all of them below. */}
              <table>
                <caption>{t('passkeys.staff.tableCaption', { name: account.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('passkeys.name')}</th>
                    <th scope="col">{t('passkeys.added')}</th>
                    <th scope="col">{t('passkeys.lastUsed')}</th>
                    <th scope="col">{t('passkeys.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {passkeyList.map((passkey) => (
                    <tr key={passkey.id}>
                      <th scope="row">{passkey.name}</th>
                      <td>{when(passkey.createdAt)}</td>
                      <td>{passkey.lastUsedAt ? when(passkey.lastUsedAt) : t('passkeys.never')}</td>
                      <td>
                        <ManageForm
                          userId={account.id}
                          hidden={{ passkeyId: passkey.id }}
                          action={removePasskeysAction}
                          submitLabel={t('passkeys.remove', { name: passkey.name })}
                          danger
                          confirm={{
                            title: t('passkeys.staff.confirmOneTitle', {
                              passkey: passkey.name,
                              name: account.name,
                            }),
                            body: t('passkeys.staff.confirmOne'),
                            confirmLabel: t('passkeys.staff.removeOne'),
                          }}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {passkeyCount > 1 && (
                <ManageForm
                  userId={account.id}
                  action={removePasskeysAction}
                  submitLabel={t('passkeys.staff.removeAll')}
                  danger
                  confirm={{
                    title: t('passkeys.staff.confirmTitle', { name: account.name }),
                    body: t('passkeys.staff.confirm'),
                    confirmLabel: t('passkeys.staff.removeAll'),
                  }}
                />
              )}
            </>
          )}
          {account.status !== 'deactivated' ? (
            <>
              <h3>{t('manage.deactivateTitle')}</h3>
              <ManageForm
                userId={account.id}
                action={deactivateAction}
                submitLabel={t('manage.deactivate')}
                danger
                confirm={{
                  title: t('manage.confirmDeactivateTitle', { name: account.name }),
                  body: t('manage.confirmDeactivate'),
                  confirmLabel: t('manage.deactivate'),
                }}
              >
                <label htmlFor="reason">{t('manage.reason')}</label>
                <textarea id="reason" name="reason" required maxLength={500} rows={2} />
              </ManageForm>
            </>
          ) : (
            <>
              <h3>{t('manage.reactivateTitle')}</h3>
              <ManageForm userId={account.id} action={reactivateAction} submitLabel={t('manage.reactivate')}>
                <p className="hint">{t('manage.reactivateHint')}</p>
              </ManageForm>
            </>
          )}
          {mayChangeRole && (
            <>
              <h3>{t('manage.roleTitle')}</h3>
              <ManageForm
                userId={account.id}
                action={changeRoleAction}
                submitLabel={t('manage.changeRole')}
                confirm={{
                  title: t('manage.confirmRoleTitle'),
                  body: t('manage.confirmRole'),
                  confirmLabel: t('manage.changeRole'),
                }}
              >
                <label htmlFor="new-role">{t('manage.newRole')}</label>
                <select id="new-role" name="role" defaultValue={account.role}>
                  {creatableRoles(actor).map((r) => (
                    <option key={r} value={r}>
                      {t(`roles.${r}`)}
                    </option>
                  ))}
                </select>
              </ManageForm>
            </>
          )}
        </section>
      )}

      <section aria-labelledby="emails-title">
        <h2 id="emails-title">{t('accountPage.emailsTitle')}</h2>
        {emails.length === 0 ? (
          <p>{t('accountPage.noEmails')}</p>
        ) : (
          <DataTable
            rows={emails}
            rowKey={(e) => e.id}
            columns={[
              { header: t('accountPage.emailKind'), cell: (e) => t(`emailKinds.${e.template}` as never) },
              { header: t('accountPage.emailTo'), cell: (e) => e.toAddress },
              { header: t('accountPage.emailQueued'), cell: (e) => when(e.createdAt) },
              {
                header: t('accountPage.emailStatus'),
                cell: (e) => (
                  <>
                    {/* Being sent again after a failed attempt is still "not delivered yet, retrying". */}
                    {t(`emailStatuses.${e.status === 'sending' && e.lastError ? 'retrying' : e.status}`)}
                    {e.status === 'sent' && ` (${when(e.sentAt)})`}
                    {e.status === 'retrying' &&
                      ` (${t('accountPage.retry', { attempts: e.attempts, next: when(e.nextAttemptAt) })})`}
                    {e.lastError && e.status !== 'sent' && (
                      <span className="hint"> {t('accountPage.lastError', { error: e.lastError })}</span>
                    )}
                  </>
                ),
              },
            ]}
          />
        )}
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('accountPage.historyTitle')}</h2>
        {history.length === 0 ? (
          <p>{t('accountPage.noHistory')}</p>
        ) : (
          <DataTable
            rows={groupEvents(history)}
            rowKey={(g) => g.first.id}
            columns={[
              {
                header: t('audit.when'),
                cell: (g) => (g.count > 1 ? `${when(g.last.at)} – ${when(g.first.at)}` : when(g.first.at)),
              },
              {
                header: t('audit.event'),
                cell: (g) => say(`events.${g.description.key}`, { count: g.count, ...g.description.values }),
              },
              { header: t('audit.actor'), cell: (g) => g.first.actorName ?? t('accountPage.system') },
            ]}
          />
        )}
      </section>
    </main>
  );
}
