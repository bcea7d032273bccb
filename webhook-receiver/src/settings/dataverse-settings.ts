import type { CallSettings } from '../domain/call-settings';
import { ConfigError } from '../errors';
import type { WebApiClient } from '../dataverse/web-api-client';
import { resolveSettings, type SettingName, type SettingSource } from './resolve-settings';

/**
 * Settings read from the solution's environment variables at start and refreshed every `refreshMs`, so an
 * admin's change in the CRM settings page takes effect without a restart. A failed or invalid refresh
 * keeps the last good settings (and says why); a failed first read stops the start with the reason.
 *
 * Query (Microsoft Learn, reference/entities/environmentvariabledefinition and environmentvariablevalue):
 * the definitions with schemaname ringo_*, their defaultvalue, and the current value through the 1:N
 * environmentvariabledefinition_environmentvariablevalue.
 */
export interface SettingsSource {
  current(): CallSettings;
  sources(): Record<SettingName, SettingSource>;
  refresh(): Promise<CallSettings>;
  start(): void;
  stop(): void;
}

/** Settings an operator must fix (in Dataverse or RINGO_*): a configuration error, so the start stops. */
export class SettingsError extends ConfigError {
  constructor(problems: string[]) {
    super(problems);
    this.name = 'SettingsError';
    this.message = `Ringostat settings are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
  }
}

interface DefinitionRow {
  schemaname: string;
  defaultvalue?: string | null;
  environmentvariabledefinition_environmentvariablevalue?: Array<{ value?: string | null }>;
}

export async function readEnvironmentVariables(client: WebApiClient): Promise<Record<string, string>> {
  const page = await client.run('read-settings', (api) =>
    api.retrieveMultiple<DefinitionRow>({
      collection: 'environmentvariabledefinitions',
      select: ['schemaname', 'defaultvalue'],
      filter: "startswith(schemaname,'ringo_')",
      expand: [{ property: 'environmentvariabledefinition_environmentvariablevalue', select: ['value'] }],
    }),
  );
  const values: Record<string, string> = {};
  for (const row of page.value) {
    const current = row.environmentvariabledefinition_environmentvariablevalue?.[0]?.value;
    const value = current ?? row.defaultvalue;
    if (value !== undefined && value !== null && value !== '') values[row.schemaname] = value;
  }
  return values;
}

export async function readApplicationUserId(client: WebApiClient): Promise<string> {
  const answer = await client.run('who-am-i', (api) =>
    api.callFunction<{ UserId: string }>({ name: 'WhoAmI' }),
  );
  return answer.UserId;
}

/** A default owner that does not exist (or is disabled) would dead-letter every new contact: refuse it early. */
async function checkOwner(client: WebApiClient, systemuserid: string): Promise<void> {
  let user: { isdisabled?: boolean } | undefined;
  try {
    user = await client.run('read-default-owner', (api) =>
      api.retrieve<{ isdisabled?: boolean }>({
        collection: 'systemusers',
        key: systemuserid,
        select: ['isdisabled'],
      }),
    );
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
  if (!user)
    throw new SettingsError([`ringo_DefaultOwnerId ${systemuserid} names no user in this environment`]);
  if (user.isdisabled) throw new SettingsError([`ringo_DefaultOwnerId ${systemuserid} is a disabled user`]);
}

export interface DataverseSettingsOptions {
  client: WebApiClient;
  overrides: Record<string, string>;
  refreshMs?: number;
  onRefreshError?: (error: unknown) => void;
}

export async function loadDataverseSettings(options: DataverseSettingsOptions): Promise<SettingsSource> {
  const applicationUserId = await readApplicationUserId(options.client);
  let last: { settings: CallSettings; sources: Record<SettingName, SettingSource> } | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function refresh(): Promise<CallSettings> {
    const dataverse = await readEnvironmentVariables(options.client);
    const resolved = resolveSettings({ dataverse, overrides: options.overrides, applicationUserId });
    if (!resolved.ok) throw new SettingsError(resolved.problems);
    if (resolved.settings.defaultOwnerId !== last?.settings.defaultOwnerId) {
      await checkOwner(options.client, resolved.settings.defaultOwnerId);
    }
    last = { settings: resolved.settings, sources: resolved.sources };
    return resolved.settings;
  }
  await refresh();

  return {
    current: () => last!.settings,
    sources: () => last!.sources,
    refresh,
    start() {
      if (timer) return;
      timer = setInterval(
        () => {
          refresh().catch((error: unknown) => options.onRefreshError?.(error));
        },
        options.refreshMs ?? 5 * 60_000,
      );
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
