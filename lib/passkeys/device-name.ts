/**
 * What a new passkey is called until the person renames it: the password manager that
 * keeps it when its kind (AAGUID) is one people know, else the device it was made on as the
 * browser describes itself ("Chrome on Linux", "iPhone"). Pure, so it is tested as a table.
 */
import Bowser from 'bowser';

/**
 * Authenticator kinds (AAGUIDs) of the passkey providers most people use, and their names.
 * Checked against the community list passkeydeveloper/passkey-authenticator-aaguids
 * (2026-08). An AAGUID not here falls back to the device.
 */
const PROVIDERS: Record<string, string> = {
  'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4': 'Google Password Manager',
  'adce0002-35bc-c60a-648b-0b25f1f05503': 'Chrome on Mac',
  'fbfc3007-154e-4ecc-8c0b-6e020557d7bd': 'Apple Passwords',
  'dd4ec289-e01d-41c9-bb89-70fa845d4bf2': 'Apple Passwords',
  '08987058-cadc-4b81-b6e1-30de50dcbe96': 'Windows Hello',
  '9ddd1817-af5a-4672-a2b9-3e3dd95000a9': 'Windows Hello',
  '6028b017-b1d4-4c02-b4b3-afcdafc96bb2': 'Windows Hello',
  'd3452668-01fd-4c12-926c-83a4204853aa': 'Microsoft Password Manager',
  '53414d53-554e-4700-0000-000000000000': 'Samsung Pass',
  'bada5566-a7aa-401f-bd96-45619a55120d': '1Password',
  'd548826e-79b4-db40-a3d8-11116f7e8349': 'Bitwarden',
  '531126d6-e717-415c-9320-3d9aa6981239': 'Dashlane',
  '50726f74-6f6e-5061-7373-50726f746f6e': 'Proton Pass',
  'fdb141b2-5d84-443e-8a35-4698c205a502': 'KeePassXC',
  'b84e4048-15dc-4dd0-8640-f4f60813c8af': 'NordPass',
  '0ea242b4-43c4-4a1b-8b17-dd6d0b6baec6': 'Keeper',
  'b78a0a55-6ef8-d246-a042-ba0f6d55050c': 'LastPass',
  'f3809540-7f14-49c1-a8b3-8f813b225541': 'Enpass',
};

/** What is known of where a passkey lives: a provider, or a device as browser, system and model. */
export type DeviceParts =
  | { kind: 'provider'; provider: string }
  | { kind: 'model'; model: string }
  | { kind: 'browser'; browser: string; os: string }
  | { kind: 'unknown' };

export function deviceParts(aaguid: string, userAgent: string | null | undefined): DeviceParts {
  const provider = PROVIDERS[aaguid.toLowerCase()];
  if (provider) return { kind: 'provider', provider };
  if (!userAgent) return { kind: 'unknown' };
  const parsed = Bowser.parse(userAgent.slice(0, 512));
  // "iPhone", "iPad": the device itself says more than "Safari on iOS".
  if (parsed.platform.vendor === 'Apple' && parsed.platform.model)
    return { kind: 'model', model: parsed.platform.model };
  const browser = parsed.browser.name?.replace(/^Microsoft /, '');
  if (browser && parsed.os.name) return { kind: 'browser', browser, os: parsed.os.name };
  return { kind: 'unknown' };
}

/** The longest name a passkey may have (the person's own or the default). */
export const PASSKEY_NAME_MAX = 60;
