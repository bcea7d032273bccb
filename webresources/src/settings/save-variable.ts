import type { EnvironmentVariable, Thenable } from '../shared/environment-variables';

/** The Xrm.WebApi methods saving needs (Xrm.WebApi satisfies it; tests pass a small fake). */
export interface WebApiWriter {
  createRecord(entityLogicalName: string, data: Record<string, unknown>): Thenable<{ id: string }>;
  updateRecord(entityLogicalName: string, id: string, data: Record<string, unknown>): Thenable<unknown>;
}

/**
 * Writes an environment variable's current value: updates the environmentvariablevalue row when the
 * org has one, else creates it bound to its definition. Microsoft's documented way to set a value
 * outside a solution import: https://learn.microsoft.com/power-apps/maker/data-platform/EnvironmentVariables
 * Returns the value row id.
 */
export async function saveVariable(
  webApi: WebApiWriter,
  variable: EnvironmentVariable,
  value: string,
): Promise<string> {
  if (variable.valueId) {
    await webApi.updateRecord('environmentvariablevalue', variable.valueId, { value });
    return variable.valueId;
  }
  const created = await webApi.createRecord('environmentvariablevalue', {
    schemaname: variable.schemaName,
    value,
    'EnvironmentVariableDefinitionId@odata.bind': `/environmentvariabledefinitions(${variable.definitionId})`,
  });
  return created.id;
}
