/**
 * The upload of an accounts file. A route handler rather than a server action because the
 * file may be larger than server actions take (1 MB): the edge allows this path alone a
 * larger body (edge/request-guard.ts, deploy/nginx). Without JavaScript the form posts
 * here and a good file is answered with 303 to its preview; a bad one with a 4xx page that
 * says why. The upload form's script asks for JSON instead and shows the message in place.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { getLocale } from 'next-intl/server';
import { env } from '@/lib/env';
import { getCurrentUser, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { startImport } from '@/lib/accounts/import/start-import';
import { MAX_IMPORT_BYTES } from '@/lib/accounts/import/parse-csv';

export const dynamic = 'force-dynamic';

type ErrorCode =
  | 'no_file'
  | 'empty'
  | 'too_large'
  | 'not_text'
  | 'bad_header'
  | 'too_many_rows'
  | 'no_rows'
  | 'malformed'
  | 'not_allowed';

const STATUS: Record<ErrorCode, number> = {
  no_file: 400,
  empty: 422,
  too_large: 413,
  not_text: 415,
  bad_header: 422,
  too_many_rows: 422,
  no_rows: 422,
  malformed: 422,
  not_allowed: 403,
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function refuse(request: NextRequest, code: ErrorCode, values: Record<string, string | number> = {}) {
  const t = await getTranslations('importAccounts');
  const message = t(`errors.${code}`, values as never);
  const status = STATUS[code];
  if (request.headers.get('accept')?.includes('application/json'))
    return NextResponse.json({ error: code, message }, { status });
  // Without JavaScript: a small page in the person's language with the reason and the way back.
  const lang = await getLocale();
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t('errorTitle'))}</title></head><body><main id="main"><h1>${escapeHtml(t('errorTitle'))}</h1><p role="alert">${escapeHtml(message)}</p><p><a href="/admin/accounts/import">${escapeHtml(t('tryAgain'))}</a></p></main></body></html>`;
  return new NextResponse(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

export async function POST(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.redirect(new URL('/login', env.APP_URL), 303);
  if (!STAFF_ROLES.includes(user.role)) return refuse(request, 'not_allowed');
  let file: FormDataEntryValue | null = null;
  try {
    file = (await request.formData()).get('file');
  } catch {
    return refuse(request, 'no_file');
  }
  if (!(file instanceof File) || (file.size === 0 && file.name === '')) return refuse(request, 'no_file');
  if (file.size > MAX_IMPORT_BYTES) return refuse(request, 'too_large');
  const started = await startImport({
    bytes: new Uint8Array(await file.arrayBuffer()),
    fileName: file.name || 'accounts.csv',
    actor: actorFrom(user),
  });
  if (!started.ok) {
    if (started.code === 'bad_header')
      return refuse(request, 'bad_header', { missing: started.missing.join(', ') });
    if (started.code === 'too_many_rows') return refuse(request, 'too_many_rows', { rows: started.rows });
    if (started.code === 'malformed') return refuse(request, 'malformed', { line: started.line });
    return refuse(request, started.code);
  }
  const location = new URL(`/admin/accounts/import/${started.batchId}`, env.APP_URL);
  if (request.headers.get('accept')?.includes('application/json'))
    return NextResponse.json({ location: location.pathname }, { status: 201 });
  return NextResponse.redirect(location, 303);
}
