/**
 * `npm run test:int`: the integration suite on each database at the same time, one Vitest
 * process per project (PGlite always; PostgreSQL and PgBouncer when TEST_DATABASE_URL is set).
 *
 * Why not one Vitest run: each project must take its files one at a time (one database per
 * run, shared by its files in turn), and Vitest then runs the projects one after another too.
 * The files mostly wait (on PostgreSQL, on child processes, on SMTP), so three projects side
 * by side take little more than the longest one alone. Each line of output keeps Vitest's
 * project label; the exit code is the first failure's. Extra arguments (files, -t) go to every
 * project.
 */
import { spawn } from 'node:child_process';

const projects = ['integration-pglite'];
if (process.env.TEST_DATABASE_URL) projects.push('integration-postgres', 'integration-pgbouncer');

const started = Date.now();
const results = await Promise.all(
  projects.map(
    (project) =>
      new Promise((resolve) => {
        const child = spawn(
          process.execPath,
          ['node_modules/vitest/vitest.mjs', 'run', '--project', project, ...process.argv.slice(2)],
          { stdio: 'inherit' },
        );
        child.on('exit', (code, signal) => resolve({ project, code: code ?? (signal ? 1 : 0) }));
      }),
  ),
);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
for (const { project, code } of results)
  console.log(`${project}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`}`);
console.log(`integration suite: ${seconds} s with the projects side by side`);
process.exit(results.find((r) => r.code !== 0)?.code ?? 0);
