import { describe, expect, it } from 'vitest';
import type { Role } from '@/lib/db/schema';
import { OPERATOR, selfService, type Actor } from './actor';
import {
  canChangeEmail,
  canChangeRole,
  canFixAccount,
  canManageAccount,
  canResetTwoStep,
  creatableRoles,
  importableRoles,
} from './permissions';

const user = (role: Role, id = 'actor-1'): Actor => ({ kind: 'user', id, role, name: 'A' });

describe('permissions', () => {
  it.each([
    [user('client'), []],
    [user('counselor'), ['client']],
    // Issue 26, finding 5: staff accounts are an application manager's job, by hand as by import.
    [user('helpdesk'), ['client']],
    [user('application_manager'), ['client', 'counselor', 'helpdesk', 'application_manager']],
    [OPERATOR, ['client', 'counselor', 'helpdesk', 'application_manager']],
  ] as [Actor, Role[]][])('%j may create %j', (actor, roles) => {
    expect(creatableRoles(actor)).toEqual(roles);
  });

  it.each([
    [user('client'), []],
    [user('counselor'), ['client']],
    [user('helpdesk'), ['client']],
    [user('application_manager'), ['client', 'counselor', 'helpdesk', 'application_manager']],
    [OPERATOR, ['client', 'counselor', 'helpdesk', 'application_manager']],
    [selfService('me'), []],
  ] as [Actor, Role[]][])('%j may import %j', (actor, roles) => {
    expect(importableRoles(actor)).toEqual(roles);
  });

  it.each([
    ['client', { role: 'client', counselorId: null }, false],
    ['counselor', { role: 'client', counselorId: 'actor-1' }, true],
    ['counselor', { role: 'client', counselorId: 'someone-else' }, false],
    ['counselor', { role: 'client', counselorId: null }, false],
    ['counselor', { role: 'counselor', counselorId: null }, false],
    ['helpdesk', { role: 'helpdesk', counselorId: null }, true],
    ['helpdesk', { role: 'application_manager', counselorId: null }, false],
    ['application_manager', { role: 'application_manager', counselorId: null }, true],
  ] as const)('%s managing %j: %s', (role, target, allowed) => {
    expect(canManageAccount(user(role), target)).toBe(allowed);
  });
});

describe('fixing accounts and roles', () => {
  it.each([
    ['client', 'client', false],
    ['counselor', 'client', false],
    ['helpdesk', 'client', true],
    ['helpdesk', 'counselor', true],
    ['helpdesk', 'helpdesk', true],
    ['helpdesk', 'application_manager', false],
    ['application_manager', 'application_manager', true],
  ] as const)('%s fixing a %s: %s', (role, targetRole, allowed) => {
    expect(canFixAccount(user(role), { role: targetRole, counselorId: 'actor-1' })).toBe(allowed);
  });

  it.each([
    ['counselor', 'client', false],
    ['helpdesk', 'client', true],
    ['helpdesk', 'counselor', false],
    ['helpdesk', 'helpdesk', false],
    ['helpdesk', 'application_manager', false],
    ['application_manager', 'counselor', true],
    ['application_manager', 'helpdesk', true],
    ['application_manager', 'application_manager', true],
  ] as const)(
    'ASVS 6.4.6 %s changing the email of a %s: %s (only managers for staff accounts)',
    (role, targetRole, allowed) => {
      expect(canChangeEmail(user(role), { role: targetRole, counselorId: 'actor-1' })).toBe(allowed);
    },
  );

  it('lets only application managers change roles, and not their own', () => {
    const target = { id: 'target', role: 'client' as const, counselorId: null };
    expect(canChangeRole(user('helpdesk'), target)).toBe(false);
    expect(canChangeRole(user('application_manager'), target)).toBe(true);
    expect(canChangeRole(user('application_manager', 'target'), target)).toBe(false);
  });

  it.each([
    ['helpdesk', 'client', true],
    ['helpdesk', 'counselor', true],
    ['helpdesk', 'helpdesk', false],
    ['helpdesk', 'application_manager', false],
    ['application_manager', 'helpdesk', true],
    ['application_manager', 'application_manager', true],
    ['counselor', 'client', false],
    ['client', 'client', false],
  ] as [Role, Role, boolean][])('%s may reset the two-step verification of a %s: %s', (actor, role, ok) => {
    expect(canResetTwoStep(user(actor), { id: 'target', role, counselorId: 'actor-1' })).toBe(ok);
  });

  it('lets no application manager reset their own two-step verification', () => {
    const me = { id: 'me', role: 'application_manager' as const, counselorId: null };
    expect(canResetTwoStep(user('application_manager', 'me'), me)).toBe(false);
    expect(canResetTwoStep(OPERATOR, me)).toBe(true);
    expect(canResetTwoStep(selfService('me'), me)).toBe(false);
  });
});

describe('self-service (not signed in, reads the account mailbox)', () => {
  const me = { id: 'me', role: 'client' as const, counselorId: null };
  it('reaches its own account only, and may not fix or create anything', () => {
    expect(canManageAccount(selfService('me'), me)).toBe(true);
    expect(canManageAccount(selfService('me'), { ...me, id: 'someone-else' })).toBe(false);
    expect(canManageAccount(selfService('me'), { role: 'client', counselorId: null })).toBe(false);
    expect(canFixAccount(selfService('me'), me)).toBe(false);
    expect(canChangeRole(selfService('me'), me)).toBe(false);
    expect(creatableRoles(selfService('me'))).toEqual([]);
  });
});
