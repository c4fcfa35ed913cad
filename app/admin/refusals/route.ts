/**
 * Emails refused or bounced since `?since=` (an ISO time) for accounts the signed-in staff
 * member made, for the console's live notice to poll (components/refusal-notice.tsx).
 */
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getCurrentUser, STAFF_ROLES } from '@/lib/auth/current-user';
import { recentRefusals } from '@/lib/email/recent-refusals';

export const dynamic = 'force-dynamic';

const sinceSchema = z.iso.datetime({ offset: true });

export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user || !STAFF_ROLES.includes(user.role))
    return NextResponse.json({ error: 'forbidden' }, { status: 403 });
  const since = sinceSchema.safeParse(new URL(request.url).searchParams.get('since'));
  if (!since.success)
    return NextResponse.json(
      { error: 'since: expects an ISO time like 2026-12-07T23:30:00Z' },
      { status: 400 },
    );
  return NextResponse.json(
    { refusals: await recentRefusals(user.id, new Date(since.data)) },
    { headers: { 'cache-control': 'no-store' } },
  );
}
