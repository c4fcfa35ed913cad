'use client';

import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { TextField } from '@/components/ui/text-field';
import { PasswordField } from '@/components/ui/password-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import type { FormAnswer, FormState } from '@/lib/validation/form-action';
import { RequestUnblockForm } from './request-unblock-form';

export function SignInForm({
  platform,
  address,
  helpdesk,
  callbackUrl,
  answer,
}: {
  platform: string;
  address: string;
  helpdesk?: string;
  /** Where to go once signed in (already checked to be on this platform). */
  callbackUrl?: string;
  /** A failed sign-in posted without JavaScript, brought back by the page. */
  answer?: FormAnswer;
}) {
  const t = useTranslations();
  const [state, setState] = useState<FormState>(answer ? { attempt: 1, ...answer } : { attempt: 0 });
  const [pending, setPending] = useState(false);

  /**
   * With JavaScript the same request the plain form would send, asking for JSON: the answer
   * is shown in place (the typed address kept, the password cleared) or the browser goes
   * straight to its destination. Without JavaScript the form simply posts (route.ts).
   */
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    setPending(true);
    let answer: FormAnswer & { redirect?: string };
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
      });
      answer = await response.json();
    } catch {
      // No JSON (the server answered with an error page, or the network failed): post the
      // form the plain way, so the browser shows whatever the server has to say.
      form.submit();
      return;
    }
    if (answer.redirect) return window.location.assign(answer.redirect); // stays pending while it goes
    setState((previous) => ({ attempt: previous.attempt + 1, ...answer }));
    const password = form.elements.namedItem('password');
    if (password instanceof HTMLInputElement) password.value = '';
    setPending(false);
  }
  const email = String(state.data?.email ?? '');
  const fieldError = (key?: string) => (key ? t(key as never) : undefined);
  return (
    <>
      {state.message === 'invalid' && (
        <Alert key={state.attempt} title={t('signIn.invalid')}>
          <p>{t('signIn.invalidHelpTitle')}</p>
          <ul>
            <li>{t('signIn.invalidHelpTypo')}</li>
            <li>{t('signIn.invalidHelpNoAccount')}</li>
            <li>{t('signIn.invalidHelpPlatform', { platform, url: address })}</li>
          </ul>
          <p>
            <Link href="/help/cant-sign-in">{t('signIn.moreHelp')}</Link>
          </p>
        </Alert>
      )}
      {state.message === 'throttled' && (
        <Alert key={state.attempt} title={t('signIn.throttledTitle')}>
          <p>{t('signIn.throttled', { minutes: Number(state.data?.minutes ?? 1) })}</p>
          <RequestUnblockForm email={email} />
          <p>
            <Link href="/forgot-password">{t('signIn.throttledForgot')}</Link>
          </p>
          <p>
            <Link href="/help/cant-sign-in">{t('signIn.moreHelp')}</Link>
          </p>
        </Alert>
      )}
      {state.message === 'blocked' && (
        <Alert key={state.attempt} title={t('signIn.blockedTitle')}>
          <p>{t('signIn.blocked')}</p>
          <RequestUnblockForm email={email} />
          <p>
            <Link href="/forgot-password">{t('signIn.throttledForgot')}</Link>
          </p>
        </Alert>
      )}
      {state.message === 'deactivated' && (
        <Alert key={state.attempt} title={t('signIn.deactivatedTitle')}>
          <p>{t('signIn.deactivated')}</p>
          {helpdesk && <p>{t('common.helpdeskContact', { contact: helpdesk })}</p>}
          <p>
            <Link href="/help/deactivated">{t('signIn.moreHelp')}</Link>
          </p>
        </Alert>
      )}
      <form action="/login/password" method="post" onSubmit={submit} noValidate>
        {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
        <TextField
          name="email"
          label={t('signIn.email')}
          type="email"
          // "webauthn": the browser may offer passkeys in this field's autofill (components/passkeys/passkey-sign-in.tsx).
          autoComplete="username webauthn"
          inputMode="email"
          defaultValue={email}
          key={`email-${state.attempt}`}
          error={fieldError(state.fieldErrors?.email)}
          required
        />
        <PasswordField
          name="password"
          label={t('signIn.password')}
          autoComplete="current-password"
          error={fieldError(state.fieldErrors?.password)}
          required
        />
        <SubmitButton label={t('signIn.submit')} pendingLabel={t('signIn.submitting')} pending={pending} />
      </form>
      <div className="form-links">
        <Link href="/forgot-password">{t('signIn.forgot')}</Link>
      </div>
    </>
  );
}
