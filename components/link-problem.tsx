import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { LinkProblemState } from '@/lib/links/link-problem';
import { BackToSignIn } from './back-to-sign-in';

/** Says in plain words why a link from an email does not work, and what to do next. */
export function LinkProblem({
  state,
  renewable = false,
  kind = 'welcome',
}: {
  state: LinkProblemState;
  renewable?: boolean;
  kind?: 'welcome' | 'reset' | 'secure';
}) {
  const t = useTranslations('link');
  const tc = useTranslations('common');
  return (
    <section aria-labelledby="link-problem-title">
      <h1 id="link-problem-title">{t(`${state}Title`)}</h1>
      <p>
        {renewable
          ? t(`${state}Renewable` as 'expiredRenewable')
          : kind !== 'welcome' && state === 'expired'
            ? t(kind === 'reset' ? 'expiredReset' : 'expiredSecure')
            : t(state)}
      </p>
      <p>
        <Link
          href={
            state === 'deactivated'
              ? '/help/deactivated'
              : kind !== 'welcome'
                ? '/help/forgot-password'
                : '/help/no-email'
          }
        >
          {tc('moreHelp')}
        </Link>
      </p>
      <p>
        <BackToSignIn />
      </p>
    </section>
  );
}
