import type { Actor } from '@/lib/accounts/actor';

/** Registering applications is the application managers' (and the operator's command line). */
export function canManageClients(actor: Actor): boolean {
  return actor.kind === 'operator' || (actor.kind === 'user' && actor.role === 'application_manager');
}
