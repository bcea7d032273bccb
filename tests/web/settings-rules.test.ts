import { normaliseValue, validateValue } from '../../webresources/src/settings/variable-rules';
import type { RingoVariable as RingoVariableName } from '../../webresources/src/shared/environment-variables';
import { buildWebhookUrls, TOKEN_PLACEHOLDER } from '../../webresources/src/settings/webhook-urls';
import { resolveLanguage } from '../../webresources/src/shared/crm-language';
import { parseRecordingHosts } from '../../webresources/src/shared/recording-hosts';

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

describe('forwarding and recording-host rules', () => {
  const CASES: ReadonlyArray<readonly [RingoVariableName, string, string | null]> = [
    ['ringo_ForwardingEnabled', 'on', null],
    ['ringo_ForwardingEnabled', 'OFF', null],
    ['ringo_ForwardingEnabled', 'так', null],
    ['ringo_ForwardingEnabled', 'maybe', 'errChoice'],
    ['ringo_ForwardingAmbiguous', 'same-owner', null],
    ['ringo_ForwardingAmbiguous', 'first', null],
    ['ringo_ForwardingAmbiguous', 'no-redirect', null],
    ['ringo_ForwardingAmbiguous', 'random', 'errChoice'],
    ['ringo_ForwardingHours', 'mon-fri 09:00-18:00; sat 10:00-14:00', null],
    ['ringo_ForwardingHours', 'пн-пт 09:00-18:00\nсб 10:00-14:00', null],
    ['ringo_ForwardingHours', 'mon,wed,fri 08:30-17:00', null],
    ['ringo_ForwardingHours', 'fri-mon 00:00-24:00', null],
    ['ringo_ForwardingHours', 'mon-fri 18:00-09:00', 'errForwardingHours'],
    ['ringo_ForwardingHours', 'mon-fri 9-18', 'errForwardingHours'],
    ['ringo_ForwardingHours', 'weekdays 09:00-18:00', 'errForwardingHours'],
    ['ringo_ForwardingHours', 'mon 09:00-24:30', 'errForwardingHours'],
    ['ringo_ForwardingHours', 'mon-tue-wed 09:00-18:00', 'errForwardingHours'],
    ['ringo_ForwardingHours', `mon 09:00-18:00; ${'x'.repeat(500)}`, 'errForwardingHours'],
    ['ringo_ForwardingExtensions', '111111=company_manager1; 222222=380671112233', null],
    ['ringo_ForwardingExtensions', '111111 = +38 (067) 111-22-33, 222222=sip.user@pbx', null],
    ['ringo_ForwardingExtensions', '111111=company_manager1\n222222=380671112233', null],
    ['ringo_ForwardingExtensions', '111111=company_manager1=x', 'errExtensions'],
    ['ringo_ForwardingExtensions', '111111', 'errExtensions'],
    ['ringo_ForwardingExtensions', '111111=<script>', 'errExtensions'],
    ['ringo_ForwardingExtensions', 'a b=company_manager1', 'errExtensions'],
    ['ringo_ForwardingExtensions', '111111=12345678901234567', 'errExtensions'],
  ];

  it.each(CASES)('%s = %j → %s, as the receiver reads it', (name, value, expected) => {
    expect(validateValue(name, normaliseValue(name, value))).toBe(expected);
  });

  it.each([
    ['records.example.com, *.cdn.example.com', 'records.example.com, *.cdn.example.com'],
    [
      'Records.Example.com;  cdn.example.net\nmedia.example.org',
      'records.example.com, cdn.example.net, media.example.org',
    ],
    ['https://records.example.com', null],
    ['localhost', null],
    ['records.example.com/path', null],
  ])('recording hosts %j: saved as %j, and only when the player would use every host', (typed, saved) => {
    const text = normaliseValue('ringo_RecordingHosts', typed);
    const problem = validateValue('ringo_RecordingHosts', text);
    expect(problem === null ? text : null).toBe(saved);
    if (problem) expect(problem).toBe('errHosts');
    // Whatever the page accepts, the player reads in full: nothing silently dropped.
    if (saved) expect(parseRecordingHosts(text).join(', ')).toBe(saved);
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
