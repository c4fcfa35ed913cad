import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireRole, STAFF_ROLES } from '@/lib/auth/current-user';
import { SignOutButton } from '@/components/sign-out-button';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin');
  return { title: t('title') };
}

export default async function AdminPage() {
  const user = await requireRole(STAFF_ROLES);
  const t = await getTranslations('admin');
  return (
    <main id="main" className="card wide">
      <h1>{t('title')}</h1>
      <p>{t('placeholder', { name: user.name })}</p>
      <SignOutButton />
    </main>
  );
}
