/**
 * The console's account search: one text box over email and name (case-insensitive
 * substring, served by pg_trgm indexes), filters for status and role, two sort orders,
 * and keyset pagination (a cursor of the last row's sort key, so page 400 costs what
 * page 1 costs). Every combination of filters, term and page stays a bounded amount of
 * work at a million accounts; `npm run bench:search` measures the whole grid.
 */
import 'server-only';
import { and, eq, gt, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, withUnnamedStatements } from '@/lib/db/client';
import { rowsOf } from '@/lib/db/rows';
import type { Db } from '@/lib/db/types';
import { oneTimeTokens, roles, userStatuses, users, type Role, type UserStatus } from '@/lib/db/schema';
import type { Actor } from './actor';
import { hiddenRoles } from './permissions';

export const searchStatuses = ['invited', 'invitation_expired', 'active', 'deactivated'] as const;
export const searchSorts = ['created', 'last_sign_in'] as const;
export const PAGE_SIZE = 25;
/** A term with fewer matches than this is looked up through the trigram indexes, not walked. */
export const RARE_LIMIT = 1000;

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

/** Keyset condition: rows after the cursor in (column desc nulls last, id desc) order. */
function afterCursor(column: typeof users.createdAt | typeof users.lastSignInAt, cursor: Cursor): SQL[] {
  if (cursor.t === null) return [sql`(${column} is null and ${users.id} < ${cursor.id})`];
  // A row comparison, so the index walk starts at the cursor instead of filtering from the top.
  const before = sql`(${column}, ${users.id}) < (${cursor.t}::timestamptz, ${cursor.id}::uuid)`;
  // Never signed in sorts last: after a signed-in cursor come the earlier sign-ins, then every
  // never-signed-in row. Two index ranges, walked as two branches.
  return column === users.createdAt ? [before] : [before, sql`${column} is null`];
}

/** The (role, status) pairs a filter asks for: each pair is one range of the filter indexes. */
function rolesAndStatuses(query: SearchQuery, hidden: Role[]): [Role, UserStatus][] {
  const statuses: UserStatus[] =
    query.status === 'invited' || query.status === 'invitation_expired'
      ? ['invited']
      : query.status
        ? [query.status]
        : [...userStatuses];
  return (query.role ? [query.role] : roles.filter((r) => !hidden.includes(r))).flatMap((role) =>
    statuses.map((status): [Role, UserStatus] => [role, status]),
  );
}

/** Console search; its statements run unnamed, planned for each term and filter (withUnnamedStatements). */
export function searchAccounts(query: SearchQuery, actor: Actor) {
  return withUnnamedStatements(() => search(query, actor));
}

async function search(query: SearchQuery, actor: Actor) {
  const db = await getDb();
  const conditions: (SQL | undefined)[] = [];
  if (actor.kind === 'user' && actor.role === 'counselor') conditions.push(eq(users.counselorId, actor.id));
  // Helpdesk never sees application managers (canManageAccount): not in any plan below either.
  const hidden = hiddenRoles(actor);
  if (query.role && hidden.includes(query.role)) return { rows: [], next: null };
  if (hidden.length > 0) conditions.push(notInArray(users.role, hidden));
  let textMatch: SQL | undefined;
  if (query.q) {
    const pattern = containsPattern(query.q);
    textMatch = sql`(${users.email} like ${pattern} or lower(${users.name}) like ${pattern})`;
    conditions.push(textMatch);
  }
  // Users with an open welcome link: few (the invitations of the last 7 days), read from the
  // partial index one_time_tokens_open_welcome_idx alone. "Invited" starts from them (below);
  // "invitation expired" checks each walked row against them (a hashed subplan).
  const openWelcome = sql`select t.user_id from one_time_tokens t where t.purpose = 'welcome'
    and t.used_at is null and t.voided_at is null and t.expires_at > now()`;
  if (query.status === 'invitation_expired') conditions.push(sql`not ${users.id} in (${openWelcome})`);

  const byLastSignIn = query.sort === 'last_sign_in';
  const column = byLastSignIn ? users.lastSignInAt : users.createdAt;
  const cursor = decodeCursor(query.after);
  const ranges = cursor ? afterCursor(column, cursor) : [undefined];

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
  const order = sql`${column} desc nulls last, ${users.id} desc nulls last`;
  // Two plans, chosen by how common the term is. A cheap probe fetches the matches of the
  // term alone, capped at RARE_LIMIT (the trigram indexes). A rare term's matches (and, for
  // the "invited" filter, the accounts with an open invitation: the invitations of the last
  // 7 days) are then looked up by primary key, filtered and sorted. Otherwise the search
  // walks the sort order until a page is full. The planner alone guesses LIKE '%term%'
  // selectivity badly and picks the wrong one.
  let few: SQL | undefined;
  if (query.status === 'invited') {
    few = sql`array(${openWelcome})`;
  } else if (textMatch) {
    // Under 3 characters the trigram indexes cannot help and the probe reads the table: still
    // far cheaper than walking the sort index to its end for a pair of letters found nowhere.
    const probe = await db.select({ id: users.id }).from(users).where(textMatch).limit(RARE_LIMIT);
    if (probe.length === 0) return { rows: [], next: null };
    // Passed as one text parameter: the same on postgres-js and PGlite.
    if (probe.length < RARE_LIMIT)
      few = sql`string_to_array(${probe.map((r) => r.id).join(',')}, ',')::uuid[]`;
  }
  let candidates: SQL;
  if (few) {
    const filters = [...conditions, query.role && eq(users.role, query.role)];
    if (query.status)
      filters.push(eq(users.status, query.status === 'invitation_expired' ? 'invited' : query.status));
    if (cursor) filters.push(sql`(${sql.join(afterCursor(column, cursor), sql` or `)})`);
    // Each one by primary key (a fenced LATERAL): left to itself the planner may misjudge the
    // other filters and walk an index instead.
    candidates = sql`select c.id from unnest(${few}) as few(id)
      cross join lateral (select ${users.id} from ${users} where ${users.id} = few.id and ${and(...filters)} offset 0) c`;
  } else {
    // One walk per (role, status) pair and cursor range, each in index order and stopping at
    // a page: filters that match few rows, or none (an active counselor), cost no more than
    // common ones. Without filters, one walk of the sort index.
    const pairs = query.role || query.status ? rolesAndStatuses(query, hidden) : [undefined];
    const walks = pairs.flatMap((pair) =>
      ranges.map((range) => {
        const where = and(
          ...conditions,
          pair && eq(users.role, pair[0]),
          pair && eq(users.status, pair[1]),
          range,
        );
        return sql`(select ${users.id} from ${users} where ${where ?? sql`true`} order by ${order} limit ${PAGE_SIZE + 1})`;
      }),
    );
    candidates = sql.join(walks, sql` union all `);
  }
  const rows = await db
    .select(columns)
    .from(users)
    .where(sql`${users.id} in (${candidates})`)
    .orderBy(order)
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
  const refused = await refusedAddresses(
    db,
    shown.map((r) => r.id),
  );
  const page = shown.map(({ sortKey: _sortKey, ...row }) => ({
    ...row,
    invitationOpen: open.has(row.id),
    emailRefused: refused.has(row.id),
  }));
  const last = rows[Math.min(rows.length, PAGE_SIZE) - 1];
  const next = rows.length > PAGE_SIZE && last ? encodeCursor({ t: last.sortKey, id: last.id }) : null;
  return { rows: page, next };
}

/**
 * Which of this page's accounts have an address that refused or bounced our newest email to
 * it (lib/email/address-refusal.ts says the same for one account): the newest email per
 * account, by email_outbox_user_idx, for at most a page of accounts.
 */
async function refusedAddresses(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const newest = rowsOf<{ user_id: string; status: string }>(
    await db.execute(sql`
      select distinct on (o.user_id) o.user_id, o.status
      from email_outbox o join users u on u.id = o.user_id and o.to_address = u.email
      where o.user_id = any(string_to_array(${ids.join(',')}, ',')::uuid[])
      order by o.user_id, o.created_at desc`),
  );
  return new Set(
    newest.filter((r) => r.status === 'rejected' || r.status === 'bounced').map((r) => r.user_id),
  );
}
