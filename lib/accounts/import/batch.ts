/**
 * Importing accounts from a file, the batch's life: an upload becomes a batch in "preview"
 * (start-import.ts); staff see every row checked (check-batch.ts) and fix or skip rows
 * (revise-batch.ts); confirming (confirm-import.ts) claims the batch and creates the
 * accounts in chunks (create-checked-rows.ts); a batch whose importer died is taken up
 * again (resume-stalled-imports.ts); the progress bar reads the welcome emails from the
 * outbox (get-import-progress.ts). This file holds the shapes they share.
 */
import type { ImportBatchStatus } from '@/lib/db/schema';
import type { BatchRow } from './check-rows';
import type { ParseFailure } from './parse-csv';

export type RowOutcome = 'created' | 'exists' | 'skipped';

export interface RowResult {
  line: number;
  outcome: RowOutcome;
  userId?: string;
}

export interface Batch {
  id: string;
  fileName: string;
  status: ImportBatchStatus;
  rows: BatchRow[];
  results: RowResult[] | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export type ImportFailure =
  | { ok: false; code: 'not_allowed' }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'already_confirmed' }
  | { ok: false; code: 'unresolved'; problems: number }
  | ParseFailure;
