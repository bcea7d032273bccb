import { DataverseFault } from '../errors';
import { localizeMessage, type Language } from '../localized-messages';
import type { ApiResult } from './api-types';

/**
 * Any thrown error → the JSON error response Dataverse would send, its message in the org's language;
 * unexpected ones are 500s.
 */
export function faultResult(e: unknown, language: Language = 1033): ApiResult {
  if (e instanceof DataverseFault) {
    const message = localizeMessage(e.message, e.code, language);
    return { status: e.status, headers: { ...e.headers }, body: { error: { code: e.code, message } } };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    status: 500,
    headers: {},
    body: { error: { code: '0x80040216', message: `Emulator fault: ${message}` } },
  };
}
