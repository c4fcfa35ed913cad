import 'server-only';
import { headers } from 'next/headers';
import { clientIpFrom } from '@/lib/security/client-ip';

/** Client IP of the current request, for audit events and rate limits. */
export async function currentClientIp(): Promise<string | null> {
  return clientIpFrom(await headers());
}
