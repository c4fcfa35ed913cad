import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** The unblock form, or what is wrong with the link. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={['validation', 'link', 'unblock']}>{children}</ClientMessages>;
}
