import type { TextKey } from '../shared/texts';

/**
 * What the receiver accepts in the forwarding and recording-host variables, checked on the settings page
 * before saving (docs/adr/0145). The receiver stays the judge — it refuses a bad value and keeps the
 * last good rules (webhook-receiver/src/forwarding/forwarding-settings.ts, working-hours.ts,
 * destination.ts) — so these rules follow its grammar exactly; tests/web/settings-rules.test.ts runs
 * both on the same values. A page-side copy because web resources are bundled apart from the receiver.
 */

/** Spellings of on/off the receiver reads (forwarding-settings.ts). */
const ON = ['on', 'yes', 'true', '1', 'так'];
const OFF = ['off', 'no', 'false', '0', 'ні'];
export const AMBIGUOUS_RULES = ['same-owner', 'first', 'no-redirect'] as const;

export function forwardingEnabled(value: string): TextKey | null {
  const text = value.toLowerCase();
  return ON.includes(text) || OFF.includes(text) ? null : 'errChoice';
}

export function forwardingAmbiguous(value: string): TextKey | null {
  return (AMBIGUOUS_RULES as readonly string[]).includes(value.toLowerCase()) ? null : 'errChoice';
}

const DAYS: Readonly<Record<string, number>> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  нд: 0,
  пн: 1,
  вт: 2,
  ср: 3,
  чт: 4,
  пт: 5,
  сб: 6,
};
const ENTRY = /^(.+?)\s+(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/;
const MAX_HOURS_TEXT = 500;

/** `mon-fri 09:00-18:00; sat 10:00-14:00`: entries by `;` or lines, days as lists or ranges, end after start. */
export function forwardingHours(value: string): TextKey | null {
  if (value.length > MAX_HOURS_TEXT) return 'errForwardingHours';
  for (const entry of value.split(/[;\n]+/).map((e) => e.trim().toLowerCase())) {
    if (entry === '') continue;
    const [, days = '', h1 = '', m1 = '', h2 = '', m2 = ''] = ENTRY.exec(entry) ?? [];
    const from = minutes(h1, m1);
    const to = minutes(h2, m2);
    if (from === undefined || to === undefined || to <= from || !validDays(days)) return 'errForwardingHours';
  }
  return null;
}

function minutes(hours: string, mins: string): number | undefined {
  if (hours === '' || mins === '') return undefined;
  const h = Number(hours);
  const m = Number(mins);
  if (m > 59 || h > 24 || (h === 24 && m > 0)) return undefined;
  return h * 60 + m;
}

function validDays(text: string): boolean {
  return text.split(',').every((part) => {
    const [first = '', last, ...rest] = part.trim().split(/\s*[-–]\s*/);
    return DAYS[first] !== undefined && (last === undefined || DAYS[last] !== undefined) && rest.length === 0;
  });
}

/** Ringostat's forwarding answer: a number in international format or a SIP login (destination.ts). */
const NUMBER = /^\+?\d{2,15}$/;
const SIP_LOGIN = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

function destination(text: string): boolean {
  if (text === '' || text.length > 64) return false;
  if (NUMBER.test(text.replace(/[\s()-]/g, ''))) return true;
  return SIP_LOGIN.test(text) && /[A-Za-z]/.test(text);
}

/** `111111=company_manager1; 222222=380671112233` (also `,` or lines between pairs). */
export function forwardingExtensions(value: string): TextKey | null {
  for (const pair of value.split(/[;,\n]+/).map((p) => p.trim())) {
    if (pair === '') continue;
    const [staff = '', target = '', ...rest] = pair.split('=').map((p) => p.trim());
    if (!/^[\w-]{1,100}$/.test(staff) || !destination(target) || rest.length > 0) return 'errExtensions';
  }
  return null;
}

/** A host name or `*.suffix`, as recording-hosts.ts reads them (it silently drops anything else). */
const HOST = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/;

export function recordingHosts(value: string): TextKey | null {
  const hosts = value.split(/[\s,;]+/).filter((host) => host !== '');
  return hosts.every((host) => HOST.test(host.toLowerCase())) ? null : 'errHosts';
}
