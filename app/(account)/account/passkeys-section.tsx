import { getFormatter, getTranslations } from 'next-intl/server';
import type { CurrentUser } from '@/lib/auth/current-user';
import { env } from '@/lib/env';
import { listPasskeys } from '@/lib/passkeys/list-passkeys';
import { AddPasskeyButton } from '@/components/passkeys/add-passkey-button';
import { PasskeyActions } from '@/components/passkeys/passkey-actions';
import {
  finishAddPasskeyAction,
  removePasskeyAction,
  renamePasskeyAction,
  startAddPasskeyAction,
  startPasskeyConfirmAction,
} from './passkeys/actions';

/** The "Passkeys" part of /account: each passkey (name, added, last used) with rename and remove, and "Add a passkey". */
export async function PasskeysSection({ user, removed }: { user: CurrentUser; removed: boolean }) {
  const t = await getTranslations('passkeys');
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const list = await listPasskeys(user.id);
  return (
    <section aria-labelledby="passkeys-title" className="passkeys">
      <h2 id="passkeys-title">{t('title')}</h2>
      {removed && (
        <p role="status" className="alert alert-info">
          {t('removed')}
        </p>
      )}
      <p>{t('intro', { url: env.APP_URL })}</p>
      {list.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <table>
          <caption>{t('tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('added')}</th>
              <th scope="col">{t('lastUsed')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((passkey) => (
              <tr key={passkey.id}>
                <th scope="row">{passkey.name}</th>
                <td>{when(passkey.createdAt)}</td>
                <td>{passkey.lastUsedAt ? when(passkey.lastUsedAt) : t('never')}</td>
                <td>
                  <PasskeyActions
                    passkey={{ id: passkey.id, name: passkey.name }}
                    rename={renamePasskeyAction}
                    remove={removePasskeyAction}
                    startConfirm={startPasskeyConfirmAction}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddPasskeyButton start={startAddPasskeyAction} finish={finishAddPasskeyAction} />
    </section>
  );
}
