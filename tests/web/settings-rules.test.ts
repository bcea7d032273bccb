import { normaliseValue, validateValue } from '../../webresources/src/settings/variable-rules';
import { buildWebhookUrls, TOKEN_PLACEHOLDER } from '../../webresources/src/settings/webhook-urls';
import { resolveLanguage } from '../../webresources/src/shared/crm-language';

describe('webhook URLs', () => {
  it('builds the three call addresses and the AI address from the receiver URL and the typed token', () => {
    expect(buildWebhookUrls('https://rs.example.com/', 'a b&c').map((u) => u.url)).toEqual([
      'https://rs.example.com/ringostat/before-call?token=a%20b%26c',
      'https://rs.example.com/ringostat/after-call?token=a%20b%26c',
      'https://rs.example.com/ringostat/after-outgoing-call?token=a%20b%26c',
      'https://rs.example.com/ringostat/call-ai?token=a%20b%26c',
    ]);
  });

  it('keeps a path prefix and shows a placeholder without a token', () => {
    expect(buildWebhookUrls('https://host/hooks//', '')[0]?.url).toBe(
      `https://host/hooks/ringostat/before-call?token=${TOKEN_PLACEHOLDER}`,
    );
  });

  it('builds nothing from a missing or non-http receiver URL', () => {
    expect(buildWebhookUrls(null, 't')).toEqual([]);
    expect(buildWebhookUrls('javascript:alert(1)', 't')).toEqual([]);
  });
});

describe('environment variable rules', () => {
  it.each([
    ['ringo_ReceiverUrl', 'https://rs.example.com', null],
    ['ringo_ReceiverUrl', 'http://localhost:3000', null],
    ['ringo_ReceiverUrl', 'http://rs.example.com', 'errUrl'],
    ['ringo_ReceiverUrl', 'https://rs.example.com/?token=x', 'errUrl'],
    ['ringo_DefaultOwnerId', '3f2504e0-4f89-11d3-9a0c-0305e82c3301', null],
    ['ringo_DefaultOwnerId', 'nobody', 'errGuid'],
    ['ringo_DefaultCountry', 'UA', null],
    ['ringo_DefaultCountry', 'Ukraine', 'errCountry'],
    ['ringo_MissedCallMode', 'open', null],
    ['ringo_MissedCallMode', 'later', 'errChoice'],
    ['ringo_CallbackDueHours', '24', null],
    ['ringo_CallbackDueHours', '0', 'errHours'],
    ['ringo_CallbackDueHours', '1.5', 'errHours'],
    ['ringo_Language', 'en', null],
    ['ringo_Language', 'pl', 'errChoice'],
    ['ringo_Language', '', null],
  ] as const)('%s = "%s" → %s', (name, value, expected) => {
    expect(validateValue(name, normaliseValue(name, value))).toBe(expected);
  });

  it('normalises what the receiver reads', () => {
    expect(normaliseValue('ringo_DefaultCountry', ' ua ')).toBe('UA');
    expect(normaliseValue('ringo_DefaultOwnerId', '{3F2504E0-4F89-11D3-9A0C-0305E82C3301}')).toBe(
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    );
    expect(normaliseValue('ringo_ReceiverUrl', 'https://rs.example.com///')).toBe('https://rs.example.com');
  });
});

describe('page language', () => {
  it('follows the CRM user language first, then ringo_Language, then Ukrainian', () => {
    expect(resolveLanguage(1033, 'uk')).toBe('en');
    expect(resolveLanguage(1058, 'en')).toBe('uk');
    expect(resolveLanguage(1045, 'en')).toBe('en');
    expect(resolveLanguage(1045, 'de')).toBe('uk');
    expect(resolveLanguage(undefined, null)).toBe('uk');
  });
});
