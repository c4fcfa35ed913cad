import { describe, expect, it } from 'vitest';
import en from '@/lib/i18n/messages/en.json';
import nl from '@/lib/i18n/messages/nl.json';
import { describeEvent, groupEvents, type AuditEventRow } from './describe';

const lookup = (catalog: Record<string, unknown>, key: string) =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], catalog);

const ACTIONS: [string, Record<string, unknown>][] = [
  ['sign_in.succeeded', {}],
  ['sign_in.failed', { reason: 'wrong_password' }],
  ['sign_in.failed', { reason: 'something new' }],
  ['sign_in.throttled', { reason: 'blocked' }],
  ['password_reset.requested', { outcome: 'no_account', emailDomain: 'example.org' }],
  ['password_reset.failed', { linkState: 'used' }],
  ['welcome.resent', { via: 'command line' }],
  ['welcome.bulk_resent', { resent: 12, skipped: 0 }],
  ['sign_in.unblocked', {}],
  ['account.email_changed', { before: 'a@example.org', after: 'b@example.org' }],
  ['account.email_change_requested', { before: 'a@example.org', after: 'b@example.org' }],
  ['account.email_change_withdrawn', {}],
  ['account.email_change_cancelled', {}],
  ['sign_in.failed', { reason: 'wrong_current_password', during: 'email_change' }],
  ['account.deactivated', { reason: 'moved away' }],
  ['account.deactivated', { reason: null }],
  ['account.language_changed', { before: null, after: 'nl' }],
  ['sign_out', {}],
  ['two_step.enabled', {}],
  ['two_step.verified', { via: 'recovery_code' }],
  ['two_step.failed', { reason: 'code_already_used' }],
  ['two_step.throttled', { reason: 'account' }],
  ['two_step.reset', { via: 'console' }],
  ['second_look.passed', { via: 'password' }],
  ['account.sessions_ended', { sessions: 2 }],
  ['account.sessions_ended', { sessions: 1, reason: 'left signed in at the library' }],
  ['session.ended', { scope: 'one', sessions: 1 }],
  ['two_step.recovery_codes_renewed', {}],
  ['session.ended', { scope: 'others', sessions: 3 }],
  ['something.else', {}],
];

describe('audit events in plain words', () => {
  it.each(ACTIONS)('%s %j has a sentence in English and Dutch', (action, details) => {
    const { key } = describeEvent({ action, details });
    expect(typeof lookup(en.events, key)).toBe('string');
    expect(typeof lookup(nl.events, key)).toBe('string');
  });

  it('names the variant and carries the values a sentence needs', () => {
    expect(describeEvent({ action: 'password_reset.failed', details: { linkState: 'used' } })).toEqual({
      key: 'passwordResetFailed.used',
      values: {},
    });
    expect(
      describeEvent({ action: 'account.email_changed', details: { before: 'a@x.org', after: 'b@x.org' } }),
    ).toEqual({
      key: 'accountEmailChanged',
      values: { before: 'a@x.org', after: 'b@x.org' },
    });
    expect(describeEvent({ action: 'sign_in.failed', details: { reason: 'something new' } }).key).toBe(
      'signInFailed.other',
    );
    // Applications registered in the console or on the command line, by name.
    expect(
      describeEvent({ action: 'oidc.client_secret_rotated', details: { clientId: 'abc', name: 'Care app' } }),
    ).toEqual({ key: 'oidcClientSecretRotated', values: { name: 'Care app' } });
    expect(describeEvent({ action: 'something.else', details: {} })).toEqual({
      key: 'unknown',
      values: { action: 'something.else' },
    });
  });

  it('groups a run of the same event, and only consecutive ones', () => {
    let id = 100;
    const event = (action: string, details: Record<string, unknown>, ip = '192.0.2.1'): AuditEventRow => ({
      id: id--,
      at: new Date(id * 1000),
      action,
      details,
      ip,
    });
    const events = [
      ...Array.from({ length: 19 }, () => event('password_reset.failed', { linkState: 'used' })),
      event('password_reset.failed', { linkState: 'expired' }),
      event('password_reset.failed', { linkState: 'used' }, '192.0.2.2'),
      event('password_reset.failed', { linkState: 'used' }, '192.0.2.2'),
      event('sign_in.succeeded', {}),
    ];
    const groups = groupEvents(events);
    expect(groups.map((g) => [g.description.key, g.count])).toEqual([
      ['passwordResetFailed.used', 19],
      ['passwordResetFailed.expired', 1],
      ['passwordResetFailed.used', 2],
      ['signInSucceeded', 1],
    ]);
    expect(groups[0]!.first).toBe(events[0]);
    expect(groups[0]!.last).toBe(events[18]);
  });
});
