/**
 * Faults, each on a small cluster of its own (cluster.ts): two `npm start` instances on a
 * fresh PostgreSQL database and an SMTP server the test controls. The retry schedule and
 * the claim lease are set short (EMAIL_RETRY_SECONDS=2, EMAIL_CLAIM_SECONDS=8).
 */
import { runAccountsCli } from '../support/accounts';
import { FAULT_PORTS } from '../support/ports';
import {
  createCrowd,
  outboxStatuses,
  outboxStatusOf,
  servingPid,
  startCluster,
  stopCluster,
  type Cluster,
} from '../support/cluster';
import { expect, GOOD_PASSWORD, test } from '../support/production';

/** An application manager of the cluster, signed in in `page` (while mail still flows). */
async function signedInManager(cluster: Cluster, page: import('@playwright/test').Page) {
  const email = `manager.${Date.now().toString(36)}@example.org`;
  const made = await runAccountsCli({ ...cluster.env, DATA_DIR: '.data/e2e-crowd' }, [
    'create',
    '--email',
    email,
    '--name',
    'Fenna Fout',
    '--role',
    'application_manager',
  ]);
  expect(made.code, made.stderr).toBe(0);
  await expect.poll(() => cluster.sink.to(email).length, { timeout: 20_000 }).toBe(1);
  const link = /http:\/\/localhost:\d+\/welcome\?token=[A-Za-z0-9_-]{43}/.exec(
    cluster.sink.to(email)[0]!.text ?? '',
  )![0];
  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByLabel('Type the new password again').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(page).toHaveURL(`${cluster.origin}/admin`);
}

test('mail server down for 60 s while 100 accounts are made: every welcome email arrives afterwards, exactly once', async ({
  browser,
}) => {
  test.setTimeout(360_000);
  const cluster = await startCluster('maildown', FAULT_PORTS.mailDown);
  try {
    const page = await (await browser.newContext({ baseURL: cluster.origin })).newPage();
    await signedInManager(cluster, page);
    const port = cluster.sink.port;
    await cluster.sink.stop();
    const down = Date.now();
    const emails = await createCrowd(cluster, 100, 'maildown');
    // Meanwhile the first person's welcome email has failed at least once.
    await expect.poll(() => outboxStatusOf(cluster, emails[0]!), { timeout: 60_000 }).toBe('retrying');

    // Meanwhile the console tells the helpdesk the truth about one of them.
    await page.goto(`/admin?q=${encodeURIComponent(emails[0]!)}`);
    await page.getByRole('link', { name: 'Crowd Member 0' }).click();
    await expect(page.getByText('Not delivered yet, retrying').first()).toBeVisible();

    await new Promise((r) => setTimeout(r, Math.max(0, 60_000 - (Date.now() - down))));
    await cluster.sink.start(port);
    await expect
      .poll(() => emails.filter((e) => cluster.sink.to(e).length > 0).length, {
        timeout: 180_000,
        intervals: [2000],
      })
      .toBe(100);
    for (const email of emails) expect(cluster.sink.to(email), email).toHaveLength(1);
    await expect.poll(async () => (await outboxStatuses(cluster)).sent, { timeout: 20_000 }).toBe(101);
  } finally {
    await stopCluster(cluster, FAULT_PORTS.mailDown);
  }
});

test('an instance killed (kill -9) in the middle of a batch: the other takes over after the lease, every email arrives, a repeat keeps its Message-ID', async () => {
  test.setTimeout(240_000);
  const cluster = await startCluster('killed', FAULT_PORTS.killed);
  try {
    const [first, second] = await Promise.all(FAULT_PORTS.killed.map(servingPid));
    cluster.sink.delayMs = 700; // a slow mail server: the batch takes a while
    process.kill(second!, 'SIGSTOP'); // so the first instance claims the whole batch
    const emails = await createCrowd(cluster, 20, 'killed');
    await expect.poll(() => cluster.sink.messages.length, { timeout: 30_000 }).toBeGreaterThan(0);
    process.kill(first!, 'SIGKILL');
    const before = cluster.sink.messages.length;
    expect(before, 'the killed instance still had most of its batch to send').toBeLessThan(15);
    process.kill(second!, 'SIGCONT');

    await expect
      .poll(() => emails.filter((e) => cluster.sink.to(e).length > 0).length, {
        timeout: 120_000,
        intervals: [1000],
      })
      .toBe(20);
    await expect.poll(async () => (await outboxStatuses(cluster)).sent, { timeout: 30_000 }).toBe(20);
    // At least once: any email sent twice (accepted by the server just as its sender died) carries one Message-ID.
    for (const email of emails) {
      const ids = new Set(cluster.sink.to(email).map((m) => m.messageId));
      expect(ids.size, `${email}: ${[...ids].join(' ')}`).toBe(1);
      expect([...ids][0]).toMatch(/^<[0-9a-f-]{36}@localhost>$/);
    }
  } finally {
    await stopCluster(cluster, FAULT_PORTS.killed);
  }
});
