import { effectiveValue, readEnvironmentVariables, type WebApiReader } from './environment-variables';

/**
 * Where the player may fetch recordings from (docs/adr/0087-recording-links-on-an-allow-list.md).
 *
 * Ringostat serves recordings from app.ringostat.com: every real payload on record links
 * `https://app.ringostat.com/recordings/<uniqueid>.<wav|ogg|mp3>?token=…` (public receivers and tests,
 * e.g. GitHub selesnow/ringostat, and the call-log export in Ringostat help, HC uk/6312678; see
 * /work/shared notes/ringostat.md §2.5). A company whose recordings come from elsewhere (a proxy, a
 * storage of its own) adds hosts in the `ringo_RecordingHosts` environment variable: host names
 * separated by commas, spaces or lines; `*.example.com` allows every subdomain of example.com.
 */
export const RINGOSTAT_RECORDING_HOSTS: readonly string[] = ['app.ringostat.com'];
export const RECORDING_HOSTS_VARIABLE = 'ringo_RecordingHosts';

export interface RecordingPolicy {
  /** Host names (lower case) and `*.suffix` patterns allowed over https. */
  readonly hosts: readonly string[];
  /** The page's own origin: a recording served by the page's own server (the preview) is no third party. */
  readonly pageOrigin?: string;
}

export const DEFAULT_RECORDING_POLICY: RecordingPolicy = { hosts: RINGOSTAT_RECORDING_HOSTS };

/** The entries of a `ringo_RecordingHosts` value, lower-cased, whatever separates them. */
export function splitRecordingHosts(text: string | null | undefined): string[] {
  return (text ?? '')
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter((host) => host !== '');
}

/** A host name or a `*.suffix` pattern (lower case). */
export function isRecordingHost(host: string): boolean {
  return /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host);
}

/** `"a.example.com, *.cdn.example"` → `["a.example.com", "*.cdn.example"]`; anything else is dropped. */
export function parseRecordingHosts(text: string | null | undefined): string[] {
  return splitRecordingHosts(text).filter(isRecordingHost);
}

/** True for an https link on an allowed host, or a link to the page's own origin. */
export function recordingUrlAllowed(url: URL, policy: RecordingPolicy): boolean {
  if (policy.pageOrigin && url.origin === policy.pageOrigin) return true;
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return policy.hosts.some((allowed) =>
    allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) : host === allowed,
  );
}

/**
 * The policy for a page: Ringostat's hosts plus `ringo_RecordingHosts`. If the variable cannot be read,
 * the page still plays Ringostat's own recordings.
 */
export async function recordingPolicy(webApi: WebApiReader, pageOrigin?: string): Promise<RecordingPolicy> {
  let extra: string[] = [];
  try {
    const variables = await readEnvironmentVariables(webApi, [RECORDING_HOSTS_VARIABLE]);
    extra = parseRecordingHosts(effectiveValue(variables.get(RECORDING_HOSTS_VARIABLE)));
  } catch {
    // no read access to environment variables: Ringostat's hosts only
  }
  const hosts = [...new Set([...RINGOSTAT_RECORDING_HOSTS, ...extra])];
  return pageOrigin ? { hosts, pageOrigin } : { hosts };
}
