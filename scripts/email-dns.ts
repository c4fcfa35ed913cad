/**
 * `npm run email:dns`: prints the DNS records to publish for the configured sender (SPF,
 * DKIM, DMARC, and the bounce domain's MX), in zone-file form. Reads the same environment
 * as the app (EMAIL_FROM or APP_URL, DKIM_*, EMAIL_BOUNCE_ADDRESS, SMTP_URL's host).
 */
import { env } from '@/lib/env';
import { mailDnsRecords, zoneTxt } from '@/lib/email/dns-records';
import { dkimSettings, fromAddress, sendingDomain } from '@/lib/email/sender';

const dkim = dkimSettings();
const records = mailDnsRecords({
  sendingDomain: sendingDomain(),
  smtpHost: env.SMTP_URL ? new URL(env.SMTP_URL).hostname : undefined,
  dkim: dkim ? { selector: dkim.keySelector, domain: dkim.domainName, key: dkim.privateKey } : undefined,
  bounceAddress: env.EMAIL_BOUNCE_ADDRESS,
});

console.log(`; DNS records for email from ${fromAddress()}`);
if (!dkim) console.log('; DKIM_SELECTOR is not set: no DKIM record (emails go out unsigned).');
for (const r of records) {
  console.log(`\n; ${r.purpose}`);
  console.log(`${r.name}.\tIN\t${r.type}\t${r.type === 'TXT' ? zoneTxt(r.value) : r.value}`);
}
