import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { accountsCli, choosePassword, createInvited, signIn, GOOD_PASSWORD } from '../support/accounts';
import { actionFormFields, replayAction } from '../support/replay';
import { EMBEDDED_ORIGIN } from '../support/ports';

const ORIGIN = EMBEDDED_ORIGIN;
type Who = 'anonymous' | 'client' | 'counselor' | 'helpdesk' | 'application_manager';

async function person(browser: Browser, role: Exclude<Who, 'anonymous'>, counselor?: string) {
  const { email, link } = await createInvited({ role, name: `Matrix ${role}`, counselor });
  const context = await browser.newContext();
  const page = await context.newPage();
  await choosePassword(page, link);
  await expect(page).toHaveURL(/\/(account|admin)$/);
  return { email, context };
}

async function idOf(manager: BrowserContext, email: string): Promise<string> {
  const html = await (await manager.request.get(`/admin?q=${encodeURIComponent(email)}`)).text();
  const id = /href="\/admin\/accounts\/([0-9a-f-]{36})"/.exec(html)?.[1];
  expect(id, `account id of ${email}`).toBeTruthy();
  return id!;
}

async function listed(email: string) {
  const out = (await accountsCli('list')).stdout;
  return out.split('\n').find((l) => l.startsWith(`${email}\t`)) ?? '';
}

test('role by route: every console page and every console action, for every role', async ({ browser }) => {
  test.setTimeout(240_000);
  const manager = await person(browser, 'application_manager');
  const helpdesk = await person(browser, 'helpdesk');
  const counselor = await person(browser, 'counselor');
  const client = await person(browser, 'client', counselor.email);
  const anonymous = { email: '', context: await browser.newContext() };
  const target = await person(browser, 'client');
  const waiting = await createInvited({ name: 'Matrix waiting' });
  const contexts = { anonymous, client, counselor, helpdesk, application_manager: manager } as const;

  const targetId = await idOf(manager.context, target.email);
  const managerId = await idOf(manager.context, manager.email);
  const clientId = await idOf(manager.context, client.email);
  const waitingId = await idOf(manager.context, waiting.email);

  // Pages: who gets in (200 with the page's heading), who is sent elsewhere.
  const pages: [string, string, Who[]][] = [
    ['/admin', 'Helpdesk console', ['helpdesk', 'application_manager']],
    ['/admin/accounts/new', 'New account', ['counselor', 'helpdesk', 'application_manager']],
    [`/admin/accounts/${targetId}`, 'Matrix client', ['helpdesk', 'application_manager']],
    [`/admin/accounts/${clientId}`, 'Matrix client', ['counselor', 'helpdesk', 'application_manager']],
    ['/admin/audit', 'Audit log', ['helpdesk', 'application_manager']],
    ['/dev/mailbox', 'Dev mailbox', ['application_manager']],
  ];
  for (const [path, heading, allowed] of pages) {
    for (const [who, { context }] of Object.entries(contexts) as [Who, { context: BrowserContext }][]) {
      const page = await context.newPage();
      const response = await page.goto(path);
      // A counselor's /admin is "My clients": their own clients only.
      const expectedHeading = path === '/admin' && who === 'counselor' ? 'My clients' : heading;
      const ok = allowed.includes(who) || (path === '/admin' && who === 'counselor');
      if (ok) {
        expect(response?.status(), `${who} ${path}`).toBe(200);
        await expect(
          page.getByRole('heading', { level: 1, name: expectedHeading }),
          `${who} ${path}`,
        ).toBeVisible();
      } else {
        // Refused: sent to sign in or to their own home, or told the page does not exist
        // (an account a counselor may not see answers 404, so ids cannot be probed).
        const landed = new URL(page.url()).pathname;
        const refused = landed !== path || response?.status() === 404;
        expect(refused, `${who} must not see ${path} (landed on ${landed}, ${response?.status()})`).toBe(
          true,
        );
        await expect(page.getByRole('heading', { level: 1, name: expectedHeading })).toHaveCount(0);
      }
      await page.close();
    }
  }

  // Actions, replayed directly with fields copied from the manager's pages.
  const m = manager.context.request;
  const forms = {
    // By its button: the sessions form on the same page has a reason field too.
    deactivate: await actionFormFields(m, `/admin/accounts/${targetId}`, 'Deactivate account'),
    changeEmail: await actionFormFields(m, `/admin/accounts/${targetId}`, 'name="email"'),
    changeRole: await actionFormFields(m, `/admin/accounts/${targetId}`, 'name="role"'),
    sendReset: await actionFormFields(m, `/admin/accounts/${targetId}`, 'Send password reset link'),
    resend: await actionFormFields(m, `/admin/accounts/${waitingId}`, 'Resend welcome email'),
    create: await actionFormFields(m, '/admin/accounts/new', 'name="email"'),
  };
  const before = await listed(target.email);
  for (const who of ['anonymous', 'client', 'counselor'] as const) {
    const r = contexts[who].context.request;
    const path = `/admin/accounts/${targetId}`;
    await replayAction(r, path, { ...forms.deactivate, reason: 'forged' }, ORIGIN);
    await replayAction(r, path, { ...forms.changeEmail, email: `forged.${who}@example.org` }, ORIGIN);
    await replayAction(r, path, { ...forms.changeRole, role: 'application_manager' }, ORIGIN);
    await replayAction(r, path, forms.sendReset, ORIGIN);
    await replayAction(r, `/admin/accounts/${waitingId}`, forms.resend, ORIGIN);
    await replayAction(
      r,
      '/admin/accounts/new',
      { ...forms.create, name: 'Forged', email: `created.by.${who}@example.org`, role: 'helpdesk' },
      ORIGIN,
    );
    expect(await listed(target.email), `${who} changed nothing`).toBe(before);
    expect(await listed(`created.by.${who}@example.org`), `${who} created nothing`).toBe('');
  }
  // A helpdesk agent posting against an application manager, or posting role=application_manager.
  const h = helpdesk.context.request;
  const managerBefore = await listed(manager.email);
  await replayAction(
    h,
    `/admin/accounts/${targetId}`,
    { ...forms.deactivate, userId: managerId, reason: 'forged' },
    ORIGIN,
  );
  await replayAction(
    h,
    `/admin/accounts/${targetId}`,
    { ...forms.changeRole, role: 'application_manager' },
    ORIGIN,
  );
  await replayAction(
    h,
    '/admin/accounts/new',
    {
      ...forms.create,
      name: 'Forged',
      email: 'promoted.by.helpdesk@example.org',
      role: 'application_manager',
    },
    ORIGIN,
  );
  expect(await listed(manager.email)).toBe(managerBefore);
  expect(await listed(target.email)).toBe(before);
  expect(await listed('promoted.by.helpdesk@example.org')).toBe('');

  // Control: the same replay by the manager does work, so the replays above were real attempts.
  await replayAction(m, `/admin/accounts/${targetId}`, { ...forms.deactivate, reason: 'control' }, ORIGIN);
  expect(await listed(target.email)).toContain('\tdeactivated\t');

  // And the person whose account was deactivated cannot sign in any more.
  const again = await browser.newContext();
  const page = await again.newPage();
  await signIn(page, target.email, GOOD_PASSWORD);
  await expect(page.locator('.alert[role="alert"]')).toContainText('Your account is deactivated');
  for (const c of [manager, helpdesk, counselor, client, anonymous, target]) await c.context.close();
  await again.close();
});
