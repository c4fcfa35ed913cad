import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireRole, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { creatableRoles } from '@/lib/accounts/permissions';
import { listCounselors } from '@/lib/accounts/account-overview';
import { CreateAccountForm } from './create-account-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('createAccount');
  return { title: t('title') };
}

export default async function NewAccountPage() {
  const user = await requireRole(STAFF_ROLES);
  const t = await getTranslations('createAccount');
  const roles = creatableRoles(actorFrom(user));
  // A counselor's clients are always their own: no counselor to choose.
  const counselors = user.role === 'counselor' ? null : await listCounselors();
  return (
    <main id="main" className="card">
      <h1>{t('title')}</h1>
      <p>{user.role === 'counselor' ? t('introCounselor') : t('intro')}</p>
      <CreateAccountForm roles={roles} counselors={counselors} />
    </main>
  );
}
