import { redirect } from 'next/navigation';
import { getSession, homePathFor, STAGE_PAGE } from '@/lib/auth/current-user';

/** The front door: signed-in people go to their home, unfinished sign-ins to their next step, everyone else to sign in. */
export default async function Home() {
  const session = await getSession();
  if (!session) redirect('/login');
  redirect(session.stage === 'complete' ? homePathFor(session.user.role) : STAGE_PAGE[session.stage]);
}
