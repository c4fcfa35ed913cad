/**
 * The provider in a running instance: built once from the shared signing keys, rebuilt when
 * the keys change (a rotation, seen within KEY_CHECK_SECONDS), and the one Node handler the
 * edge mounts for /oidc/ and /interaction/. Also the instance's back-channel logout worker
 * (every BACKCHANNEL_POLL_SECONDS and when nudged) and its sweep of provider sessions whose
 * Gatehouse session has ended by itself.
 */
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { env } from '@/lib/env';
import { withBrowser } from './browser-session';
import { buildProvider, INTERACTION_PATH, OIDC_PATH, type BuiltProvider } from './provider';
import { currentKeySet, keySetFingerprint } from './signing-keys';
import { KEY_CHECK_SECONDS } from './rotate-signing-key';
import { answerInteraction } from './interaction';
import { BACKCHANNEL_BATCH, deliverBackchannelLogouts } from './deliver-backchannel-logouts';
import { endExpiredProviderSessions } from './end-expired-provider-sessions';
import { registerBackchannelNudge } from '@/lib/sessions/backchannel-nudge';

const BACKCHANNEL_POLL_SECONDS = 5;
const EXPIRED_SWEEP_SECONDS = 60;

const globalForOidc = globalThis as unknown as { __gatehouseOidc?: Promise<BuiltProvider> };

/** The provider of this process (built at the first call). */
export function oidcProvider(): Promise<BuiltProvider> {
  if (!globalForOidc.__gatehouseOidc) {
    const built = currentKeySet().then(buildProvider);
    globalForOidc.__gatehouseOidc = built;
    built.catch(() => {
      if (globalForOidc.__gatehouseOidc === built) globalForOidc.__gatehouseOidc = undefined;
    });
  }
  return globalForOidc.__gatehouseOidc;
}

/** Rebuilds the provider when the signing keys the table says should be in use differ from its own. */
export async function refreshKeys(): Promise<boolean> {
  const current = await oidcProvider();
  if ((await keySetFingerprint(new Date())) === current.fingerprint) return false;
  const next = buildProvider(await currentKeySet());
  globalForOidc.__gatehouseOidc = Promise.resolve(next);
  return true;
}

/**
 * The Node handler for everything under /oidc/ and /interaction/. The provider is mounted
 * under /oidc (it sees the rest of the path, as oidc-provider's mounting guide does it) and
 * is told the public scheme: the edge has already made Host name APP_URL's host.
 */
export async function answerOidcRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { provider } = await oidcProvider();
  req.headers['x-forwarded-proto'] = new URL(env.APP_URL).protocol.slice(0, -1);
  req.headers['x-forwarded-host'] = new URL(env.APP_URL).host;
  const url = req.url ?? '/';
  if (url.startsWith(`${INTERACTION_PATH}/`)) {
    return withBrowser(req.headers.cookie, () => answerInteraction(provider, req, res));
  }
  (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
  req.url = url.slice(OIDC_PATH.length) || '/';
  const callback = provider.callback();
  await withBrowser(req.headers.cookie, () => callback(req, res));
}

function every(seconds: number, work: () => Promise<unknown>, name: string): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = work()
      .catch((err: Error) => console.error(`[oidc] ${name}: ${err.message}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, seconds * 1000);
  timer.unref();
  run();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

/** Starts this instance's background work; returns what stops it (finishing the logouts being sent). */
export function startOidcWorkers(): () => Promise<void> {
  const stops = [
    every(KEY_CHECK_SECONDS, refreshKeys, 'signing key check'),
    every(EXPIRED_SWEEP_SECONDS, endExpiredProviderSessions, 'expired sessions'),
    every(
      BACKCHANNEL_POLL_SECONDS,
      async () => {
        const { sendLogout } = await oidcProvider();
        // Keep going while whole batches come back: a burst (a deactivation of someone signed
        // in to many applications) is not spread over rounds.
        while ((await deliverBackchannelLogouts(sendLogout)).claimed === BACKCHANNEL_BATCH) {
          /* the next batch */
        }
      },
      'back-channel logout',
    ),
  ];
  const deliverNow = () => {
    void oidcProvider()
      .then(({ sendLogout }) => deliverBackchannelLogouts(sendLogout))
      .catch((err: Error) => console.error(`[oidc] back-channel logout: ${err.message}`));
  };
  registerBackchannelNudge(deliverNow);
  return async () => {
    registerBackchannelNudge(undefined);
    await Promise.all(stops.map((stop) => stop()));
  };
}
