/** The `Prefer` header values the Web API honours (Learn: webapi/compose-http-requests-handle-errors.md). */
export interface Preferences {
  returnRepresentation: boolean;
  maxPageSize?: number;
  trackChanges: boolean;
  continueOnError: boolean;
  annotations: string[];
}

export function parsePrefer(header: string | undefined): Preferences {
  const prefs: Preferences = {
    returnRepresentation: false,
    trackChanges: false,
    continueOnError: false,
    annotations: [],
  };
  for (const raw of (header ?? '').split(',')) {
    const item = raw.trim();
    const [name, value = ''] = item.split('=').map((s) => s.trim());
    if (name === 'return' && value === 'representation') prefs.returnRepresentation = true;
    else if (name === 'odata.maxpagesize' && /^\d+$/.test(value)) prefs.maxPageSize = Number(value);
    else if (name === 'odata.track-changes') prefs.trackChanges = true;
    else if (name === 'odata.continue-on-error') prefs.continueOnError = true;
    else if (name === 'odata.include-annotations')
      prefs.annotations = value
        .replace(/^"|"$/g, '')
        .split(',')
        .map((s) => s.trim());
  }
  return prefs;
}

/** `*`, an exact name, or a `Namespace.*` wildcard selects an annotation. */
export function wantsAnnotation(prefs: Preferences, name: string): boolean {
  return prefs.annotations.some(
    (p) => p === '*' || p === name || (p.endsWith('.*') && name.startsWith(p.slice(0, -1))),
  );
}
