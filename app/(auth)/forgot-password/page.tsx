import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import { ForgotPasswordForm } from './forgot-password-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('forgotPassword');
  return { title: t('title') };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations('forgotPassword');
  return (
    <main id="main" className="card">
      <h1>{t('title')}</h1>
      <p>{t('intro', { platform: env.PLATFORM_NAME })}</p>
      <ForgotPasswordForm platform={env.PLATFORM_NAME} address={env.APP_URL} />
    </main>
  );
}
