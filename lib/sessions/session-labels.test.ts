import { describe, expect, it } from 'vitest';
import { approximateNetwork, describeBrowser } from './session-labels';

describe('describeBrowser', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      { browser: 'Chrome 131', os: 'Windows 10', device: 'desktop' },
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
      { browser: 'Safari 18', os: 'macOS', device: 'desktop' },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      { browser: 'Safari 18', os: 'iOS 18.1', device: 'mobile' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      { browser: 'Chrome 131', os: 'Android 15', device: 'mobile' },
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      { browser: 'Firefox 133', os: 'Linux', device: 'desktop' },
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      { browser: 'Microsoft Edge 131', os: 'Windows 10', device: 'desktop' },
    ],
  ])('%s', (ua, expected) => {
    expect(describeBrowser(ua)).toEqual(expected);
  });

  it('says nothing it does not know', () => {
    expect(describeBrowser(null)).toEqual({ browser: null, os: null, device: null });
    expect(describeBrowser('   ')).toEqual({ browser: null, os: null, device: null });
    expect(describeBrowser('curl/8.5.0').os).toBeNull();
    expect(describeBrowser('\u0000<script>').browser).toBeNull();
  });
});

describe('approximateNetwork', () => {
  it.each([
    ['203.0.113.77', '203.0.113.x'],
    ['::ffff:198.51.100.4', '198.51.100.x'],
    ['2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3::/48'],
    ['2001:0db8:0000:0042:0000:8a2e:0370:7334', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['10.0.0.1/32', '10.0.0.x'],
  ])('%s -> %s', (ip, expected) => {
    expect(approximateNetwork(ip)).toBe(expected);
  });

  it.each([null, '', 'not an address', '1:2:3', '1::2::3'])('%j -> null', (ip) => {
    expect(approximateNetwork(ip)).toBeNull();
  });
});
