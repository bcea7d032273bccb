import { ConfigError } from '../errors';

/**
 * The language of the start-up text (docs/adr/0122-console-output.md): `--lang uk|en` on the command line,
 * else the locale the operator's shell announces — LC_ALL, then LC_MESSAGES, then LANG, the order POSIX
 * gives them (https://pubs.opengroup.org/onlinepubs/9699919799/basedefs/V1_chap08.html) — Ukrainian for
 * a `uk…` locale, English for anything else (servers and containers usually run with C or C.UTF-8).
 * Log records stay English: they are for searching and for support.
 */
export const STARTUP_LANGUAGES = ['uk', 'en'] as const;
export type StartupLanguage = (typeof STARTUP_LANGUAGES)[number];

export function startupLanguage(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): StartupLanguage {
  const flag = flagValue(argv);
  if (flag !== undefined) {
    const wanted = flag.toLowerCase();
    if ((STARTUP_LANGUAGES as readonly string[]).includes(wanted)) return wanted as StartupLanguage;
    throw new ConfigError([`--lang must be ${STARTUP_LANGUAGES.join(' or ')}, got "${flag}"`]);
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value?.trim()) ?? '';
  return /^uk([_.@-]|$)/i.test(locale.trim()) ? 'uk' : 'en';
}

function flagValue(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--lang') return argv[i + 1] ?? '';
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length);
  }
  return undefined;
}
