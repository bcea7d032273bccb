import { normaliseValue, validateValue } from '../../webresources/src/settings/variable-rules';
import type { RingoVariable as RingoVariableName } from '../../webresources/src/shared/environment-variables';
import { buildWebhookUrls, TOKEN_PLACEHOLDER } from '../../webresources/src/settings/webhook-urls';
import { resolveLanguage } from '../../webresources/src/shared/crm-language';
import { parseRecordingHosts } from '../../webresources/src/shared/recording-hosts';
import { resolveForwardingSettings } from '../../webhook-receiver/src/forwarding/forwarding-settings';

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
  /** Whether the receiver takes this value for this variable (it refuses the whole set on any problem). */
  const receiverTakes = (name: string, value: string): boolean =>
    resolveForwardingSettings({ dataverse: { [name]: value }, overrides: {}, timeZone: 'Europe/Kyiv' }).ok;

  const CASES: ReadonlyArray<readonly [RingoVariableName, string]> = [
    ['ringo_ForwardingEnabled', 'on'],
    ['ringo_ForwardingEnabled', 'OFF'],
    ['ringo_ForwardingEnabled', 'так'],
    ['ringo_ForwardingEnabled', 'maybe'],
    ['ringo_ForwardingAmbiguous', 'same-owner'],
    ['ringo_ForwardingAmbiguous', 'first'],
    ['ringo_ForwardingAmbiguous', 'no-redirect'],
    ['ringo_ForwardingAmbiguous', 'random'],
    ['ringo_ForwardingHours', 'mon-fri 09:00-18:00; sat 10:00-14:00'],
    ['ringo_ForwardingHours', 'пн-пт 09:00-18:00\nсб 10:00-14:00'],
    ['ringo_ForwardingHours', 'mon,wed,fri 08:30-17:00'],
    ['ringo_ForwardingHours', 'fri-mon 00:00-24:00'],
    ['ringo_ForwardingHours', 'mon-fri 18:00-09:00'],
    ['ringo_ForwardingHours', 'mon-fri 9-18'],
    ['ringo_ForwardingHours', 'weekdays 09:00-18:00'],
    ['ringo_ForwardingHours', 'mon 09:00-24:30'],
    ['ringo_ForwardingHours', 'mon-tue-wed 09:00-18:00'],
    ['ringo_ForwardingHours', `mon 09:00-18:00; ${'x'.repeat(500)}`],
    ['ringo_ForwardingExtensions', '111111=company_manager1; 222222=380671112233'],
    ['ringo_ForwardingExtensions', '111111 = +38 (067) 111-22-33, 222222=sip.user@pbx'],
    ['ringo_ForwardingExtensions', '111111=company_manager1=x'],
    ['ringo_ForwardingExtensions', '111111'],
    ['ringo_ForwardingExtensions', '111111=<script>'],
    ['ringo_ForwardingExtensions', 'a b=company_manager1'],
    ['ringo_ForwardingExtensions', '111111=12345678901234567'],
  ];

  it.each(CASES)('%s = %j: the page accepts it exactly when the receiver does', (name, value) => {
    const text = normaliseValue(name, value);
    expect(validateValue(name, text) === null).toBe(receiverTakes(name, text));
  });

  it('explains each refused forwarding value with its own message', () => {
    expect(validateValue('ringo_ForwardingHours', 'mon-fri 9-18')).toBe('errForwardingHours');
    expect(validateValue('ringo_ForwardingExtensions', '111111')).toBe('errExtensions');
    expect(validateValue('ringo_ForwardingEnabled', 'maybe')).toBe('errChoice');
    expect(validateValue('ringo_ForwardingAmbiguous', 'random')).toBe('errChoice');
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
