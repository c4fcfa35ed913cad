/**
 * Reading an uploaded accounts file: bytes in, rows out, or one clear reason why the file
 * is not one we can read. Pure (no database), so every refusal is tested without a server.
 * Parsing is Papa Parse's: quoted fields, embedded separators and newlines, and the
 * separator guessed between comma and semicolon (Dutch Excel writes semicolons).
 */
import Papa from 'papaparse';

/** The most rows one file may hold; a bigger clinic is imported in parts. */
export const MAX_IMPORT_ROWS = 5000;
/**
 * The largest file taken. 5,000 rows of long names and addresses fit; the edge allows this
 * upload route a body this large (edge/request-guard.ts, deploy/nginx).
 */
export const MAX_IMPORT_BYTES = 3 * 1024 * 1024;

/** One data row as written in the file (trimmed), before any check. `line` counts the header as 1. */
export interface ImportRow {
  line: number;
  name: string;
  email: string;
  role: string;
  counselorEmail: string;
  language: string;
}

export type ParseFailure =
  | { ok: false; code: 'empty' }
  | { ok: false; code: 'too_large' }
  | { ok: false; code: 'not_text' }
  | { ok: false; code: 'bad_header'; missing: string[] }
  | { ok: false; code: 'too_many_rows'; rows: number }
  | { ok: false; code: 'no_rows' }
  | { ok: false; code: 'malformed'; line: number };

export type ParseResult = { ok: true; rows: ImportRow[] } | ParseFailure;

type Column = Exclude<keyof ImportRow, 'line'>;

/** Header names people write, in English and Dutch, compared without case, spaces, dashes or underscores. */
const HEADER_NAMES: Record<Column, string[]> = {
  name: ['name', 'fullname', 'naam', 'volledigenaam'],
  email: ['email', 'emailaddress', 'mail', 'emailadres', 'mailadres'],
  role: ['role', 'rol'],
  counselorEmail: [
    'counseloremail',
    'counselor',
    'counselloremail',
    'counsellor',
    'behandelaar',
    'behandelaaremail',
    'emailbehandelaar',
  ],
  language: ['language', 'locale', 'taal'],
};
const REQUIRED: Column[] = ['name', 'email', 'role'];

function headerKey(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]/g, '');
}

function columnOf(header: string): Column | null {
  const key = headerKey(header);
  for (const [column, names] of Object.entries(HEADER_NAMES) as [Column, string[]][])
    if (names.includes(key)) return column;
  return null;
}

/**
 * Text of the file, or null when it is not UTF-8 text: a spreadsheet saved as .xlsx, an
 * image or any binary has NUL bytes or byte sequences UTF-8 does not allow.
 */
function decode(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Reads an accounts file (header row first, then one account per row). */
export function parseAccountsCsv(bytes: Uint8Array): ParseResult {
  if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, code: 'too_large' };
  const text = decode(bytes);
  if (text === null) return { ok: false, code: 'not_text' };
  // TextDecoder drops a leading BOM; a second one (some tools write it twice) goes too.
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, code: 'empty' };
  const parsed = Papa.parse<string[]>(body, {
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: 'greedy',
  });
  // Papa reports a quote left open; a row with a different number of fields is handled below.
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) return { ok: false, code: 'malformed', line: (quoteError.row ?? 0) + 2 };
  const [header, ...records] = parsed.data;
  const columns = (header ?? []).map(columnOf);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) return { ok: false, code: 'bad_header', missing };
  if (records.length > MAX_IMPORT_ROWS) return { ok: false, code: 'too_many_rows', rows: records.length };
  if (records.length === 0) return { ok: false, code: 'no_rows' };
  const rows = records.map((record, index) => {
    const row: ImportRow = {
      line: index + 2,
      name: '',
      email: '',
      role: '',
      counselorEmail: '',
      language: '',
    };
    columns.forEach((column, i) => {
      // The first column of a name wins; unknown columns (notes, phone numbers) are ignored.
      if (column && row[column] === '') row[column] = (record[i] ?? '').trim();
    });
    return row;
  });
  return { ok: true, rows };
}
