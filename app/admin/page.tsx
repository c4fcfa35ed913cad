import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireRole, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { roles } from '@/lib/db/schema';
import { DataTable, RowLink } from '@/components/ui/data-table';
import { Dashboard } from './dashboard';
import { sinceLastVisit } from '@/lib/sessions/since-last-visit';
import { SinceLastVisitNote } from '@/components/since-last-visit';
import {
  searchAccounts,
  searchQuerySchema,
  searchSorts,
  searchStatuses,
} from '@/lib/accounts/search-accounts';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin');
  return { title: t('title') };
}

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Find any account: one search box, filters, sort, and pages that stay fast at a million accounts. */
export default async function AdminPage({ searchParams }: { searchParams: Promise<Params> }) {
  const user = await requireRole(STAFF_ROLES);
  const params = await searchParams;
  const query = searchQuerySchema.parse({
    q: first(params.q) || undefined,
    status: first(params.status) || undefined,
    role: first(params.role) || undefined,
    sort: first(params.sort) || undefined,
    after: first(params.after) || undefined,
  });
  const t = await getTranslations();
  const format = await getFormatter();
  const { rows, next } = await searchAccounts(query, actorFrom(user));
  const when = (d: Date | null) =>
    d ? format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' }) : t('accountPage.never');
  const nextHref = next
    ? `/admin?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.status ? { status: query.status } : {}), ...(query.role ? { role: query.role } : {}), sort: query.sort, after: next })}`
    : null;
  const counselor = user.role === 'counselor';
  // The dashboard belongs to the console's start page; a search shows its results at once.
  const searching = Boolean(query.q || query.status || query.role || query.after);
  // Staff land here after signing in: "since your last visit" is theirs to see first, as on /account.
  const since = searching ? null : await sinceLastVisit(user.sessionId);

  return (
    <main id="main" className="card wide">
      <h1>{counselor ? t('admin.myClients') : t('admin.title')}</h1>
      {since && <SinceLastVisitNote since={since} />}
      <form method="get" action="/admin" className="search-form" role="search">
        <div className="field">
          <label htmlFor="q">{t('admin.search')}</label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ''} aria-describedby="q-hint" />
          <p id="q-hint" className="hint">
            {t('admin.searchHint')}
          </p>
        </div>
        <div className="filters">
          <div className="field">
            <label htmlFor="status">{t('account.status')}</label>
            <select id="status" name="status" defaultValue={query.status ?? ''}>
              <option value="">{t('admin.any')}</option>
              {searchStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`admin.statusFilter.${s}`)}
                </option>
              ))}
            </select>
          </div>
          {!counselor && (
            <div className="field">
              <label htmlFor="role">{t('account.role')}</label>
              <select id="role" name="role" defaultValue={query.role ?? ''}>
                <option value="">{t('admin.any')}</option>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor="sort">{t('admin.sort')}</label>
            <select id="sort" name="sort" defaultValue={query.sort}>
              {searchSorts.map((s) => (
                <option key={s} value={s}>
                  {t(`admin.sortBy.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit">{t('admin.searchButton')}</button>
      </form>

      {!searching && <Dashboard actor={actorFrom(user)} />}

      {rows.length === 0 ? (
        <p role="status">{t('admin.noResults')}</p>
      ) : (
        <DataTable
          caption={t('admin.resultsCaption')}
          rowLinks
          rows={rows}
          rowKey={(a) => a.id}
          columns={[
            {
              header: t('account.name'),
              cell: (a) => <RowLink href={`/admin/accounts/${a.id}`}>{a.name}</RowLink>,
            },
            { header: t('account.email'), cell: (a) => a.email },
            { header: t('account.role'), cell: (a) => t(`roles.${a.role}`) },
            {
              header: t('account.status'),
              cell: (a) => (
                <>
                  {a.status === 'invited' && !a.invitationOpen
                    ? t('admin.statusFilter.invitation_expired')
                    : t(`statuses.${a.status}`)}
                  {a.emailRefused && (
                    <strong className="refused-mark"> · {t('emailRefusal.listMark')}</strong>
                  )}
                </>
              ),
            },
            {
              header: query.sort === 'last_sign_in' ? t('accountPage.lastSignIn') : t('admin.created'),
              cell: (a) => when(query.sort === 'last_sign_in' ? a.lastSignInAt : a.createdAt),
            },
          ]}
        />
      )}
      {nextHref && (
        <p>
          <Link href={nextHref}>{t('admin.nextPage')}</Link>
        </p>
      )}
    </main>
  );
}
