/**
 * The enrolment ticket: the new secret, sealed with the person and the time, carried by
 * the confirm form, so nothing is stored before the person's app has made a right code.
 */
import 'server-only';
import { seal, unseal } from '@/lib/security/sealed';

/** An enrolment not confirmed within this time starts over with a new secret. */
const ENROLMENT_MINUTES = 30;
const PURPOSE = 'two-step-enrolment';

interface EnrolmentTicket {
  userId: string;
  secret: string;
  issuedAt: number;
}

export function sealEnrolmentTicket(userId: string, secret: string): string {
  return seal({ userId, secret, issuedAt: Date.now() } satisfies EnrolmentTicket, PURPOSE);
}

/** The secret, if the ticket was sealed for this person within the last 30 minutes. */
export function openEnrolmentTicket(ticket: string, userId: string): string | null {
  try {
    const t = unseal<EnrolmentTicket>(ticket, PURPOSE);
    if (t.userId !== userId || Date.now() - t.issuedAt > ENROLMENT_MINUTES * 60_000) return null;
    return t.secret;
  } catch {
    return null;
  }
}
