import { describe, expect, it } from 'vitest';
import {
  checkRows,
  parseLanguage,
  parseRole,
  summarise,
  type BatchRow,
  type CheckContext,
} from './check-rows';

let line = 1;
const row = (fields: Partial<BatchRow>): BatchRow => ({
  line: ++line,
  name: 'Anna',
  email: `anna${line}@example.org`,
  role: 'client',
  counselorEmail: '',
  language: '',
  ...fields,
});

const manager: CheckContext = {
  allowedRoles: ['client', 'counselor', 'helpdesk', 'application_manager'],
  counselors: new Set(['coach@example.org']),
  existing: new Map([
    ['taken@example.org', { visible: true }],
    ['elsewhere@example.org', { visible: false }],
  ]),
};

describe('checkRows', () => {
  it('makes a ready row into the account createAccount would make', () => {
    const [checked] = checkRows(
      [
        row({
          name: ' Anna de Vries ',
          email: 'Anna@Example.org',
          role: 'Cliënt',
          counselorEmail: 'COACH@example.org',
          language: 'NL',
        }),
      ],
      manager,
    );
    expect(checked).toMatchObject({
      status: 'ready',
      account: {
        name: 'Anna de Vries',
        email: 'anna@example.org',
        role: 'client',
        counselorEmail: 'coach@example.org',
        locale: 'nl',
      },
    });
  });

  it.each([
    [{ name: '' }, 'nameMissing'],
    [{ name: 'x'.repeat(201) }, 'nameTooLong'],
    [{ email: '' }, 'emailMissing'],
    [{ email: 'not-an-address' }, 'emailInvalid'],
    [{ email: 'anna@gmial.com' }, 'emailTypo'],
    [{ role: '' }, 'roleMissing'],
    [{ role: 'admin' }, 'roleUnknown'],
    [{ counselorEmail: 'nobody@example.org' }, 'counselorUnknown'],
    [{ role: 'helpdesk', counselorEmail: 'coach@example.org' }, 'counselorOnlyForClients'],
    [{ language: 'fr' }, 'languageUnknown'],
  ] as [Partial<BatchRow>, string][])('%j is a problem: %s', (fields, code) => {
    const [checked] = checkRows([row(fields)], manager);
    expect(checked!.status).toBe('problem');
    expect(checked!.problems.map((p) => p.code)).toContain(code);
  });

  it('suggests the corrected address for a typo, and accepts it once kept on purpose', () => {
    const [typo] = checkRows([row({ email: 'anna@gmial.com' })], manager);
    expect(typo!.problems).toEqual([{ field: 'email', code: 'emailTypo', suggestion: 'anna@gmail.com' }]);
    const [kept] = checkRows([row({ email: 'anna@gmial.com', keepTypo: true })], manager);
    expect(kept!.status).toBe('ready');
  });

  it('flags later rows with the same address (any case) as duplicates of the first, unless the first is skipped', () => {
    const first = row({ email: 'twice@example.org' });
    const second = row({ email: 'TWICE@example.org ' });
    const checked = checkRows([first, second], manager);
    expect(checked.map((c) => c.status)).toEqual(['ready', 'problem']);
    expect(checked[1]!.problems).toEqual([{ field: 'email', code: 'emailDuplicate', line: first.line }]);
    expect(checkRows([{ ...first, skip: true }, second], manager).map((c) => c.status)).toEqual([
      'skipped',
      'ready',
    ]);
  });

  it('shows addresses with an account as "exists", and to a counselor only as "ask the helpdesk" when not theirs', () => {
    const checked = checkRows(
      [row({ email: 'taken@example.org' }), row({ email: 'elsewhere@example.org' })],
      manager,
    );
    expect(checked.map((c) => [c.status, c.askHelpdesk])).toEqual([
      ['exists', false],
      ['exists', true],
    ]);
  });

  it('gives helpdesk clients only, and a counselor only clients of their own', () => {
    const helpdesk = { ...manager, allowedRoles: ['client'] as const };
    expect(checkRows([row({ role: 'counselor' })], helpdesk)[0]!.problems).toEqual([
      { field: 'role', code: 'roleNotAllowed' },
    ]);
    const counselor = { ...manager, allowedRoles: ['client'] as const, counselorSelf: 'me@example.org' };
    const [own, other, blank] = checkRows(
      [row({ counselorEmail: 'ME@example.org' }), row({ counselorEmail: 'coach@example.org' }), row({})],
      counselor,
    );
    expect(own!.account?.counselorEmail).toBe('me@example.org');
    expect(other!.problems).toEqual([{ field: 'counselorEmail', code: 'counselorNotYou' }]);
    expect(blank!.account?.counselorEmail).toBe('me@example.org');
  });

  it('counts rows by status, skipped rows included', () => {
    const summary = summarise(
      checkRows(
        [row({}), row({ name: '' }), row({ name: '', skip: true }), row({ email: 'taken@example.org' })],
        manager,
      ),
    );
    expect(summary).toEqual({ total: 4, ready: 1, problem: 1, skipped: 1, exists: 1 });
  });
});

describe('role and language words', () => {
  it.each([
    ['client', 'client'],
    ['Cliënt', 'client'],
    ['Behandelaar', 'counselor'],
    ['Application manager', 'application_manager'],
    ['application_manager', 'application_manager'],
    ['applicatiebeheerder', 'application_manager'],
    ['boss', null],
  ])('%s is %s', (word, role) => expect(parseRole(word)).toBe(role));

  it('reads languages', () => {
    expect([
      parseLanguage(''),
      parseLanguage('Nederlands'),
      parseLanguage('EN'),
      parseLanguage('fr'),
    ]).toEqual([null, 'nl', 'en', undefined]);
  });
});
