import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import { requireUser } from '@/lib/auth/current-user';
import { NewPasswordForm } from '@/components/new-password-form';
import { changePasswordAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('changePassword');
  return { title: t('title') };
}

export default async function ChangePasswordPage() {
  const user = await requireUser();
  const t = await getTranslations('changePassword');
  return (
    <main id="main" className="card">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <NewPasswordForm
        email={user.email}
        name={user.name}
        platformName={env.PLATFORM_NAME}
        minLength={env.PASSWORD_MIN_LENGTH}
        action={changePasswordAction}
        texts="changePassword"
        askCurrent
      />
      <p>
        <Link href="/account">{t('back')}</Link>
      </p>
    </main>
  );
}
