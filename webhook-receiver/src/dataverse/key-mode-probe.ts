import type { KeyMode } from '../domain/call-gateway';
import type { WebApiClient } from './web-api-client';

/**
 * Is phonecall's ringo_callid alternate key usable? DESIGN.md §4: no Microsoft page says every org
 * accepts a key on an activity table, and a key is usable only once its index is built
 * (Microsoft Learn, developer/data-platform/define-alternate-keys-entity: EntityKeyIndexStatus Pending /
 * InProgress / Active / Failed). Until it is Active the gateway runs keyless.
 */
export interface KeyModeProbe {
  current(): KeyMode;
  /** Asks Dataverse again; keeps the last known mode when the question itself fails. */
  refresh(): Promise<KeyMode>;
}

interface EntityKey {
  SchemaName?: string;
  KeyAttributes?: string[];
  EntityKeyIndexStatus?: string;
}

export function createKeyModeProbe(client: WebApiClient, initial: KeyMode = 'keyless'): KeyModeProbe {
  let mode = initial;
  return {
    current: () => mode,
    async refresh() {
      mode = (await readCallIdKeyStatus(client)) === 'Active' ? 'alternate-key' : 'keyless';
      return mode;
    },
  };
}

/** The index status of phonecall's ringo_callid key (Pending, InProgress, Active, Failed), or 'missing'. */
export async function readCallIdKeyStatus(client: WebApiClient): Promise<string> {
  const definition = await client.run('read-phonecall-keys', (api) =>
    api.retrieve<{ Keys?: EntityKey[] }>({
      collection: 'EntityDefinitions',
      key: "LogicalName='phonecall'",
      select: ['LogicalName'],
      expand: [{ property: 'Keys', select: ['SchemaName', 'KeyAttributes', 'EntityKeyIndexStatus'] }],
    }),
  );
  const keys = (definition.Keys ?? []).filter(isCallIdKey);
  if (hasActiveCallIdKey(keys)) return 'Active';
  return keys[0]?.EntityKeyIndexStatus ?? 'missing';
}

export function hasActiveCallIdKey(keys: readonly EntityKey[]): boolean {
  return keys.some((key) => key.EntityKeyIndexStatus === 'Active' && isCallIdKey(key));
}

function isCallIdKey(key: EntityKey): boolean {
  return key.KeyAttributes?.length === 1 && key.KeyAttributes[0]?.toLowerCase() === 'ringo_callid';
}
