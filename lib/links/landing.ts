import 'server-only';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';
import { getDb } from '@/lib/db/client';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { linkCookie, linkCookieName } from './cookie';
import { checkLink, type OpenLink } from './check-link';
import { type LinkInspection } from './inspect-link';
import { type LinkProblemState } from './link-problem';
import { purposeOfPage, type LinkPage } from './purposes';

type SearchParams = Promise<{ token?: string | string[] }>;

/**
 * The link token for a landing page: normally from its cookie (proxy.ts moved it there out
 * of the address), else from the address itself (a malformed token is left there and
 * simply shown as a link that does not work).
 */
async function landingToken(page: LinkPage, searchParams: SearchParams): Promise<string | undefined> {
  const fromUrl = (await searchParams).token;
  if (typeof fromUrl === 'string') return fromUrl;
  return (await cookies()).get(linkCookieName(page, env.secureCookies))?.value;
}

/**
 * What a link landing page (welcome, reset, unblock) shows: the form, or which problem the
 * link has. Only looks: opening a link never uses it (mail scanners open links too).
 */
export async function openLanding(
  page: LinkPage,
  searchParams: SearchParams,
): Promise<
  | { token: string; link: OpenLink; problem: null }
  | { token: string | undefined; link: LinkInspection | undefined; problem: LinkProblemState }
> {
  const token = await landingToken(page, searchParams);
  const check = await checkLink(await getDb(), token, purposeOfPage(page), await currentClientIp());
  if (check.ok) return { token: token!, link: check.link, problem: null };
  return { token, link: check.link, problem: check.problem };
}

/**
 * Forgets the link cookie of a page once its form has done its work (or the link turned out
 * not to work): the token has nothing left to open, so it should not stay in the browser for
 * the next person at a shared computer. Call from the page's server action.
 */
export async function forgetLinkCookie(page: LinkPage): Promise<void> {
  const { name, options } = linkCookie(page, env.secureCookies);
  (await cookies()).set(name, '', { ...options, maxAge: 0 });
}
