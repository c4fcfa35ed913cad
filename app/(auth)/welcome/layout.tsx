import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** Choosing a first password (strength meter, generator) or renewing the link. */
export default function Layout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages namespaces={['validation', 'link', 'welcome', 'changePassword', 'strength', 'generator']}>
      {children}
    </ClientMessages>
  );
}
