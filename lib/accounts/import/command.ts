/**
 * `npm run accounts -- import FILE.csv [--dry-run] [--skip-problems]`: the console's import
 * for the operator. The same batch, checks and creation as the console; problems are
 * printed instead of fixed in a table, so the operator fixes the file (or skips them).
 */
import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { OPERATOR } from '../actor';
import { checkBatch } from './check-batch';
import { confirmImport } from './confirm-import';
import { loadBatch } from './load-batch';
import { startImport } from './start-import';
import type { CheckedRow, RowProblem } from './check-rows';
import { MAX_IMPORT_ROWS, type ParseFailure } from './parse-csv';

interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

const FIELD: Record<RowProblem['field'], string> = {
  name: 'name',
  email: 'email',
  role: 'role',
  counselorEmail: 'counselor email',
  language: 'language',
};

export function describeProblem(problem: RowProblem): string {
  switch (problem.code) {
    case 'nameMissing':
      return 'no name';
    case 'nameTooLong':
      return 'the name is longer than 200 characters';
    case 'emailMissing':
      return 'no email address';
    case 'emailInvalid':
      return 'not a valid email address';
    case 'emailDuplicate':
      return `the same address as row ${problem.line}`;
    case 'emailTypo':
      return `did you mean ${problem.suggestion}?`;
    case 'roleMissing':
      return 'no role';
    case 'roleUnknown':
      return 'not a role (client, counselor, helpdesk, application_manager)';
    case 'roleNotAllowed':
      return 'you may not import accounts with this role';
    case 'counselorUnknown':
      return 'no counselor account has this address';
    case 'counselorOnlyForClients':
      return 'only clients have a counselor';
    case 'counselorNotYou':
      return 'your clients are always your own';
    case 'languageUnknown':
      return 'not a language (en or nl)';
  }
}

export function describeParseFailure(failure: ParseFailure): string {
  switch (failure.code) {
    case 'empty':
      return 'The file is empty.';
    case 'too_large':
      return 'The file is too large (at most 3 MB).';
    case 'not_text':
      return 'This is not a CSV file (it is not UTF-8 text). Save the spreadsheet as "CSV UTF-8".';
    case 'bad_header':
      return `The first row must name the columns; missing: ${failure.missing.join(', ')} (expected: name, email, role, counselor email, language).`;
    case 'too_many_rows':
      return `The file has ${failure.rows} rows; at most ${MAX_IMPORT_ROWS} can be imported at once. Split it into smaller files.`;
    case 'no_rows':
      return 'The file has a header row but no accounts.';
    case 'malformed':
      return `The file cannot be read from row ${failure.line}: a quote (") is opened but not closed.`;
  }
}

function problemLines(checked: CheckedRow[]): string[] {
  return checked
    .filter((c) => c.status === 'problem')
    .flatMap((c) => c.problems.map((p) => `  row ${c.row.line}: ${FIELD[p.field]}: ${describeProblem(p)}`));
}

export async function runImportCommand(args: string[]): Promise<Output> {
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--dry-run' && f !== '--skip-problems');
  if (files.length !== 1 || unknown.length > 0) return { code: 2, stdout: '', stderr: 'usage' };
  const file = path.resolve(files[0]!);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    return {
      code: 1,
      stdout: '',
      stderr: `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n`,
    };
  }
  const started = await startImport({ bytes, fileName: path.basename(file), actor: OPERATOR });
  if (!started.ok) {
    const message = started.code === 'not_allowed' ? 'Not allowed.' : describeParseFailure(started);
    return { code: 1, stdout: '', stderr: `${message}\n` };
  }
  const batch = (await loadBatch(started.batchId, OPERATOR))!;
  const { checked, summary } = await checkBatch(batch, OPERATOR);
  const out: string[] = [
    `${batch.fileName}: ${summary.total} rows: ${summary.ready} ready, ${summary.exists} already have an account, ${summary.problem} with problems.`,
  ];
  const problems = problemLines(checked);
  if (problems.length > 0) out.push('Problems:', ...problems);
  if (flags.has('--dry-run')) {
    out.push('Dry run: nothing was created.');
    return { code: summary.problem > 0 ? 1 : 0, stdout: `${out.join('\n')}\n`, stderr: '' };
  }
  if (summary.problem > 0 && !flags.has('--skip-problems')) {
    return {
      code: 1,
      stdout: `${out.join('\n')}\n`,
      stderr:
        'Nothing was created: fix these rows in the file, or pass --skip-problems to import the other rows.\n',
    };
  }
  const result = await confirmImport({ batchId: batch.id, actor: OPERATOR, skipProblems: true });
  if (!result.ok)
    return { code: 1, stdout: `${out.join('\n')}\n`, stderr: `Could not import (${result.code}).\n` };
  out.push(
    `Created ${result.created} account(s) and queued their welcome emails; ${result.exists} already had an account; ${result.skipped} skipped.`,
  );
  return { code: 0, stdout: `${out.join('\n')}\n`, stderr: '' };
}
