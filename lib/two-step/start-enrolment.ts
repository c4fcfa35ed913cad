/**
 * A person starts setting up two-step verification: a new secret, shown as a QR code and
 * as text, sealed into the ticket the confirm form carries (confirm-enrolment.ts).
 */
import 'server-only';
import QRCode from 'qrcode';
import { env } from '@/lib/env';
import { sealEnrolmentTicket } from './enrolment-ticket';
import { groupedSecret, newTotpSecret, otpauthUri } from './totp';

export interface EnrolmentStart {
  /** Sealed (secret, person, time): carried by the confirm form, so nothing is stored before a correct code. */
  ticket: string;
  /** The secret in groups of four, for typing into an app by hand. */
  secretText: string;
  /** The QR code as SVG markup (made here on the server; the page needs no script or image source). */
  qrSvg: string;
}

export async function startEnrolment(user: { id: string; email: string }): Promise<EnrolmentStart> {
  const secret = newTotpSecret();
  const uri = otpauthUri({ secret, account: user.email, issuer: env.PLATFORM_NAME });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { ticket: sealEnrolmentTicket(user.id, secret), secretText: groupedSecret(secret), qrSvg };
}
