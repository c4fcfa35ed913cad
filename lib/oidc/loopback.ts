/**
 * Whether an outgoing back-channel logout may go to a loopback address: only a URI listed,
 * exactly, in OIDC_LOOPBACK_LOGOUT_URIS (tests and a laptop's example application). Every
 * other URI keeps the provider's guard against loopback and private addresses.
 */
import { env } from '@/lib/env';

export function loopbackLogoutAllowed(url: string): boolean {
  return env.OIDC_LOOPBACK_LOGOUT_URIS.includes(url);
}
