/**
 * SMTP_URL as nodemailer's options: `smtp://` or `smtps://` (TLS from the start), the port,
 * the host, user and password, and query settings (`?tls.rejectUnauthorized=false`,
 * `?requireTLS=true`, numbers and true/false as such), as nodemailer's own reading of a URL.
 *
 * Read with the WHATWG URL parser, not nodemailer's (lib/shared's parseConnectionUrl calls
 * Node's url.parse(): bundled into Next's server code it made Node 24 print DEP0169, "url.parse()
 * behavior is not standardized", at start-up).
 */
import type SMTPPool from 'nodemailer/lib/smtp-pool';

type Settings = Record<string, unknown>;

export function smtpOptionsFromUrl(url: string): Partial<SMTPPool.Options> {
  const parsed = new URL(url);
  const options: Settings = {};
  if (parsed.protocol === 'smtp:') options.secure = false;
  if (parsed.protocol === 'smtps:') options.secure = true;
  if (Number(parsed.port)) options.port = Number(parsed.port);
  if (parsed.hostname) options.host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (parsed.username || parsed.password)
    options.auth = { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) };
  for (const [key, raw] of parsed.searchParams) {
    const value =
      raw !== '' && !isNaN(Number(raw)) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
    // tls.* is the one nested object; other dotted names are ignored, as nodemailer does.
    const [target, name] = key.startsWith('tls.')
      ? [(options.tls ??= {}) as Settings, key.slice(4)]
      : [options, key];
    if (name.includes('.') || name in target) continue;
    target[name] = value;
  }
  return options as Partial<SMTPPool.Options>;
}
