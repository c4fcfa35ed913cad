'use client';

import { useActionState, useEffect, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { FormActionFn, FormState } from '@/lib/validation/form-action';
import { DataTable } from '@/components/ui/data-table';

/** One signed-in browser as the table shows it, every text already in the reader's language. */
export interface SessionRow {
  id: string;
  browser: string;
  network: string;
  started: string;
  lastActive: string;
  /** "This browser", "code from the app still owed": shown under the browser. */
  notes: string[];
  current: boolean;
  /** The row's button, named so a screen reader hears which browser it signs out. */
  endLabel: string;
}

interface Props {
  action: FormActionFn;
  rows: SessionRow[];
  caption: string;
  headers: { browser: string; network: string; started: string; lastActive: string };
  endText: string;
  endAllText: string;
  emptyText: string;
  /** Fields every submit carries: the account's id on the console. */
  hidden?: Record<string, string>;
  /** More fields above the table: the console's reason. */
  children?: ReactNode;
}

/**
 * "Where you are signed in" (and the console's list of a person's sessions) as one form:
 * each row's button posts that session's id, the last button posts "everywhere". One form,
 * so its answer stays on the page when the ended row disappears, and it works without
 * JavaScript (a plain post; the server checks everything).
 */
export function SessionsForm(props: Props) {
  // Answers are chosen at run time (the action's message), so their keys are plain strings here.
  const t = useTranslations() as unknown as (key: string, values?: FormState['data']) => string;
  const router = useRouter();
  const [state, formAction, pending] = useActionState<FormState, FormData>(props.action, { attempt: 0 });
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  const others = props.rows.filter((r) => !r.current);
  return (
    <form action={formAction} className="manage-form">
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {props.children}
      {props.rows.length === 0 ? (
        <p>{props.emptyText}</p>
      ) : (
        <DataTable
          caption={props.caption}
          rows={props.rows}
          rowKey={(r) => r.id}
          columns={[
            {
              header: props.headers.browser,
              cell: (r) => (
                <>
                  {r.browser}
                  {r.notes.map((note) => (
                    <span key={note} className="hint">
                      {' '}
                      ({note})
                    </span>
                  ))}
                </>
              ),
            },
            { header: props.headers.network, cell: (r) => r.network },
            { header: props.headers.started, cell: (r) => r.started },
            { header: props.headers.lastActive, cell: (r) => r.lastActive },
            {
              header: props.endText,
              cell: (r) =>
                r.current ? null : (
                  <button
                    type="submit"
                    name="sessionId"
                    value={r.id}
                    className="secondary"
                    aria-label={r.endLabel}
                    aria-disabled={pending}
                  >
                    {props.endText}
                  </button>
                ),
            },
          ]}
        />
      )}
      {others.length > 0 && (
        <button type="submit" name="everywhere" value="1" className="secondary" aria-disabled={pending}>
          {props.endAllText}
        </button>
      )}
      <p role="status" className={state.ok === false ? 'field-error' : 'hint'}>
        {state.message ? t(state.message, state.data) : ''}
      </p>
    </form>
  );
}
