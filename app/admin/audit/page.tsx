import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireRole } from '@/lib/auth/current-user';
import { auditQuerySchema, distinctAuditActions, searchAudit } from '@/lib/audit/read';
import { describeEvent, groupEvents } from '@/lib/audit/describe';
import { DataTable } from '@/components/ui/data-table';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('audit');
  return { title: t('title') };
}

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requireRole(['helpdesk', 'application_manager']);
  const p = await searchParams;
  const query = auditQuerySchema.parse({
    actor: first(p.actor),
    target: first(p.target),
    action: first(p.action),
    from: first(p.from),
    to: first(p.to),
    before: first(p.before),
  });
  const [{ rows, next }, actions] = await Promise.all([searchAudit(query), distinctAuditActions()]);
  const t = await getTranslations();
  const format = await getFormatter();
  // Event sentences are chosen at run time (lib/audit/describe.ts), so their keys are plain strings here.
  const say = t as unknown as (key: string, values: Record<string, string | number>) => string;
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'medium' });
  const keep = Object.fromEntries(
    Object.entries(query)
      .filter(([k, v]) => v !== undefined && k !== 'before')
      .map(([k, v]) => [k, String(v)]),
  );
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
                {say(`events.${describeEvent({ action: a, details: {} }).key}`, {
                  count: 1,
                  action: a,
                  before: '…',
                  after: '…',
                  reason: '…',
                })}
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
        <DataTable
          rows={groupEvents(rows)}
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
            { header: t('audit.actor'), cell: (g) => g.first.actorEmail ?? t('accountPage.system') },
            {
              header: t('audit.target'),
              cell: (g) =>
                g.first.targetId ? (
                  <Link href={`/admin/accounts/${g.first.targetId}`}>{g.first.targetEmail}</Link>
                ) : (
                  '—'
                ),
            },
            { header: t('audit.ip'), cell: (g) => g.first.ip ?? '' },
          ]}
        />
      )}
      {next && (
        <p>
          <Link href={`/admin/audit?${new URLSearchParams({ ...keep, before: String(next) })}`}>
            {t('audit.older')}
          </Link>
        </p>
      )}
    </main>
  );
}
