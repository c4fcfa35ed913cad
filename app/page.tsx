import { redirect } from 'next/navigation';
import { getSession, homePathFor, STAGE_PAGE } from '@/lib/auth/current-user';
import { continueAfterSignIn } from '@/lib/oidc/continue-after-sign-in';

/** The front door: signed-in people go to their home (or back to the application they came from), unfinished sign-ins to their next step, everyone else to sign in. */
export default async function Home() {
  const session = await getSession();
  if (!session) redirect('/login');
  // A sign-in that began at an application goes back to it (continue-after-sign-in.ts).
  redirect(
    session.stage === 'complete'
      ? await continueAfterSignIn(homePathFor(session.user.role))
      : STAGE_PAGE[session.stage],
  );
}
