import { maskPhone } from '../domain/mask-phone';

/**
 * What the forwarding answer may name: "a phone number or sip-login to which the call will be forwarded",
 * the number "in international format" (Ringostat help, "Webhook forwarding number",
 * https://help.ringostat.com/en/articles/6475030-webhook-forwarding-number). Numbers are written the way
 * Ringostat writes them everywhere else — digits without "+" (380671112233) — and a SIP login is kept as
 * is (company_manager1). Anything else is refused, so a typo or a hostile value never reaches a PBX.
 */
const NUMBER = /^\+?\d{2,15}$/;
const SIP_LOGIN = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

export function toDestination(raw: unknown): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const text = String(raw).trim();
  if (text === '' || text.length > 64) return undefined;
  const compact = text.replace(/[\s()-]/g, '');
  if (NUMBER.test(compact)) return compact.replace(/^\+/, '');
  return SIP_LOGIN.test(text) && /[A-Za-z]/.test(text) ? text : undefined;
}

/** For logs and the recent-answers view: a number (an employee's own phone, maybe) is masked like any other. */
export function maskDestination(destination: string): string {
  return /^\d+$/.test(destination) ? maskPhone(destination) : destination;
}
