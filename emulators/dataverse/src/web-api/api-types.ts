/** A Web API call after HTTP framing is removed (also what each $batch part becomes). */
export interface ApiRequest {
  method: string;
  url: URL;
  /** Lower-case header names. */
  headers: Map<string, string>;
  body: unknown;
}

export interface ApiResult {
  status: number;
  headers: Record<string, string>;
  /** JSON body (serialised by the mount) or undefined for 204. */
  body?: unknown;
}

export const API_PATH = '/api/data/v9.2/';

export function jsonResult(status: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return { status, headers, body };
}
