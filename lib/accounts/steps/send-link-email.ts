import 'server-only';
import type { Db } from '@/lib/db/types';
import { commonEmailProps } from '@/lib/email/common-props';
import { queueEmail } from '@/lib/email/outbox';
import type { EmailMessage } from '@/lib/email/render';
import { issueLink } from '@/lib/links/issue-link';
import { actorId, type Actor } from '../actor';

export interface Recipient {
  id: string;
  email: string;
  name: string;
  locale: string | null;
}

const TEMPLATE = { welcome: 'welcome', reset: 'reset-password', unblock: 'unblock' } as const;
export type LinkEmailPurpose = keyof typeof TEMPLATE;

/**
 * Issues a link of this purpose (voiding the person's earlier one) and queues the email
 * that carries it, in the recipient's language. `to` is the address on the account unless
 * the link goes to a corrected one; `createdByName` is who the welcome email says made
 * the account. Returns the link, which the command line prints.
 */
export async function sendLinkEmail(
  tx: Db,
  input: {
    recipient: Recipient;
    purpose: LinkEmailPurpose;
    actor: Actor;
    to?: string;
    createdByName?: string;
  },
): Promise<{ url: string; expiresAt: Date }> {
  const { recipient, purpose, actor } = input;
  const to = input.to ?? recipient.email;
  const { url, expiresAt } = await issueLink(tx, {
    userId: recipient.id,
    purpose,
    sentTo: to,
    createdById: actorId(actor),
  });
  await queueEmail(tx, {
    to,
    userId: recipient.id,
    message: linkEmailMessage(recipient, purpose, url, expiresAt, input.createdByName),
  });
  return { url, expiresAt };
}

/** The email that carries a link, in the recipient's language (also for sendWelcomeEmails). */
export function linkEmailMessage(
  recipient: Recipient,
  purpose: LinkEmailPurpose,
  url: string,
  expiresAt: Date,
  createdByName: string | undefined,
): EmailMessage {
  const props = {
    ...commonEmailProps(recipient.name, recipient.locale),
    link: url,
    expiresAt: expiresAt.toISOString(),
  };
  return purpose === 'welcome'
    ? { template: TEMPLATE[purpose], props: { ...props, createdByName } }
    : { template: TEMPLATE[purpose], props };
}
