import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { finishSignIn } from '@/lib/auth/finish-sign-in';
import { browserCookie as browserCookieOf } from '@/lib/sessions/browser-cookie';
import { homePathFor } from '@/lib/auth/current-user';
import { continueAfterSignIn } from '@/lib/oidc/continue-after-sign-in';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { signInAnswerCookie } from '@/lib/auth/sign-in-answer';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { refusedSignInStatus } from '@/lib/auth/refused-sign-in-status';
import { metrics } from '@/lib/observability/metrics';
import { clientIpFrom } from '@/lib/security/client-ip';
import { signInSchema } from '@/lib/validation/auth';
import { EMAIL_MAX } from '@/lib/validation/fields';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import type { FormAnswer } from '@/lib/validation/form-action';
import { minutesToWait } from '@/lib/validation/minutes-to-wait';

/**
 * The sign-in form posts here, with and without JavaScript: the whole sign-in in one request
 * (check, throttle, argon2 with its timing equalisation, session, cookie) answered with where
 * to go. With JavaScript the form asks for JSON (Accept: application/json) and gets
 * `{ redirect }` or the form's answer (`{ message, data, fieldErrors }`); without it, a 303 to
 * the destination, or back to /login with the answer in a one-minute cookie
 * (lib/auth/sign-in-answer.ts). Cross-site posts are refused before this runs (proxy.ts).
 */
export async function POST(request: NextRequest): Promise<Response> {
  const wantsJson = (request.headers.get('accept') ?? '').includes('application/json');
  let raw: Record<string, FormDataEntryValue>;
  try {
    raw = Object.fromEntries(await request.formData());
  } catch {
    return new NextResponse('The form could not be read.\n', {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const callbackUrl = safeCallbackPath(raw.callbackUrl, env.APP_URL);
  // What was typed in the email field, shown again; the password never is.
  const data = { email: typeof raw.email === 'string' ? raw.email.slice(0, EMAIL_MAX + 1) : '' };
  const failed = (answer: FormAnswer, status: number, headers: Record<string, string> = {}) =>
    failure(answer, status, headers, wantsJson, callbackUrl);

  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return failed({ fieldErrors: fieldErrorsOf(parsed.error), data }, 400);

  const result = await verifyCredentials({
    ...parsed.data,
    ip: clientIpFrom(request.headers),
    userAgent: request.headers.get('user-agent'),
  });
  metrics().signIns.inc({ outcome: result.ok ? 'succeeded' : result.reason });
  if (!result.ok) {
    const { status, headers } = refusedSignInStatus(result);
    const minutes = result.reason === 'throttled' ? minutesToWait(result.retryAfterSeconds) : undefined;
    return failed({ message: result.reason, data: minutes ? { ...data, minutes } : data }, status, headers);
  }

  const { destination, cookie, browserCookie } = await finishSignIn({
    sessionId: result.sessionId,
    role: result.role,
    stage: result.stage,
    // Where the sign-in began, else the application waiting for it (gatehouse.continue), else home.
    callbackUrl: callbackUrl ?? (await continueAfterSignIn(homePathFor(result.role))),
    browserToken: request.cookies.get(browserCookieOf(env.secureCookies).name)?.value,
  });
  const response = wantsJson
    ? NextResponse.json({ redirect: destination })
    : NextResponse.redirect(new URL(destination, env.APP_URL), 303);
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  response.cookies.set(browserCookie.name, browserCookie.value, browserCookie.options);
  if (request.cookies.has(signInAnswerCookie.name))
    response.headers.append('set-cookie', signInAnswerCookie.clear());
  response.headers.set('cache-control', 'no-store');
  return response;
}

function failure(
  answer: FormAnswer,
  status: number,
  headers: Record<string, string>,
  wantsJson: boolean,
  callbackUrl: string | null,
): Response {
  if (wantsJson)
    return NextResponse.json(answer, { status, headers: { ...headers, 'cache-control': 'no-store' } });
  const back = new URL('/login?failed=1', env.APP_URL);
  if (callbackUrl) back.searchParams.set('callbackUrl', callbackUrl);
  const response = NextResponse.redirect(back, 303);
  response.headers.append('set-cookie', signInAnswerCookie.set(answer));
  response.headers.set('cache-control', 'no-store');
  return response;
}
