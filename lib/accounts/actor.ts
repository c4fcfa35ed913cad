import type { CurrentUser } from '@/lib/auth/current-user';
import type { Role } from '@/lib/db/schema';

/**
 * Who is acting. The command line is the operator of the deployment and may do anything;
 * a signed-in person acts within their role (see permissions.ts). Self-service is someone
 * who is not signed in but has shown they read one account's mailbox (they hold a link
 * sent there, or asked for an email that only goes there): they may act on that account
 * only, and only as the flow allows.
 */
export type Actor =
  | { kind: 'operator' }
  | { kind: 'user'; id: string; role: Role; name: string }
  | { kind: 'self_service'; userId: string };

export const OPERATOR: Actor = { kind: 'operator' };

/** The signed-in person as an actor (console and account pages). */
export function actorFrom(user: CurrentUser): Actor {
  return { kind: 'user', id: user.id, role: user.role, name: user.name };
}

export function selfService(userId: string): Actor {
  return { kind: 'self_service', userId };
}

/** The actor as recorded (audit events, created_by): null for the operator and self-service. */
export function actorId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : null;
}

/** How the change came about, for the audit log. */
export function actorVia(actor: Actor): 'command line' | 'console' | 'self_renewal' {
  return actor.kind === 'operator' ? 'command line' : actor.kind === 'user' ? 'console' : 'self_renewal';
}

/** The name a person sees for this actor in an email, if any (staff by name, else "the helpdesk"). */
export function actorName(actor: Actor): string | undefined {
  return actor.kind === 'user' ? actor.name : undefined;
}
