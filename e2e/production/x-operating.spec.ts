/**
 * What operators read: Prometheus metrics behind a token, and JSON log lines (both instances
 * run with LOG_FORMAT=json) that never hold a password, a token, a link or a
 * person's address. Runs after the flows (files run in name order), so there is traffic.
 */
import fs from 'node:fs';
import { request } from '@playwright/test';
import { PROD_ORIGIN, RUN_SUFFIX } from '../support/ports';
import { PROD_APP_ENV } from './prod-env';
import { expect, GOOD_PASSWORD, test } from '../support/production';

test('GET /metrics: 404 without the token, Prometheus text with it', async () => {
  const api = await request.newContext({ ignoreHTTPSErrors: true });
  expect((await api.get(`${PROD_ORIGIN}/metrics`)).status()).toBe(404);
  expect(
    (
      await api.get(`${PROD_ORIGIN}/metrics`, {
        headers: { authorization: 'Bearer wrong-token-0123456789ab' },
      })
    ).status(),
  ).toBe(404);
  const scraped = await api.get(`${PROD_ORIGIN}/metrics`, {
    headers: { authorization: `Bearer ${PROD_APP_ENV.METRICS_TOKEN}` },
  });
  expect(scraped.status()).toBe(200);
  expect(scraped.headers()['content-type']).toContain('text/plain');
  const text = await scraped.text();
  expect(text).toMatch(/^gatehouse_sign_ins_total\{outcome="succeeded"\} [1-9]/m);
  expect(text).toMatch(/^gatehouse_sign_ins_total\{outcome="invalid"\} [1-9]/m);
  expect(text).toMatch(/^gatehouse_emails\{status="sent"\} [1-9]/m);
  expect(text).toMatch(/^gatehouse_email_oldest_waiting_seconds \d/m);
  expect(text).toMatch(/^gatehouse_sign_in_throttled_addresses \d/m);
  expect(text).toMatch(
    /^gatehouse_http_request_duration_seconds_count\{method="GET",route="\/login",status="2xx"\} [1-9]/m,
  );
  await api.dispose();
});

test('JSON logs: one line per request and per delivery attempt, with nothing secret in them', async () => {
  const log = [1, 2]
    .map((n) => fs.readFileSync(`.data/e2e-logs${RUN_SUFFIX}/production-${n}.log`, 'utf8'))
    .join('\n');
  const lines = log
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const requests = lines.filter((l) => l.event === 'request');
  expect(requests.length).toBeGreaterThan(20);
  for (const r of requests) {
    expect(r).toMatchObject({
      requestId: expect.any(String),
      method: expect.any(String),
      route: expect.stringMatching(/^\//),
      status: expect.any(Number),
      durationMs: expect.any(Number),
    });
    expect(String(r.route)).not.toContain('?');
  }
  expect(
    lines.some((l) => l.event === 'email_delivery' && l.outcome === 'sent' && l.toDomain === 'example.org'),
  ).toBe(true);
  // What must never be logged: the passwords typed in these tests, link tokens, full addresses.
  expect(log).not.toContain(GOOD_PASSWORD);
  expect(log).not.toMatch(/token=[A-Za-z0-9_-]{43}/);
  expect(log).not.toMatch(/[\w.+-]+@example\.org/);
});
