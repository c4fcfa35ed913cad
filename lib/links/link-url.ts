import 'server-only';
import type { TokenPurpose } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { LINK_PURPOSES } from './purposes';

/** Built from APP_URL, never from the request's Host header. */
export function linkUrl(purpose: TokenPurpose, token: string): string {
  return `${env.APP_URL}${LINK_PURPOSES[purpose].page}?token=${token}`;
}
