/**
 * Downloads the recovery codes just made, as a text file. A plain form POST (no JavaScript,
 * and no data: URL, which the CSP would block) of the codes sealed for this person; works
 * for 15 minutes after enrolment and only for the person they belong to.
 */
import { getTranslations } from 'next-intl/server';
import { getCurrentUser } from '@/lib/auth/current-user';
import { env } from '@/lib/env';
import { openCodesForDownload } from '@/lib/two-step/recovery-codes-download';
import { recoveryCodesFile } from '@/lib/two-step/recovery-codes';

export async function POST(request: Request) {
  const user = await getCurrentUser();
  const form = await request.formData().catch(() => null);
  const sealed = form?.get('download');
  const codes = user && typeof sealed === 'string' ? openCodesForDownload(sealed, user.id) : null;
  const t = await getTranslations('twoStep');
  if (!user || !codes)
    return new Response(t('downloadExpired'), {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  const body = recoveryCodesFile({
    heading: t('fileHeading'),
    platform: env.PLATFORM_NAME,
    account: user.email,
    codes,
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': 'attachment; filename="recovery-codes.txt"',
      'cache-control': 'no-store',
    },
  });
}
