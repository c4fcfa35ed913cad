'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { isLinkPage, leaveLinkPath } from '@/lib/links/purposes';

/**
 * "Back to sign in". On a page opened from an emailed link it goes through that page's
 * /leave address, which forgets the link's cookie on the way (proxy.ts), so the token does
 * not stay behind in a shared browser.
 */
export function BackToSignIn({ label }: { label?: string }) {
  const t = useTranslations('common');
  const pathname = usePathname();
  return (
    <Link href={isLinkPage(pathname) ? leaveLinkPath(pathname) : '/login'} prefetch={false}>
      {label ?? t('backToSignIn')}
    </Link>
  );
}
