/**
 * The accounts command line: parsing and running one command, returning what to print.
 * It runs wherever the database is: in this process, or inside the running app when
 * the embedded database belongs to it (see control-socket.ts).
 */
import 'server-only';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { roles } from '@/lib/db/schema';
import { createAccount } from '@/lib/accounts/create-account';
import { deactivateAccount } from '@/lib/accounts/deactivate-account';
import { reactivateAccount } from '@/lib/accounts/reactivate-account';
import { findAccountByEmail } from '@/lib/accounts/find-account-by-email';
import { listAccounts } from '@/lib/accounts/list-accounts';
import { OPERATOR } from '@/lib/accounts/actor';
import { resendWelcome } from '@/lib/accounts/resend-welcome';
import { emailField } from '@/lib/validation/fields';
import { runImportCommand } from '@/lib/accounts/import/command';

export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export const USAGE = `Usage: npm run accounts -- <command> [options]

Commands:
  create --email E --name N --role ROLE [--counselor EMAIL] [--locale nl|en]
      Create an account (status "invited"), queue its welcome email and print the same
      one-time set-password link, valid once and for 7 days.
      ROLE is one of: ${roles.join(', ')}. --counselor names the counselor of a client.
  resend --email E
      Send a new welcome email; the previous link stops working at once.
  import FILE.csv [--dry-run] [--skip-problems]
      Create the accounts in a CSV file (header row: name, email, role, counselor email,
      language; comma or semicolon; UTF-8), at most 5,000 rows, each with a welcome email.
      Every row is checked first; with problems nothing is created unless --skip-problems
      leaves those rows out. Addresses that already have an account are skipped, so the
      same file can be imported again. --dry-run only prints the checks.
  list
      List every account with its role and status.
  deactivate --email E [--reason TEXT]
      Stop the person from signing in and end their sessions. Nothing is deleted.
  reactivate --email E
      Let the person sign in again (a new welcome link is printed if they never chose a password).
  help
      Show this text.
`;

const ok = (stdout: string): CommandOutput => ({ code: 0, stdout, stderr: '' });
const fail = (message: string, code = 1): CommandOutput => ({ code, stdout: '', stderr: `${message}\n` });
const usage = (message: string): CommandOutput => ({ code: 2, stdout: '', stderr: `${message}\n\n${USAGE}` });

const createOptions = z.object({
  email: emailField,
  name: z.string().trim().min(1, 'name must not be empty').max(200, 'name is at most 200 characters'),
  role: z.enum(roles, { error: `role must be one of: ${roles.join(', ')}` }),
  counselor: emailField.optional(),
  locale: z.enum(['nl', 'en'], { error: 'locale must be nl or en' }).optional(),
});

function explain(error: z.ZodError): string {
  return error.issues
    .map(
      (i) =>
        `--${String(i.path[0])}: ${i.message.startsWith('validation.') ? 'not a valid email address' : i.message}`,
    )
    .join('\n');
}

export async function runAccountsCommand(argv: string[]): Promise<CommandOutput> {
  const [command, ...rest] = argv;
  if (command === 'import') {
    const out = await runImportCommand(rest);
    return out.stderr === 'usage'
      ? usage('import takes one FILE.csv and optionally --dry-run, --skip-problems')
      : out;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        counselor: { type: 'string' },
        reason: { type: 'string' },
        locale: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return usage((err as Error).message);
  }

  switch (command) {
    case 'create': {
      const parsed = createOptions.safeParse(values);
      if (!parsed.success) return usage(explain(parsed.error));
      const { email, name, role, counselor, locale } = parsed.data;
      if (counselor && role !== 'client') return usage('--counselor is only for accounts with --role client');
      const result = await createAccount({
        email,
        name,
        role,
        counselorEmail: counselor,
        locale,
        actor: OPERATOR,
      });
      if (!result.ok) {
        if (result.code === 'email_taken')
          return fail(`An account with the email address ${email} already exists.`);
        if (result.code === 'counselor_not_found')
          return fail(`No counselor account has the email address ${counselor}.`);
        return fail(`Could not create the account (${result.code}).`);
      }
      return ok(
        `Created ${role} account for ${name} <${email}> (status: invited).\n` +
          `Welcome email queued. Set-password link (works once, until ${result.expiresAt.toISOString()}):\n${result.welcomeUrl}\n`,
      );
    }
    case 'resend': {
      const email = emailField.safeParse(values.email);
      if (!email.success) return usage('--email: a valid email address is required');
      const account = await findAccountByEmail(email.data);
      if (!account) return fail(`No account has the email address ${email.data}.`);
      const result = await resendWelcome({ userId: account.id, actor: OPERATOR });
      if (!result.ok) {
        return fail(
          result.code === 'not_invited'
            ? `${email.data} has already chosen a password (status: ${account.status}); they can use "Forgot password?" instead.`
            : `Could not resend (${result.code}).`,
        );
      }
      return ok(
        `New welcome email queued for ${email.data}; the previous link no longer works.\nSet-password link (works once, until ${result.expiresAt.toISOString()}):\n${result.welcomeUrl}\n`,
      );
    }
    case 'list': {
      const rows = await listAccounts();
      if (rows.length === 0) return ok('No accounts.\n');
      const lines = rows.map((r) =>
        [
          r.email,
          r.role,
          r.status,
          r.name,
          r.counselorEmail ? `counselor: ${r.counselorEmail}` : '',
          r.lastSignInAt ? `last sign-in: ${r.lastSignInAt.toISOString()}` : '',
        ]
          .filter(Boolean)
          .join('\t'),
      );
      return ok(`${lines.join('\n')}\n${rows.length} account(s)\n`);
    }
    case 'deactivate': {
      const email = emailField.safeParse(values.email);
      if (!email.success) return usage('--email: a valid email address is required');
      const result = await deactivateAccount({
        account: { email: email.data },
        actor: OPERATOR,
        reason: typeof values.reason === 'string' ? values.reason : null,
      });
      if (!result.ok)
        return fail(
          result.code === 'not_found'
            ? `No account has the email address ${email.data}.`
            : `${email.data} is already deactivated.`,
        );
      return ok(`Deactivated ${email.data}. Their sessions have ended; all data is kept.\n`);
    }
    case 'reactivate': {
      const email = emailField.safeParse(values.email);
      if (!email.success) return usage('--email: a valid email address is required');
      const result = await reactivateAccount({ account: { email: email.data }, actor: OPERATOR });
      if (!result.ok)
        return fail(
          result.code === 'not_found'
            ? `No account has the email address ${email.data}.`
            : `${email.data} is not deactivated.`,
        );
      return ok(
        result.welcomeUrl
          ? `Reactivated ${email.data} (status: invited). New set-password link:\n${result.welcomeUrl}\n`
          : `Reactivated ${email.data}. They can sign in with their password again.\n`,
      );
    }
    case 'help':
    case '--help':
    case '-h':
      return ok(USAGE);
    case undefined:
      return usage('No command given.');
    default:
      return usage(`Unknown command "${command}".`);
  }
}
