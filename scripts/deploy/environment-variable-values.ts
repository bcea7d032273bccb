import { DeployError, DeployFailure } from './deploy-errors';
import type { WebApi } from './web-api-client';

interface ValueRow {
  environmentvariablevalueid: string;
  value: string | null;
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Makes sure each environment variable has the given current value, as an environmentvariablevalue row
 * (learn …/reference/entities/environmentvariablevalue). ComponentParameters on import already sets new
 * values; this also covers re-deploys onto an environment where a value row exists with another value.
 */
export async function setEnvironmentVariableValues(
  api: WebApi,
  values: Readonly<Record<string, string>>,
  log: (line: string) => void,
): Promise<void> {
  for (const [schemaName, value] of Object.entries(values)) {
    const definitions = await api.get<{ value: { environmentvariabledefinitionid: string }[] }>(
      `environmentvariabledefinitions?$select=environmentvariabledefinitionid&$filter=schemaname eq ${quote(schemaName)}`,
    );
    const definition = definitions.value[0];
    if (!definition)
      throw new DeployError(
        DeployFailure.UnknownVariable,
        `Environment variable ${schemaName} does not exist in the environment; check the name (it is case-sensitive).`,
        false,
      );
    const rows = await api.get<{ value: ValueRow[] }>(
      `environmentvariablevalues?$select=environmentvariablevalueid,value&$filter=_environmentvariabledefinitionid_value eq ${definition.environmentvariabledefinitionid}`,
    );
    const row = rows.value[0];
    if (row && row.value === value) {
      log(`  ${schemaName} = ${value} (already set)`);
    } else if (row) {
      await api.patch(`environmentvariablevalues(${row.environmentvariablevalueid})`, { value });
      log(`  ${schemaName} = ${value} (updated)`);
    } else {
      await api.post('environmentvariablevalues', {
        schemaname: schemaName,
        value,
        'EnvironmentVariableDefinitionId@odata.bind': `/environmentvariabledefinitions(${definition.environmentvariabledefinitionid})`,
      });
      log(`  ${schemaName} = ${value} (set)`);
    }
  }
}
