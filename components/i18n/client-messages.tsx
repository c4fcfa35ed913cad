/**
 * Hands client components the message namespaces they use, and no more. Every message a
 * NextIntlClientProvider receives is serialised into the page's RSC payload (and so into
 * its HTML), on every request: the whole catalog was ~28 KB of /login's 36 KB payload.
 *
 * The root layout provides ROOT_NAMESPACES (the header's language switch, the error page,
 * fields every form shares). A layout or page whose client components need more wraps them
 * in <ClientMessages namespaces={[...]}>; the inner provider replaces the outer one for its
 * children, so ROOT_NAMESPACES are included again. Server components translate with
 * getTranslations and need nothing here.
 */
import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';

type Catalog = Awaited<ReturnType<typeof getMessages>>;
export type Namespace = Extract<keyof Catalog, string>;

/** What every page's client components may use: the header, the error page, shared fields. */
export const ROOT_NAMESPACES = ['common', 'errors'] as const satisfies readonly Namespace[];

/** Namespaces that never reach the browser unless named: the help center is server-rendered. */
const SERVER_ONLY_NAMESPACES: readonly string[] = ['help'];

/** The catalog reduced to the given namespaces (plus the root ones). */
export function pickMessages(catalog: Catalog, namespaces: readonly Namespace[] | 'all'): Partial<Catalog> {
  const names =
    namespaces === 'all'
      ? Object.keys(catalog).filter((name) => !SERVER_ONLY_NAMESPACES.includes(name))
      : [...new Set([...ROOT_NAMESPACES, ...namespaces])];
  return Object.fromEntries(
    names.filter((name) => name in catalog).map((name) => [name, catalog[name as Namespace]]),
  );
}

/**
 * 'all' is for the signed-in areas (account, console), whose many forms share many
 * namespaces and where page weight matters less than for the public pages.
 */
export async function ClientMessages({
  namespaces,
  children,
}: {
  namespaces: readonly Namespace[] | 'all';
  children: ReactNode;
}) {
  return (
    <NextIntlClientProvider messages={pickMessages(await getMessages(), namespaces)}>
      {children}
    </NextIntlClientProvider>
  );
}
