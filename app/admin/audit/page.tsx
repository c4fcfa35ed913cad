import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireRole } from '@/lib/auth/current-user';
import { auditQuerySchema, distinctAuditActions, searchAudit } from '@/lib/accounts/audit-log';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('audit');
  return { title: t('title') };
}

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requireRole(['helpdesk', 'application_manager']);
  const p = await searchParams;
  const query = auditQuerySchema.parse({ actor: first(p.actor), target: first(p.target), action: first(p.action), from: first(p.from), to: first(p.to), before: first(p.before) });
  const [{ rows, next }, actions] = await Promise.all([searchAudit(query), distinctAuditActions()]);
  const t = await getTranslations();
  const format = await getFormatter();
  const keep = Object.fromEntries(Object.entries(query).filter(([k, v]) => v !== undefined && k !== 'before').map(([k, v]) => [k, String(v)]));
  return (
    <main id="main" className="card wide">
      <h1>{t('audit.title')}</h1>
      <form method="get" action="/admin/audit" className="filters">
        <div className="field">
          <label htmlFor="actor">{t('audit.actorEmail')}</label>
          <input id="actor" name="actor" type="email" defaultValue={query.actor ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="target">{t('audit.targetEmail')}</label>
          <input id="target" name="target" type="email" defaultValue={query.target ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="action">{t('audit.action')}</label>
          <select id="action" name="action" defaultValue={query.action ?? ''}>
            <option value="">{t('admin.any')}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="from">{t('audit.from')}</label>
          <input id="from" name="from" type="date" defaultValue={query.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="to">{t('audit.to')}</label>
          <input id="to" name="to" type="date" defaultValue={query.to ?? ''} />
        </div>
        <button type="submit">{t('audit.filter')}</button>
      </form>
      {rows.length === 0 ? (
        <p role="status">{t('audit.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.target')}</th>
              <th scope="col">{t('audit.ip')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td>{format.dateTime(e.at, { dateStyle: 'medium', timeStyle: 'medium' })}</td>
                <td>{e.action}</td>
                <td>{e.actorEmail ?? t('accountPage.system')}</td>
                <td>{e.targetId ? <Link href={`/admin/accounts/${e.targetId}`}>{e.targetEmail}</Link> : '—'}</td>
                <td>{e.ip ?? ''}</td>
                <td className="details">{Object.keys(e.details).length ? JSON.stringify(e.details) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <p>
          <Link href={`/admin/audit?${new URLSearchParams({ ...keep, before: String(next) })}`}>{t('audit.older')}</Link>
        </p>
      )}
    </main>
  );
}
