/**
 * "Where you are signed in": a person's sessions that still count, newest activity first,
 * each described as people recognise it (browser and system, a shortened network address),
 * never the raw User-Agent or full IP. Read by /account (the person) and the console's
 * account page (staff).
 */
import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions, users } from '@/lib/db/schema';
import { approximateNetwork, describeBrowser, type BrowserLabel } from './session-labels';
import { sessionIsActiveSql } from './session-is-active';

export interface ActiveSession extends BrowserLabel {
  id: string;
  startedAt: Date;
  lastActiveAt: Date;
  /** "203.0.113.x": the network, not the address. */
  network: string | null;
  /** The password was right but the second step is still owed. */
  secondStepOwed: boolean;
  /** The session of the browser asking. */
  current: boolean;
}

/** A person has a handful of browsers; a list longer than this is cut (oldest activity last). */
const MAX_LISTED = 50;

export async function listActiveSessions(
  userId: string,
  currentSessionId?: string,
): Promise<ActiveSession[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: sessions.id,
      startedAt: sessions.createdAt,
      lastActiveAt: sessions.lastSeenAt,
      ip: sql<string | null>`host(${sessions.ip})`,
      userAgent: sessions.userAgent,
      secondStepOwed: sessions.twoStepPending,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.userId, userId), sessionIsActiveSql()))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt))
    .limit(MAX_LISTED);
  return rows.map((row) => ({
    id: row.id,
    startedAt: new Date(row.startedAt),
    lastActiveAt: new Date(row.lastActiveAt),
    ...describeBrowser(row.userAgent),
    network: approximateNetwork(row.ip),
    secondStepOwed: row.secondStepOwed,
    current: row.id === currentSessionId,
  }));
}
