import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireRole, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/auth/actor';
import { listManageableAccounts } from '@/lib/accounts/account-overview';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin');
  return { title: t('title') };
}

export default async function AdminPage() {
  const user = await requireRole(STAFF_ROLES);
  const t = await getTranslations();
  const format = await getFormatter();
  const accounts = await listManageableAccounts(actorFrom(user));
  return (
    <main id="main" className="card wide">
      <h1>{user.role === 'counselor' ? t('admin.myClients') : t('admin.title')}</h1>
      <p>{t('admin.recentIntro')}</p>
      {accounts.length === 0 ? (
        <p>{t('admin.noAccounts')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('admin.recentCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('account.name')}</th>
              <th scope="col">{t('account.email')}</th>
              <th scope="col">{t('account.role')}</th>
              <th scope="col">{t('account.status')}</th>
              <th scope="col">{t('admin.created')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link href={`/admin/accounts/${a.id}`}>{a.name}</Link>
                </td>
                <td>{a.email}</td>
                <td>{t(`roles.${a.role}`)}</td>
                <td>{t(`statuses.${a.status}`)}</td>
                <td>{format.dateTime(a.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
