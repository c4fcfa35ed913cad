/**
 * Starts nginx for the production browser tests (e2e/support/nginx-frame.ts), with an access
 * log naming the instance that served each request. Runs in the foreground until Playwright
 * stops it.
 */
import { spawn } from 'node:child_process';
import { prepareNginx } from '../support/nginx-frame';
import { NGINX_DIR, PROD_ENV_FOR_NGINX } from './nginx-config';

const args = prepareNginx(
  NGINX_DIR,
  PROD_ENV_FOR_NGINX,
  `log_format upstream '$upstream_addr $request_method $request_uri $status';
  access_log ${NGINX_DIR}/access.log upstream;`,
);
const nginx = spawn('nginx', args, { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => nginx.kill('SIGQUIT'));
nginx.on('exit', (code) => process.exit(code ?? 0));
