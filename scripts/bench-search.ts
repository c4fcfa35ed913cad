/**
 * `npm run bench:search`: the console's search over 1,000,000 accounts in PostgreSQL.
 * Seeds a bench database once (set-based INSERT … SELECT generate_series, not row by row),
 * then times searchAccounts() for a mix of realistic queries and prints p50/p95.
 *
 *   BENCH_DATABASE_URL  database to use (default: TEST_DATABASE_URL's server, database gatehouse_bench)
 *   BENCH_ACCOUNTS      how many accounts (default 1000000)
 *   BENCH_QUERIES       how many timed searches (default 300)
 */
import postgres from 'postgres';

const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const target = new URL(serverUrl);
if (!process.env.BENCH_DATABASE_URL) target.pathname = '/gatehouse_bench';
const accounts = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const queries = Number(process.env.BENCH_QUERIES ?? 300);

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
await getDb(); // migrates

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
  await sql`analyze users`;
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const [{ total }] = (await sql<{ total: number }[]>`select count(*)::int as total from users`) as unknown as [
  { total: number },
];

const terms = [
  'anna',
  'de vries',
  'jansen42',
  'ziggo',
  'noor.bakker',
  'hanna.smit1234',
  'kpnmail.nl',
  'van leeu',
  'eva',
  'mees.dekker99',
];
const filters: Record<string, string>[] = [
  {},
  { status: 'active' },
  { status: 'invitation_expired' },
  { role: 'counselor' },
  { sort: 'last_sign_in' },
];
const timings: number[] = [];
for (let i = 0; i < queries; i++) {
  const query = searchQuerySchema.parse({ q: terms[i % terms.length], ...filters[i % filters.length] });
  const start = performance.now();
  const first = await searchAccounts(query, OPERATOR);
  timings.push(performance.now() - start);
  if (i % 10 === 0 && first.next) {
    const s2 = performance.now();
    await searchAccounts({ ...query, after: first.next }, OPERATOR);
    timings.push(performance.now() - s2);
  }
}
timings.sort((a, b) => a - b);
const pct = (p: number) => timings[Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))]!;
console.log(
  `search over ${total.toLocaleString('en')} accounts, ${timings.length} searches (first and next pages, mixed filters)`,
);
console.log(
  `  p50 ${pct(50).toFixed(1)} ms   p95 ${pct(95).toFixed(1)} ms   max ${timings[timings.length - 1]!.toFixed(1)} ms   (target p95 < 50 ms)`,
);
await sql.end();
await closeDb();
