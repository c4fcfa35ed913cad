import { getFormatter, getTranslations } from 'next-intl/server';
import type { Actor } from '@/lib/accounts/actor';
import { dashboardScope } from '@/lib/dashboard/scope';
import {
  expiredInvitations,
  expiringInvitations,
  invitationWeeks,
  type DueInvitation,
} from '@/lib/dashboard/invitations';
import { signInTrouble } from '@/lib/dashboard/sign-ins';
import { emailHealth } from '@/lib/dashboard/email-health';
import { emailRefusals } from '@/lib/dashboard/email-refusals';
import { BarChart } from '@/components/charts/bar-chart';
import { DataTable, RowLink } from '@/components/ui/data-table';
import { ResendExpiredForm } from './resend-expired-form';

/**
 * The state of things at a glance, above the account search: invitations, sign-in trouble
 * and email delivery, for everyone's accounts (application managers, helpdesk) or a
 * counselor's own clients. Server-rendered; the only form is "resend all".
 */
export async function Dashboard({ actor }: { actor: Actor }) {
  const scope = dashboardScope(actor);
  if (!scope) return null;
  const t = await getTranslations('dashboard');
  const format = await getFormatter();
  const now = new Date();
  const tr = await getTranslations('emailRefusal');
  const [weeks, expiring, expired, signIns, email, refusals] = await Promise.all([
    invitationWeeks(scope, now),
    expiringInvitations(scope, now),
    expiredInvitations(scope, now),
    signInTrouble(scope, now),
    emailHealth(scope, now),
    emailRefusals(scope, now),
  ]);
  const day = (d: Date) => format.dateTime(d, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const dueTable = (rows: DueInvitation[], caption: string) => (
    <DataTable
      caption={caption}
      rowLinks
      rows={rows}
      rowKey={(r) => r.userId}
      columns={[
        { header: t('name'), cell: (r) => <RowLink href={`/admin/accounts/${r.userId}`}>{r.name}</RowLink> },
        { header: t('email'), cell: (r) => r.email },
        { header: t('linkExpires'), cell: (r) => when(r.expiresAt) },
      ]}
    />
  );

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <h2 id="dashboard-title">{scope.counselorId ? t('titleCounselor') : t('title')}</h2>

      <div className="dashboard-grid">
        <section aria-labelledby="dash-invitations" className="dashboard-panel">
          <h3 id="dash-invitations">{t('invitationsTitle')}</h3>
          <BarChart
            caption={t('invitationsCaption')}
            categoryHeader={t('weekOf')}
            categories={weeks.weeks.map((w) => t('weekStarting', { date: day(w) }))}
            shortCategories={weeks.weeks.map(day)}
            series={[
              { name: t('sent'), values: weeks.sent },
              { name: t('activated'), values: weeks.activated },
              { name: t('expired'), values: weeks.expired },
            ]}
          />
          <p>
            {weeks.activationRate === null
              ? t('activationRateNone')
              : t('activationRate', { rate: format.number(weeks.activationRate, { style: 'percent' }) })}
          </p>
        </section>

        <section aria-labelledby="dash-sign-ins" className="dashboard-panel">
          <h3 id="dash-sign-ins">{t('signInsTitle')}</h3>
          <BarChart
            caption={t('signInsCaption')}
            categoryHeader={t('day')}
            categories={signIns.days.map(day)}
            shortCategories={signIns.days.map((d, i) => (i % 2 === signIns.days.length % 2 ? '' : day(d)))}
            series={[{ name: t('failedSignIns'), values: signIns.failed }]}
          />
          <dl className="figures">
            <dt>{t('throttledNow')}</dt>
            <dd>{signIns.throttled}</dd>
            <dt>{t('blockedNow')}</dt>
            <dd>{signIns.blocked}</dd>
          </dl>
        </section>
      </div>

      <section aria-labelledby="dash-email" className="dashboard-panel">
        <h3 id="dash-email">{t('emailTitle')}</h3>
        <dl className="figures">
          <dt>{t('queued')}</dt>
          <dd>{email.queued}</dd>
          <dt>{t('retrying')}</dt>
          <dd>{email.retrying}</dd>
          <dt>{t('failedWeek')}</dt>
          <dd>{email.failed}</dd>
          <dt>{t('oldestWaiting')}</dt>
          <dd>{email.oldestWaitingSince ? when(email.oldestWaitingSince) : t('nothingWaiting')}</dd>
        </dl>
      </section>

      <section aria-labelledby="dash-refused" className="dashboard-panel">
        <h3 id="dash-refused">{tr('dashboardTitle')}</h3>
        {refusals.recent.length === 0 ? (
          <p>{tr('dashboardNone')}</p>
        ) : (
          <>
            <DataTable
              caption={tr('dashboardCaption')}
              rowLinks
              rows={refusals.recent}
              rowKey={(r) => `${r.userId}-${r.refusedAt.toISOString()}`}
              columns={[
                {
                  header: tr('account'),
                  cell: (r) => <RowLink href={`/admin/accounts/${r.userId}`}>{r.name}</RowLink>,
                },
                { header: tr('address'), cell: (r) => r.toAddress },
                {
                  header: tr('why'),
                  cell: (r) => `${tr(`${r.status}`, { when: when(r.refusedAt) })} ${tr(`kind.${r.kind}`)}`,
                },
              ]}
            />
            <DataTable
              caption={tr('byDomainCaption')}
              rows={refusals.byDomain}
              rowKey={(d) => d.domain}
              columns={[
                { header: tr('domain'), cell: (d) => d.domain },
                { header: tr('rejectedCount'), cell: (d) => d.rejected },
                { header: tr('bouncedCount'), cell: (d) => d.bounced },
              ]}
            />
          </>
        )}
      </section>

      <section aria-labelledby="dash-expiring" className="dashboard-panel">
        <h3 id="dash-expiring">{t('expiringTitle', { count: expiring.total })}</h3>
        {expiring.total > 0 && dueTable(expiring.rows, t('expiringCaption'))}
        {expiring.total > expiring.rows.length && (
          <p className="hint">{t('listedOf', { shown: expiring.rows.length, total: expiring.total })}</p>
        )}
      </section>

      <section aria-labelledby="dash-expired" className="dashboard-panel">
        <h3 id="dash-expired">{t('expiredTitle', { count: expired.total })}</h3>
        {expired.total > 0 && (
          <>
            {dueTable(expired.rows, t('expiredCaption'))}
            {expired.total > expired.rows.length && (
              <p className="hint">{t('listedOf', { shown: expired.rows.length, total: expired.total })}</p>
            )}
            <ResendExpiredForm count={expired.total} />
          </>
        )}
      </section>
    </section>
  );
}
