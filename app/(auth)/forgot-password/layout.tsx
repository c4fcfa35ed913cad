import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** The forgot-password form and its field errors. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={['validation', 'forgotPassword']}>{children}</ClientMessages>;
}
