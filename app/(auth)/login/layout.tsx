import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** The sign-in form (with its unblock request), its field errors, and signing in with a passkey. */
export default function Layout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages namespaces={['validation', 'signIn', 'unblock', 'passkeys']}>{children}</ClientMessages>
  );
}
