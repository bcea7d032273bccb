/**
 * Phone numbers in logs are personal data: keep the country code and the last four digits, enough to
 * match a log line to a complaint (`+380501234567` → `+380*****4567`).
 */
export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(Math.max(digits.length, 3));
  const plus = value.trim().startsWith('+') ? '+' : '';
  const head = digits.slice(0, 3);
  const tail = digits.slice(-4);
  return `${plus}${head}${'*'.repeat(digits.length - 7)}${tail}`;
}

/** Masks every phone-like run (7+ digits, optional "+", spaces or dashes inside) in free text. */
export function maskPhonesIn(text: string): string {
  return text.replace(/\+?\d[\d\s()-]{5,}\d/g, (match) =>
    match.replace(/\D/g, '').length >= 7 ? maskPhone(match) : match,
  );
}
