/**
 * `npm run bench:search`: the console's search over 1,000,000 accounts in PostgreSQL.
 * Seeds a bench database once (set-based INSERT … SELECT generate_series, not row by row),
 * then times searchAccounts() over the whole grid of what the console can ask:
 * every status filter (and "any") × every role filter (and "any") × {no term, a rare term,
 * a common term, an absent term} × both sort orders, the first page and the next page of
 * each. It prints p50/p95/max against the goals and the slowest search with the
 * EXPLAIN (ANALYZE, BUFFERS) plan of its slowest statement.
 *
 *   BENCH_DATABASE_URL  database to use (default: TEST_DATABASE_URL's server, database gatehouse_bench)
 *   BENCH_ACCOUNTS      how many accounts (default 1000000)
 *   BENCH_ROUNDS        how many times the grid is timed, after one untimed warm-up (default 3)
 */
import postgres from 'postgres';

const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const target = new URL(serverUrl);
if (!process.env.BENCH_DATABASE_URL) target.pathname = '/gatehouse_bench';
const accounts = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const GOAL_P95_MS = 30;
const GOAL_MAX_MS = 100;

const admin = new URL(target);
admin.pathname = '/postgres';
const adminSql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
const name = target.pathname.slice(1);
const [exists] = await adminSql`select 1 from pg_database where datname = ${name}`;
if (!exists) await adminSql.unsafe(`create database ${name}`);
await adminSql.end();

// The app's modules read their configuration from the environment: point them at the bench database.
process.env.DATABASE_URL = target.toString();
process.env.SMTP_URL ??= 'smtp://127.0.0.1:9';
const { getDb, closeDb } = await import('@/lib/db/client');
const { searchAccounts, searchQuerySchema } = await import('@/lib/accounts/search-accounts');
const { OPERATOR } = await import('@/lib/accounts/actor');
const db = await getDb(); // migrates

const sql = postgres(target.toString(), { max: 1, onnotice: () => {} });
const [{ n }] = (await sql<{ n: number }[]>`select count(*)::int as n from users`) as unknown as [
  { n: number },
];
if (n < accounts) {
  const started = performance.now();
  console.log(`seeding ${accounts - n} accounts…`);
  await sql.unsafe(`
    insert into users (email, name, role, status, password_hash, created_at, last_sign_in_at)
    select
      lower(f.first) || '.' || lower(l.last) || i || '@' || (array['gmail.com','hotmail.com','ziggo.nl','kpnmail.nl','outlook.com','zorg-noord.nl'])[1 + abs(hashint4(i + 31)) % 6],
      f.first || ' ' || l.last,
      (case when i % 50 = 0 then 'counselor' when i % 500 = 0 then 'helpdesk' else 'client' end)::role,
      (case when i % 10 = 0 then 'invited' when i % 37 = 0 then 'deactivated' else 'active' end)::user_status,
      null,
      now() - (i % 1000) * interval '1 day' - (i % 86400) * interval '1 second',
      case when i % 10 = 0 then null else now() - (i % 97) * interval '1 hour' end
    from generate_series(${n + 1}, ${accounts}) as i
    -- Names drawn independently of status and role (hashes of i), from pools of 40 and 40.
    cross join lateral (select (array['Anna','Bram','Chantal','Daan','Eva','Fleur','Gijs','Hanna','Ilse','Jan','Kees','Lotte','Mees','Noor','Otto','Puck','Ruben','Sanne','Thijs','Vera','Amira','Bas','Cor','Dewi','Emma','Femke','Guus','Hugo','Iris','Joris','Koen','Lars','Milan','Nadia','Olaf','Pim','Roos','Sem','Tess','Yara'])[1 + abs(hashint4(i)) % 40] as first) f
    cross join lateral (select (array['de Vries','Jansen','Bakker','Visser','Smit','Meijer','de Boer','Mulder','de Groot','Bos','Vos','Peters','Hendriks','van Leeuwen','Dekker','Brouwer','de Wit','Dijkstra','Smits','de Graaf','van der Meer','van Dijk','Kok','Jacobs','de Haan','Vermeulen','van den Berg','van der Linden','Schouten','Willems','Hoekstra','Koster','Prins','Huisman','Peeters','Kuipers','van Wijk','Post','Kuiper','Veenstra'])[1 + abs(hashint4(i + 7919)) % 40] as last) l
  `);
  // As autovacuum would have by now: statistics, and the visibility map for index-only scans.
  await sql`vacuum analyze users`;
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
// Every account got a welcome link when it was made, valid 7 days: used by everyone who
// activated, still open for invitations of the last week, expired for older ones. Without
// them the "invited" (open link) and "invitation expired" filters would not be measured
// against what they meet in production. Added once, also to a database seeded before.
const [{ links }] = (await sql<
  { links: number }[]
>`select count(*)::int as links from one_time_tokens where purpose = 'welcome'`) as unknown as [
  { links: number },
];
if (links === 0) {
  const started = performance.now();
  console.log('seeding a welcome link per account…');
  await sql.unsafe(`
    insert into one_time_tokens (purpose, user_id, token_hash, sent_to, created_at, expires_at, used_at)
    select 'welcome', u.id, encode(sha256(convert_to(u.id::text, 'UTF8')), 'hex'), u.email, u.created_at,
      u.created_at + interval '7 days',
      case when u.status = 'invited' then null else least(u.created_at + interval '1 hour', now()) end
    from users u
  `);
  await sql`vacuum analyze one_time_tokens`;
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const [{ total }] = (await sql<{ total: number }[]>`select count(*)::int as total from users`) as unknown as [
  { total: number },
];

// Record each statement the search sends (drizzle calls the postgres-js client's unsafe()),
// so the slowest can be explained afterwards. Works on any version of searchAccounts.
type Statement = { text: string; params: unknown[] };
let recording: Statement[] | null = null;
const client = (db as unknown as { $client?: { unsafe: (...args: unknown[]) => unknown } }).$client;
if (client) {
  const unsafe = client.unsafe.bind(client);
  client.unsafe = (text: unknown, params: unknown, ...rest: unknown[]) => {
    recording?.push({ text: String(text), params: (params as unknown[]) ?? [] });
    return unsafe(text, params, ...rest);
  };
}

const terms: Record<string, string | undefined> = {
  none: undefined,
  rare: 'hanna.smit1234', // a few accounts
  common: 'anna', // Anna and Hanna, in names and emails: ~5% of accounts
  absent: 'vries.anna', // every trigram is common, the string itself never occurs
};
const statuses = ['any', 'invited', 'invitation_expired', 'active', 'deactivated'];
const roleFilters = ['any', 'client', 'counselor', 'helpdesk', 'application_manager'];
const sorts = ['created', 'last_sign_in'];
const grid: { label: string; input: Record<string, string | undefined> }[] = [];
for (const status of statuses)
  for (const role of roleFilters)
    for (const [kind, q] of Object.entries(terms))
      for (const sort of sorts)
        grid.push({
          label: `status=${status} role=${role} term=${kind}${q ? ` "${q}"` : ''} sort=${sort}`,
          input: {
            q,
            sort,
            status: status === 'any' ? undefined : status,
            role: role === 'any' ? undefined : role,
          },
        });

type Timed = { label: string; query: ReturnType<typeof searchQuerySchema.parse>; ms: number };
async function timeSearch(label: string, query: Timed['query']) {
  const start = performance.now();
  const result = await searchAccounts(query, OPERATOR);
  return { timed: { label, query, ms: performance.now() - start }, result };
}

async function runGrid(): Promise<Timed[]> {
  const out: Timed[] = [];
  for (const { label, input } of grid) {
    const query = searchQuerySchema.parse(input);
    const first = await timeSearch(`${label} page=first`, query);
    out.push(first.timed);
    if (first.result.next) {
      const next = await timeSearch(`${label} page=next`, { ...query, after: first.result.next });
      out.push(next.timed);
    }
  }
  return out;
}

await runGrid(); // warm-up: caches, plans, connections
const timings: Timed[] = [];
for (let r = 0; r < rounds; r++) timings.push(...(await runGrid()));

const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const max = sorted[sorted.length - 1]!;
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
console.log(
  `search over ${total.toLocaleString('en')} accounts: ${grid.length} filter/term/sort combinations, first and next pages, ` +
    `${timings.length} timed searches (${rounds} rounds after a warm-up)`,
);
console.log(
  `  p50 ${pct(50).toFixed(1)} ms   p95 ${pct(95).toFixed(1)} ms (goal < ${GOAL_P95_MS} ms: ${verdict(pct(95) < GOAL_P95_MS)})` +
    `   max ${max.toFixed(1)} ms (goal < ${GOAL_MAX_MS} ms: ${verdict(max < GOAL_MAX_MS)})`,
);

// The slowest kinds of search, each by its median over the rounds (one slow run may be noise).
const byLabel = new Map<string, Timed[]>();
for (const t of timings) byLabel.set(t.label, [...(byLabel.get(t.label) ?? []), t]);
const medians = [...byLabel.values()]
  .map((runs) => {
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    return { ...runs[0]!, median: ms[Math.floor(ms.length / 2)]!, max: ms[ms.length - 1]! };
  })
  .sort((a, b) => b.median - a.median);
console.log('  slowest (median / max of the rounds):');
for (const m of medians.slice(0, 5))
  console.log(`    ${m.median.toFixed(1).padStart(7)} / ${m.max.toFixed(1).padStart(7)} ms  ${m.label}`);

// Outside the goal grid, the known weak spots: a term under 3 characters gets no help from
// the trigram indexes; a term with somewhat more matches than RARE_LIMIT is walked in sort
// order, about 26 / (its share of the accounts) rows.
for (const [q, what] of [
  ['an', '2 letters, common'],
  ['qz', '2 letters, found nowhere'],
  ['anna.bakker', '~1,250 matches, just over the rare limit'],
]) {
  const { timed } = await timeSearch(q!, searchQuerySchema.parse({ q }));
  console.log(`  outside the grid: "${q}" (${what}): ${timed.ms.toFixed(1)} ms`);
}

// The slowest search once more, its statements recorded, and the plan of the slowest of them.
const slowest = medians[0]!;
recording = [];
await searchAccounts(slowest.query, OPERATOR);
const statements: Statement[] = recording;
recording = null;
if (statements.length === 0) console.log('  (no statements recorded: cannot explain)');
let worst: { ms: number; plan: string } | null = null;
for (const s of statements) {
  const rows = await sql.unsafe(
    `explain (analyze, buffers) ${s.text}`,
    s.params as postgres.ParameterOrJSON<never>[],
  );
  const plan = rows.map((r) => (r as Record<string, string>)['QUERY PLAN']).join('\n');
  const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
  if (!worst || ms > worst.ms) worst = { ms, plan };
}
if (worst) {
  console.log(`\nslowest search: ${slowest.label} (${statements.length} statements); its slowest statement:`);
  console.log(worst.plan.replace(/^/gm, '  '));
}
await sql.end();
await closeDb();
