/** The import's progress for the page's script to poll: its welcome emails as the outbox has them. */
import { NextResponse } from 'next/server';
import { getCurrentUser, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { getImportProgress } from '@/lib/accounts/import/get-import-progress';
import { loadBatch } from '@/lib/accounts/import/load-batch';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ batchId: string }> }) {
  const user = await getCurrentUser();
  if (!user || !STAFF_ROLES.includes(user.role))
    return NextResponse.json({ error: 'forbidden' }, { status: 403 });
  const batch = await loadBatch((await params).batchId, actorFrom(user));
  if (!batch) return NextResponse.json({ error: 'not_found' }, { status: 404 });
  const { status, total, waiting, sent, failed } = await getImportProgress(batch);
  return NextResponse.json(
    { status, total, waiting, sent, failed },
    { headers: { 'cache-control': 'no-store' } },
  );
}
