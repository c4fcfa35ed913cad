import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** The code form of the second step and its field errors, and the passkey button. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={['validation', 'twoStep', 'passkeys']}>{children}</ClientMessages>;
}
