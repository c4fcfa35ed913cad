import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** The "this was not me" button, or what is wrong with the link. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={['validation', 'link', 'secureAccount']}>{children}</ClientMessages>;
}
