import { describe, expect, it } from 'vitest';
import { metrics, routeFamily } from './metrics';

describe('metrics', () => {
  it('labels requests by a few route families, so a scanner cannot blow up the label count', () => {
    expect(routeFamily('/')).toBe('/');
    expect(routeFamily('/login?x=1')).toBe('/login');
    expect(routeFamily('/admin/accounts/00000000-0000-4000-8000-000000000000')).toBe('/admin');
    expect(routeFamily('/wp-admin/setup.php')).toBe('other');
    expect(routeFamily('/.env')).toBe('other');
  });

  it('is one registry per process', async () => {
    expect(metrics()).toBe(metrics());
    metrics().signIns.inc({ outcome: 'invalid' });
    expect(await metrics().registry.metrics()).toMatch(/gatehouse_sign_ins_total\{outcome="invalid"\} 1/);
  });
});
