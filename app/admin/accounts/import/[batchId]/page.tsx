import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requireRole, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { checkBatch } from '@/lib/accounts/import/check-batch';
import { getImportProgress } from '@/lib/accounts/import/get-import-progress';
import { loadBatch } from '@/lib/accounts/import/load-batch';
import type { CheckedRow, RowField, RowProblem } from '@/lib/accounts/import/check-rows';
import { DataTable } from '@/components/ui/data-table';
import { reviseImportAction } from '../actions';
import { ImportProgress } from './import-progress';
import { IntentButton } from './confirm-button';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('importAccounts');
  return { title: t('title') };
}

/** Ready rows listed in the preview; the rest are counted (a 5,000-row page helps nobody). */
const READY_SHOWN = 100;
const FIELDS: RowField[] = ['name', 'email', 'role', 'counselorEmail', 'language'];

type Params = { batchId: string };
type Search = { unresolved?: string; already?: string };

/** An import: its preview (fix, skip, confirm) until confirmed, then its progress and results. */
export default async function ImportBatchPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<Search>;
}) {
  const user = await requireRole(STAFF_ROLES);
  const actor = actorFrom(user);
  const batch = await loadBatch((await params).batchId, actor);
  if (!batch) notFound();
  const search = await searchParams;
  const t = await getTranslations('importAccounts');
  const tp = (p: RowProblem) =>
    t(
      `problems.${p.code}`,
      'line' in p ? { line: p.line } : 'suggestion' in p ? { suggestion: p.suggestion } : {},
    );

  if (batch.status !== 'preview') {
    const progress = await getImportProgress(batch);
    const results = batch.results ?? [];
    const byLine = new Map(batch.rows.map((r) => [r.line, r]));
    const count = (o: string) => results.filter((r) => r.outcome === o).length;
    return (
      <main id="main" className="card wide">
        <h1>{t('importedTitle', { file: batch.fileName })}</h1>
        {search.already && <p role="status">{t('alreadyConfirmed')}</p>}
        {batch.status === 'importing' ? (
          <p role="status">{t('importing')}</p>
        ) : (
          <>
            <p>
              {t('resultsSummary', {
                created: count('created'),
                exists: count('exists'),
                skipped: count('skipped'),
              })}
            </p>
            <ImportProgress
              batchId={batch.id}
              initial={{
                total: progress.total,
                waiting: progress.waiting,
                sent: progress.sent,
                failed: progress.failed,
              }}
            />
            <h2>{t('resultsTitle')}</h2>
            <DataTable
              rows={results}
              rowKey={(r) => r.line}
              columns={[
                { header: t('row'), cell: (r) => r.line },
                { header: t('name'), cell: (r) => byLine.get(r.line)?.name },
                {
                  header: t('email'),
                  cell: (r) =>
                    r.userId ? (
                      <Link href={`/admin/accounts/${r.userId}`}>{byLine.get(r.line)?.email}</Link>
                    ) : (
                      byLine.get(r.line)?.email
                    ),
                },
                { header: t('result'), cell: (r) => t(`outcome.${r.outcome}`) },
                {
                  header: t('welcomeEmail'),
                  cell: (r) => t(`delivery.${(r.userId && progress.delivery.get(r.userId)) || 'none'}`),
                },
              ]}
            />
          </>
        )}
        <p>
          <Link href="/admin/accounts/import">{t('newImport')}</Link>
        </p>
      </main>
    );
  }

  const { checked, summary } = await checkBatch(batch, actor);
  const decide = checked.filter((c) => c.status === 'problem' || c.status === 'skipped');
  const ready = checked.filter((c) => c.status === 'ready');
  const exists = checked.filter((c) => c.status === 'exists');
  const unresolved = Number(search.unresolved) || 0;
  const label = (field: RowField) => t(field);
  const problemsOf = (c: CheckedRow, field: RowField) => c.problems.filter((p) => p.field === field);
  const suggestionOf = (c: CheckedRow) => {
    const typo = c.problems.find((p) => p.code === 'emailTypo');
    return typo && 'suggestion' in typo ? typo.suggestion : null;
  };

  const editCell = (field: RowField) =>
    function EditCell(c: CheckedRow) {
      const id = `${field}-${c.row.line}`;
      const problems = problemsOf(c, field);
      return (
        <div className="cell-field">
          <label htmlFor={id} className="visually-hidden">
            {t('fieldLabel', { field: label(field), line: c.row.line })}
          </label>
          <input
            id={id}
            name={id}
            defaultValue={c.row[field]}
            size={field === 'language' ? 4 : field === 'role' ? 12 : undefined}
            aria-invalid={problems.length > 0 && c.status === 'problem' ? true : undefined}
            aria-describedby={problems.length > 0 ? `${id}-problem` : undefined}
          />
          {problems.length > 0 && (
            <p id={`${id}-problem`} className="field-error">
              {problems.map(tp).join(' ')}
            </p>
          )}
        </div>
      );
    };

  return (
    <main id="main" className="card wide">
      <h1>{t('previewTitle', { file: batch.fileName })}</h1>
      <p role="status">{t('summary', { ...summary })}</p>
      {unresolved > 0 && (
        <div className="alert alert-error" role="alert">
          <h2 className="alert-title">{t('unresolvedTitle')}</h2>
          <p>{t('unresolved', { count: unresolved })}</p>
        </div>
      )}
      <form action={reviseImportAction}>
        <input type="hidden" name="batchId" value={batch.id} />
        <input type="hidden" name="lines" value={decide.map((c) => c.row.line).join(',')} />
        {decide.length > 0 && (
          <section>
            <h2 id="decide-title">{t('problemsTitle')}</h2>
            <p>{t('problemsIntro')}</p>
            <div className="table-scroll" role="region" aria-labelledby="decide-title" tabIndex={0}>
              <DataTable
                rows={decide}
                rowKey={(c) => c.row.line}
                columns={[
                  { header: t('row'), cell: (c) => c.row.line },
                  ...FIELDS.map((field) => ({ header: label(field), cell: editCell(field) })),
                  {
                    header: t('decision'),
                    cell: (c) => (
                      <div className="cell-choices">
                        <label>
                          <input type="checkbox" name={`skip-${c.row.line}`} defaultChecked={c.row.skip} />{' '}
                          {t('skip', { line: c.row.line })}
                        </label>
                        {suggestionOf(c) && (
                          <label>
                            <input type="checkbox" name={`useSuggestion-${c.row.line}`} />{' '}
                            {t('useSuggestion', { suggestion: suggestionOf(c)! })}
                          </label>
                        )}
                        {suggestionOf(c) || c.row.keepTypo ? (
                          <label>
                            <input
                              type="checkbox"
                              name={`keepTypo-${c.row.line}`}
                              defaultChecked={c.row.keepTypo}
                            />{' '}
                            {t('keepTypo', { email: c.row.email })}
                          </label>
                        ) : null}
                      </div>
                    ),
                  },
                ]}
              />
            </div>
          </section>
        )}
        <div className="actions">
          <IntentButton intent="check" secondary label={t('checkAgain')} pendingLabel={t('checking')} />{' '}
          <IntentButton
            intent="confirm"
            label={t('confirm', { count: summary.ready })}
            pendingLabel={t('creating')}
          />
        </div>
      </form>
      {ready.length > 0 && (
        <section aria-labelledby="ready-title">
          <h2 id="ready-title">{t('readyTitle')}</h2>
          <DataTable
            rows={ready.slice(0, READY_SHOWN)}
            rowKey={(c) => c.row.line}
            columns={[
              { header: t('row'), cell: (c) => c.row.line },
              { header: t('name'), cell: (c) => c.account!.name },
              { header: t('email'), cell: (c) => c.account!.email },
              { header: t('role'), cell: (c) => c.account!.role },
              { header: t('counselorEmail'), cell: (c) => c.account!.counselorEmail ?? '' },
              { header: t('language'), cell: (c) => c.account!.locale ?? '' },
            ]}
          />
          {ready.length > READY_SHOWN && <p>{t('readyMore', { count: ready.length - READY_SHOWN })}</p>}
        </section>
      )}
      {exists.length > 0 && (
        <section aria-labelledby="exists-title">
          <h2 id="exists-title">{t('existsTitle')}</h2>
          <p>{t('existsIntro')}</p>
          <DataTable
            rows={exists}
            rowKey={(c) => c.row.line}
            columns={[
              { header: t('row'), cell: (c) => c.row.line },
              { header: t('name'), cell: (c) => c.row.name },
              { header: t('email'), cell: (c) => c.row.email },
              { header: t('result'), cell: (c) => (c.askHelpdesk ? t('askHelpdesk') : t('alreadyExists')) },
            ]}
          />
        </section>
      )}
    </main>
  );
}
