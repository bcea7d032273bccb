import { badRequest } from '../errors';

/**
 * The `Prefer` header values the Web API honours (Learn: webapi/compose-http-requests-handle-errors.md,
 * query-data-web-api.md, page-results.md, use-change-tracking…, execute-batch-operations…), parsed by
 * the grammar of RFC 7240 §2:
 *
 *   Prefer     = 1#preference
 *   preference = token [ BWS "=" BWS word ] *( OWS ";" [ OWS parameter ] )
 *   word       = token / quoted-string
 *
 * so `odata.include-annotations="a,b"` is one preference whose value holds a comma, parameters after
 * `;` belong to their preference, names are case-insensitive and only the first instance of a name
 * counts (§2). Every preference the emulator applies is echoed in `Preference-Applied` (§3) with the
 * value it was given.
 */
export interface Preferences {
  returnRepresentation: boolean;
  maxPageSize?: number;
  trackChanges: boolean;
  continueOnError: boolean;
  annotations: string[];
  /** `name[=value]` as received, by lower-case name: what Preference-Applied echoes. */
  echo: Record<string, string>;
}

export const PREFERENCE = {
  returnRepresentation: 'return',
  maxPageSize: 'odata.maxpagesize',
  trackChanges: 'odata.track-changes',
  continueOnError: 'odata.continue-on-error',
  annotations: 'odata.include-annotations',
} as const;

interface Preference {
  name: string;
  value?: string;
  raw: string;
}

export function parsePrefer(header: string | undefined): Preferences {
  const prefs: Preferences = {
    returnRepresentation: false,
    trackChanges: false,
    continueOnError: false,
    annotations: [],
    echo: {},
  };
  for (const pref of splitPreferences(header ?? '')) {
    if (pref.name in prefs.echo) continue; // RFC 7240 §2: only the first instance counts.
    const { name, value = '' } = pref;
    if (name === PREFERENCE.returnRepresentation && value === 'representation')
      prefs.returnRepresentation = true;
    else if (name === PREFERENCE.maxPageSize && /^\d+$/.test(value)) prefs.maxPageSize = Number(value);
    else if (name === PREFERENCE.trackChanges) prefs.trackChanges = true;
    else if (name === PREFERENCE.continueOnError) prefs.continueOnError = true;
    else if (name === PREFERENCE.annotations)
      prefs.annotations = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else continue;
    prefs.echo[name] = pref.raw;
  }
  return prefs;
}

/** The Preference-Applied header for the preferences a response honoured, or nothing. */
export function preferenceApplied(prefs: Preferences, names: readonly string[]): Record<string, string> {
  const applied = names.map((n) => prefs.echo[n]).filter((v): v is string => v !== undefined);
  return applied.length > 0 ? { 'Preference-Applied': applied.join(',') } : {};
}

/** `*`, an exact name, or a `Namespace.*` wildcard selects an annotation. */
export function wantsAnnotation(prefs: Preferences, name: string): boolean {
  return prefs.annotations.some(
    (p) => p === '*' || p === name || (p.endsWith('.*') && name.startsWith(p.slice(0, -1))),
  );
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** RFC 7240 preferences of one header value (several Prefer headers arrive joined by ", "). */
function splitPreferences(header: string): Preference[] {
  const out: Preference[] = [];
  let rest = header;
  const fail = () => badRequest(`The Prefer header '${header}' is not valid (RFC 7240 §2).`, '0x80048d19');
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    if (!rest) return out;
    const name = TOKEN.exec(rest)?.[0];
    if (!name) throw fail();
    let raw = name;
    rest = rest.slice(name.length);
    let value: string | undefined;
    const eq = /^\s*=\s*/.exec(rest);
    if (eq) {
      rest = rest.slice(eq[0].length);
      const word = readWord(rest);
      if (!word) throw fail();
      value = word.value;
      raw += `=${word.text}`;
      rest = rest.slice(word.text.length);
    }
    // Parameters (`; name[=word]`) belong to this preference; none of the Web API's use them.
    for (let param = /^\s*;\s*/.exec(rest); param; param = /^\s*;\s*/.exec(rest)) {
      rest = rest.slice(param[0].length);
      const paramName = TOKEN.exec(rest)?.[0];
      if (!paramName) continue;
      rest = rest.slice(paramName.length);
      const paramEq = /^\s*=\s*/.exec(rest);
      if (!paramEq) continue;
      rest = rest.slice(paramEq[0].length);
      const word = readWord(rest);
      if (!word) throw fail();
      rest = rest.slice(word.text.length);
    }
    if (!/^\s*(,|$)/.test(rest)) throw fail();
    out.push({ name: name.toLowerCase(), ...(value === undefined ? {} : { value }), raw });
  }
}

/** A token or an RFC 9110 quoted-string (with `\` escapes) at the start of `text`. */
function readWord(text: string): { text: string; value: string } | undefined {
  if (text.startsWith('"')) {
    let value = '';
    for (let i = 1; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\\' && i + 1 < text.length) value += text[++i];
      else if (ch === '"') return { text: text.slice(0, i + 1), value };
      else value += ch;
    }
    return undefined;
  }
  const token = TOKEN.exec(text)?.[0];
  return token ? { text: token, value: token } : undefined;
}
