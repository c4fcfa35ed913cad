'use server';

import { signOut } from '@/lib/auth/config';

/** Ends this session on the server (the row is marked ended) and clears the cookie. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/login?signedOut=1' });
}
