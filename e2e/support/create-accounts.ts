/**
 * Makes many invited accounts at once through the real domain function (the one the console
 * and the command line use; each queues its welcome email), in one process, for tests that
 * need a crowd: `npx tsx --import ./scripts/allow-server-only.mjs e2e/support/create-accounts.ts COUNT PREFIX`.
 * Prints the addresses as JSON.
 */
import { OPERATOR } from '@/lib/accounts/actor';
import { createAccount } from '@/lib/accounts/create-account';
import { closeDb } from '@/lib/db/client';

const [count = '1', prefix = 'crowd'] = process.argv.slice(2);
const stamp = Date.now().toString(36);
const emails: string[] = [];
for (let i = 0; i < Number(count); i++) {
  const email = `${prefix}.${stamp}.${i}@example.org`;
  const result = await createAccount({ email, name: `Crowd Member ${i}`, role: 'client', actor: OPERATOR });
  if (!result.ok) throw new Error(`could not create ${email}: ${result.code}`);
  emails.push(email);
}
await closeDb();
console.log(JSON.stringify(emails));
