import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** The account pages share many forms and namespaces: all of the main catalog (not the help center's). */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={'all'}>{children}</ClientMessages>;
}
