import { useTranslations } from 'next-intl';
import { signOutAction } from '@/app/actions/sign-out';

/** A plain form post, so signing out works without JavaScript. */
export function SignOutButton() {
  const t = useTranslations('common');
  return (
    <form action={signOutAction}>
      <button type="submit" className="secondary">
        {t('signOut')}
      </button>
    </form>
  );
}
