/**
 * Where a person goes once signed in: back to the application's sign-in that sent them
 * (the interaction remembered in gatehouse.continue, see continue-cookie.ts), else their own
 * home. Every page and action that ends a sign-in asks this, so the way back to the
 * application survives "Forgot password?", a welcome link and the two-step page alike. The
 * interaction forgets the cookie when it goes on (interaction.ts).
 */
import 'server-only';
import { cookies } from 'next/headers';
import { continueCookie } from './continue-cookie';

export async function continueAfterSignIn(home: string): Promise<string> {
  const jar = await cookies();
  return continueCookie.read(jar.get(continueCookie.name)?.value) ?? home;
}
