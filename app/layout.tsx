import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getLocale, getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import Link from 'next/link';
import { LanguageSwitch } from '@/components/language-switch';
import { switchLanguageAction } from '@/app/actions/language';
import { ClientMessages } from '@/components/i18n/client-messages';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  return {
    title: { default: env.PLATFORM_NAME, template: `%s · ${env.PLATFORM_NAME}` },
    robots: { index: false },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations('common');
  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        {/* Only the root namespaces: a page adds what its own client components use. */}
        <ClientMessages namespaces={[]}>
          <header className="site-header">
            <span className="platform">{env.PLATFORM_NAME}</span>
            <span className="address">{new URL(env.APP_URL).host}</span>
            <LanguageSwitch action={switchLanguageAction} />
          </header>
          {children}
          <footer className="site-footer">
            <Link href="/help">{t('help')}</Link>
            {env.HELPDESK_CONTACT && <span>{t('helpdeskContact', { contact: env.HELPDESK_CONTACT })}</span>}
          </footer>
        </ClientMessages>
      </body>
    </html>
  );
}
