/**
 * `npm run example:rp`: the example application against a running Gatehouse (by default the
 * embedded quick start at http://localhost:3000). On first start it registers itself with
 * `npm run clients -- add … --json` and remembers its client id and secret in
 * .data/example-rp.json, so the one command is all it takes.
 *
 * Settings (environment): GATEHOUSE_URL (default http://localhost:3000), EXAMPLE_RP_PORT
 * (default 3001), or CLIENT_ID and CLIENT_SECRET of an application registered already.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startRelyingParty } from './relying-party';

const gatehouse = (process.env.GATEHOUSE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const port = Number(process.env.EXAMPLE_RP_PORT ?? 3001);
const baseUrl = `http://localhost:${port}`;
const saved = path.resolve('.data/example-rp.json');

function registration(): { client_id: string; client_secret: string | null } {
  if (process.env.CLIENT_ID)
    return { client_id: process.env.CLIENT_ID, client_secret: process.env.CLIENT_SECRET ?? null };
  if (fs.existsSync(saved)) {
    const known = JSON.parse(fs.readFileSync(saved, 'utf8')) as {
      gatehouse: string;
      baseUrl: string;
      client_id: string;
      client_secret: string | null;
    };
    if (known.gatehouse === gatehouse && known.baseUrl === baseUrl) return known;
  }
  console.log('Registering the example application with Gatehouse (npm run clients -- add)…');
  let out: string;
  try {
    out = execFileSync(
      'npm',
      [
        'run',
        '--silent',
        'clients',
        '--',
        'add',
        '--name',
        `Example app (${baseUrl})`,
        '--redirect-uri',
        `${baseUrl}/callback`,
        '--post-logout-redirect-uri',
        `${baseUrl}/`,
        '--first-party',
        '--json',
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, APP_URL: process.env.APP_URL ?? gatehouse },
      },
    );
  } catch (err) {
    console.error(`Could not register: ${String((err as { stderr?: string }).stderr ?? err).trim()}`);
    process.exit(1);
  }
  const client = JSON.parse(out) as { client_id: string; client_secret: string | null };
  fs.mkdirSync(path.dirname(saved), { recursive: true });
  fs.writeFileSync(saved, JSON.stringify({ gatehouse, baseUrl, ...client }), { mode: 0o600 });
  return client;
}

const client = registration();
await startRelyingParty({
  issuer: `${gatehouse}/oidc`,
  clientId: client.client_id,
  clientSecret: client.client_secret,
  baseUrl,
  port,
});
console.log(`Example app at ${baseUrl} (signs in through ${gatehouse}).`);
