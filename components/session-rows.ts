import type { ActiveSession } from '@/lib/sessions/list-active-sessions';
import type { SessionRow } from './sessions-form';

type Translate = (key: string, values?: Record<string, string>) => string;

/** Sessions as the table shows them (server side: the client gets text, not the rows). */
export function sessionRows(
  sessions: ActiveSession[],
  t: Translate,
  when: (d: Date) => string,
  /** `byStaff`: the console's table, whose buttons say "End this session" (their names must start with what they show). */
  options: { markCurrent: boolean; byStaff?: boolean },
): SessionRow[] {
  return sessions.map((s) => {
    const name = s.browser ?? t('sessions.unknownBrowser');
    const browser = s.os ? t('sessions.onSystem', { browser: name, os: s.os }) : name;
    const started = when(s.startedAt);
    const notes = [
      ...(options.markCurrent && s.current ? [t('sessions.thisBrowser')] : []),
      ...(s.secondStepOwed ? [t('sessions.codeOwed')] : []),
    ];
    return {
      id: s.id,
      browser,
      network: s.network ?? t('sessions.unknownNetwork'),
      started,
      lastActive: when(s.lastActiveAt),
      notes,
      current: options.markCurrent && s.current,
      endLabel: t(options.byStaff ? 'sessions.endOneLabel' : 'sessions.signOutOneLabel', {
        browser,
        started,
      }),
    };
  });
}
