/**
 * The recovery codes sealed for the download form, so the download needs no stored copy
 * and works without JavaScript: a plain POST of the sealed value returns the text file
 * (app/(account)/account/two-step/recovery-codes/route.ts). Only for the same person, and
 * only for 15 minutes after the codes were shown.
 */
import 'server-only';
import { seal, unseal } from '@/lib/security/sealed';

const DOWNLOAD_MINUTES = 15;
const PURPOSE = 'recovery-codes-download';

export function sealCodesForDownload(userId: string, codes: string[]): string {
  return seal({ userId, codes, issuedAt: Date.now() }, PURPOSE);
}

/** The codes from a download form, if sealed for this person in the last 15 minutes. */
export function openCodesForDownload(sealed: string, userId: string): string[] | null {
  try {
    const v = unseal<{ userId: string; codes: string[]; issuedAt: number }>(sealed, PURPOSE);
    if (v.userId !== userId || Date.now() - v.issuedAt > DOWNLOAD_MINUTES * 60_000) return null;
    return v.codes;
  } catch {
    return null;
  }
}
