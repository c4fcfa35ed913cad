/**
 * Who an email is from, as receiving mail servers check it: the From address and its
 * domain, the Message-ID on that domain, the DKIM key that signs for it, and the envelope
 * sender (Return-Path) that bounces go back to.
 *
 * The envelope sender is per message (VERP): `bounces+<outbox id><check>@domain`, where the
 * check is 8 hex characters of an HMAC of the id (key derived from AUTH_SECRET). A bounce
 * report arriving at that address names the email it is about, and one sent to a made-up
 * address is recognised as such: outbox ids are not secret (they are in the Message-ID),
 * the check is.
 */
import 'server-only';
import fs from 'node:fs';
import { createHmac, createPrivateKey, hkdfSync, timingSafeEqual } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import { authSecret } from '@/lib/security/secret';
import { env } from '@/lib/env';

/** The From header: EMAIL_FROM, else the platform's name at no-reply@ APP_URL's host. */
export function fromAddress(): string {
  if (env.EMAIL_FROM) return env.EMAIL_FROM;
  const name = env.PLATFORM_NAME.replace(/["\\]/g, '');
  return `"${name}" <no-reply@${new URL(env.APP_URL).hostname}>`;
}

/** The domain of a From address ("Name" <a@b.example> -> b.example), lower-cased. */
export function domainOf(from: string): string {
  const [parsed] = addressparser(from, { flatten: true });
  const address = parsed?.address ?? from;
  return (address.split('@')[1] ?? '').toLowerCase();
}

/** The sending domain: where Message-IDs, DKIM signatures and SPF records live. */
export function sendingDomain(): string {
  return domainOf(fromAddress());
}

/**
 * The Message-ID of an outbox row, the same at every attempt. Delivery is at least once (a
 * worker that dies after the SMTP server accepted a message, but before recording it,
 * leaves the row to be sent again when its claim lapses); a repeat carries the same id, so
 * mail systems and people can recognise it as the same message.
 */
export function messageIdFor(outboxId: string): string {
  return `<${outboxId}@${sendingDomain()}>`;
}

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

let dkimCache: { settings: DkimSettings | null } | undefined;

/**
 * The DKIM settings nodemailer signs with, or null when DKIM_SELECTOR is unset. The key is
 * read (and checked to be a private key) once; a wrong key stops the worker at start-up.
 */
export function dkimSettings(): DkimSettings | null {
  if (dkimCache) return dkimCache.settings;
  let settings: DkimSettings | null = null;
  if (env.DKIM_SELECTOR) {
    const privateKey = env.DKIM_PRIVATE_KEY ?? fs.readFileSync(env.DKIM_PRIVATE_KEY_FILE!, 'utf8');
    try {
      createPrivateKey(privateKey);
    } catch {
      throw new Error(
        env.DKIM_PRIVATE_KEY_FILE
          ? `DKIM_PRIVATE_KEY_FILE (${env.DKIM_PRIVATE_KEY_FILE}) does not hold a PEM private key`
          : 'DKIM_PRIVATE_KEY is not a PEM private key',
      );
    }
    settings = {
      domainName: env.DKIM_DOMAIN ?? sendingDomain(),
      keySelector: env.DKIM_SELECTOR,
      privateKey,
    };
  }
  dkimCache = { settings };
  return settings;
}

let checkKey: Buffer | undefined;
function bounceCheck(compactId: string): string {
  checkKey ??= Buffer.from(hkdfSync('sha256', authSecret(), 'gatehouse', 'email-bounce-address', 32));
  return createHmac('sha256', checkKey).update(compactId).digest('hex').slice(0, 8);
}

/** The envelope sender for one email (VERP), or null without EMAIL_BOUNCE_ADDRESS. */
export function bounceAddressFor(outboxId: string): string | null {
  if (!env.EMAIL_BOUNCE_ADDRESS) return null;
  const [local, domain] = env.EMAIL_BOUNCE_ADDRESS.split('@');
  const compact = outboxId.replace(/-/g, '').toLowerCase();
  return `${local}+${compact}${bounceCheck(compact)}@${domain}`;
}

/**
 * The outbox id a bounce address names, when the address is one of ours and its check
 * holds; otherwise null (a made-up or mangled address). Case-insensitive: some mail
 * servers change the case of the local part.
 */
export function outboxIdFromBounceAddress(address: string): string | null {
  if (!env.EMAIL_BOUNCE_ADDRESS) return null;
  const [local, domain] = env.EMAIL_BOUNCE_ADDRESS.split('@');
  const match = /^([^@+]+)\+([0-9a-f]{32})([0-9a-f]{8})@(.+)$/.exec(address.trim().toLowerCase());
  if (!match || match[1] !== local || match[4] !== domain) return null;
  const [, , compact, check] = match as unknown as [string, string, string, string];
  if (!timingSafeEqual(Buffer.from(check), Buffer.from(bounceCheck(compact)))) return null;
  return `${compact.slice(0, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}-${compact.slice(16, 20)}-${compact.slice(20)}`;
}
