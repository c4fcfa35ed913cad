import 'server-only';
import type { TokenPurpose } from '@/lib/db/schema';
import { getDb } from '@/lib/db/client';
import { inspectLinkFor, type LinkInspection } from '@/lib/accounts/links';
import type { LinkProblemState } from '@/components/link-problem';
import type { LinkPage } from '@/lib/security/link-cookie';
import { currentClientIp } from './request-context';
import { landingToken } from './landing-token';

/**
 * What a link landing page (welcome, reset, unblock) shows: the form, or which problem the
 * link has. Only looks: opening a link never uses it (mail scanners open links too).
 */
export async function openLanding(
  page: LinkPage,
  purpose: TokenPurpose,
  searchParams: Promise<{ token?: string | string[] }>,
): Promise<{ token: string; link: LinkInspection; problem: null } | { token: string | undefined; link: LinkInspection; problem: LinkProblemState }> {
  const token = await landingToken(page, searchParams);
  const link = await inspectLinkFor(await getDb(), token, await currentClientIp());
  if (link.purpose !== undefined && link.purpose !== purpose) return { token, link, problem: 'unknown' };
  // Deactivation voids links; saying "replaced" would send the person looking for an email.
  if (link.accountStatus === 'deactivated') return { token, link, problem: 'deactivated' };
  if (link.state !== 'valid') return { token, link, problem: link.state };
  return { token: token!, link, problem: null };
}
