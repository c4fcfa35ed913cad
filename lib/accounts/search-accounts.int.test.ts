import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oneTimeTokens, users, type Role } from '@/lib/db/schema';
import { active, expireLinksOf, invited } from '@/lib/test/factories';
import { OPERATOR, type Actor } from './actor';
import { createAccount } from './create-account';
import { deactivateAccount } from './deactivate-account';
import { PAGE_SIZE, RARE_LIMIT, searchAccounts, searchQuerySchema } from './search-accounts';

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

  it('never lists application managers to helpdesk: by term, by role filter, or on the first page (issue 26, finding 4)', async () => {
    const desk = await active('helpdesk');
    const asHelpdesk: Actor = { kind: 'user', id: desk.userId, role: 'helpdesk', name: 'H' };
    const manager = await createAccount({
      email: `${tag}.boss@example.org`,
      name: `Boss ${tag}`,
      role: 'application_manager',
      actor: OPERATOR,
    });
    const client = await createAccount({
      email: `${tag}.bossclient@example.org`,
      name: `Boss client ${tag}`,
      role: 'client',
      actor: OPERATOR,
    });
    if (!manager.ok || !client.ok) throw new Error('setup failed');
    const ids = (r: { rows: { id: string }[] }) => r.rows.map((x) => x.id);
    // The operator (and an application manager) see the manager: the searches below could find it.
    expect(ids(await searchAccounts(q({ q: `${tag}.boss` }), OPERATOR))).toContain(manager.userId);
    expect(ids(await searchAccounts(q({}), OPERATOR))).toContain(manager.userId);
    // Helpdesk: the client, never the manager.
    expect(ids(await searchAccounts(q({ q: `${tag}.boss` }), asHelpdesk))).toEqual([client.userId]);
    expect(ids(await searchAccounts(q({ role: 'application_manager' }), asHelpdesk))).toEqual([]);
    expect(
      ids(await searchAccounts(q({ role: 'application_manager', status: 'invited' }), asHelpdesk)),
    ).toEqual([]);
    expect(ids(await searchAccounts(q({}), asHelpdesk))).not.toContain(manager.userId);
    expect(ids(await searchAccounts(q({ status: 'invited' }), asHelpdesk))).not.toContain(manager.userId);
    expect(ids(await searchAccounts(q({ sort: 'last_sign_in' }), asHelpdesk))).not.toContain(manager.userId);
  });

  it('ignores malformed filters and cursors instead of failing', async () => {
    const parsed = searchQuerySchema.parse({
      status: 'bogus',
      role: 'root',
      sort: 'x',
      after: 'not-a-cursor',
    });
    expect(parsed).toMatchObject({ status: undefined, role: undefined, sort: 'created' });
    await createAccount({
      email: `${tag}.plain@example.org`,
      name: 'Plain',
      role: 'client',
      actor: OPERATOR,
    });
    // Ignored means: the same first page as no filters at all (not an empty page, not an error).
    const plain = await searchAccounts(q({}), OPERATOR);
    expect(plain.rows.length).toBeGreaterThan(0);
    expect(await searchAccounts(parsed, OPERATOR)).toEqual(plain);
  });
});

describe('account search plans', () => {
  // A crowd of accounts made straight in the database: enough matches of one term that the
  // search walks the sort order (RARE_LIMIT or more), a part of it rare enough for the
  // trigram lookup, every role and status (and none of some), ties in both sort columns,
  // accounts that never signed in, open and expired invitations.
  const crowdTag = `crowd-${tag}`;
  const common = crowdTag;
  const rare = `${crowdTag} 7`; // 7, 70–79, 700–799: 111 accounts
  const size = RARE_LIMIT + 100;
  const base = Date.parse('2026-03-01T12:00:00.123Z');
  const crowd: string[] = [];

  beforeAll(async () => {
    const db = await getDb();
    const rows = Array.from({ length: size }, (_, i) => ({
      email: `${tag}.crowd${i}@example.org`,
      name: `Crowd-${tag.toUpperCase()} ${i}`,
      role: i % 7 === 0 ? ('counselor' as const) : i % 11 === 0 ? ('helpdesk' as const) : ('client' as const),
      status:
        i % 5 === 0 ? ('invited' as const) : i % 13 === 0 ? ('deactivated' as const) : ('active' as const),
      createdAt: new Date(base - Math.floor(i / 3) * 1000),
      lastSignInAt: i % 5 === 0 || i % 4 === 0 ? null : new Date(base - (i % 50) * 60_000),
    }));
    const made = await db.insert(users).values(rows).returning({ id: users.id, status: users.status });
    crowd.push(...made.map((r) => r.id));
    await db.insert(oneTimeTokens).values(
      made
        .map((r, i) => ({ ...r, i }))
        .filter((r) => r.status === 'invited')
        .map((r) => ({
          purpose: 'welcome' as const,
          userId: r.id,
          tokenHash: `${tag}-crowd-${r.i}`,
          sentTo: `${tag}.crowd${r.i}@example.org`,
          // Every other invitation still open, the rest expired unused.
          expiresAt: sql`now() + ${r.i % 10 === 0 ? '7 days' : '-1 day'}::interval`,
        })),
    );
  });

  afterAll(async () => {
    const db = await getDb();
    await db.delete(oneTimeTokens).where(inArray(oneTimeTokens.userId, crowd));
    await db.delete(users).where(inArray(users.id, crowd));
  });

  /** What a page sequence must show: the same filters as one plain query, fully sorted. */
  async function expected(input: Record<string, string | undefined>): Promise<string[]> {
    const db = await getDb();
    const column = input.sort === 'last_sign_in' ? users.lastSignInAt : users.createdAt;
    const open = sql`exists (select 1 from one_time_tokens t where t.user_id = ${users.id} and t.purpose = 'welcome'
      and t.used_at is null and t.voided_at is null and t.expires_at > now())`;
    const pattern = `%${input.q?.toLowerCase()}%`;
    const rows = await db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          input.q ? sql`(${users.email} like ${pattern} or lower(${users.name}) like ${pattern})` : undefined,
          input.role ? eq(users.role, input.role as Role) : undefined,
          input.status === 'invited' ? and(eq(users.status, 'invited'), open) : undefined,
          input.status === 'invitation_expired'
            ? and(eq(users.status, 'invited'), sql`not ${open}`)
            : undefined,
          input.status === 'active' || input.status === 'deactivated'
            ? eq(users.status, input.status)
            : undefined,
        ),
      )
      .orderBy(sql`${column} desc nulls last, ${users.id} desc nulls last`);
    return rows.map((r) => r.id);
  }

  it('pages through every status × role filter, both sorts, common, rare and no term, as one plain sorted query would', async () => {
    const maxPages = 3;
    let combinations = 0;
    for (const status of [undefined, 'invited', 'invitation_expired', 'active', 'deactivated'])
      for (const role of [undefined, 'client', 'counselor', 'application_manager'])
        for (const sort of ['created', 'last_sign_in'])
          for (const term of [undefined, common, rare]) {
            const input = { q: term, status, role, sort };
            const want = await expected(input);
            const seen: string[] = [];
            let after: string | undefined;
            let pages = 0;
            for (; pages < maxPages; pages++) {
              const result = await searchAccounts(q({ ...input, after }), OPERATOR);
              if (result.next) expect(result.rows, JSON.stringify(input)).toHaveLength(PAGE_SIZE);
              seen.push(...result.rows.map((r) => r.id));
              after = result.next ?? undefined;
              if (!after) break;
            }
            const label = JSON.stringify({ ...input, pages });
            if (after) expect(seen, label).toEqual(want.slice(0, seen.length));
            else expect(seen, label).toEqual(want);
            combinations++;
          }
    expect(combinations).toBe(120);
    // The crowd really exercised both plans, and the empty combinations (no application managers).
    expect((await expected({ q: common })).length).toBeGreaterThanOrEqual(RARE_LIMIT);
    expect((await expected({ q: rare })).length).toBe(111);
    expect(await expected({ q: common, role: 'application_manager' })).toEqual([]);
  });
});
