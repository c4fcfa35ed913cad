import { describe, expect, it } from 'vitest';
import en from '@/emails/messages/en.json';
import { catalogs, emailLocales } from '@/emails/_components/i18n';
import { render } from '@react-email/components';
import { build, renderEmail as renderRaw, type EmailMessage } from './render';
import { emailExamples, emailTemplateNames } from './templates';
import consoleEn from '@/lib/i18n/messages/en.json';
import consoleNl from '@/lib/i18n/messages/nl.json';

const common = {
  locale: 'en' as const,
  platformName: 'Zorgpoort Utrecht',
  appUrl: 'https://mijn.zorgpoort.example.nl',
  recipientName: 'Fatima el Amrani',
};
const welcomeLink = 'https://mijn.zorgpoort.example.nl/welcome/q8Zr3kT1vYc2NwL5hPa9sXbE7uFd0GmJ';
const resetLink = 'https://mijn.zorgpoort.example.nl/reset-password/Vn4pQ7wX2zLk9RtY5cHs8aMb3eDf6GjU';
// 14:30 UTC in March is 15:30 in Amsterdam (CET, UTC+1).
const expiresAt = '2026-03-12T14:30:00.000Z';

/**
 * Renders, with the narrow and no-break spaces some ICU versions put in dates ("3:30\u202fPM")
 * turned into plain spaces, so the assertions do not depend on the Node version.
 */
async function renderEmail(message: EmailMessage) {
  const mail = await renderRaw(message);
  const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
  return { subject: plain(mail.subject), html: plain(mail.html), text: plain(mail.text) };
}

/** No ICU placeholder may survive into what people read. */
function expectNoPlaceholders(s: string) {
  expect(s).not.toMatch(/\{\s*[A-Za-z_][\w]*\s*(,[^}]*)?\}/);
}

/** Every mail says where it comes from and why it was sent. */
function expectCommonParts(mail: { html: string; text: string }) {
  for (const part of [mail.html, mail.text]) {
    expect(part).toContain('Zorgpoort Utrecht');
    expect(part).toContain('https://mijn.zorgpoort.example.nl');
    expect(part).toContain('Hello Fatima el Amrani,');
    expect(part).toContain(
      'You receive this email because an account exists for this address at Zorgpoort Utrecht.',
    );
    expectNoPlaceholders(part);
  }
  expect(mail.html).toContain('lang="en"');
  expect(mail.html).not.toMatch(/<img\b/i);
}

describe('renderEmail: welcome', () => {
  const message = {
    template: 'welcome',
    props: { ...common, link: welcomeLink, expiresAt, createdByName: 'Joost Bakker' },
  } satisfies EmailMessage;

  it('names the platform in the subject and keeps the link out of it', async () => {
    const { subject } = await renderEmail(message);
    expect(subject).toBe('Your account at Zorgpoort Utrecht is ready');
    expect(subject).not.toContain('q8Zr3kT1');
    expect(subject).not.toContain('http');
  });

  it('has the button, the plain link, the address, who made the account and the expiry', async () => {
    const mail = await renderEmail(message);
    expectCommonParts(mail);
    expect(mail.html).toContain(`href="${welcomeLink}"`);
    expect(mail.html).toContain('Choose your password');
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('Joost Bakker made an account for you at Zorgpoort Utrecht.');
      expect(part).toContain('The web address of Zorgpoort Utrecht is:');
      expect(part).toContain(
        'The button works once and for 7 days: until March 12, 2026 at 3:30 PM (Netherlands time).',
      );
      expect(part).toContain('Open the link anyway. The page will offer to send you a new one.');
      expect(part).toContain('ask the helpdesk or your counselor for a new link');
    }
    expect(mail.text).toContain(welcomeLink);
    expect(mail.text).toContain('Copy this link and paste it');
    // The footer without a helpdesk contact.
    expect(mail.text).toContain('Questions? Ask your counselor or the helpdesk of Zorgpoort Utrecht.');
  });

  it('says "the helpdesk" when no creator is named', async () => {
    const mail = await renderEmail({
      template: 'welcome',
      props: { ...common, link: welcomeLink, expiresAt },
    });
    expect(mail.text).toContain('The helpdesk made an account for you at Zorgpoort Utrecht.');
    expectNoPlaceholders(mail.html);
  });

  it('renders the same from a Date as from its ISO string (payloads are JSON)', async () => {
    const fromString = await renderEmail(message);
    const fromDate = await renderEmail({
      ...message,
      props: { ...message.props, expiresAt: new Date(expiresAt) },
    });
    expect(fromDate).toEqual(fromString);
    const roundTripped = JSON.parse(
      JSON.stringify({ ...message, props: { ...message.props, expiresAt: new Date(expiresAt) } }),
    ) as EmailMessage;
    expect(await renderEmail(roundTripped)).toEqual(fromString);
  });

  it('shows summer time in Amsterdam (UTC+2)', async () => {
    const mail = await renderEmail({
      ...message,
      props: { ...message.props, expiresAt: '2026-07-01T08:05:00Z' },
    });
    expect(mail.text).toContain('until July 1, 2026 at 10:05 AM (Netherlands time)');
  });

  it('escapes names instead of injecting HTML', async () => {
    const mail = await renderEmail({
      ...message,
      props: { ...message.props, createdByName: '<b>Joost</b>' },
    });
    expect(mail.html).not.toContain('<b>Joost</b>');
    expect(mail.html).toContain('&lt;b&gt;Joost&lt;/b&gt;');
  });

  it('refuses an invalid date instead of sending "Invalid Date"', async () => {
    await expect(
      renderEmail({ ...message, props: { ...message.props, expiresAt: 'not a date' } }),
    ).rejects.toThrow(/Invalid date/);
  });
});

describe('renderEmail: reset-password', () => {
  const message = {
    template: 'reset-password',
    props: {
      ...common,
      link: resetLink,
      expiresAt: new Date('2026-03-05T09:00:00Z'),
      helpdeskContact: 'helpdesk@zorgpoort.example.nl',
    },
  } satisfies EmailMessage;

  it('has a subject without the link', async () => {
    const { subject } = await renderEmail(message);
    expect(subject).toBe('Choose a new password for Zorgpoort Utrecht');
    expect(subject).not.toContain('Vn4pQ7wX');
  });

  it('has the button, the 1-hour expiry, and says the password stays the same if ignored', async () => {
    const mail = await renderEmail(message);
    expectCommonParts(mail);
    expect(mail.html).toContain(`href="${resetLink}"`);
    expect(mail.html).toContain('Choose a new password');
    expect(mail.text).toContain(resetLink);
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain(
        'The button works once and for 1 hour: until March 5, 2026 at 10:00 AM (Netherlands time).',
      );
      expect(part).toContain('Did you not ask for this?');
      expect(part).toContain('Then you can ignore this email. Your password stays the same.');
      expect(part).toContain('Questions? Contact the helpdesk: helpdesk@zorgpoort.example.nl');
    }
  });
});

describe('renderEmail: password-changed', () => {
  const message = {
    template: 'password-changed',
    props: {
      ...common,
      appUrl: 'https://mijn.zorgpoort.example.nl/',
      changedAt: '2026-03-05T19:45:00Z',
      helpdeskContact: '030 123 45 67',
    },
  } satisfies EmailMessage;

  it('says when, and what to do when it was not them', async () => {
    const mail = await renderEmail(message);
    expect(mail.subject).toBe('Your password for Zorgpoort Utrecht was changed');
    expectCommonParts(mail);
    // A trailing slash on the app URL does not double up.
    expect(mail.html).toContain('href="https://mijn.zorgpoort.example.nl/forgot-password"');
    expect(mail.text).toContain('https://mijn.zorgpoort.example.nl/forgot-password');
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('was changed on March 5, 2026 at 8:45 PM (Netherlands time).');
      expect(part).toContain('Was this not you?');
      expect(part).toContain('Forgot password?');
      expect(part).toContain('Contact the helpdesk and tell them what happened.');
      expect(part).toContain('Questions? Contact the helpdesk: 030 123 45 67');
    }
  });
});

describe('renderEmail: account-deactivated', () => {
  const message = { template: 'account-deactivated', props: { ...common } } satisfies EmailMessage;

  it('has no link at all, says the data is kept and who can reactivate', async () => {
    const mail = await renderEmail(message);
    expect(mail.subject).toBe('Your account at Zorgpoort Utrecht is deactivated');
    expectCommonParts(mail);
    expect(mail.html).not.toMatch(/href=/);
    for (const part of [mail.html, mail.text]) {
      expect(part).not.toMatch(/\/(welcome|reset-password)\//);
      expect(part).toContain('Your account is deactivated');
      expect(part).toContain('Your data is kept. Nothing has been deleted.');
      expect(part).toContain('Ask the helpdesk or your counselor to reactivate it.');
    }
  });

  it('greets without a name when there is none', async () => {
    const mail = await renderEmail({
      template: 'account-deactivated',
      props: { ...common, recipientName: '  ' },
    });
    expect(mail.text).toContain('Hello,');
    expectNoPlaceholders(mail.text);
  });
});

describe('renderEmail: guards', () => {
  it('rejects a template it does not know (payloads come from the database)', async () => {
    const bogus = { template: 'newsletter', props: common } as unknown as EmailMessage;
    await expect(renderEmail(bogus)).rejects.toThrow(/Unknown email template: newsletter/);
  });

  it('rejects a locale without a catalog', async () => {
    const bogus = {
      template: 'account-deactivated',
      props: { ...common, locale: 'fr' },
    } as unknown as EmailMessage;
    await expect(renderEmail(bogus)).rejects.toThrow(/No email messages for locale "fr"/);
  });
});

describe('email catalogs', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
    );

  it('has a catalog with the same keys as English for every email locale', () => {
    for (const locale of emailLocales) expect(keys(catalogs[locale]).sort()).toEqual(keys(en).sort());
  });
});

describe.each(emailLocales)('every template renders in %s', (locale) => {
  const catalog = catalogs[locale] as typeof en;
  const props = { ...common, locale };
  const unblockLink = 'https://mijn.zorgpoort.example.nl/unblock?token=Vn4pQ7wX2zLk9RtY5cHs8aMb3eDf6GjU';
  const messages: { message: EmailMessage; heading: string; link?: string }[] = [
    {
      message: { template: 'welcome', props: { ...props, link: welcomeLink, expiresAt } },
      heading: catalog.welcome.heading,
      link: welcomeLink,
    },
    {
      message: { template: 'reset-password', props: { ...props, link: resetLink, expiresAt } },
      heading: catalog.resetPassword.heading,
      link: resetLink,
    },
    {
      message: { template: 'password-changed', props: { ...props, changedAt: expiresAt } },
      heading: catalog.passwordChanged.heading,
    },
    { message: { template: 'account-deactivated', props }, heading: catalog.accountDeactivated.heading },
    {
      message: {
        template: 'email-changed',
        props: { ...props, recipient: 'new', oldEmail: 'old@example.org', newEmail: 'new@example.org' },
      },
      heading: catalog.emailChanged.heading,
    },
    {
      message: { template: 'unblock', props: { ...props, link: unblockLink, expiresAt } },
      heading: catalog.unblock.heading,
      link: unblockLink,
    },
    {
      message: { template: 'two-step-reset', props: { ...props, resetAt: expiresAt } },
      heading: catalog.twoStepReset.heading,
    },
    {
      message: { template: 'confirm-email-change', props: { ...props, link: unblockLink, expiresAt } },
      heading: catalog.confirmEmailChange.heading,
      link: unblockLink,
    },
    {
      message: {
        template: 'email-change-requested',
        props: { ...props, newEmail: 'new@example.org', link: unblockLink, expiresAt },
      },
      heading: catalog.emailChangeRequested.heading,
      link: unblockLink,
    },
  ];

  it.each(messages.map((m) => [m.message.template, m] as const))(
    '%s: in this language, with its link, and no placeholder left',
    async (_template, { message, heading, link }) => {
      const mail = await renderEmail(message);
      expect(mail.html).toContain(`lang="${locale}"`);
      expect(mail.subject).toContain('Zorgpoort Utrecht');
      for (const part of [mail.subject, mail.html, mail.text]) expectNoPlaceholders(part);
      for (const part of [mail.html, mail.text]) {
        expect(part).toContain(catalog.common.greeting.replace('{recipientName}', 'Fatima el Amrani'));
        expect(part).toContain(heading.replace('{platformName}', 'Zorgpoort Utrecht'));
        if (link) expect(part).toContain(link);
      }
    },
  );

  it.each(messages.map((m) => [m.message.template, m] as const))(
    "%s: the text part is exactly react-email's own plain-text render (made from the one HTML render)",
    async (_template, { message }) => {
      const reference = await render(build(message).element, {
        plainText: true,
        htmlToTextOptions: {
          selectors: [
            { selector: 'h1', options: { uppercase: false } },
            { selector: 'h2', options: { uppercase: false } },
          ],
        },
      });
      expect((await renderRaw(message)).text).toBe(reference);
    },
  );
});

describe('every template of the registry (lib/email/templates.ts), from its examples', () => {
  const examples = emailExamples();

  it('has examples for every template in every language', () => {
    for (const locale of emailLocales)
      for (const name of emailTemplateNames)
        expect(examples.some((e) => e.message.template === name && e.message.props.locale === locale)).toBe(
          true,
        );
  });

  it.each(examples.map((e) => [e.name, e] as const))(
    "%s: renders in its language with no placeholder left, and the text part is react-email's own",
    async (_name, { message }) => {
      const mail = await renderEmail(message);
      expect(mail.html).toContain(`lang="${message.props.locale}"`);
      expect(mail.subject).toContain(message.props.platformName);
      for (const part of [mail.subject, mail.html, mail.text]) expectNoPlaceholders(part);
      expect(mail.html).not.toMatch(/<img\b/i);
      const reference = await render(build(message).element, {
        plainText: true,
        htmlToTextOptions: {
          selectors: [
            { selector: 'h1', options: { uppercase: false } },
            { selector: 'h2', options: { uppercase: false } },
          ],
        },
      });
      expect((await renderRaw(message)).text).toBe(reference);
    },
  );

  it("has a name staff read on the account page (emailKinds in the console's catalogs, en and nl)", () => {
    for (const catalog of [consoleEn, consoleNl])
      for (const name of emailTemplateNames)
        expect(catalog.emailKinds, `emailKinds.${name} in lib/i18n/messages`).toHaveProperty([name]);
  });

  it('gives every template a different subject in Dutch than in English', async () => {
    for (const name of emailTemplateNames) {
      const [en, nl] = ['en', 'nl'].map((locale) => examples.find((e) => e.name === `${name} (${locale})`)!);
      expect((await renderEmail(nl!.message)).subject, name).not.toBe(
        (await renderEmail(en!.message)).subject,
      );
    }
  });
});

describe('template names from the database', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'refuses %s (a name every object has, not a template)',
    async (name) => {
      const bogus = { template: name, props: common } as unknown as EmailMessage;
      await expect(renderEmail(bogus)).rejects.toThrow(/Unknown email template/);
    },
  );
});

describe('passkey-removed', () => {
  it.each([
    ['en', false, ['Pixel 8'], 'the passkey “Pixel 8” was removed', 'signed out on your other devices'],
    [
      'en',
      true,
      ['Pixel 8', 'Work laptop'],
      'the helpdesk removed the passkeys “Pixel 8”, “Work laptop”',
      'signed out everywhere',
    ],
    [
      'nl',
      false,
      ['Pixel 8'],
      'is de toegangssleutel “Pixel 8” verwijderd',
      'uitgelogd op je andere apparaten',
    ],
    [
      'nl',
      true,
      ['Pixel 8', 'Werklaptop'],
      'heeft de helpdesk op jouw verzoek de toegangssleutels “Pixel 8”, “Werklaptop” verwijderd',
      'overal uitgelogd',
    ],
  ] as const)(
    '%s, by the helpdesk %s: names the passkeys %j and says who is signed out',
    async (locale, byHelpdesk, passkeyNames, removed, signedOut) => {
      const mail = await renderEmail({
        template: 'passkey-removed',
        props: { ...common, locale, passkeyNames: [...passkeyNames], removedAt: expiresAt, byHelpdesk },
      });
      for (const part of [mail.subject, mail.html, mail.text]) expectNoPlaceholders(part);
      expect(mail.text.replace(/\s+/g, ' ')).toContain(removed);
      expect(mail.text).toContain(signedOut);
      expect(mail.text).toContain(`${common.appUrl}/login`);
    },
  );
});
