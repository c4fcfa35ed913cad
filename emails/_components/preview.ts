/** Who and where every template's preview (`npm run email:dev`) is addressed to. */
export const previewCommon = {
  locale: 'en',
  platformName: 'Gatehouse demo',
  appUrl: 'https://care.example.org',
  recipientName: 'Anna de Vries',
} as const;
