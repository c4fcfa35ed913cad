import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireRole } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { listClients } from '@/lib/oidc/clients/list-clients';
import { env } from '@/lib/env';
import { DataTable, RowLink } from '@/components/ui/data-table';
import { ClientForm } from './client-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('clients');
  return { title: t('title') };
}

type Params = Record<string, string | string[] | undefined>;

/** The registered applications, and a form to add one (application managers only). */
export default async function ClientsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const user = await requireRole(['application_manager']);
  const clients = (await listClients(actorFrom(user))) ?? [];
  const t = await getTranslations('clients');
  const format = await getFormatter();
  const removed = (await searchParams).removed;
  return (
    <main id="main" className="card wide">
      <h1>{t('title')}</h1>
      <p>{t('intro', { platform: env.PLATFORM_NAME })}</p>
      {typeof removed === 'string' && (
        <p role="status" className="hint">
          {t('removed', { name: removed.slice(0, 80) })}
        </p>
      )}
      {clients.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <DataTable
          caption={t('tableCaption')}
          rowLinks
          rows={clients}
          rowKey={(c) => c.clientId}
          columns={[
            {
              header: t('name'),
              cell: (c) => <RowLink href={`/admin/clients/${c.clientId}`}>{c.name}</RowLink>,
            },
            { header: t('clientId'), cell: (c) => <code>{c.clientId}</code> },
            {
              header: t('kind'),
              cell: (c) =>
                `${c.public ? t('public') : t('confidential')}; ${c.firstParty ? t('firstParty') : t('thirdParty')}`,
            },
            { header: t('redirectUris'), cell: (c) => c.redirectUris.join(' ') },
            { header: t('added'), cell: (c) => format.dateTime(c.createdAt, { dateStyle: 'medium' }) },
          ]}
        />
      )}
      <h2>{t('addTitle')}</h2>
      <ClientForm mode="add" />
    </main>
  );
}
