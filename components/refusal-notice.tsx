'use client';

import { useEffect, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';

/** What /admin/refusals answers (lib/email/recent-refusals.ts). */
interface Refusal {
  outboxId: string;
  userId: string;
  name: string;
  email: string;
  status: 'rejected' | 'bounced';
  kind: 'no-such-address' | 'no-such-domain' | 'mailbox-full' | 'blocked' | 'other';
  refusedAt: string;
}

/** Seconds between polls: "within seconds" of the refusal, at one small indexed query per open console page. */
const POLL_MS = 5000;

/**
 * The console's live notice (issue 30): while any console page is open, asks every few
 * seconds whether an email to an account this staff member made was refused or bounced since
 * the page opened, and if so says so at the top of the page (an alert, so screen readers
 * announce it), with the plain explanation and a link to the account to correct the address,
 * and refreshes the page under it so its account card, list or dashboard shows it too.
 */
export function RefusalNotice({ since }: { since: string }) {
  const t = useTranslations('emailRefusal');
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const router = useRouter();

  useEffect(() => {
    let after = since;
    const seen = new Set<string>();
    let stopped = false;
    const poll = async () => {
      if (document.hidden) return;
      const response = await fetch(`/admin/refusals?since=${encodeURIComponent(after)}`, {
        cache: 'no-store',
      }).catch(() => null);
      if (!response?.ok || stopped) return;
      const { refusals: found } = (await response.json()) as { refusals: Refusal[] };
      // Each refusal once, however the polls overlap.
      const fresh = found.filter((f) => !seen.has(f.outboxId));
      if (fresh.length === 0) return;
      for (const f of fresh) seen.add(f.outboxId);
      after = found[found.length - 1]!.refusedAt;
      setRefusals((shown) => [...shown, ...fresh]);
      // The page under the notice (an account card, the list, the dashboard) shows it too.
      router.refresh();
    };
    const timer = setInterval(poll, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [since, router]);

  return (
    <div role="alert" className="refusal-notice">
      {refusals.length > 0 && (
        <section className="alert" aria-labelledby="refusal-notice-title">
          <h2 id="refusal-notice-title" className="alert-title">
            {t('liveTitle')}
          </h2>
          <ul>
            {refusals.map((r) => (
              <li key={r.outboxId}>
                {t('live', { email: r.email, name: r.name })} {t(`kind.${r.kind}`)}{' '}
                <Link href={`/admin/accounts/${r.userId}`}>{t('liveOpen', { name: r.name })}</Link>
              </li>
            ))}
          </ul>
          <button type="button" className="secondary" onClick={() => setRefusals([])}>
            {t('dismiss')}
          </button>
        </section>
      )}
    </div>
  );
}
