/**
 * Demo convenience: when ringo_ReceiverUrl has neither a value nor a default, give it the demo receiver's
 * URL, so the settings page shows working webhook URLs and "check connection" reaches the receiver.
 * An admin's own value is never overwritten. Talks to the Dataverse Web API like any client would.
 */
export type EnsureOutcome = 'set' | 'already-set' | 'no-definition';

export async function ensureReceiverUrl(
  dataverseUrl: string,
  token: string,
  receiverUrl: string,
): Promise<EnsureOutcome> {
  const api = `${dataverseUrl.replace(/\/+$/, '')}/api/data/v9.2/`;
  const headers = {
    Authorization: `Bearer ${token}`,
    Accept: 'application/json',
    'Content-Type': 'application/json',
  };
  const get = async (path: string): Promise<Record<string, unknown>[]> => {
    const response = await fetch(api + path, { headers });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { value: Record<string, unknown>[] }).value;
  };
  const [definition] = await get(
    "environmentvariabledefinitions?$select=environmentvariabledefinitionid,defaultvalue&$filter=schemaname eq 'ringo_ReceiverUrl'",
  );
  if (!definition) return 'no-definition';
  const id = String(definition['environmentvariabledefinitionid']);
  const values = await get(
    `environmentvariablevalues?$select=value&$filter=_environmentvariabledefinitionid_value eq ${id}`,
  );
  if (definition['defaultvalue'] || values.some((row) => row['value'])) return 'already-set';
  const response = await fetch(`${api}environmentvariablevalues`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      schemaname: 'ringo_ReceiverUrl',
      value: receiverUrl.replace(/\/+$/, ''),
      'EnvironmentVariableDefinitionId@odata.bind': `/environmentvariabledefinitions(${id})`,
    }),
  });
  if (!response.ok)
    throw new Error(
      `creating the ringo_ReceiverUrl value answered ${response.status}: ${await response.text()}`,
    );
  return 'set';
}
