/**
 * Malformed requests against every public route and server action of a running app, made by
 * fast-check from a seed (so a failure can be replayed): random and boundary values, huge
 * bodies, wrong content types, invalid UTF-8, missing and forged action ids, duplicated
 * fields and odd headers. The property: the app never answers 5xx.
 *
 * Routes and action ids come from the build's own manifests (.next/server), so a new page
 * or action is fuzzed without anyone listing it here.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

interface Targets {
  pages: string[];
  actions: { id: string; page: string }[];
}

/** The app's page paths and server actions, read from a build. */
export function readTargets(buildDir = path.resolve('.next')): Targets {
  const pagesManifest = JSON.parse(
    fs.readFileSync(path.join(buildDir, 'server/app-paths-manifest.json'), 'utf8'),
  ) as Record<string, string>;
  const toPath = (route: string) =>
    route
      .replace(/\/(page|route)$/, '')
      .replace(/\/\([^)]+\)/g, '')
      .replace(/^$/, '/') || '/';
  const pages = Object.keys(pagesManifest)
    .filter((r) => !r.startsWith('/_'))
    .map(toPath);
  const references = JSON.parse(
    fs.readFileSync(path.join(buildDir, 'server/server-reference-manifest.json'), 'utf8'),
  ) as {
    node: Record<string, { workers: Record<string, unknown> }>;
  };
  const actions = Object.entries(references.node).map(([id, entry]) => ({
    id,
    page: toPath(Object.keys(entry.workers)[0]!.replace(/^app/, '')),
  }));
  return {
    pages: [
      ...new Set([
        ...pages,
        '/api/auth/csrf',
        '/api/auth/session',
        '/api/auth/providers',
        '/api/auth/signin',
        '/api/auth/signout',
        '/api/auth/callback/credentials',
      ]),
    ],
    actions,
  };
}

const encoder = new TextEncoder();

/** Strings people and scanners send: boundaries, unicode, injections, nothing at all. */
const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '%',
    '%%',
    '%00',
    '\u0000',
    '../../etc/passwd',
    "' or 1=1 --",
    '<script>alert(1)</script>',
    '{"a":',
    '[]',
    'null',
    'undefined',
    '😀'.repeat(50),
    'a'.repeat(10_000),
  ),
  fc.integer({ min: 0, max: 300 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom(43, 44, 256, 257, 4096).map((n) => 'A'.repeat(n)),
);

/** A path segment for a dynamic route: a real-looking id, garbage, or a boundary. */
const segment = fc.oneof(
  fc.uuid(),
  oddString.map((s) => encodeURIComponent(s).slice(0, 200) || 'x'),
  fc.constantFrom('passwords', 'cant-sign-in', '..', '%2e%2e', '%ff'),
);

const invalidUtf8 = fc
  .uint8Array({ minLength: 1, maxLength: 200 })
  .map((bytes) => Uint8Array.from([0xff, 0xfe, 0xc3, ...bytes, 0xc0, 0x80]));

const fieldName = fc.oneof(
  fc.constantFrom(
    'email',
    'password',
    'token',
    'next',
    'current',
    'confirm',
    'name',
    'role',
    'locale',
    'back',
    'reason',
    'userId',
    'counselorEmail',
    '$ACTION_ID_x',
    '1_$ACTION_REF_1',
    '0',
    'csrfToken',
    'callbackUrl',
  ),
  fc.string({ maxLength: 12 }),
);
const fields = fc.array(fc.tuple(fieldName, oddString), { maxLength: 8 });

function urlEncoded(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

function multipart(pairs: [string, string][], boundary: string): string {
  return (
    pairs
      .map(
        ([k, v]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/"/g, '')}"\r\n\r\n${v}\r\n`,
      )
      .join('') + `--${boundary}--\r\n`
  );
}

const body = fc.oneof(
  fields.map((f) => ({ type: 'application/x-www-form-urlencoded', data: encoder.encode(urlEncoded(f)) })),
  fields.map((f) => ({
    type: 'multipart/form-data; boundary=----fuzz',
    data: encoder.encode(multipart(f, '----fuzz')),
  })),
  fields.map((f) => ({ type: 'multipart/form-data', data: encoder.encode(multipart(f, 'nobody-said')) })),
  fields.map((f) => ({
    type: 'multipart/form-data; boundary=other',
    data: encoder.encode(multipart(f, '----fuzz')),
  })),
  oddString.map((s) => ({ type: 'text/plain;charset=UTF-8', data: encoder.encode(JSON.stringify([s])) })),
  oddString.map((s) => ({ type: 'text/plain', data: encoder.encode(s) })),
  oddString.map((s) => ({ type: 'application/json', data: encoder.encode(s) })),
  invalidUtf8.map((data) => ({ type: 'application/x-www-form-urlencoded', data })),
  invalidUtf8.map((data) => ({ type: 'text/plain;charset=UTF-8', data })),
  fc
    .constantFrom('image/png', 'application/octet-stream', '', 'multipart/mixed', 'text/html; charset=utf-7')
    .chain((type) => fc.uint8Array({ maxLength: 300 }).map((data) => ({ type, data }))),
  fc.constant({
    type: 'application/x-www-form-urlencoded',
    data: encoder.encode(`email=${'a'.repeat(900_000)}`),
  }),
);

// Each header stays under 1,000 characters, so all of them together stay under Node's 16 KB
// header limit (beyond it Node itself answers 431 and drops the connection, proxies do the same).
const headerValue = fc.oneof(
  oddString.map((s) => s.replace(/[^\x20-\x7e]/g, '?').slice(0, 900)),
  fc.constantFrom('', 'null', '[]', '{}', '["",{}]', '%5B%5D', '1'),
);

/** Requests for one app: `origin` is its public address (sent as Origin on most writes, so they reach the app rather than the cross-site refusal). */
export function fuzzRequests(targets: Targets, origin: string): fc.Arbitrary<FuzzRequest> {
  const page = fc
    .constantFrom(...targets.pages)
    .chain((p) => (p.includes('[') ? segment.map((s) => p.replace(/\[[^\]]+\]/, s)) : fc.constant(p)));
  const query = fc.oneof(
    fc.constant(''),
    fc
      .tuple(
        fc.constantFrom(
          'token',
          'q',
          'status',
          'role',
          'cursor',
          'sort',
          'signedOut',
          'reset',
          'error',
          'callbackUrl',
          'after',
          'actor',
          'action',
          'page',
        ),
        oddString,
      )
      .map(([k, v]) => `?${k}=${encodeURIComponent(v)}`),
    fc
      .tuple(oddString, oddString)
      .map(([a, b]) => `?token=${encodeURIComponent(a)}&token=${encodeURIComponent(b)}`),
    fc.constantFrom('?%', '?a=%zz', '?token', '?=&&=', `?${'q='.repeat(500)}`),
  );
  const extraHeaders = fc.record(
    {
      cookie: fc.oneof(
        headerValue.map(
          (v) => `__Host-gatehouse.session=${v.slice(0, 400)}; gatehouse.session=${v.slice(0, 400)}`,
        ),
        headerValue.map((v) => `gatehouse.locale=${v}`),
        headerValue,
      ),
      'accept-language': headerValue,
      'next-router-state-tree': headerValue,
      'next-router-prefetch': fc.constantFrom('1', '0', 'x'),
      rsc: fc.constantFrom('1', '0', ''),
      'next-url': headerValue,
      'x-forwarded-for': headerValue,
      'x-forwarded-host': headerValue,
      referer: headerValue,
      accept: fc.constantFrom('text/x-component', 'text/html', '*/*', ''),
    },
    { requiredKeys: [] },
  );
  const originHeader = fc.oneof(
    { weight: 5, arbitrary: fc.constant(origin) },
    fc.constantFrom('null', 'https://evil.example', ''),
  );
  const action = fc.oneof(
    fc.constantFrom(...targets.actions).map((a) => ({ id: a.id, page: a.page })),
    fc.record({
      id: fc.oneof(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 42, maxLength: 42 }),
        oddString.map((s) => s.replace(/[^\x20-\x7e]/g, 'x').slice(0, 200)),
      ),
      page: page,
    }),
  );
  const actionPost = fc
    .record({ action, body, headers: extraHeaders, origin: originHeader, query })
    .map(({ action: a, body: b, headers, origin: o, query: q }): FuzzRequest => ({
      method: 'POST',
      path: `${a.page.includes('[') ? a.page.replace(/\[[^\]]+\]/, '00000000-0000-4000-8000-000000000000') : a.page}${q}`,
      headers: { ...headers, 'next-action': a.id, 'content-type': b.type, ...(o ? { origin: o } : {}) },
      body: b.data,
    }));
  const pageRequest = fc
    .record({
      method: fc.constantFrom(
        'GET',
        'GET',
        'GET',
        'HEAD',
        'POST',
        'PUT',
        'DELETE',
        'OPTIONS',
        'PATCH',
        'TRACE',
      ),
      page,
      query,
      headers: extraHeaders,
      body,
      origin: originHeader,
    })
    .map(({ method, page: p, query: q, headers, body: b, origin: o }): FuzzRequest => ({
      method,
      path: `${p}${q.slice(0, 2000)}`,
      headers: {
        ...headers,
        ...(method === 'GET' || method === 'HEAD'
          ? {}
          : { 'content-type': b.type, ...(o ? { origin: o } : {}) }),
      },
      body: method === 'GET' || method === 'HEAD' ? undefined : b.data,
    }));
  const staticRequest = fc
    .record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'), file: oddString })
    .map(({ method, file }): FuzzRequest => ({
      method,
      path: `/_next/static/${encodeURIComponent(file).slice(0, 100)}`,
      headers: {},
      body: method === 'GET' ? undefined : encoder.encode('x'),
    }));
  return fc.oneof(
    { weight: 5, arbitrary: actionPost },
    { weight: 4, arbitrary: pageRequest },
    { weight: 1, arbitrary: staticRequest },
  );
}

export function describeRequest(r: FuzzRequest): string {
  const body = r.body
    ? ` body ${r.body.length} B ${JSON.stringify(new TextDecoder().decode(r.body.slice(0, 120)))}`
    : '';
  return `${r.method} ${r.path.slice(0, 200)} ${JSON.stringify(r.headers).slice(0, 400)}${body}`;
}

/** Sends one request; returns its status (0 when the connection failed). */
export async function send(base: string, r: FuzzRequest): Promise<number> {
  try {
    const response = await fetch(base + r.path, {
      method: r.method,
      headers: r.headers,
      body: r.body ? Buffer.from(r.body) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    // The client itself refuses some requests (e.g. a header value it cannot send): not an answer of the app.
    if (err instanceof TypeError && !cause?.code) return -1;
    return 0;
  }
}

export interface FuzzResult {
  sent: number;
  byStatus: Record<string, number>;
  failures: { status: number; request: string }[];
}

/** Runs `runs` requests, `concurrency` at a time; every answer of 500 or more (or no answer) is a failure. */
export async function fuzz(
  base: string,
  origin: string,
  options: { runs: number; seed: number; concurrency?: number; buildDir?: string },
): Promise<FuzzResult> {
  const requests = fc.sample(fuzzRequests(readTargets(options.buildDir), origin), {
    numRuns: options.runs,
    seed: options.seed,
  });
  const result: FuzzResult = { sent: 0, byStatus: {}, failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++]!;
      const status = await send(base, r);
      if (status === -1) continue;
      result.sent += 1;
      const key = status === 0 ? 'no answer' : String(status);
      result.byStatus[key] = (result.byStatus[key] ?? 0) + 1;
      if (status === 0 || status >= 500) result.failures.push({ status, request: describeRequest(r) });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return result;
}
