/**
 * Pruning: rows that no longer do anything are deleted on a schedule (the delivery worker
 * runs `pruneExpiredRows` every hour), so the tables that grow with traffic (sessions,
 * links, counters, the outbox) do not grow for ever, and no table keeps a sealed link
 * longer than it can be useful. The audit log is never pruned: it is the history.
 */
import 'server-only';
import { and, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { env } from '@/lib/env';
import {
  emailOutbox,
  importBatches,
  knownBrowsers,
  oneTimeTokens,
  passkeyChallenges,
  rateLimits,
  sessions,
  signInThrottle,
} from './schema';
import type { Db } from './types';

/** How long rows are kept after they stopped doing anything. */
export const RETENTION = {
  /** Ended or expired sessions. */
  sessions: '30 days',
  /**
   * Links used, replaced or expired. The newest link of each kind per person is kept: the
   * console shows it, and an expired welcome link can still ask for a new one.
   */
  links: '30 days',
  /** Rate-limit windows that are over. */
  rateLimits: '1 hour',
  /** Sign-in throttling of an address untouched this long (a block on an existing account stays until lifted). */
  signInThrottle: '30 days',
  /** A failed email's sealed payload (the link inside has expired by then). */
  failedPayload: '7 days',
  /** Sent or failed emails whose payload is gone (staff see them on the account page meanwhile). */
  emails: '90 days',
  /** Spent passkey challenges: kept only until they would have expired (then they are refused unread). */
  passkeyChallenges: '0 seconds',
  /** Browsers not seen at a sign-in this long: their cookie (400 days, renewed at each sign-in) is gone too. */
  knownBrowsers: '400 days',
} as const;

const ago = (interval: string) => sql`now() - ${interval}::interval`;

export interface PruneCounts {
  sessions: number;
  links: number;
  rateLimits: number;
  signInThrottle: number;
  failedPayloads: number;
  emails: number;
  passkeyChallenges: number;
  importBatches: number;
  knownBrowsers: number;
}

/** Deletes (or, for failed emails, empties) rows past their retention. Audit events are kept. */
export async function pruneExpiredRows(db: Db): Promise<PruneCounts> {
  // least() skips a null ended_at: a session counts from when it ended, or else expired.
  const endedSessions = await db
    .delete(sessions)
    .where(sql`least(${sessions.endedAt}, ${sessions.expiresAt}) < ${ago(RETENTION.sessions)}`)
    .returning({ id: sessions.id });

  const stoppedAt = sql`least(coalesce(${oneTimeTokens.usedAt}, 'infinity'), coalesce(${oneTimeTokens.voidedAt}, 'infinity'), ${oneTimeTokens.expiresAt})`;
  const oldLinks = await db
    .delete(oneTimeTokens)
    .where(
      sql`${stoppedAt} < ${ago(RETENTION.links)} and exists (
        select 1 from one_time_tokens newer
        where newer.user_id = ${oneTimeTokens.userId} and newer.purpose = ${oneTimeTokens.purpose} and newer.created_at > ${oneTimeTokens.createdAt})`,
    )
    .returning({ id: oneTimeTokens.id });

  const overWindows = await db
    .delete(rateLimits)
    .where(lt(rateLimits.expire, ago(RETENTION.rateLimits)))
    .returning({ key: rateLimits.key });

  const staleThrottles = await db
    .delete(signInThrottle)
    .where(
      sql`${signInThrottle.updatedAt} < ${ago(RETENTION.signInThrottle)} and ${signInThrottle.nextAttemptAt} < now()
        and (${signInThrottle.failures} < ${env.SIGNIN_ACCOUNT_BLOCK_AFTER} or not exists (select 1 from users u where u.email = ${signInThrottle.email}))`,
    )
    .returning({ email: signInThrottle.email });

  const emptied = await db
    .update(emailOutbox)
    .set({ payload: null })
    .where(
      and(
        sql`${emailOutbox.status} = 'failed'`,
        isNotNull(emailOutbox.payload),
        lt(emailOutbox.createdAt, ago(RETENTION.failedPayload)),
      ),
    )
    .returning({ id: emailOutbox.id });

  const oldEmails = await db
    .delete(emailOutbox)
    .where(
      and(
        inArray(emailOutbox.status, ['sent', 'failed', 'rejected', 'bounced']),
        isNull(emailOutbox.payload),
        lt(sql`coalesce(${emailOutbox.sentAt}, ${emailOutbox.createdAt})`, ago(RETENTION.emails)),
      ),
    )
    .returning({ id: emailOutbox.id });

  const spentChallenges = await db
    .delete(passkeyChallenges)
    .where(lt(passkeyChallenges.expiresAt, ago(RETENTION.passkeyChallenges)))
    .returning({ hash: passkeyChallenges.challengeHash });

  // Import batches hold a file's names and addresses: finished ones go after
  // IMPORT_RETENTION_DAYS, as do uploads never confirmed. One left "importing" is never
  // pruned here: it is taken up again (lib/accounts/import/resume-stalled-imports.ts).
  const oldImports = await db
    .delete(importBatches)
    .where(
      sql`${importBatches.status} <> 'importing' and coalesce(${importBatches.finishedAt}, ${importBatches.createdAt})
        < now() - make_interval(days => ${env.IMPORT_RETENTION_DAYS})`,
    )
    .returning({ id: importBatches.id });

  const forgottenBrowsers = await db
    .delete(knownBrowsers)
    .where(lt(knownBrowsers.lastSeenAt, ago(RETENTION.knownBrowsers)))
    .returning({ id: knownBrowsers.id });

  return {
    sessions: endedSessions.length,
    links: oldLinks.length,
    rateLimits: overWindows.length,
    signInThrottle: staleThrottles.length,
    failedPayloads: emptied.length,
    emails: oldEmails.length,
    passkeyChallenges: spentChallenges.length,
    importBatches: oldImports.length,
    knownBrowsers: forgottenBrowsers.length,
  };
}
