import type { EnvironmentVariable } from '../shared/environment-variables';

export type WebApiWriter = Pick<Xrm.WebApi, 'createRecord' | 'updateRecord'>;

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
