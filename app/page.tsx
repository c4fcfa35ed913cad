import { redirect } from 'next/navigation';
import { getCurrentUser, homePathFor } from '@/lib/auth/current-user';

/** The front door: signed-in people go to their home, everyone else to sign in. */
export default async function Home() {
  const user = await getCurrentUser();
  redirect(user ? homePathFor(user.role) : '/login');
}
