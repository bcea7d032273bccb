import { spawnSync } from 'node:child_process';
import { resolveLogFormat } from '../../../webhook-receiver/src/log-destination';
import { curlCommand, shellQuote } from '../../../webhook-receiver/src/startup/shell-quote';
import { startupLanguage } from '../../../webhook-receiver/src/startup/startup-language';
import { STARTUP_TEXT } from '../../../webhook-receiver/src/startup/startup-text';
import { ConfigError } from '../../../webhook-receiver/src/errors';

describe('shellQuote', () => {
  const tricky = [
    "http://h/api/data/v9.2/phonecalls?$select=subject&$filter=ringo_callid eq 'demo-1'",
    'a"b`c`$(id)\\n',
    "it's",
    "''",
    '',
    'two  spaces\ttab',
  ];
  test.each(tricky)('bash reads %j back unchanged', (word) => {
    const echoed = spawnSync('bash', ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'utf8' });
    expect(echoed.stdout).toBe(word);
  });

  test('curlCommand quotes the header and the URL', () => {
    expect(curlCommand('http://h/x?a=1&b=$c', { bearer: 'tok' })).toBe(
      "curl -H 'Authorization: Bearer tok' 'http://h/x?a=1&b=$c'",
    );
  });
});

describe('startupLanguage', () => {
  test.each([
    [{ LANG: 'uk_UA.UTF-8' }, 'uk'],
    [{ LANG: 'uk' }, 'uk'],
    [{ LANG: 'C.UTF-8' }, 'en'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{}, 'en'],
    [{ LANG: 'en_US.UTF-8', LC_MESSAGES: 'uk_UA.UTF-8' }, 'uk'],
    [{ LANG: 'uk_UA.UTF-8', LC_ALL: 'C' }, 'en'],
    [{ LANG: 'ukr' }, 'en'],
  ])('%j → %s', (env, language) => {
    expect(startupLanguage([], env)).toBe(language);
  });

  test('--lang wins over the locale, in both spellings', () => {
    expect(startupLanguage(['--lang', 'uk'], { LANG: 'C' })).toBe('uk');
    expect(startupLanguage(['--lang=EN'], { LANG: 'uk_UA.UTF-8' })).toBe('en');
  });

  test('an unknown --lang is a configuration error naming the flag', () => {
    expect(() => startupLanguage(['--lang', 'ru'], {})).toThrow(ConfigError);
    expect(() => startupLanguage(['--lang'], {})).toThrow(/--lang must be uk or en, got ""/);
  });
});

test('both languages have every line of the start-up text', () => {
  expect(Object.keys(STARTUP_TEXT.uk).sort()).toEqual(Object.keys(STARTUP_TEXT.en).sort());
  expect(STARTUP_TEXT.uk.listening('http://x', 'm')).not.toBe(STARTUP_TEXT.en.listening('http://x', 'm'));
});

test('LOG_FORMAT auto is pretty on a terminal and JSON elsewhere; an explicit format wins', () => {
  expect(resolveLogFormat('auto', true)).toBe('pretty');
  expect(resolveLogFormat('auto', false)).toBe('json');
  expect(resolveLogFormat('json', true)).toBe('json');
  expect(resolveLogFormat('pretty', false)).toBe('pretty');
});
