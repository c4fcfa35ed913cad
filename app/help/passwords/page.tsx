import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('helpPasswords');
  return { title: t('title') };
}

const SECTIONS = ['strong', 'passphrase', 'generator', 'manager', 'change'] as const;

/** Tips for choosing a password, reachable without signing in and linked from every password form. */
export default async function PasswordHelpPage() {
  const t = await getTranslations('helpPasswords');
  return (
    <main id="main" className="card">
      <h1>{t('title')}</h1>
      <p>{t('intro', { platform: env.PLATFORM_NAME })}</p>
      {SECTIONS.map((section) => (
        <section key={section} aria-labelledby={`help-${section}`}>
          <h2 id={`help-${section}`}>{t(`${section}.title`)}</h2>
          <p>{t(`${section}.body`)}</p>
        </section>
      ))}
      <p>
        <Link href="/login">{t('back')}</Link>
      </p>
    </main>
  );
}
