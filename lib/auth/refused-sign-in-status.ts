/**
 * The HTTP answer to a refused sign-in (app/(auth)/login/password/route.ts, asked for JSON).
 * A throttle is 429 with Retry-After in seconds (RFC 6585, RFC 9110 §10.2.3), so a client
 * knows when trying again makes sense. A blocked address is 403, not 429: waiting does not
 * help, only an unblock link, a password reset or the helpdesk does. Neither answer says
 * whether the account exists (both are decided before the password is looked at).
 */
import type { CredentialsResult } from './verify-credentials';

type Refusal = Extract<CredentialsResult, { ok: false }>;

export function refusedSignInStatus(refusal: Refusal): { status: number; headers: Record<string, string> } {
  switch (refusal.reason) {
    case 'throttled':
      return {
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(refusal.retryAfterSeconds))) },
      };
    case 'blocked':
      return { status: 403, headers: {} };
    case 'deactivated':
      return { status: 403, headers: {} };
    case 'invalid':
      return { status: 401, headers: {} };
  }
}
