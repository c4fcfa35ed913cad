/**
 * The console's account search: one text box over email and name (case-insensitive
 * substring, served by pg_trgm indexes), filters for status and role, two sort orders,
 * and keyset pagination (a cursor of the last row's sort key, so page 400 costs what
 * page 1 costs).
 */
import 'server-only';
import { and, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { oneTimeTokens, roles, users } from '@/lib/db/schema';
import type { Actor } from './actor';

export const searchStatuses = ['invited', 'invitation_expired', 'active', 'deactivated'] as const;
export const searchSorts = ['created', 'last_sign_in'] as const;
export const PAGE_SIZE = 25;
const RARE_LIMIT = 1000;

export const searchQuerySchema = z.object({
  q: z.string().trim().max(254).optional().catch(undefined),
  status: z.enum(searchStatuses).optional().catch(undefined),
  role: z.enum(roles).optional().catch(undefined),
  sort: z.enum(searchSorts).default('created').catch('created'),
  after: z.string().max(200).optional().catch(undefined),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

interface Cursor {
  /** The sort column as PostgreSQL text (microseconds kept), or null (never signed in). */
  t: string | null;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    const validTime =
      c.t === null ||
      (typeof c.t === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d(:\d\d)?$/.test(c.t));
    return validTime && typeof c.id === 'string' && /^[0-9a-f-]{36}$/i.test(c.id) ? c : null;
  } catch {
    return null;
  }
}

/** LIKE pattern for a substring, with the user's % and _ taken literally. */
function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchAccounts(query: SearchQuery, actor: Actor) {
  const db = await getDb();
  const conditions: (SQL | undefined)[] = [];
  if (actor.kind === 'user' && actor.role === 'counselor') conditions.push(eq(users.counselorId, actor.id));
  let textMatch: SQL | undefined;
  if (query.q) {
    const pattern = containsPattern(query.q);
    textMatch = sql`(${users.email} like ${pattern} or lower(${users.name}) like ${pattern})`;
    conditions.push(textMatch);
  }
  if (query.role) conditions.push(eq(users.role, query.role));
  const openWelcome = sql`exists (select 1 from one_time_tokens t where t.user_id = ${users.id} and t.purpose = 'welcome'
    and t.used_at is null and t.voided_at is null and t.expires_at > now())`;
  if (query.status === 'invited') conditions.push(and(eq(users.status, 'invited'), openWelcome));
  if (query.status === 'invitation_expired')
    conditions.push(and(eq(users.status, 'invited'), sql`not ${openWelcome}`));
  if (query.status === 'active' || query.status === 'deactivated')
    conditions.push(eq(users.status, query.status));

  const byLastSignIn = query.sort === 'last_sign_in';
  const column = byLastSignIn ? users.lastSignInAt : users.createdAt;
  const cursor = decodeCursor(query.after);
  if (cursor) {
    // Rows after the cursor in (column desc nulls last, id desc) order.
    conditions.push(
      cursor.t === null
        ? sql`(${column} is null and ${users.id} < ${cursor.id})`
        : sql`(${column} < ${cursor.t}::timestamptz or (${column} = ${cursor.t}::timestamptz and ${users.id} < ${cursor.id}) or ${column} is null)`,
    );
  }

  const columns = {
    id: users.id,
    email: users.email,
    name: users.name,
    role: users.role,
    status: users.status,
    createdAt: users.createdAt,
    lastSignInAt: users.lastSignInAt,
    // JavaScript dates stop at milliseconds; the cursor needs PostgreSQL's microseconds.
    sortKey: sql<string | null>`${column}::text`,
  };
  const order = [sql`${column} desc nulls last`, sql`${users.id} desc nulls last`];
  // Two plans, chosen by how common the term is. A cheap probe counts matches of the term
  // alone, capped at RARE_LIMIT: a rare term is then found through the trigram indexes and
  // sorted (OFFSET 0 fences the subquery so the planner keeps that lookup); a common one by
  // walking the sort index until a page is full. The planner alone guesses LIKE '%term%'
  // selectivity badly and picks the wrong one.
  let rareTerm = false;
  if (textMatch && query.q!.length >= 3) {
    const probe = await db.select({ id: users.id }).from(users).where(textMatch).limit(RARE_LIMIT);
    rareTerm = probe.length < RARE_LIMIT;
  }
  const rows = rareTerm
    ? await db
        .select(columns)
        .from(users)
        .where(sql`${users.id} in (select ${users.id} from ${users} where ${and(...conditions)} offset 0)`)
        .orderBy(...order)
        .limit(PAGE_SIZE + 1)
    : await db
        .select(columns)
        .from(users)
        .where(and(...conditions))
        .orderBy(...order)
        .limit(PAGE_SIZE + 1);

  // Whether each shown invitation is still open: asked for this page's rows only, not for
  // every row the sort had to look at.
  const shown = rows.slice(0, PAGE_SIZE);
  const invited = shown.filter((r) => r.status === 'invited').map((r) => r.id);
  const open = new Set(
    invited.length === 0
      ? []
      : (
          await db
            .selectDistinct({ userId: oneTimeTokens.userId })
            .from(oneTimeTokens)
            .where(
              and(
                inArray(oneTimeTokens.userId, invited),
                eq(oneTimeTokens.purpose, 'welcome'),
                isNull(oneTimeTokens.usedAt),
                isNull(oneTimeTokens.voidedAt),
                gt(oneTimeTokens.expiresAt, sql`now()`),
              ),
            )
        ).map((r) => r.userId),
  );
  const page = shown.map(({ sortKey: _sortKey, ...row }) => ({ ...row, invitationOpen: open.has(row.id) }));
  const last = rows[Math.min(rows.length, PAGE_SIZE) - 1];
  const next = rows.length > PAGE_SIZE && last ? encodeCursor({ t: last.sortKey, id: last.id }) : null;
  return { rows: page, next };
}
