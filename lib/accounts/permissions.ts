/**
 * Who may do what to whom. Pure functions, so the rules are tested as a table and the same
 * rules guard pages, server actions and domain functions.
 */
import type { Role } from '@/lib/db/schema';
import type { Actor } from './actor';

export interface Target {
  /** Needed for self-service, which reaches one account only. */
  id?: string;
  role: Role;
  counselorId: string | null;
}

/**
 * Roles this actor may give to a new account. One rule by hand and by import (issue 26,
 * finding 5): helpdesk creates clients; staff accounts (counselors, helpdesk, managers)
 * reach other people's data, so making them is an application manager's job.
 */
export function creatableRoles(actor: Actor): Role[] {
  if (actor.kind === 'operator') return ['client', 'counselor', 'helpdesk', 'application_manager'];
  if (actor.kind === 'self_service') return [];
  switch (actor.role) {
    case 'application_manager':
      return ['client', 'counselor', 'helpdesk', 'application_manager'];
    case 'helpdesk':
    case 'counselor':
      return ['client'];
    default:
      return [];
  }
}

/**
 * Roles this actor may give in an imported file: exactly those they may give by hand (issue
 * 16 made helpdesk import clients only; issue 26 made the hand follow the same rule).
 * Counselors import their own clients only.
 */
export function importableRoles(actor: Actor): Role[] {
  return creatableRoles(actor);
}

/** Roles whose accounts this actor never sees in lists or search (as canManageAccount). */
export function hiddenRoles(actor: Actor): Role[] {
  return actor.kind === 'user' && actor.role === 'helpdesk' ? ['application_manager'] : [];
}

/** May the actor see this account and resend its welcome email? (Fixing it: canFixAccount.) */
export function canManageAccount(actor: Actor, target: Target): boolean {
  if (actor.kind === 'operator') return true;
  if (actor.kind === 'self_service') return target.id !== undefined && target.id === actor.userId;
  switch (actor.role) {
    case 'application_manager':
      return true;
    case 'helpdesk':
      return target.role !== 'application_manager';
    case 'counselor':
      return target.role === 'client' && target.counselorId === actor.id;
    default:
      return false;
  }
}

/**
 * May the actor correct, deactivate, reactivate or send a reset link to this account?
 * Helpdesk: anyone below application manager. Application managers: anyone. Counselors
 * only resend welcome emails to their own clients (canManageAccount), nothing more.
 */
export function canFixAccount(actor: Actor, target: Target): boolean {
  if (actor.kind === 'operator') return true;
  if (actor.kind === 'self_service') return false;
  if (actor.role === 'application_manager') return true;
  if (actor.role === 'helpdesk') return target.role !== 'application_manager';
  return false;
}

/**
 * May the actor change this account's email address? Whoever controls an account's address
 * can reset its password, so a changed address is a way in: helpdesk may correct clients'
 * addresses only, and only application managers those of staff (counselors, helpdesk,
 * managers), whose accounts reach other people's data.
 */
export function canChangeEmail(actor: Actor, target: Target): boolean {
  if (!canFixAccount(actor, target)) return false;
  if (actor.kind === 'operator') return true;
  if (actor.kind !== 'user') return false;
  if (actor.role === 'application_manager') return true;
  return target.role === 'client';
}

/** Only application managers manage roles, and never their own (so one cannot lock everyone out by mistake). */
export function canChangeRole(actor: Actor, target: Target & { id: string }): boolean {
  if (actor.kind === 'operator') return true;
  if (actor.kind === 'self_service') return false;
  return actor.role === 'application_manager' && actor.id !== target.id;
}

/**
 * May the actor reset this account's two-step verification (a lost phone)? Whoever resets
 * it lets the next sign-in through with the password alone, so: helpdesk for clients and
 * counselors, application managers for anyone but themselves (a manager who lost their
 * phone asks another manager, or uses a recovery code).
 */
export function canResetTwoStep(actor: Actor, target: Target & { id: string }): boolean {
  if (actor.kind === 'operator') return true;
  if (actor.kind === 'self_service') return false;
  if (actor.role === 'application_manager') return actor.id !== target.id;
  if (actor.role === 'helpdesk') return target.role === 'client' || target.role === 'counselor';
  return false;
}

/**
 * May the actor remove this account's passkeys (a lost phone)? A passkey can be a staff
 * member's second step, so the same people as for resetting two-step verification.
 */
export function canRemovePasskeys(actor: Actor, target: Target & { id: string }): boolean {
  return canResetTwoStep(actor, target);
}
