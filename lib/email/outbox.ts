/**
 * Queuing email. The row is written with the transaction that caused it, so an email
 * exists if and only if the change happened; delivery happens later, never in the request.
 */
import 'server-only';
import type { Db } from '@/lib/db/types';
import { emailOutbox } from '@/lib/db/schema';
import { seal } from '@/lib/security/sealed';
import type { EmailMessage } from './render';

const globalForWorker = globalThis as unknown as { __gatehouseNudge?: () => void };

export async function queueEmail(
  tx: Db,
  input: { to: string; userId?: string | null; message: EmailMessage },
): Promise<string> {
  const [row] = await tx
    .insert(emailOutbox)
    .values({
      toAddress: input.to,
      userId: input.userId ?? null,
      template: input.message.template,
      locale: input.message.props.locale,
      payload: seal(input.message),
    })
    .returning({ id: emailOutbox.id });
  return row!.id;
}

/** queueEmail for many emails in one INSERT (an import's welcome emails). Returns their ids in order. */
export async function queueEmails(
  tx: Db,
  inputs: readonly { to: string; userId?: string | null; message: EmailMessage }[],
): Promise<string[]> {
  if (inputs.length === 0) return [];
  const rows = await tx
    .insert(emailOutbox)
    .values(
      inputs.map((input) => ({
        toAddress: input.to,
        userId: input.userId ?? null,
        template: input.message.template,
        locale: input.message.props.locale,
        payload: seal(input.message),
      })),
    )
    .returning({ id: emailOutbox.id });
  return rows.map((r) => r.id);
}

/** Asks this process's worker (if it runs here) to sweep now instead of at its next tick. */
export function nudgeEmailWorker(): void {
  globalForWorker.__gatehouseNudge?.();
}

export function registerNudge(fn: (() => void) | undefined): void {
  globalForWorker.__gatehouseNudge = fn;
}
