import type { Page } from '@playwright/test';

/** A credential as the WebAuthn domain describes it (private key included). */
export type Credential = {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
};

/**
 * Chromium's virtual authenticator (DevTools protocol, WebAuthn domain) on one page: a
 * platform authenticator as a phone or laptop has (CTAP2, internal transport) that keeps
 * discoverable credentials (resident keys) and verifies the person (user verification), and
 * answers every prompt at once, as if the person touched it.
 */
export async function addVirtualAuthenticator(page: Page, copyOf: Credential[] = []) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  // The same passkeys as another device (its private keys included), as a synced passkey is.
  for (const credential of copyOf) await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
  return {
    /** The passkeys it holds (for this site and any other). */
    async credentials(): Promise<Credential[]> {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials;
    },
    /** Whether the next prompts succeed (true) or are refused, as when the person cancels. */
    async setUserVerified(isUserVerified: boolean) {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified });
    },
  };
}

/**
 * For context.addInitScript: the browser says it cannot offer passkeys in autofill, as
 * browsers without conditional mediation do, so a page asks only when a button is pressed.
 */
export function withoutPasskeyAutofill() {
  Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', {
    value: async () => false,
  });
}
