import { toDestination } from './destination';
import { parseWorkingHours, type WorkingHours } from './working-hours';

/**
 * The forwarding rules an admin sets (docs/adr/0131-forwarding-rules-as-settings.md). Like the other
 * settings they are solution environment variables, each overridable by a RINGO_<NAME> process variable;
 * precedence: override, then the value in Dataverse, then the product default. Pure: values in,
 * settings or problems out. The answer path reads the last resolved settings, never Dataverse.
 */
export const FORWARDING_VARIABLES = [
  'ringo_ForwardingEnabled',
  'ringo_ForwardingHours',
  'ringo_ForwardingAmbiguous',
  'ringo_ForwardingExtensions',
] as const;
export type ForwardingVariable = (typeof FORWARDING_VARIABLES)[number];

/**
 * Several contacts hold the caller's number: `no-redirect` answers "no redirect"; `same-owner` redirects
 * only when every (active) contact has the same owner; `first` uses the contact the call is logged
 * against (active first, then the most recently modified — DESIGN.md §5).
 */
export const AMBIGUOUS_RULES = ['no-redirect', 'same-owner', 'first'] as const;
export type AmbiguousRule = (typeof AMBIGUOUS_RULES)[number];

export interface ForwardingSettings {
  enabled: boolean;
  /** Undefined: at any time. */
  hours?: WorkingHours;
  ambiguous: AmbiguousRule;
  /** Ringostat staff id → destination, typed by an admin; wins over what the receiver learned. */
  extensions: Record<string, string>;
  /** Contacts owned by the default owner are "unowned": nobody chose a manager for them. */
  defaultOwnerId?: string;
}

export const DEFAULT_FORWARDING: ForwardingSettings = {
  enabled: false,
  ambiguous: 'same-owner',
  extensions: {},
};

export interface ForwardingSettingsInput {
  /** Values of the ringo_* environment variables read from Dataverse, by schema name. */
  dataverse: Partial<Record<string, string>>;
  /** RINGO_<NAME> overrides by schema name (config.ringoOverrides). */
  overrides: Partial<Record<string, string>>;
  /** WhoAmI of the application user: the default owner when ringo_DefaultOwnerId is empty. */
  applicationUserId?: string;
  /** RINGOSTAT_TIMEZONE: the zone of the working hours. */
  timeZone: string;
}

export type ResolvedForwarding =
  | {
      ok: true;
      settings: ForwardingSettings;
      sources: Record<ForwardingVariable, 'override' | 'dataverse' | 'default'>;
    }
  | { ok: false; problems: string[] };

const ON = ['on', 'yes', 'true', '1', 'так'];
const OFF = ['off', 'no', 'false', '0', 'ні'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function resolveForwardingSettings(input: ForwardingSettingsInput): ResolvedForwarding {
  const problems: string[] = [];
  const sources = {} as Record<ForwardingVariable, 'override' | 'dataverse' | 'default'>;
  const pick = (name: string): string | undefined =>
    input.overrides[name]?.trim() || input.dataverse[name]?.trim() || undefined;
  const take = (name: ForwardingVariable): string | undefined => {
    const override = input.overrides[name]?.trim();
    const value = override || input.dataverse[name]?.trim();
    sources[name] = override ? 'override' : value ? 'dataverse' : 'default';
    return value || undefined;
  };

  const enabledText = (take('ringo_ForwardingEnabled') ?? 'off').toLowerCase();
  const enabled = ON.includes(enabledText);
  if (!enabled && !OFF.includes(enabledText)) {
    problems.push(`ringo_ForwardingEnabled must be on or off, got "${enabledText}"`);
  }
  const hours = parseWorkingHours(take('ringo_ForwardingHours'), input.timeZone);
  if (!hours.ok) problems.push(`ringo_ForwardingHours ${hours.problem}`);
  const ambiguous = (take('ringo_ForwardingAmbiguous') ?? DEFAULT_FORWARDING.ambiguous).toLowerCase();
  if (!(AMBIGUOUS_RULES as readonly string[]).includes(ambiguous)) {
    problems.push(
      `ringo_ForwardingAmbiguous must be one of ${AMBIGUOUS_RULES.join(', ')}, got "${ambiguous}"`,
    );
  }
  const extensions = parseExtensions(take('ringo_ForwardingExtensions'), problems);
  const owner = pick('ringo_DefaultOwnerId')
    ?.replace(/^\{|\}$/g, '')
    .toLowerCase();
  const defaultOwnerId = owner && GUID.test(owner) ? owner : input.applicationUserId?.toLowerCase();

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      enabled,
      ...(hours.ok && hours.hours ? { hours: hours.hours } : {}),
      ambiguous: ambiguous as AmbiguousRule,
      extensions,
      ...(defaultOwnerId ? { defaultOwnerId } : {}),
    },
    sources,
  };
}

/** `111111=company_manager1; 222222=380671112233` (also `,` or new lines between pairs). */
function parseExtensions(text: string | undefined, problems: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  if (!text) return map;
  for (const pair of text.split(/[;,\n]+/).map((p) => p.trim())) {
    if (pair === '') continue;
    const [staff = '', value = '', ...rest] = pair.split('=').map((p) => p.trim());
    const destination = toDestination(value);
    if (!/^[\w-]{1,100}$/.test(staff) || !destination || rest.length > 0) {
      problems.push(
        `ringo_ForwardingExtensions: "${pair}" is not <staff id>=<SIP login or number in international format>`,
      );
      continue;
    }
    map[staff] = destination;
  }
  return map;
}
