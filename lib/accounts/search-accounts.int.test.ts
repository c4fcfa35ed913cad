import { describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oneTimeTokens, users } from '@/lib/db/schema';
import { active, expireLinksOf, invited } from '@/lib/test/factories';
import { OPERATOR, type Actor } from './actor';
import { createAccount } from './create-account';
import { deactivateAccount } from './deactivate-account';
import { PAGE_SIZE, searchAccounts, searchQuerySchema } from './search-accounts';

const q = (input: Record<string, string | undefined>) => searchQuerySchema.parse(input);
const tag = `srch${Date.now().toString(36)}`;

describe('account search', () => {
  it('finds by substring of email or name, case-insensitively, with % and _ taken literally', async () => {
    await createAccount({
      email: `${tag}.ella@example.org`,
      name: 'Ella Fitzgerald',
      role: 'client',
      actor: OPERATOR,
    });
    await createAccount({
      email: `${tag}.other@example.org`,
      name: `Bob ${tag.toUpperCase()}_x`,
      role: 'client',
      actor: OPERATOR,
    });
    expect((await searchAccounts(q({ q: `${tag}.ELL` }), OPERATOR)).rows.map((r) => r.name)).toEqual([
      'Ella Fitzgerald',
    ]);
    expect((await searchAccounts(q({ q: tag.toUpperCase() }), OPERATOR)).rows).toHaveLength(2);
    expect((await searchAccounts(q({ q: `${tag}_x` }), OPERATOR)).rows.map((r) => r.name)).toEqual([
      `Bob ${tag.toUpperCase()}_x`,
    ]);
    expect((await searchAccounts(q({ q: `${tag}%` }), OPERATOR)).rows).toHaveLength(0);
  });

  it('filters by status, including an expired invitation, and by role', async () => {
    const open = await invited('client');
    const expired = await invited('client');
    await expireLinksOf(expired.userId);
    const on = await active('helpdesk');
    const off = await active('client');
    await deactivateAccount({ account: { email: off.email }, actor: OPERATOR });
    const ids = (r: { rows: { id: string }[] }) => r.rows.map((x) => x.id);
    expect(ids(await searchAccounts(q({ status: 'invited' }), OPERATOR))).toContain(open.userId);
    expect(ids(await searchAccounts(q({ status: 'invited' }), OPERATOR))).not.toContain(expired.userId);
    expect(ids(await searchAccounts(q({ status: 'invitation_expired' }), OPERATOR))).toContain(
      expired.userId,
    );
    expect(ids(await searchAccounts(q({ status: 'active', role: 'helpdesk' }), OPERATOR))).toContain(
      on.userId,
    );
    expect(ids(await searchAccounts(q({ status: 'deactivated' }), OPERATOR))).toContain(off.userId);
  });

  it('pages with a keyset cursor without losing or repeating rows, in both sort orders', async () => {
    const db = await getDb();
    const made: string[] = [];
    for (let i = 0; i < PAGE_SIZE + 7; i++) {
      const r = await createAccount({
        email: `${tag}.page${i}@example.org`,
        name: `Pager ${i}`,
        role: 'client',
        actor: OPERATOR,
      });
      if (r.ok) made.push(r.userId);
    }
    // Same created_at for several rows (down to the microsecond): the id breaks ties.
    await db
      .update(users)
      .set({ createdAt: sql`'2026-01-01 10:00:00.123456+00'` })
      .where(inArray(users.id, made.slice(0, 10)));
    await db
      .update(users)
      .set({ lastSignInAt: sql`now() - (random() * interval '1 day')` })
      .where(inArray(users.id, made.slice(10, 20)));
    for (const sort of ['created', 'last_sign_in'] as const) {
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await searchAccounts(q({ q: `${tag}.page`, sort, after }), OPERATOR);
        seen.push(...result.rows.map((r) => r.id));
        if (!result.next) break;
        after = result.next;
      }
      expect(seen.sort()).toEqual([...made].sort());
    }
  });

  it('shows a counselor only their own clients', async () => {
    const counselor = await active('counselor');
    const asCounselor: Actor = { kind: 'user', id: counselor.userId, role: 'counselor', name: 'C' };
    const mine = await createAccount({
      email: `${tag}.mine@example.org`,
      name: 'Mine',
      role: 'client',
      actor: asCounselor,
    });
    await createAccount({
      email: `${tag}.notmine@example.org`,
      name: 'Not mine',
      role: 'client',
      actor: OPERATOR,
    });
    const found = await searchAccounts(q({ q: tag }), asCounselor);
    expect(found.rows.map((r) => r.id)).toEqual([mine.ok ? mine.userId : '']);
  });

  it('ignores malformed filters and cursors instead of failing', async () => {
    const parsed = searchQuerySchema.parse({
      status: 'bogus',
      role: 'root',
      sort: 'x',
      after: 'not-a-cursor',
    });
    expect(parsed).toMatchObject({ status: undefined, role: undefined, sort: 'created' });
    await expect(searchAccounts(parsed, OPERATOR)).resolves.toBeTruthy();
    const db = await getDb();
    expect(await db.$count(oneTimeTokens, eq(oneTimeTokens.purpose, 'welcome'))).toBeGreaterThan(0);
  });
});
