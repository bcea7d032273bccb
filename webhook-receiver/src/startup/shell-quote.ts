/**
 * One shell word, safe to paste into sh, bash or zsh: single quotes, inside which nothing is special
 * (`$select`, `&`, `?` stay literal), and an embedded single quote closed, escaped and reopened.
 * https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_02_02
 */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `curl -H 'Authorization: Bearer x' 'http://…'` with every argument quoted. */
export function curlCommand(url: string, options: { bearer?: string; method?: string } = {}): string {
  const parts = ['curl'];
  if (options.method) parts.push('-X', options.method);
  if (options.bearer !== undefined) parts.push('-H', shellQuote(`Authorization: Bearer ${options.bearer}`));
  parts.push(shellQuote(url));
  return parts.join(' ');
}
