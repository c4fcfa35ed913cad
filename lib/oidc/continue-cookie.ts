/**
 * Where a sign-in that began at an application should end: the interaction waiting for it
 * (/interaction/<uid>). The sign-in page gets it as its callbackUrl; this cookie remembers it
 * for the sign-ins that end elsewhere: a person who follows "Forgot password?" or opens their
 * welcome email in the middle of it signs in from the reset or welcome page, and is then
 * sent on to the application rather than to their account page.
 *
 * An hour at most (the interaction lives an hour), HttpOnly, SameSite=Lax, and only a path
 * of the interaction's shape is ever read back, so it cannot send anyone elsewhere.
 */
import { env } from '@/lib/env';

const NAME = `${env.secureCookies ? '__Host-' : ''}gatehouse.continue`;
const INTERACTION = /^\/interaction\/[A-Za-z0-9_-]{10,64}$/;
const MAX_AGE_SECONDS = 3600;

function attributes(maxAge: number): string {
  return `Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${env.secureCookies ? '; Secure' : ''}`;
}

export const continueCookie = {
  name: NAME,
  /** The Set-Cookie value that remembers `path` (an interaction's path). */
  set(path: string): string {
    if (!INTERACTION.test(path)) throw new Error('Only an interaction path can be remembered.');
    return `${NAME}=${encodeURIComponent(path)}; ${attributes(MAX_AGE_SECONDS)}`;
  },
  /** The Set-Cookie value that forgets it. */
  clear(): string {
    return `${NAME}=; ${attributes(0)}`;
  },
  /** The remembered interaction path, when the value has its shape. */
  read(value: string | undefined | null): string | null {
    if (!value) return null;
    let path: string;
    try {
      path = decodeURIComponent(value);
    } catch {
      return null;
    }
    return INTERACTION.test(path) ? path : null;
  },
};
