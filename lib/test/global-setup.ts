/**
 * Makes a fresh database for one integration run: a temporary folder for PGlite, or a new
 * database on the server named by TEST_DATABASE_URL (dropped afterwards).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    dataDir: string;
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const kind = project.config.env?.GATEHOUSE_TEST_DB;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-'));
  project.provide('dataDir', dataDir);
  if (kind !== 'postgres') {
    project.provide('databaseUrl', '');
    return () => fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const name = `gatehouse_test_${Date.now()}_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  project.provide('databaseUrl', url.toString());
  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
