import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** Confirming a new address with the password, or what is wrong with the link. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={['validation', 'link', 'confirmEmail']}>{children}</ClientMessages>;
}
