import 'server-only';
import type { Db } from '@/lib/db/types';
import { queueEmails } from '@/lib/email/outbox';
import { issueFirstLinks } from '@/lib/links/issue-first-links';
import { actorId, type Actor } from '../actor';
import { linkEmailMessage, type Recipient } from './send-link-email';

/**
 * sendLinkEmail('welcome') for many accounts just made in this transaction (an import), in
 * three statements instead of four per account: the same links and the same email.
 */
export async function sendWelcomeEmails(
  tx: Db,
  input: { recipients: readonly Recipient[]; actor: Actor; createdByName?: string },
): Promise<Map<string, { url: string; expiresAt: Date }>> {
  const links = await issueFirstLinks(
    tx,
    input.recipients.map((r) => ({
      userId: r.id,
      purpose: 'welcome' as const,
      sentTo: r.email,
      createdById: actorId(input.actor),
    })),
  );
  await queueEmails(
    tx,
    input.recipients.map((r) => {
      const link = links.get(r.id)!;
      return {
        to: r.email,
        userId: r.id,
        message: linkEmailMessage(r, 'welcome', link.url, link.expiresAt, input.createdByName),
      };
    }),
  );
  return links;
}
