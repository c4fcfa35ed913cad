import { describe, expect, it } from 'vitest';
import { addressRefusal } from './address-refusal';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 12, minute));
const email = (toAddress: string, status: string, minute: number, lastError: string | null = null) => ({
  toAddress,
  status,
  lastError,
  createdAt: at(minute),
});

describe('addressRefusal', () => {
  it('the newest email to the current address was refused: the refusal, explained by its status code', () => {
    const refusal = addressRefusal(
      [
        email('jan@exmaple.nl', 'sent', 1),
        email('Jan@Exmaple.nl', 'rejected', 2, '550 5.1.1 <jan@exmaple.nl>: User unknown'),
      ],
      'jan@exmaple.nl',
    );
    expect(refusal).toEqual({
      status: 'rejected',
      kind: 'no-such-address',
      reply: '550 5.1.1 <jan@exmaple.nl>: User unknown',
      at: null,
    });
    expect(
      addressRefusal([email('a@b.example', 'bounced', 1, '5.2.2 mailbox full')], 'a@b.example')?.kind,
    ).toBe('mailbox-full');
  });

  it('none once the address was corrected, or when a later email to it went out', () => {
    const refused = email('jan@exmaple.nl', 'rejected', 1, '550 5.1.1 no such user');
    expect(addressRefusal([refused, email('jan@example.nl', 'queued', 2)], 'jan@example.nl')).toBeNull();
    expect(addressRefusal([refused, email('jan@exmaple.nl', 'sent', 2)], 'jan@exmaple.nl')).toBeNull();
    expect(addressRefusal([], 'jan@example.nl')).toBeNull();
    expect(addressRefusal([email('jan@example.nl', 'failed', 1, '421 busy')], 'jan@example.nl')).toBeNull();
  });
});
