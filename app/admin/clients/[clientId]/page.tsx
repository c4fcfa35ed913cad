import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireRole } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { findClient } from '@/lib/oidc/clients/list-clients';
import { ManageForm } from '@/components/console/manage-form';
import { removeClientAction, rotateClientSecretAction } from '../actions';
import { ClientForm } from '../client-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('clients');
  return { title: t('title') };
}

/** One application: its registration to edit, a new secret, removal. */
export default async function ClientPage({ params }: { params: Promise<{ clientId: string }> }) {
  const user = await requireRole(['application_manager']);
  const { clientId } = await params;
  const client = await findClient(actorFrom(user), clientId);
  if (!client) notFound();
  const t = await getTranslations('clients');
  const format = await getFormatter();
  return (
    <main id="main" className="card wide">
      <p>
        <Link href="/admin/clients">{t('backToList')}</Link>
      </p>
      <h1>{client.name}</h1>
      <dl>
        <dt>{t('clientId')}</dt>
        <dd>
          <code>{client.clientId}</code>
        </dd>
        <dt>{t('kind')}</dt>
        <dd>{client.public ? t('public') : t('confidential')}</dd>
        <dt>{t('added')}</dt>
        <dd>{format.dateTime(client.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</dd>
      </dl>

      <section aria-labelledby="registration">
        <h2 id="registration">{t('editTitle')}</h2>
        <p className="hint">{client.public ? t('kindFixedPublic') : t('kindFixedConfidential')}</p>
        <ClientForm
          mode="edit"
          client={{
            clientId: client.clientId,
            name: client.name,
            redirectUris: client.redirectUris,
            postLogoutRedirectUris: client.postLogoutRedirectUris,
            backchannelLogoutUri: client.backchannelLogoutUri,
            firstParty: client.firstParty,
          }}
        />
      </section>

      <section aria-labelledby="secret">
        <h2 id="secret">{t('rotateTitle')}</h2>
        {client.public ? (
          <p>{t('publicNoSecret')}</p>
        ) : (
          <>
            {client.secretRotatedAt && (
              <p className="hint">
                {t('lastRotated', {
                  when: format.dateTime(client.secretRotatedAt, { dateStyle: 'medium', timeStyle: 'short' }),
                })}
              </p>
            )}
            <ManageForm
              hidden={{ clientId: client.clientId }}
              action={rotateClientSecretAction}
              submitLabel={t('rotate')}
              secretLabel={t('secret')}
              confirm={{
                title: t('rotateConfirmTitle', { name: client.name }),
                body: t('rotateConfirm'),
                confirmLabel: t('confirm'),
              }}
            >
              <p className="hint">{t('rotateHint')}</p>
            </ManageForm>
          </>
        )}
      </section>

      <section aria-labelledby="remove">
        <h2 id="remove">{t('removeTitle')}</h2>
        <ManageForm
          hidden={{ clientId: client.clientId }}
          action={removeClientAction}
          submitLabel={t('remove')}
          danger
          confirm={{
            title: t('removeConfirmTitle', { name: client.name }),
            body: t('removeConfirm'),
            confirmLabel: t('confirm'),
          }}
        >
          <p className="hint">{t('removeHint')}</p>
        </ManageForm>
      </section>
    </main>
  );
}
