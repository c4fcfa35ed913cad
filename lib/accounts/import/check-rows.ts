/**
 * The preview's checks: every row of an accounts file against the same rules as creating
 * one account by hand (field schemas, the roles this person may give, a counselor's
 * clients being their own), plus what only a file can get wrong (the same address twice,
 * a typo repeated by copy and paste). Pure: the caller loads which addresses already have
 * an account and which counselors exist, so the rules are tested without a database.
 */
import { roles, type Role } from '@/lib/db/schema';
import { emailField, normaliseEmail } from '@/lib/validation/fields';
import { suggestEmailCorrection } from '@/lib/validation/email-typo';
import type { ImportRow } from './parse-csv';

export const NAME_MAX = 200;

/** A row as kept in the batch: as written (or as fixed in the preview), and what staff decided. */
export interface BatchRow extends ImportRow {
  /** Staff chose to leave this row out. */
  skip?: boolean;
  /** Staff looked at the "did you mean" suggestion and keep the address as written. */
  keepTypo?: boolean;
}

export type RowField = 'name' | 'email' | 'role' | 'counselorEmail' | 'language';

export type RowProblem =
  | { field: 'name'; code: 'nameMissing' | 'nameTooLong' }
  | { field: 'email'; code: 'emailMissing' | 'emailInvalid' }
  | { field: 'email'; code: 'emailDuplicate'; line: number }
  | { field: 'email'; code: 'emailTypo'; suggestion: string }
  | { field: 'role'; code: 'roleMissing' | 'roleUnknown' | 'roleNotAllowed' }
  | { field: 'counselorEmail'; code: 'counselorUnknown' | 'counselorOnlyForClients' | 'counselorNotYou' }
  | { field: 'language'; code: 'languageUnknown' };

/** ready: will be created; problem: fix or skip it first; exists: left out, the address has an account; skipped: left out by staff. */
export type RowStatus = 'ready' | 'problem' | 'exists' | 'skipped';

export interface CheckedRow {
  row: BatchRow;
  status: RowStatus;
  problems: RowProblem[];
  /** For "exists" seen by a counselor: the address is not theirs to use, without saying an account has it. */
  askHelpdesk?: boolean;
  /** Set when the row is ready: what createAccount's rules make of it. */
  account?: {
    name: string;
    email: string;
    role: Role;
    counselorEmail: string | null;
    locale: 'en' | 'nl' | null;
  };
}

export interface CheckContext {
  /** Roles this person may import (permissions.ts importableRoles). */
  allowedRoles: readonly Role[];
  /** Counselor accounts by normalised address. */
  counselors: ReadonlySet<string>;
  /** Addresses that already have an account; `visible` when this person may see that account. */
  existing: ReadonlyMap<string, { visible: boolean }>;
  /** A counselor importing: their own address (their clients are always their own). */
  counselorSelf?: string;
}

function plain(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_-]+/g, ' ');
}

/** Role keys and their names in English and Dutch, as people type them in a spreadsheet. */
const ROLE_WORDS: Record<string, Role> = {
  client: 'client',
  counselor: 'counselor',
  counsellor: 'counselor',
  behandelaar: 'counselor',
  helpdesk: 'helpdesk',
  'application manager': 'application_manager',
  applicatiebeheerder: 'application_manager',
};

export function parseRole(value: string): Role | null {
  const word = plain(value);
  if ((roles as readonly string[]).includes(word.replace(/ /g, '_'))) return word.replace(/ /g, '_') as Role;
  return ROLE_WORDS[word] ?? null;
}

const LANGUAGE_WORDS: Record<string, 'en' | 'nl'> = {
  en: 'en',
  english: 'en',
  engels: 'en',
  nl: 'nl',
  dutch: 'nl',
  nederlands: 'nl',
};

/** null: no language given (the deployment's default); undefined: not a language we have. */
export function parseLanguage(value: string): 'en' | 'nl' | null | undefined {
  const word = plain(value);
  if (word === '') return null;
  return LANGUAGE_WORDS[word];
}

function checkOne(row: BatchRow, context: CheckContext, firstLineOf: Map<string, number>): CheckedRow {
  const problems: RowProblem[] = [];
  const name = row.name.trim();
  if (name === '') problems.push({ field: 'name', code: 'nameMissing' });
  else if (Array.from(name).length > NAME_MAX) problems.push({ field: 'name', code: 'nameTooLong' });

  let email: string | null = null;
  if (row.email.trim() === '') problems.push({ field: 'email', code: 'emailMissing' });
  else {
    const parsed = emailField.safeParse(row.email);
    if (!parsed.success) problems.push({ field: 'email', code: 'emailInvalid' });
    else email = parsed.data;
  }
  if (email) {
    const existing = context.existing.get(email);
    if (existing) {
      return { row, status: 'exists', problems: [], askHelpdesk: !existing.visible };
    }
    const first = firstLineOf.get(email);
    if (first !== undefined && first !== row.line)
      problems.push({ field: 'email', code: 'emailDuplicate', line: first });
    const suggestion = row.keepTypo ? null : suggestEmailCorrection(email);
    if (suggestion) problems.push({ field: 'email', code: 'emailTypo', suggestion });
  }

  const role = row.role.trim() === '' ? null : parseRole(row.role);
  if (row.role.trim() === '') problems.push({ field: 'role', code: 'roleMissing' });
  else if (!role) problems.push({ field: 'role', code: 'roleUnknown' });
  else if (!context.allowedRoles.includes(role)) problems.push({ field: 'role', code: 'roleNotAllowed' });

  let counselorEmail: string | null =
    row.counselorEmail.trim() === '' ? null : normaliseEmail(row.counselorEmail);
  if (counselorEmail && role && role !== 'client')
    problems.push({ field: 'counselorEmail', code: 'counselorOnlyForClients' });
  else if (context.counselorSelf) {
    // A counselor's new clients are always their own (as when made by hand).
    if (counselorEmail && counselorEmail !== context.counselorSelf)
      problems.push({ field: 'counselorEmail', code: 'counselorNotYou' });
    counselorEmail = context.counselorSelf;
  } else if (counselorEmail && !context.counselors.has(counselorEmail))
    problems.push({ field: 'counselorEmail', code: 'counselorUnknown' });

  const locale = parseLanguage(row.language);
  if (locale === undefined) problems.push({ field: 'language', code: 'languageUnknown' });

  if (row.skip) return { row, status: 'skipped', problems };
  if (problems.length > 0 || !email || !role || locale === undefined)
    return { row, status: 'problem', problems };
  return { row, status: 'ready', problems, account: { name, email, role, counselorEmail, locale } };
}

/** Checks every row. The first row with an address keeps it; later ones are duplicates (skipped rows do not count). */
export function checkRows(rows: readonly BatchRow[], context: CheckContext): CheckedRow[] {
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    if (row.skip) continue;
    const email = normaliseEmail(row.email);
    if (email && !firstLineOf.has(email)) firstLineOf.set(email, row.line);
  }
  return rows.map((row) => checkOne(row, context, firstLineOf));
}

export interface CheckSummary {
  total: number;
  ready: number;
  problem: number;
  exists: number;
  skipped: number;
}

export function summarise(checked: readonly CheckedRow[]): CheckSummary {
  const summary: CheckSummary = { total: checked.length, ready: 0, problem: 0, exists: 0, skipped: 0 };
  for (const c of checked) summary[c.status] += 1;
  return summary;
}
