/** A person's recovery codes replaced by new ones (only their hashes kept), inside the caller's transaction. */
import 'server-only';
import { eq } from 'drizzle-orm';
import { recoveryCodes } from '@/lib/db/schema';
import type { Db } from '@/lib/db/types';
import { hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes';

export async function storeRecoveryCodes(tx: Db, userId: string, codes: readonly string[]): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx
    .insert(recoveryCodes)
    .values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(normaliseRecoveryCode(c)!) })));
}
