/**
 * Makes a fresh database for one integration run: a temporary folder for PGlite, or a new
 * database on the server named by TEST_DATABASE_URL (dropped afterwards), reached directly
 * or, for the pgbouncer project, through a PgBouncer in transaction mode started for the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startPgBouncer } from './pgbouncer';

declare module 'vitest' {
  export interface ProvidedContext {
    dataDir: string;
    /** What the app connects to (empty: PGlite). */
    databaseUrl: string;
    /** PostgreSQL itself when databaseUrl is a pooler (migrations go there); else empty. */
    directDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const kind = project.config.env?.GATEHOUSE_TEST_DB;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-'));
  project.provide('dataDir', dataDir);
  project.provide('directDatabaseUrl', '');
  if (kind !== 'postgres' && kind !== 'pgbouncer') {
    project.provide('databaseUrl', '');
    return () => fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const name = `gatehouse_test_${kind === 'pgbouncer' ? 'pgb_' : ''}${Date.now()}_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const bouncer = kind === 'pgbouncer' ? await startPgBouncer({ serverUrl }) : null;
  project.provide('databaseUrl', bouncer ? bouncer.url(url.toString()) : url.toString());
  if (bouncer) project.provide('directDatabaseUrl', url.toString());
  return async () => {
    await bouncer?.stop();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
