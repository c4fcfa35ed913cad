import { describe, expect, it } from 'vitest';
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import {
  auditEvents,
  emailOutbox,
  importBatches,
  knownBrowsers,
  oneTimeTokens,
  rateLimits,
  sessions,
  signInThrottle,
} from '@/lib/db/schema';
import { active, invited, uniqueEmail } from '@/lib/test/factories';
import { hashToken, generateToken } from '@/lib/security/tokens';
import { runEmailWorker } from '@/lib/email/worker';
import { pruneExpiredRows } from './prune';
import type { Transport } from '@/lib/email/transports';

const daysAgo = (n: number) => sql`now() - make_interval(days => ${n})`;

describe('pruning expired rows (ASVS 14.2.7 data retention)', () => {
  it('the delivery worker deletes rows past their retention, keeps live ones, and never touches the audit log', async () => {
    const db = await getDb();
    const person = await active();
    const other = await active();

    // Sessions: ended or expired long ago go; recently ended and live ones stay.
    const [oldEnded, oldExpired, recentEnded, live] = await db
      .insert(sessions)
      .values([
        { userId: person.userId, sessionVersion: 1, expiresAt: daysAgo(39), endedAt: daysAgo(40) },
        { userId: person.userId, sessionVersion: 1, expiresAt: daysAgo(40) },
        {
          userId: person.userId,
          sessionVersion: 1,
          expiresAt: sql`now() + interval '1 hour'`,
          endedAt: daysAgo(1),
        },
        { userId: person.userId, sessionVersion: 1, expiresAt: sql`now() + interval '1 hour'` },
      ])
      .returning({ id: sessions.id });

    // Links: old used/replaced/expired ones go, but the newest of each kind per person stays
    // (the console shows it; an expired welcome link can still ask for a new one).
    const link = (
      userId: string,
      purpose: 'welcome' | 'reset',
      createdDaysAgo: number,
      extra: { usedAt?: SQL; voidedAt?: SQL; expiresAt?: SQL },
    ) => ({
      userId,
      purpose,
      tokenHash: hashToken(generateToken()),
      sentTo: 'x@example.org',
      createdAt: daysAgo(createdDaysAgo),
      expiresAt: daysAgo(createdDaysAgo - 1),
      ...extra,
    });
    const waiting = await invited(); // its welcome link expired 33 days ago, and it is the newest it has
    const [newestExpiredWelcome] = await db
      .update(oneTimeTokens)
      .set({ createdAt: daysAgo(40), expiresAt: daysAgo(33) })
      .where(eq(oneTimeTokens.userId, waiting.userId))
      .returning({ id: oneTimeTokens.id });
    const [oldUsedReset, newestReset, oldVoidedWelcome, recentUsedReset] = await db
      .insert(oneTimeTokens)
      .values([
        link(other.userId, 'reset', 60, { usedAt: daysAgo(60) }),
        link(other.userId, 'reset', 50, { usedAt: daysAgo(50) }),
        link(waiting.userId, 'welcome', 90, { voidedAt: daysAgo(80) }),
        link(person.userId, 'reset', 3, { usedAt: daysAgo(2), expiresAt: daysAgo(2) }),
      ])
      .returning({ id: oneTimeTokens.id });

    // Rate-limit windows over for more than an hour go.
    const overKey = `test-prune:${uniqueEmail()}`;
    const liveKey = `test-prune:${uniqueEmail()}`;
    await db.insert(rateLimits).values([
      { key: overKey, points: 3, expire: sql`now() - interval '2 hours'` },
      { key: liveKey, points: 3, expire: sql`now() + interval '10 minutes'` },
    ]);

    // Throttling untouched for 30 days goes, except a block on an existing account.
    const staleUnknown = uniqueEmail('stale');
    const blockedUnknown = uniqueEmail('sprayed');
    const recent = uniqueEmail('recent');
    await db.insert(signInThrottle).values([
      { email: staleUnknown, failures: 3, nextAttemptAt: daysAgo(40), updatedAt: daysAgo(40) },
      { email: blockedUnknown, failures: 100, nextAttemptAt: daysAgo(40), updatedAt: daysAgo(40) },
      { email: person.email, failures: 100, nextAttemptAt: daysAgo(40), updatedAt: daysAgo(40) },
      { email: recent, failures: 2, nextAttemptAt: daysAgo(1), updatedAt: daysAgo(1) },
    ]);

    // Outbox: emptied payloads of long-sent emails go; a failed email's payload is wiped after a week.
    const mail = (status: 'sent' | 'failed' | 'queued', createdDaysAgo: number, payload: string | null) => ({
      userId: person.userId,
      toAddress: person.email,
      template: 'welcome',
      status,
      payload,
      createdAt: daysAgo(createdDaysAgo),
      sentAt: status === 'sent' ? daysAgo(createdDaysAgo) : null,
      // A queued email waits for its next attempt (the worker's sweep in this test must not take it).
      nextAttemptAt: status === 'queued' ? sql`now() + interval '1 hour'` : daysAgo(createdDaysAgo),
    });
    const [oldSent, recentSent, oldFailed, queued] = await db
      .insert(emailOutbox)
      .values([
        mail('sent', 100, null),
        mail('sent', 10, null),
        mail('failed', 10, 'sealed-payload'),
        mail('queued', 2, 'sealed-payload'),
      ])
      .returning({ id: emailOutbox.id });

    const [ancient] = await db
      .insert(auditEvents)
      .values({ action: 'sign_in.failed', at: sql`now() - interval '10 years'`, targetId: person.userId })
      .returning({ id: auditEvents.id });

    // The worker prunes on its first sweep (and then every hour).
    const transport: Transport = { name: 'smtp', send: async () => ({ messageId: null }) };
    const worker = runEmailWorker(
      async () => db,
      transport,
      3600,
      (err) => {
        throw err;
      },
    );
    await worker.stop();

    const ids = async <T extends { id: string }>(
      table: typeof sessions | typeof oneTimeTokens | typeof emailOutbox,
      want: T[],
    ) =>
      (
        await db
          .select({ id: table.id })
          .from(table)
          .where(
            inArray(
              table.id,
              want.map((w) => w.id),
            ),
          )
      )
        .map((r) => r.id)
        .sort();
    expect(await ids(sessions, [oldEnded!, oldExpired!, recentEnded!, live!])).toEqual(
      [recentEnded!.id, live!.id].sort(),
    );
    expect(
      await ids(oneTimeTokens, [
        oldUsedReset!,
        newestReset!,
        oldVoidedWelcome!,
        newestExpiredWelcome!,
        recentUsedReset!,
      ]),
    ).toEqual([newestReset!.id, newestExpiredWelcome!.id, recentUsedReset!.id].sort());
    expect(
      (
        await db
          .select({ key: rateLimits.key })
          .from(rateLimits)
          .where(inArray(rateLimits.key, [overKey, liveKey]))
      ).map((r) => r.key),
    ).toEqual([liveKey]);
    expect(
      (
        await db
          .select({ email: signInThrottle.email })
          .from(signInThrottle)
          .where(inArray(signInThrottle.email, [staleUnknown, blockedUnknown, person.email, recent]))
      )
        .map((r) => r.email)
        .sort(),
    ).toEqual([person.email, recent].sort());
    expect(await ids(emailOutbox, [oldSent!, recentSent!, oldFailed!, queued!])).toEqual(
      [recentSent!.id, oldFailed!.id, queued!.id].sort(),
    );
    const [failedRow] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, oldFailed!.id));
    expect(failedRow?.payload).toBeNull();
    expect(failedRow?.status).toBe('failed');
    expect(await db.$count(auditEvents, eq(auditEvents.id, ancient!.id))).toBe(1);
  });
});

describe('pruning import batches (issue 26)', () => {
  it('deletes finished and never-confirmed batches (and the rows they hold) after IMPORT_RETENTION_DAYS (30), keeps recent and running ones', async () => {
    const db = await getDb();
    const rows = [{ line: 2, name: 'A', email: 'a@example.org' }];
    const [oldDone, oldPreview, recentDone, running] = await db
      .insert(importBatches)
      .values([
        { fileName: 'old.csv', rows, status: 'done', createdAt: daysAgo(40), finishedAt: daysAgo(31) },
        { fileName: 'abandoned.csv', rows, status: 'preview', createdAt: daysAgo(31) },
        { fileName: 'recent.csv', rows, status: 'done', createdAt: daysAgo(40), finishedAt: daysAgo(29) },
        // Stalled imports are taken up again (resume-stalled-imports.ts), never pruned away.
        { fileName: 'running.csv', rows, status: 'importing', createdAt: daysAgo(40) },
      ])
      .returning({ id: importBatches.id });
    const counts = await pruneExpiredRows(db);
    expect(counts.importBatches).toBeGreaterThanOrEqual(2);
    const left = await db
      .select({ id: importBatches.id })
      .from(importBatches)
      .where(inArray(importBatches.id, [oldDone!.id, oldPreview!.id, recentDone!.id, running!.id]));
    expect(left.map((r) => r.id).sort()).toEqual([recentDone!.id, running!.id].sort());
  });
});

describe('pruning known browsers (issue 29)', () => {
  it('forgets a browser unseen at a sign-in for 400 days (its cookie is gone too), keeps one seen since', async () => {
    const db = await getDb();
    const person = await active();
    const [gone, kept] = await db
      .insert(knownBrowsers)
      .values([
        { userId: person.userId, tokenHash: hashToken(generateToken()), lastSeenAt: daysAgo(401) },
        { userId: person.userId, tokenHash: hashToken(generateToken()), lastSeenAt: daysAgo(399) },
      ])
      .returning({ id: knownBrowsers.id });
    const counts = await pruneExpiredRows(db);
    expect(counts.knownBrowsers).toBeGreaterThanOrEqual(1);
    const left = await db
      .select({ id: knownBrowsers.id })
      .from(knownBrowsers)
      .where(inArray(knownBrowsers.id, [gone!.id, kept!.id]));
    expect(left.map((r) => r.id)).toEqual([kept!.id]);
  });
});
