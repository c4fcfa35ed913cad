/**
 * Where a session starts (lib/auth/finish-sign-in.ts, for a password and for a passkey):
 * was this browser used with this account before? If not, the owner gets an email with a
 * "this was not me" link (lib/accounts/secure-account-with-link.ts).
 *
 * 1. The browser's own cookie (browser-cookie.ts), or a new one when it brought none.
 * 2. The session just made, its person, and the browsers they used before, with the
 *    person's row locked so two first sign-ins at once agree on which was first.
 * 3. The browser remembered (or its last sighting moved). Only a browser new to an account
 *    that already has one is noticed: the very first sign-in (after the welcome, where the
 *    password was just chosen, or the first since this feature came) has nothing to compare
 *    with and would only teach people that these emails mean nothing.
 * 4. For a noticed browser, unless NEW_SIGN_IN_NOTICE=off: the link, the email and the audit
 *    line, in the same transaction as the remembering: one email per new browser, even when
 *    the same browser signs in twice at once.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { knownBrowsers, sessions, users } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { recordAudit } from '@/lib/audit/record';
import { commonEmailProps } from '@/lib/email/common-props';
import { nudgeEmailWorker, queueEmail } from '@/lib/email/outbox';
import { issueLink } from '@/lib/links/issue-link';
import { generateToken, hashToken, isWellFormedToken } from '@/lib/security/tokens';
import { approximateNetwork, describeBrowser } from '@/lib/sessions/session-labels';

export async function noticeNewBrowser(input: {
  sessionId: string;
  /** The value of the browser's cookie, as the request brought it (anything, or nothing). */
  browserToken: string | undefined;
}): Promise<{ browserToken: string; noticed: boolean }> {
  // 1. Keep the browser's token when it is one of ours in shape; else a fresh one.
  const browserToken = isWellFormedToken(input.browserToken) ? input.browserToken : generateToken();
  const tokenHash = hashToken(browserToken);
  const db = await getDb();
  const noticed = await db.transaction(async (tx) => {
    // 2. The session and its person, locked.
    const [found] = await tx
      .select({
        userId: sessions.userId,
        ip: sessions.ip,
        userAgent: sessions.userAgent,
        startedAt: sessions.createdAt,
        email: users.email,
        name: users.name,
        locale: users.locale,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, input.sessionId))
      .for('update', { of: users });
    if (!found) return false;
    const [before] = await tx
      .select({ known: sql<number>`count(*)::int` })
      .from(knownBrowsers)
      .where(eq(knownBrowsers.userId, found.userId));
    // 3. Remember it; a row that already existed only gets a new sighting.
    const inserted = await tx
      .insert(knownBrowsers)
      .values({ userId: found.userId, tokenHash })
      .onConflictDoNothing()
      .returning({ id: knownBrowsers.id });
    if (inserted.length === 0) {
      await tx
        .update(knownBrowsers)
        .set({ lastSeenAt: sql`now()` })
        .where(and(eq(knownBrowsers.userId, found.userId), eq(knownBrowsers.tokenHash, tokenHash)));
      return false;
    }
    if (!before?.known || env.NEW_SIGN_IN_NOTICE === 'off') return false;
    // 4. The notice.
    const link = await issueLink(tx, {
      userId: found.userId,
      purpose: 'secure_account',
      sentTo: found.email,
    });
    const label = describeBrowser(found.userAgent);
    await queueEmail(tx, {
      to: found.email,
      userId: found.userId,
      message: {
        template: 'new-sign-in',
        props: {
          ...commonEmailProps(found.name, found.locale),
          browser: label.browser,
          os: label.os,
          network: approximateNetwork(found.ip),
          signedInAt: found.startedAt.toISOString(),
          link: link.url,
          expiresAt: link.expiresAt.toISOString(),
        },
      },
    });
    await recordAudit(tx, {
      action: 'sign_in.new_browser',
      actorId: found.userId,
      targetId: found.userId,
      ip: found.ip,
      details: { browser: label.browser, os: label.os },
    });
    return true;
  });
  if (noticed) nudgeEmailWorker();
  return { browserToken, noticed };
}
