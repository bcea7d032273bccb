import { localeOf, type Language } from './crm-language';

/** 0 → "0:00", 95 → "1:35", 3725 → "1:02:05". Negative or non-finite input counts as 0. */
export function formatDuration(totalSeconds: number | null | undefined): string {
  const seconds =
    Number.isFinite(totalSeconds) && (totalSeconds as number) > 0 ? Math.floor(totalSeconds as number) : 0;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Building an Intl formatter costs far more than using one: the call log formats hundreds of dates. */
const formatters = new Map<Language, Intl.DateTimeFormat>();

/** Date and time in the user's language and the browser's time zone (CRM shows UserLocal columns so). */
export function formatDateTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  let formatter = formatters.get(language);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(localeOf(language), {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(language, formatter);
  }
  return formatter.format(date);
}
