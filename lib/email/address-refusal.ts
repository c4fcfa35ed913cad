/**
 * Whether an account's address is known not to take our email: the newest email to the
 * address the account has now was refused at sending (rejected) or bounced later. Pure: the
 * account page, the account list's query and the console's live notice agree through it.
 *
 * Only the newest email to the current address counts: once staff correct the address, the
 * old refusal is about an address the account no longer has; once an email to the same
 * address goes out again and is accepted, the refusal is history.
 */
import { refusalKind, type RefusalKind } from './smtp-refusal';

export interface EmailForRefusal {
  toAddress: string;
  status: string;
  lastError: string | null;
  createdAt: Date;
  refusedAt?: Date | null;
}

export interface AddressRefusal {
  status: 'rejected' | 'bounced';
  kind: RefusalKind;
  /** The receiving server's reply or report, as stored. */
  reply: string;
  at: Date | null;
}

export function addressRefusal(
  emails: readonly EmailForRefusal[],
  currentAddress: string,
): AddressRefusal | null {
  const newest = emails
    .filter((e) => e.toAddress.toLowerCase() === currentAddress.toLowerCase())
    .reduce<EmailForRefusal | null>((a, e) => (!a || e.createdAt > a.createdAt ? e : a), null);
  if (!newest || (newest.status !== 'rejected' && newest.status !== 'bounced')) return null;
  return {
    status: newest.status,
    kind: refusalKind(newest.lastError),
    reply: newest.lastError ?? '',
    at: newest.refusedAt ?? null,
  };
}
