import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** Cancelling an address change, or what is wrong with the link. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={['validation', 'link', 'cancelEmailChange']}>{children}</ClientMessages>;
}
