import type { Role } from '@/lib/db/schema';

/**
 * Who is acting. The command line is the operator of the deployment and may do anything;
 * a signed-in person acts within their role (see permissions.ts).
 */
export type Actor = { kind: 'operator' } | { kind: 'user'; id: string; role: Role; name: string };

export const OPERATOR: Actor = { kind: 'operator' };

export function actorId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : null;
}
