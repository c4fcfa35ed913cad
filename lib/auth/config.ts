/**
 * next-auth with the Credentials provider and a JWT that carries only a session id.
 * The jwt callback runs on every auth() call and checks the session row, so ending a
 * session in the database ends it for the browser at its next request.
 */
import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type {} from 'next-auth/jwt';
import { env } from '@/lib/env';
import { clientIpFrom } from '@/lib/security/client-ip';
import { recordAudit } from '@/lib/audit/record';
import { getDb } from '@/lib/db/client';
import { signInSchema } from '@/lib/validation/auth';
import type { Role } from '@/lib/db/schema';
import { authSecret } from '@/lib/security/secret';
import { authCookies } from './cookies';
import { endSession } from '@/lib/sessions/end-session';
import { validateSession, type SessionStage, type SessionUser } from '@/lib/sessions/validate-session';
import { verifyCredentials } from './verify-credentials';
import { decodeSessionToken, encodeSessionToken } from './session-token';
import { metrics } from '@/lib/observability/metrics';

declare module 'next-auth' {
  interface Session {
    sessionId: string;
    stage: SessionStage;
    user: { id: string; email: string; name: string; role: Role; locale: string | null };
  }
  interface User {
    sessionId?: string;
  }
}
declare module 'next-auth/jwt' {
  interface JWT {
    sid?: string;
  }
}

/** Correct password, deactivated account: the only failure that may say more than "incorrect". */
export class AccountDeactivatedError extends CredentialsSignin {
  code = 'deactivated';
}

/** Too many failed attempts for this address or network; the code carries the wait in seconds. */
export class SignInThrottledError extends CredentialsSignin {
  constructor(seconds: number | 'blocked') {
    super();
    this.code = seconds === 'blocked' ? 'blocked' : `throttled:${seconds}`;
  }
}

/**
 * next-auth builds its redirects and callback URLs from the request (Next.js hands it the
 * internal address it serves on) unless AUTH_URL names the public one. Every URL it makes
 * must be on APP_URL, so it is told so here; this is the only place that sets it.
 */
process.env.AUTH_URL = `${env.APP_URL}/api/auth`;

/** The session checked by the jwt callback, handed to the session callback without a second query. */
const validatedByToken = new WeakMap<object, SessionUser>();

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: 'jwt', maxAge: env.SESSION_MAX_HOURS * 3600 },
  // next-auth's token format, with its derived key computed once (lib/auth/session-token.ts).
  jwt: { encode: encodeSessionToken, decode: decodeSessionToken },
  pages: { signIn: '/login', error: '/login' },
  cookies: authCookies(env.secureCookies),
  // next-auth logs a stack for every failed sign-in by default; a wrong password is not an error.
  logger: {
    error(error) {
      if ((error as { type?: string }).type === 'CredentialsSignin') return;
      console.error(`[auth] ${error.name}: ${error.message}`);
    },
    warn() {},
    debug() {},
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const ip = clientIpFrom(request.headers);
        // A new session row (and id) at every sign-in, made with the check: an id planted before sign-in is worthless.
        const result = await verifyCredentials({
          ...parsed.data,
          ip,
          userAgent: request.headers.get('user-agent'),
        });
        metrics().signIns.inc({ outcome: result.ok ? 'succeeded' : result.reason });
        if (!result.ok) {
          if (result.reason === 'deactivated') throw new AccountDeactivatedError();
          if (result.reason === 'blocked') throw new SignInThrottledError('blocked');
          if (result.reason === 'throttled') throw new SignInThrottledError(result.retryAfterSeconds);
          return null;
        }
        const sessionId = result.sessionId;
        return { id: result.userId, sessionId };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.sessionId) return { sid: user.sessionId };
      // Returning null clears the cookie: the session ended, expired or its user changed.
      const current = await validateSession(token.sid);
      if (!current) return null;
      validatedByToken.set(token, current);
      return token;
    },
    async session({ session, token }) {
      const current = validatedByToken.get(token) ?? (await validateSession(token.sid));
      if (!current) return session;
      return {
        ...session,
        sessionId: current.sessionId,
        stage: current.stage,
        user: {
          id: current.userId,
          email: current.email,
          name: current.name,
          role: current.role,
          locale: current.locale,
        },
      } as typeof session;
    },
  },
  events: {
    async signOut(message) {
      const token = 'token' in message ? message.token : null;
      const ended = await endSession(token?.sid, 'signed_out');
      if (ended)
        await recordAudit(await getDb(), {
          action: 'sign_out',
          actorId: ended.userId,
          targetId: ended.userId,
        });
    },
  },
});
