import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import type { Locale } from '@/lib/i18n/locales';
import { recordAudit } from '@/lib/audit/record';
import type { Actor } from './actor';
import { fail, type AccountFailure } from './errors';

/** A signed-in person saves the language of their pages and emails (only their own). */
export async function saveLanguage(input: {
  actor: Actor;
  locale: Locale;
  ip?: string | null;
}): Promise<{ ok: true } | AccountFailure<'not_allowed'>> {
  const { actor } = input;
  if (actor.kind !== 'user') return fail('not_allowed');
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ locale: users.locale })
      .from(users)
      .where(eq(users.id, actor.id))
      .for('update');
    await tx.update(users).set({ locale: input.locale }).where(eq(users.id, actor.id));
    await recordAudit(tx, {
      action: 'account.language_changed',
      actorId: actor.id,
      targetId: actor.id,
      ip: input.ip,
      details: { before: before?.locale ?? null, after: input.locale },
    });
  });
  return { ok: true };
}
