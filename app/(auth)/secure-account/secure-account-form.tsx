'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/ui/submit-button';
import { LinkProblem } from '@/components/link-problem';
import type { LinkProblemState } from '@/lib/links/link-problem';
import type { FormState } from '@/lib/validation/form-action';
import { secureAccountAction } from './actions';

/**
 * The whole page below the header, so it stays mounted when the action forgets the link
 * cookie: a link that turned out not to work keeps its explanation on screen.
 */
export function SecureAccountForm({
  token,
  email,
  problem,
}: {
  token: string;
  email: string;
  problem: LinkProblemState | null;
}) {
  const t = useTranslations('secureAccount');
  const [state, formAction] = useActionState<FormState, FormData>(secureAccountAction, { attempt: 0 });
  const linkProblem = state.linkState ?? problem;
  if (linkProblem) return <LinkProblem state={linkProblem} kind="secure" />;
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro', { email })}</p>
      <p>{t('next')}</p>
      <form action={formAction}>
        <input type="hidden" name="token" value={token} />
        <SubmitButton label={t('button')} pendingLabel={t('working')} />
      </form>
    </>
  );
}
