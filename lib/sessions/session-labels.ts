/**
 * How a session is shown to a person: which browser on which system (from the User-Agent,
 * parsed with bowser, MIT), and roughly from which network (the IP address shortened, so a
 * list of sessions does not hand out anyone's full address). Pure: unit-tested.
 */
import Bowser from 'bowser';

export interface BrowserLabel {
  /** "Chrome 131", "Safari 18"; null when the User-Agent says nothing we recognise. */
  browser: string | null;
  /** "Windows 10", "macOS", "iOS 18.1", "Android 15"; null when unknown. */
  os: string | null;
  device: 'desktop' | 'mobile' | 'tablet' | 'tv' | null;
}

const DEVICES = new Set(['desktop', 'mobile', 'tablet', 'tv']);

export function describeBrowser(userAgent: string | null | undefined): BrowserLabel {
  if (!userAgent?.trim()) return { browser: null, os: null, device: null };
  const parsed = Bowser.parse(userAgent);
  const name = parsed.browser.name || null;
  const major = parsed.browser.version?.split('.')[0];
  const osName = parsed.os.name || null;
  // Windows reports "NT 10.0" as its version and "10" as the name people know; others the plain version.
  const osVersion = parsed.os.versionName ?? parsed.os.version?.split('.').slice(0, 2).join('.');
  const osKnowsVersion = osName !== 'macOS' && osName !== 'Linux';
  return {
    browser: name ? (major && /^\d+$/.test(major) ? `${name} ${major}` : name) : null,
    os: osName ? (osVersion && osKnowsVersion ? `${osName} ${osVersion}` : osName) : null,
    device: DEVICES.has(parsed.platform.type ?? '') ? (parsed.platform.type as BrowserLabel['device']) : null,
  };
}

/**
 * The network an address belongs to, shortened: IPv4 to its /24 ("203.0.113.x"), IPv6 to
 * its /48 ("2001:db8:85a3::/48", what one site is usually given). An IPv4 address written
 * as IPv6 (::ffff:203.0.113.7) is shown as IPv4. Null when there is no address.
 */
export function approximateNetwork(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const plain = ip.replace(/\/\d+$/, '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(plain);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.x`;
  if (!plain.includes(':')) return null;
  const groups = expandIpv6(plain);
  if (!groups) return null;
  const prefix = groups
    .slice(0, 3)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':');
  return `${prefix}::/48`;
}

/** The eight groups of an IPv6 address (the :: filled in), or null when it is not one. */
function expandIpv6(address: string): string[] | null {
  const halves = address.toLowerCase().split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  return groups.every((g) => /^[0-9a-f]{1,4}$/.test(g)) ? groups : null;
}
