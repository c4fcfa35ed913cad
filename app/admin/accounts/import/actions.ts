'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getCurrentUser, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { confirmImport } from '@/lib/accounts/import/confirm-import';
import { loadBatch } from '@/lib/accounts/import/load-batch';
import { reviseBatch, type RowEdit } from '@/lib/accounts/import/revise-batch';
import { MAX_IMPORT_ROWS } from '@/lib/accounts/import/parse-csv';
import { suggestEmailCorrection } from '@/lib/validation/email-typo';

const FIELDS = ['name', 'email', 'role', 'counselorEmail', 'language'] as const;
const text = z.string().max(500).optional();
const previewForm = z.object({
  batchId: z.uuid(),
  intent: z.enum(['check', 'confirm']).default('check'),
  /** The rows the form showed, so an unticked "skip" box means "do not skip". */
  lines: z
    .string()
    .max(40_000)
    .transform((s) => s.split(',').filter(Boolean).map(Number))
    .pipe(z.array(z.number().int().min(2)).max(MAX_IMPORT_ROWS)),
});

/**
 * The preview's one form: "Check again" saves the corrections, suggestions taken and skip
 * choices; "Create" saves them and then imports. Without
 * JavaScript it is a plain form post answered with the page again (a redirect).
 */
export async function reviseImportAction(formData: FormData): Promise<void> {
  const user = await getCurrentUser();
  if (!user || !STAFF_ROLES.includes(user.role)) redirect('/login');
  const raw = Object.fromEntries(formData) as Record<string, FormDataEntryValue>;
  const parsed = previewForm.safeParse(raw);
  if (!parsed.success) redirect('/admin/accounts/import?error=not_found');
  const { batchId, intent, lines } = parsed.data;
  const actor = actorFrom(user);
  const page = `/admin/accounts/import/${batchId}`;
  const batch = await loadBatch(batchId, actor);
  if (!batch) redirect('/admin/accounts/import?error=not_found');
  if (batch.status !== 'preview') redirect(`${page}?already=1`);
  const edits = new Map<number, RowEdit>();
  for (const line of lines) {
    const edit: RowEdit = {};
    for (const field of FIELDS) {
      const value = text.safeParse(raw[`${field}-${line}`]);
      if (value.success && value.data !== undefined) edit[field] = value.data;
    }
    edit.skip = raw[`skip-${line}`] === 'on';
    edit.keepTypo = raw[`keepTypo-${line}`] === 'on';
    if (raw[`useSuggestion-${line}`] === 'on') {
      // The suggestion for the address as it stands (the same check that offered it).
      const current = edit.email ?? batch.rows.find((r) => r.line === line)?.email ?? '';
      const suggestion = suggestEmailCorrection(current);
      if (suggestion) Object.assign(edit, { email: suggestion, keepTypo: false });
    }
    edits.set(line, edit);
  }
  const revised = await reviseBatch({ batchId, actor, edits });
  if (!revised.ok) redirect(`${page}?already=1`);
  if (intent === 'confirm') {
    const result = await confirmImport({ batchId, actor, ip: await currentClientIp() });
    if (!result.ok && result.code === 'unresolved') redirect(`${page}?unresolved=${result.problems}`);
    if (!result.ok && result.code === 'already_confirmed') redirect(`${page}?already=1`);
  }
  redirect(page);
}
