import type { EmulatorState } from '../emulator-state';
import { json } from './json-response';

/**
 * POST /api/json-rpc — JSON-RPC 2.0 method `getProjectStaffListAndDirections` (HC 9188142 "Ringostat API.
 * Export data on project employees"): `params.projectId`, optional `params.filters` on `staffId` (exact),
 * `fio` and `email` (partial, case-insensitive). The answer is `result`: employees keyed by staff id
 * (../../fixtures/staff-sample.json). Errors come back inside a 200, as JSON-RPC says: an unknown method
 * is -32601, a filter that matches nobody is "User does not exist" (the article's wording), another
 * project's id is refused. Error codes other than JSON-RPC's own are not documented (guesses).
 */
export async function staffJsonRpc(
  request: Request,
  state: EmulatorState,
  projectId: number,
): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return rpcError(null, -32700, 'Parse error');
  }
  const call = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const id = (call.id as string | number | null | undefined) ?? null;
  if (call.jsonrpc !== '2.0' || typeof call.method !== 'string')
    return rpcError(id, -32600, 'Invalid Request');
  if (call.method !== 'getProjectStaffListAndDirections') return rpcError(id, -32601, 'Method not found');
  const params = (typeof call.params === 'object' && call.params !== null ? call.params : {}) as Record<
    string,
    unknown
  >;
  if (Number(params.projectId) !== projectId) return rpcError(id, 403, 'Access to the project is denied');

  const filters = (
    typeof params.filters === 'object' && params.filters !== null ? params.filters : {}
  ) as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [staffId, member] of state.staff) {
    if (filters.staffId !== undefined && String(filters.staffId) !== staffId) continue;
    if (!contains(member.fio, filters.fio) || !contains(member.email, filters.email)) continue;
    result[staffId] = member;
  }
  const filtered = Object.keys(filters).length > 0;
  if (filtered && Object.keys(result).length === 0) return rpcError(id, 404, 'User does not exist');
  return json(200, { jsonrpc: '2.0', id, result });
}

function contains(value: unknown, wanted: unknown): boolean {
  if (wanted === undefined) return true;
  return String(value ?? '')
    .toLowerCase()
    .includes(String(wanted).toLowerCase());
}

function rpcError(id: string | number | null, code: number, message: string): Response {
  return json(200, { jsonrpc: '2.0', id, error: { code, message } });
}
