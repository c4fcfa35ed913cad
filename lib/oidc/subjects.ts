/**
 * The `sub` claim: one random, opaque identifier per person, the same for every application
 * of the platform (public subject type), never the row id and never the email (an address
 * changes; a subject must not). Made the first time it is needed and kept.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oidcSubjects } from '@/lib/db/schema';
import type { Db } from '@/lib/db/types';

/** The person's subject, made now if they have none (two at once agree on one). */
export async function subjectFor(userId: string, db?: Db): Promise<string> {
  const conn = db ?? (await getDb());
  const [made] = await conn
    .insert(oidcSubjects)
    .values({ userId, subject: randomBytes(16).toString('base64url') })
    .onConflictDoNothing({ target: oidcSubjects.userId })
    .returning({ subject: oidcSubjects.subject });
  if (made) return made.subject;
  const [kept] = await conn
    .select({ subject: oidcSubjects.subject })
    .from(oidcSubjects)
    .where(eq(oidcSubjects.userId, userId));
  return kept!.subject;
}

/** The subject a person already has, or null (they never signed in to an application). */
export async function existingSubject(db: Db, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ subject: oidcSubjects.subject })
    .from(oidcSubjects)
    .where(eq(oidcSubjects.userId, userId));
  return row?.subject ?? null;
}

/** A subject's shape: 16 random bytes, base64url. Anything else is refused unread. */
export const SUBJECT_PATTERN = /^[A-Za-z0-9_-]{22}$/;
