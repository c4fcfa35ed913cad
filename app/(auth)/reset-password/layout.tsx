import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** Choosing a new password (strength meter, generator), or what is wrong with the link. */
export default function Layout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages
      namespaces={['validation', 'link', 'resetPassword', 'changePassword', 'strength', 'generator']}
    >
      {children}
    </ClientMessages>
  );
}
