/**
 * The dev mailbox: without SMTP_URL, emails are "delivered" here and read in the app by
 * application managers, under a banner saying nothing leaves the machine.
 */
import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox } from '@/lib/db/schema';
import { unseal } from '@/lib/security/sealed';
import { renderEmail, type EmailMessage } from './render';

export async function listMailbox(limit = 100) {
  const db = await getDb();
  return db
    .select({
      id: emailOutbox.id,
      toAddress: emailOutbox.toAddress,
      template: emailOutbox.template,
      subject: emailOutbox.subject,
      status: emailOutbox.status,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.createdAt))
    .limit(limit);
}

export async function readMailboxEmail(id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const db = await getDb();
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  if (!row?.payload) return null;
  const rendered = await renderEmail(unseal<EmailMessage>(row.payload));
  return { id: row.id, toAddress: row.toAddress, status: row.status, createdAt: row.createdAt, ...rendered };
}
