import { describe, expect, it } from 'vitest';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { smtpOptionsFromUrl } from './smtp-url';

const URLS = [
  'smtp://127.0.0.1:2525',
  'smtps://mail.example.org',
  'smtp://user%40example.org:p%3Ass%2Fw@mail.example.org:587',
  'smtp://relay.example.org:25?tls.rejectUnauthorized=false&requireTLS=true&connectionTimeout=5000',
  'smtp://relay.example.org?name=gatehouse.example.org&tls.servername=mx.example.org',
];

describe('smtpOptionsFromUrl', () => {
  it.each(URLS)('reads %s as nodemailer does', (url) => {
    expect(smtpOptionsFromUrl(url)).toEqual(parseConnectionUrl(url));
  });

  it('gives secure, host, port and the decoded user and password', () => {
    expect(smtpOptionsFromUrl('smtps://me%40x.org:a%3Ab@mail.example.org:465')).toEqual({
      secure: true,
      host: 'mail.example.org',
      port: 465,
      auth: { user: 'me@x.org', pass: 'a:b' },
    });
  });
});
