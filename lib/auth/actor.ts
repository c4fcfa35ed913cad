import 'server-only';
import type { Actor } from '@/lib/accounts/actor';
import type { CurrentUser } from './current-user';

export function actorFrom(user: CurrentUser): Actor {
  return { kind: 'user', id: user.id, role: user.role, name: user.name };
}
