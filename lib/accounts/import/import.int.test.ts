import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, emailOutbox, users, type Role } from '@/lib/db/schema';
import { startSmtpSink } from '@/lib/test/smtp-sink';
import { invited, uniqueEmail } from '@/lib/test/factories';
import { OPERATOR, type Actor } from '../actor';
import { checkBatch } from './check-batch';
import { confirmImport } from './confirm-import';
import { getImportProgress } from './get-import-progress';
import { loadBatch } from './load-batch';
import { reviseBatch } from './revise-batch';
import { startImport } from './start-import';

const smtp = startSmtpSink({ beforeAll, afterAll });

async function staff(role: Role): Promise<Extract<Actor, { kind: 'user' }> & { email: string }> {
  const person = await invited(role);
  return { kind: 'user', id: person.userId, role, name: `Test ${role}`, email: person.email };
}

const csv = (lines: string[]) =>
  new TextEncoder().encode(['name;email;role;counselor email;language', ...lines].join('\r\n'));

async function upload(actor: Actor, lines: string[]) {
  const started = await startImport({ bytes: csv(lines), fileName: 'clinic.csv', actor });
  if (!started.ok) throw new Error(`startImport: ${started.code}`);
  return started.batchId;
}

async function accountsWith(emails: string[]) {
  const db = await getDb();
  return db.select().from(users).where(inArray(users.email, emails));
}

describe('importing accounts', () => {
  it('creates every ready row with a welcome email and audit event; a re-upload creates nothing twice', async () => {
    const manager = await staff('application_manager');
    const counselor = await staff('counselor');
    const existing = await invited('client');
    const emails = [uniqueEmail('imp'), uniqueEmail('imp'), uniqueEmail('imp')];
    const lines = [
      `Anna de Vries;${emails[0]!.toUpperCase()};client;${counselor.email};nl`,
      `Bert;${emails[1]};Behandelaar;;`,
      `"Vries, Carla";${emails[2]};helpdesk;;en`,
      `Already There;${existing.email};client;;`,
    ];
    const batchId = await upload(manager, lines);
    const batch = (await loadBatch(batchId, manager))!;
    const { summary } = await checkBatch(batch, manager);
    expect(summary).toEqual({ total: 4, ready: 3, problem: 0, exists: 1, skipped: 0 });

    const result = await confirmImport({ batchId, actor: manager, ip: '192.0.2.7' });
    expect(result).toMatchObject({ ok: true, created: 3, exists: 1, skipped: 0 });
    const made = await accountsWith(emails);
    expect(made.map((u) => [u.email, u.name, u.role, u.status, u.locale]).sort()).toEqual(
      [
        [emails[0], 'Anna de Vries', 'client', 'invited', 'nl'],
        [emails[1], 'Bert', 'counselor', 'invited', null],
        [emails[2], 'Vries, Carla', 'helpdesk', 'invited', 'en'],
      ].sort(),
    );
    expect(made.find((u) => u.email === emails[0])!.counselorId).toBe(counselor.id);
    expect(made.every((u) => u.createdById === manager.id)).toBe(true);

    const db = await getDb();
    const created = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'account.created'),
          sql`${auditEvents.details}->>'importBatchId' = ${batchId}`,
        ),
      );
    expect(created).toHaveLength(3);
    expect(created[0]).toMatchObject({ actorId: manager.id, ip: '192.0.2.7' });
    const [imported] = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'accounts.imported'),
          sql`${auditEvents.details}->>'importBatchId' = ${batchId}`,
        ),
      );
    expect(imported?.details).toMatchObject({ created: 3, exists: 1, skipped: 0, fileName: 'clinic.csv' });

    // Progress comes from the outbox: three welcome emails waiting, then delivered over SMTP.
    const done = (await loadBatch(batchId, manager))!;
    expect(await getImportProgress(done)).toMatchObject({
      status: 'done',
      total: 3,
      waiting: 3,
      sent: 0,
      failed: 0,
    });
    await smtp.deliver();
    expect(await getImportProgress(done)).toMatchObject({ total: 3, waiting: 0, sent: 3 });
    const mail = smtp.sink.to(emails[0]!)[0]!;
    expect(mail.text).toMatch(/\/welcome\?token=[A-Za-z0-9_-]{43}/);
    expect(mail.text).toContain('Test application_manager');
    expect(mail.subject).toMatch(/Gatehouse test/);

    // The same file again: every row already has an account.
    const again = await upload(manager, lines);
    expect((await checkBatch((await loadBatch(again, manager))!, manager)).summary).toMatchObject({
      ready: 0,
      exists: 4,
    });
    expect(await confirmImport({ batchId: again, actor: manager })).toMatchObject({
      ok: true,
      created: 0,
      exists: 4,
    });
    expect(await accountsWith(emails)).toHaveLength(3);
    const outbox = await db.select().from(emailOutbox).where(inArray(emailOutbox.toAddress, emails));
    expect(outbox).toHaveLength(3);
  });

  it('refuses to confirm with unresolved rows; fixing and skipping resolves them', async () => {
    const manager = await staff('application_manager');
    const good = uniqueEmail('fix');
    const batchId = await upload(manager, [
      `Good;${good};client;;`,
      `No Name;;client;;`,
      `Typo;typo@gmial.com;client;;`,
    ]);
    expect(await confirmImport({ batchId, actor: manager })).toEqual({
      ok: false,
      code: 'unresolved',
      problems: 2,
    });
    const fixed = uniqueEmail('fixed');
    await reviseBatch({
      batchId,
      actor: manager,
      edits: new Map([
        [3, { email: fixed }],
        [4, { skip: true }],
      ]),
    });
    const { summary } = await checkBatch((await loadBatch(batchId, manager))!, manager);
    expect(summary).toMatchObject({ ready: 2, skipped: 1, problem: 0 });
    expect(await confirmImport({ batchId, actor: manager })).toMatchObject({
      ok: true,
      created: 2,
      skipped: 1,
    });
    expect((await accountsWith([good, fixed, 'typo@gmial.com'])).map((u) => u.email).sort()).toEqual(
      [fixed, good].sort(),
    );
    // A confirmed batch can no longer change.
    expect(await reviseBatch({ batchId, actor: manager, edits: new Map([[2, { skip: true }]]) })).toEqual({
      ok: false,
      code: 'already_confirmed',
    });
  });

  it('lets helpdesk import clients only, counselors only clients of their own, clients nothing', async () => {
    const helpdesk = await staff('helpdesk');
    const counselor = await staff('counselor');
    const otherCounselor = await staff('counselor');
    const [client, staffer] = [uniqueEmail('hd'), uniqueEmail('hd')];
    const hdBatch = await upload(helpdesk, [`C;${client};client;;`, `S;${staffer};counselor;;`]);
    const hdCheck = await checkBatch((await loadBatch(hdBatch, helpdesk))!, helpdesk);
    expect(hdCheck.checked[1]!.problems).toEqual([{ field: 'role', code: 'roleNotAllowed' }]);
    expect(await confirmImport({ batchId: hdBatch, actor: helpdesk, skipProblems: true })).toMatchObject({
      created: 1,
      skipped: 1,
    });
    expect((await accountsWith([client, staffer])).map((u) => u.role)).toEqual(['client']);

    const someoneElses = await invited('client', { counselorEmail: otherCounselor.email });
    const [own, blank, other] = [uniqueEmail('co'), uniqueEmail('co'), uniqueEmail('co')];
    const coBatch = await upload(counselor, [
      `Own;${own};client;${counselor.email};`,
      `Blank;${blank};client;;`,
      `Other;${other};client;${otherCounselor.email};`,
      `Taken;${someoneElses.email};client;;`,
    ]);
    const coCheck = await checkBatch((await loadBatch(coBatch, counselor))!, counselor);
    expect(coCheck.checked.map((c) => c.status)).toEqual(['ready', 'ready', 'problem', 'exists']);
    expect(coCheck.checked[2]!.problems).toEqual([{ field: 'counselorEmail', code: 'counselorNotYou' }]);
    expect(coCheck.checked[3]!.askHelpdesk).toBe(true);
    // Another person's batch is not there for them.
    expect(await loadBatch(coBatch, helpdesk)).toBeNull();
    expect(await confirmImport({ batchId: coBatch, actor: helpdesk })).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await confirmImport({ batchId: coBatch, actor: counselor, skipProblems: true })).toMatchObject({
      created: 2,
    });
    const made = await accountsWith([own, blank, other]);
    expect(made.map((u) => [u.role, u.counselorId])).toEqual([
      ['client', counselor.id],
      ['client', counselor.id],
    ]);

    const client2 = await staff('client');
    expect(
      await startImport({ bytes: csv([`X;${uniqueEmail()};client;;`]), fileName: 'x.csv', actor: client2 }),
    ).toEqual({
      ok: false,
      code: 'not_allowed',
    });
  });

  it('creates each account once when the same batch is confirmed twice at the same time', async () => {
    const manager = await staff('application_manager');
    const emails = Array.from({ length: 40 }, () => uniqueEmail('race'));
    const batchId = await upload(
      manager,
      emails.map((e, i) => `Race ${i};${e};client;;`),
    );
    const results = await Promise.all([
      confirmImport({ batchId, actor: manager }),
      confirmImport({ batchId, actor: manager }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: 'already_confirmed' }]);
    expect(await accountsWith(emails)).toHaveLength(40);
    const db = await getDb();
    expect(await db.$count(emailOutbox, inArray(emailOutbox.toAddress, emails))).toBe(40);
  });

  it('lets the operator (command line) import and refuses files that are not CSV', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
    expect(await startImport({ bytes: png, fileName: 'x.png', actor: OPERATOR })).toEqual({
      ok: false,
      code: 'not_text',
    });
    const email = uniqueEmail('op');
    const batchId = await upload(OPERATOR, [`Op;${email};application_manager;;`]);
    expect(await confirmImport({ batchId, actor: OPERATOR })).toMatchObject({ ok: true, created: 1 });
  });
});
