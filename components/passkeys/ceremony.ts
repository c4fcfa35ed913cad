'use client';

import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
} from '@simplewebauthn/browser';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';

/**
 * The browser's side of a passkey ceremony, as JSON for the server, or why there is none:
 * `unsupported` (no WebAuthn here) or `cancelled` (the person closed the prompt, it timed
 * out, or the device refused). The server checks everything else; nothing here is trusted.
 */
export type Ceremony = { ok: true; json: string } | { ok: false; reason: 'unsupported' | 'cancelled' };

export async function makePasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON): Promise<Ceremony> {
  if (!browserSupportsWebAuthn()) return { ok: false, reason: 'unsupported' };
  try {
    return { ok: true, json: JSON.stringify(await startRegistration({ optionsJSON })) };
  } catch {
    return { ok: false, reason: 'cancelled' };
  }
}

export async function askPasskey(
  optionsJSON: PublicKeyCredentialRequestOptionsJSON,
  useBrowserAutofill = false,
): Promise<Ceremony> {
  if (!browserSupportsWebAuthn()) return { ok: false, reason: 'unsupported' };
  try {
    return { ok: true, json: JSON.stringify(await startAuthentication({ optionsJSON, useBrowserAutofill })) };
  } catch {
    return { ok: false, reason: 'cancelled' };
  }
}

/** Ends a waiting autofill request (so a button press can start its own). */
export function cancelPasskeyRequest(): void {
  WebAuthnAbortService.cancelCeremony();
}
