import { getFormatter, getTranslations } from 'next-intl/server';
import type { CurrentUser } from '@/lib/auth/current-user';
import { listActiveSessions } from '@/lib/sessions/list-active-sessions';
import { SessionsForm } from '@/components/sessions-form';
import { sessionRows } from '@/components/session-rows';
import { endSessionsAction } from './session-actions';

/** "Where you are signed in" on /account: this person's browsers, each one can be signed out. */
export async function SessionsSection({ user }: { user: CurrentUser }) {
  const t = await getTranslations();
  const format = await getFormatter();
  const sessions = await listActiveSessions(user.id, user.sessionId);
  const say = t as unknown as (key: string, values?: Record<string, string>) => string;
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const rows = sessionRows(sessions, say, when, { markCurrent: true });
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('sessions.title')}</h2>
      <p>{t('sessions.intro')}</p>
      <SessionsForm
        action={endSessionsAction}
        rows={rows}
        caption={t('sessions.caption')}
        headers={{
          browser: t('sessions.browser'),
          network: t('sessions.network'),
          started: t('sessions.started'),
          lastActive: t('sessions.lastActive'),
        }}
        endText={t('sessions.signOutOne')}
        endAllText={t('sessions.signOutOthers')}
        emptyText={t('sessions.onlyThis')}
      />
      {rows.length === 1 && <p className="hint">{t('sessions.onlyThis')}</p>}
    </section>
  );
}
