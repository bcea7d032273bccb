import { DataverseFault } from '../errors';
import type { ApiResult } from './api-types';

/** Any thrown error → the JSON error response Dataverse would send; unexpected ones are 500s. */
export function faultResult(e: unknown): ApiResult {
  if (e instanceof DataverseFault) return { status: e.status, headers: { ...e.headers }, body: e.body() };
  const message = e instanceof Error ? e.message : String(e);
  return {
    status: 500,
    headers: {},
    body: { error: { code: '0x80040216', message: `Emulator fault: ${message}` } },
  };
}
