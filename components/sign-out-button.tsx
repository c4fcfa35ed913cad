import { useTranslations } from 'next-intl';

/** A plain form post, so signing out works without JavaScript. `action` ends the session (app/actions). */
export function SignOutButton({ action }: { action: () => Promise<void> }) {
  const t = useTranslations('common');
  return (
    <form action={action}>
      <button type="submit" className="secondary">
        {t('signOut')}
      </button>
    </form>
  );
}
