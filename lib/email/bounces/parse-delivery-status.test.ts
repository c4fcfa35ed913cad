import { describe, expect, it } from 'vitest';
import { parseDeliveryStatus } from './parse-delivery-status';
import { dsnMessage } from '@/lib/test/dsn';

const verp = 'bounces+0123456789abcdef0123456789abcdef01234567@care.example.org';

describe('parseDeliveryStatus', () => {
  it("reads Postfix's report: where it went, the returned Message-ID, and the recipient's status and reply", async () => {
    const report = await parseDeliveryStatus(
      Buffer.from(
        dsnMessage({
          to: verp,
          finalRecipient: 'Jan@Exmaple.nl',
          originalMessageId: '<abc@care.example.org>',
        }),
      ),
    );
    expect(report).toEqual({
      addressedTo: [verp],
      originalMessageId: '<abc@care.example.org>',
      originalReturnPath: verp,
      recipients: [
        {
          finalRecipient: 'jan@exmaple.nl',
          action: 'failed',
          status: '5.1.1',
          diagnostic:
            '550 5.1.1 <Jan@Exmaple.nl>: Recipient address rejected: User unknown in virtual mailbox table',
        },
      ],
    });
  });

  it('reads the returned message when it is sent whole (message/rfc822)', async () => {
    const report = await parseDeliveryStatus(
      Buffer.from(
        dsnMessage({
          to: verp,
          finalRecipient: 'a@b.example',
          originalMessageId: '<m@x>',
          returned: 'message',
        }),
      ),
    );
    expect(report?.originalMessageId).toBe('<m@x>');
    expect(report?.recipients[0]?.status).toBe('5.1.1');
  });

  it('a delay report is read as one (the caller decides it is no bounce)', async () => {
    const report = await parseDeliveryStatus(
      Buffer.from(
        dsnMessage({ to: verp, finalRecipient: 'a@b.example', action: 'delayed', status: '4.4.1' }),
      ),
    );
    expect(report?.recipients[0]).toMatchObject({ action: 'delayed', status: '4.4.1' });
    expect(report?.originalMessageId).toBeNull();
  });

  it('anything else is null: an ordinary email, a report without recipients, garbage', async () => {
    expect(
      await parseDeliveryStatus(Buffer.from('From: a@b\r\nTo: c@d\r\nSubject: hi\r\n\r\nout of office\r\n')),
    ).toBeNull();
    const noRecipients = dsnMessage({ to: verp, finalRecipient: 'a@b.example' }).replace(
      /Action: failed\r\n/,
      '',
    );
    expect(await parseDeliveryStatus(Buffer.from(noRecipients))).toBeNull();
    expect(await parseDeliveryStatus(Buffer.from([0, 255, 13, 10, 13, 10, 1, 2, 3]))).toBeNull();
    expect(await parseDeliveryStatus(Buffer.alloc(0))).toBeNull();
  });
});
