import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS, parseAccountsCsv } from './parse-csv';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseAccountsCsv', () => {
  it('reads a comma file with a header row', () => {
    const result = parseAccountsCsv(
      bytes(
        'name,email,role,counselor email,language\nAnna de Vries,anna@example.org,client,coach@example.org,nl\n',
      ),
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          name: 'Anna de Vries',
          email: 'anna@example.org',
          role: 'client',
          counselorEmail: 'coach@example.org',
          language: 'nl',
        },
      ],
    });
  });

  it('reads semicolons, a BOM, CRLF and Dutch headers as Dutch Excel writes them', () => {
    const text =
      '\uFEFFNaam;E-mailadres;Rol;Behandelaar;Taal\r\nJan Jansen;jan@example.org;Cliënt;;Nederlands\r\n';
    const result = parseAccountsCsv(bytes(text));
    expect(result.ok && result.rows[0]).toMatchObject({
      name: 'Jan Jansen',
      email: 'jan@example.org',
      role: 'Cliënt',
      language: 'Nederlands',
    });
  });

  it('keeps separators, quotes and newlines inside quoted fields', () => {
    const text =
      'name;email;role\n"Vries; Anna ""Annie"" de";anna@example.org;client\n"Two\nLines";two@example.org;client\n';
    const result = parseAccountsCsv(bytes(text));
    expect(result.ok && result.rows.map((r) => r.name)).toEqual(['Vries; Anna "Annie" de', 'Two\nLines']);
  });

  it('takes a comma file with quoted commas', () => {
    const result = parseAccountsCsv(bytes('email,name,role\nb@example.org,"Vries, Anna de",client\n'));
    expect(result.ok && result.rows[0]).toMatchObject({
      name: 'Vries, Anna de',
      email: 'b@example.org',
      counselorEmail: '',
    });
  });

  it('keeps duplicate rows (the checks flag them) and skips blank lines', () => {
    const result = parseAccountsCsv(
      bytes('name,email,role\nA,a@example.org,client\n\nA,a@example.org,client\n'),
    );
    expect(result.ok && result.rows.length).toBe(2);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows and takes exactly ${MAX_IMPORT_ROWS}`, () => {
    const file = (n: number) =>
      bytes(
        'name,email,role\n' +
          Array.from({ length: n }, (_, i) => `P ${i},p${i}@example.org,client`).join('\n'),
      );
    expect(parseAccountsCsv(file(MAX_IMPORT_ROWS + 1))).toEqual({
      ok: false,
      code: 'too_many_rows',
      rows: 5001,
    });
    const exact = parseAccountsCsv(file(MAX_IMPORT_ROWS));
    expect(exact.ok && exact.rows.length).toBe(MAX_IMPORT_ROWS);
  });

  it('refuses binary files, a spreadsheet and text that is not UTF-8', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(parseAccountsCsv(png)).toEqual({ ok: false, code: 'not_text' });
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    expect(parseAccountsCsv(xlsx)).toEqual({ ok: false, code: 'not_text' });
    const latin1 = new Uint8Array([
      ...bytes('name,email,role\nJos'),
      0xe9,
      ...bytes(',j@example.org,client\n'),
    ]);
    expect(parseAccountsCsv(latin1)).toEqual({ ok: false, code: 'not_text' });
  });

  it('refuses an empty file, a header only, and a wrong header', () => {
    expect(parseAccountsCsv(bytes(''))).toEqual({ ok: false, code: 'empty' });
    expect(parseAccountsCsv(bytes('\uFEFF  \n'))).toEqual({ ok: false, code: 'empty' });
    expect(parseAccountsCsv(bytes('name,email,role\n'))).toEqual({ ok: false, code: 'no_rows' });
    expect(parseAccountsCsv(bytes('first,last,phone\na,b,c\n'))).toEqual({
      ok: false,
      code: 'bad_header',
      missing: ['name', 'email', 'role'],
    });
  });

  it('refuses a quote left open', () => {
    expect(parseAccountsCsv(bytes('name,email,role\n"Anna,a@example.org,client\n'))).toMatchObject({
      ok: false,
      code: 'malformed',
    });
  });
});
