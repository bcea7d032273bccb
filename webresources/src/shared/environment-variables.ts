/**
 * Reads the product's environment variables (definition + current value) through Xrm.WebApi.
 * Tables: environmentvariabledefinition (schemaname, defaultvalue, type) and environmentvariablevalue
 * (value, _environmentvariabledefinitionid_value):
 * https://learn.microsoft.com/power-apps/maker/data-platform/EnvironmentVariables#use-the-web-api
 * Two flat queries instead of an $expand keep this readable and cheap (eleven rows at most).
 */
export const RINGO_VARIABLES = [
  'ringo_ReceiverUrl',
  'ringo_DefaultOwnerId',
  'ringo_DefaultCountry',
  'ringo_MissedCallMode',
  'ringo_CallbackDueHours',
  'ringo_Language',
  // Recording hosts (docs/adr/0087) and forwarding to the responsible manager (docs/adr/0131, 0145).
  'ringo_RecordingHosts',
  'ringo_ForwardingEnabled',
  'ringo_ForwardingHours',
  'ringo_ForwardingAmbiguous',
  'ringo_ForwardingExtensions',
] as const;
export type RingoVariable = (typeof RINGO_VARIABLES)[number];

export interface EnvironmentVariable {
  readonly schemaName: string;
  readonly definitionId: string;
  readonly defaultValue: string | null;
  /** The environmentvariablevalue row, when the org has one. */
  readonly valueId: string | null;
  readonly value: string | null;
}

/** The one Xrm.WebApi method reading needs (Xrm.WebApi satisfies it; tests pass a small fake). */
export interface WebApiReader {
  retrieveMultipleRecords(
    entityLogicalName: string,
    options?: string,
    maxPageSize?: number,
  ): Thenable<{ entities: Record<string, unknown>[] }>;
}

/** Xrm.WebApi's own promise type and the standard Promise both fit this; `await` works on either. */
export interface Thenable<T> {
  then<U>(
    onFulfilled?: (value: T) => U | PromiseLike<U>,
    onRejected?: (error: unknown) => U | PromiseLike<U>,
  ): unknown;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export async function readEnvironmentVariables(
  webApi: WebApiReader,
  schemaNames: readonly string[] = RINGO_VARIABLES,
): Promise<Map<string, EnvironmentVariable>> {
  const found = new Map<string, EnvironmentVariable>();
  if (schemaNames.length === 0) return found;
  const definitions = await webApi.retrieveMultipleRecords(
    'environmentvariabledefinition',
    `?$select=schemaname,defaultvalue,environmentvariabledefinitionid&$filter=${schemaNames
      .map((name) => `schemaname eq ${quote(name)}`)
      .join(' or ')}`,
  );
  const byId = new Map<string, { schemaName: string; defaultValue: string | null }>();
  for (const row of definitions.entities) {
    byId.set(String(row['environmentvariabledefinitionid']).toLowerCase(), {
      schemaName: String(row['schemaname']),
      defaultValue: (row['defaultvalue'] as string | null | undefined) ?? null,
    });
  }
  const values = new Map<string, { valueId: string; value: string | null }>();
  if (byId.size > 0) {
    const result = await webApi.retrieveMultipleRecords(
      'environmentvariablevalue',
      `?$select=value,_environmentvariabledefinitionid_value,environmentvariablevalueid&$filter=${[
        ...byId.keys(),
      ]
        .map((id) => `_environmentvariabledefinitionid_value eq ${id}`)
        .join(' or ')}`,
    );
    for (const row of result.entities) {
      values.set(String(row['_environmentvariabledefinitionid_value']).toLowerCase(), {
        valueId: String(row['environmentvariablevalueid']),
        value: (row['value'] as string | null | undefined) ?? null,
      });
    }
  }
  for (const [definitionId, definition] of byId) {
    const current = values.get(definitionId);
    found.set(definition.schemaName, {
      schemaName: definition.schemaName,
      definitionId,
      defaultValue: definition.defaultValue,
      valueId: current?.valueId ?? null,
      value: current?.value ?? null,
    });
  }
  return found;
}

/** The value in force: the current value when set, else the definition's default. */
export function effectiveValue(variable: EnvironmentVariable | undefined): string | null {
  if (!variable) return null;
  return variable.value !== null && variable.value !== '' ? variable.value : variable.defaultValue;
}
