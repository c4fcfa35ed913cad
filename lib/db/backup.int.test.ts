/**
 * The backup and restore recipe of docs/operations.md ("Backups"), done for real: accounts
 * made and links emailed, a backup taken, the database dropped (or, embedded, its folder
 * deleted) and restored from the backup. The same people then sign in, and the links they
 * had not used yet work, once; a link used before the backup stays used.
 *
 * PostgreSQL: `pg_dump --format=custom` from PostgreSQL itself (never through a pooler),
 * `dropdb`, `createdb`, `pg_restore --exit-on-error --single-transaction`. Embedded: stop,
 * copy `DATA_DIR/pglite`, restore the copy.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { closeDb, embeddedDataDir, getDb } from '@/lib/db/client';
import { auditEvents, oneTimeTokens, users } from '@/lib/db/schema';
import { startSmtpSink } from '@/lib/test/smtp-sink';
import { active, GOOD_PASSWORD, invited } from '@/lib/test/factories';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { activateAccountWithLink } from '@/lib/accounts/activate-account';
import { requestPasswordReset } from '@/lib/accounts/request-password-reset';
import { resetPasswordWithLink } from '@/lib/accounts/reset-password';

const run = promisify(execFile);
const kind = process.env.GATEHOUSE_TEST_DB;
const { sink, deliver } = startSmtpSink({ beforeAll, afterAll });

/** The link of this kind in the newest email to `email`, as the person would click it. */
function linkToken(email: string, page: 'welcome' | 'reset-password'): string {
  const mails = sink.to(email).filter((m) => m.text?.includes(`/${page}?token=`));
  const match = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]{43})`).exec(mails.at(-1)?.text ?? '');
  if (!match) throw new Error(`no ${page} link emailed to ${email}`);
  return match[1]!;
}

async function counts() {
  const db = await getDb();
  const [[u], [t], [a]] = await Promise.all([
    db.select({ n: count() }).from(users),
    db.select({ n: count() }).from(oneTimeTokens),
    db.select({ n: count() }).from(auditEvents),
  ]);
  return { users: u!.n, links: t!.n, auditEvents: a!.n };
}

/** Backs the database up, destroys it, and restores it from the backup (the app stopped meanwhile). */
async function backupDestroyRestore(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-backup-'));
  try {
    if (kind === 'postgres' || kind === 'pgbouncer') {
      // PostgreSQL itself: behind the pgbouncer project's pooler that is MIGRATION_DATABASE_URL.
      const direct = new URL(process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL!);
      const database = direct.pathname.slice(1);
      const maintenance = new URL(direct);
      maintenance.pathname = '/postgres';
      const dump = path.join(work, 'gatehouse.dump');
      await run('pg_dump', ['--format=custom', `--file=${dump}`, direct.toString()]);
      await closeDb();
      await run('dropdb', ['--force', `--maintenance-db=${maintenance}`, database]);
      await run('createdb', [`--maintenance-db=${maintenance}`, database]);
      await run('pg_restore', ['--exit-on-error', '--single-transaction', `--dbname=${direct}`, dump]);
    } else {
      const folder = path.join(embeddedDataDir(), 'pglite');
      await closeDb();
      fs.cpSync(folder, path.join(work, 'pglite'), { recursive: true });
      fs.rmSync(folder, { recursive: true, force: true });
      fs.cpSync(path.join(work, 'pglite'), folder, { recursive: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

describe('backups', () => {
  // Opening (and migrating) the database is this file's fixed cost, not the test's: PGlite's
  // first open took ~40 s on a 2-core machine at load 17.
  beforeAll(() => getDb());

  it(
    kind === 'pglite'
      ? 'embedded: a copy of the stopped database folder restores every account, and unused links work once'
      : 'PostgreSQL: pg_dump, drop the database, pg_restore: the same people sign in, and unused links work once',
    async () => {
      const signedUp = await active('client'); // has a password
      const staff = await active('counselor');
      const waiting = await invited('client'); // welcome link emailed, not used yet
      const forgot = await active('client'); // asks for a reset link, not used yet
      expect(await requestPasswordReset({ email: forgot.email, ip: '10.26.0.1' })).toBe('reset_link');
      await deliver();
      const welcome = linkToken(waiting.email, 'welcome');
      const reset = linkToken(forgot.email, 'reset-password');
      const usedWelcome = linkToken(signedUp.email, 'welcome'); // used when signedUp chose a password
      const before = await counts();

      await backupDestroyRestore();

      expect(await counts()).toEqual(before);
      for (const person of [signedUp, staff, forgot])
        expect(
          (await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: '10.26.0.2' })).ok,
          person.email,
        ).toBe(true);
      expect(
        (await verifyCredentials({ email: signedUp.email, password: 'not-the-password', ip: '10.26.0.2' }))
          .ok,
      ).toBe(false);

      // The unused links work, once.
      const chosen = 'copper-harbour-evening-82';
      expect(await activateAccountWithLink({ token: welcome, password: chosen })).toMatchObject({ ok: true });
      expect(await activateAccountWithLink({ token: welcome, password: chosen })).toMatchObject({
        ok: false,
        code: 'link',
      });
      expect((await verifyCredentials({ email: waiting.email, password: chosen, ip: '10.26.0.3' })).ok).toBe(
        true,
      );
      expect(await resetPasswordWithLink({ token: reset, password: chosen })).toMatchObject({ ok: true });
      expect(await resetPasswordWithLink({ token: reset, password: chosen })).toMatchObject({
        ok: false,
        code: 'link',
      });
      expect((await verifyCredentials({ email: forgot.email, password: chosen, ip: '10.26.0.3' })).ok).toBe(
        true,
      );
      // A link used before the backup is still used.
      expect(await activateAccountWithLink({ token: usedWelcome, password: chosen })).toMatchObject({
        ok: false,
        code: 'link',
        linkState: 'used',
      });
    },
  );
});
