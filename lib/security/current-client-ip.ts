import 'server-only';
import { headers } from 'next/headers';
import { clientIpFrom } from './client-ip';

/** Client IP of the current request (for audit events and per-IP limits), as the edge decided it. */
export async function currentClientIp(): Promise<string | null> {
  return clientIpFrom(await headers());
}
