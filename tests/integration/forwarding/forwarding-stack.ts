import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startEmulatorServer } from '../../../emulators/dataverse/src/index';
import { loadConfig } from '../../../webhook-receiver/src/config';
import { createLogger, type Logger } from '../../../webhook-receiver/src/logger';
import { startReceiver, type RunningReceiver } from '../../../webhook-receiver/src/start-receiver';
import { processingExtension } from '../../../webhook-receiver/src/worker/processing-extension';

/**
 * The whole receiver as an operator runs it (startReceiver + processingExtension) on 127.0.0.1, against
 * the Dataverse emulator's HTTP server, with an org that has one client of each forwarding case:
 *
 *   +380671112233  Olena's client (staff 111111, extension typed in ringo_ForwardingExtensions) → redirect
 *   +380931110003  Ivan's client  (staff 333333, extension learned from calls)                   → redirect once learned
 *   +380501110006  Oksana's client (staff 444444, her own mobile typed as the extension)          → redirect to a number
 *   +380501110001  two active contacts, Olena's and Ivan's                                        → ambiguous
 *   +380501110002  the default owner's contact                                                    → unowned
 *   +380501110003  a team's contact                                                               → team
 *   +380501110004  Petro's (staff 222222, user disabled)                                          → disabled_user
 *   +380501110005  Maria's (no staff id)                                                          → no_extension
 *   anything else                                                                                 → new
 */
export const TOKEN = 'forwarding-hook-token-0123456789';
export const ADMIN = 'forwarding-admin-token-0123456789';
export const FORMATS = ['http', 'json', 'json-rpc'] as const;
export type Format = (typeof FORMATS)[number];
export type Org = Awaited<ReturnType<typeof startEmulatorServer>>;

export const NUMBERS = {
  olena: '380671112233',
  ivan: '380931110003',
  ambiguous: '380501110001',
  unowned: '380501110002',
  team: '380501110003',
  disabled: '380501110004',
  noExtension: '380501110005',
  oksana: '380501110006',
  unknown: '380679998877',
};

export interface ForwardingAnswer {
  status: number;
  kind: string | null;
  contentType: string;
  body: string;
}

/** Oksana's own phone: the destination her clients are sent to, and a number no log may show. */
export const OKSANA_MOBILE = '380671110044';

export interface ForwardingStack {
  url: string;
  org: Org;
  receiver: RunningReceiver;
  users: Record<'defaultOwner' | 'olena' | 'ivan' | 'petro' | 'maria' | 'oksana', string>;
  /** Asks the forwarding question in one of Ringostat's three data submission types. */
  forward(format: Format, params: Record<string, string>, query?: string): Promise<ForwardingAnswer>;
  webhook(event: string, body: Record<string, unknown>): Promise<number>;
  admin(method: string, path: string): Promise<{ status: number; json: Record<string, unknown> }>;
  /** Sets a ringo_* environment variable's current value in the org (through the Web API). */
  setVariable(schemaName: string, value: string): Promise<void>;
  logs(): string;
  close(): Promise<void>;
}

export async function startForwardingStack(
  options: { env?: Record<string, string>; phoneDirectory?: boolean; dataDir?: string } = {},
): Promise<ForwardingStack> {
  const org = await startEmulatorServer({});
  const e = org.emulator;
  const user = (first: string, extra: Record<string, unknown> = {}) =>
    e.insert('systemuser', { firstname: first, lastname: 'Test', ...extra });
  const users = {
    defaultOwner: user('Default'),
    olena: user('Olena', { ringo_ringostatstaffid: '111111' }),
    ivan: user('Ivan', { ringo_ringostatstaffid: '333333' }),
    petro: user('Petro', { ringo_ringostatstaffid: '222222', isdisabled: true }),
    maria: user('Maria'),
    oksana: user('Oksana', { ringo_ringostatstaffid: '444444' }),
  };
  const team = e.insert('team', { name: 'Sales', teamtype: 0 });
  const contact = (phone: string, ownerid: unknown, extra: Record<string, unknown> = {}) =>
    e.insert('contact', { lastname: `Client ${phone}`, mobilephone: `+${phone}`, ownerid, ...extra });
  contact(NUMBERS.olena, users.olena);
  contact(NUMBERS.ivan, users.ivan);
  contact(NUMBERS.ambiguous, users.olena);
  contact(NUMBERS.ambiguous, users.ivan, { telephone1: `0${NUMBERS.ambiguous.slice(3)}` });
  contact(NUMBERS.unowned, users.defaultOwner);
  contact(NUMBERS.team, { id: team, entity: 'team' });
  contact(NUMBERS.disabled, users.petro);
  contact(NUMBERS.noExtension, users.maria);
  contact(NUMBERS.oksana, users.oksana);
  seedVariable(org, 'ringo_DefaultOwnerId', users.defaultOwner);
  seedVariable(org, 'ringo_ForwardingEnabled', 'on');
  seedVariable(org, 'ringo_ForwardingExtensions', '111111=olena_sip; 444444=+380 67 111 00 44');

  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'forwarding-'));
  let output = '';
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        output += chunk.toString();
        done();
      },
    }),
  });
  const receiver = await startForwardingReceiver(org.url, dir, {
    logger,
    ...(options.env ? { env: options.env } : {}),
    ...(options.phoneDirectory !== undefined ? { phoneDirectory: options.phoneDirectory } : {}),
  });
  const url = receiver.url;

  return {
    url,
    org,
    receiver,
    users,
    async forward(format, params, query = '') {
      const path = `${url}/ringostat/forwarding?token=${TOKEN}${query}`;
      const response =
        format === 'http'
          ? await fetch(`${path}&${new URLSearchParams(params).toString()}`)
          : await fetch(path, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'user-agent': 'ringostat HTTP Client v1.1' },
              body: JSON.stringify(
                format === 'json'
                  ? { call_id: 'pkv', step_forward: 'webhookNumber%3A120', ...params }
                  : { jsonrpc: '2.0', method: 'getForwardingNumber', id: 7, params },
              ),
            });
      return {
        status: response.status,
        kind: response.headers.get('x-ringostat-forwarding'),
        contentType: response.headers.get('content-type') ?? '',
        body: await response.text(),
      };
    },
    async webhook(event, body) {
      const response = await fetch(`${url}/ringostat/${event}?token=${TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await response.text();
      return response.status;
    },
    async admin(method, path) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
    async setVariable(schemaName, value) {
      const values = e.rows('environmentvariablevalue').filter((v) => v.schemaname === schemaName);
      const id = values[0]?.environmentvariablevalueid;
      if (typeof id !== 'string') {
        seedVariable(org, schemaName, value);
        return;
      }
      const response = await fetch(`${org.url}/api/data/v9.2/environmentvariablevalues(${id})`, {
        method: 'PATCH',
        headers: { authorization: 'Bearer forwarding-test', 'content-type': 'application/json' },
        body: JSON.stringify({ value }),
      });
      if (!response.ok) throw new Error(`PATCH ${schemaName}: ${response.status} ${await response.text()}`);
    },
    logs: () => output,
    async close() {
      await receiver.close();
      await org.close();
      if (!options.dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The receiver alone (startReceiver + processingExtension) on a data directory, against `dataverseUrl`. */
export function startForwardingReceiver(
  dataverseUrl: string,
  dataDir: string,
  options: { env?: Record<string, string>; phoneDirectory?: boolean; logger?: Logger } = {},
): Promise<RunningReceiver> {
  const config = loadConfig({
    DATAVERSE_URL: dataverseUrl,
    DATAVERSE_TOKEN: 'forwarding-test',
    RINGOSTAT_WEBHOOK_TOKEN: TOKEN,
    ADMIN_TOKEN: ADMIN,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  return startReceiver(
    config,
    (core) =>
      processingExtension(core, config.dataverse, {
        phoneDirectory: options.phoneDirectory ?? true,
        forwarding: { learnMs: 25 },
        worker: { pollIntervalMs: 10 },
        refresh: { startRetryMs: 200 },
      }),
    options.logger ? { logger: options.logger } : {},
  );
}

function seedVariable(org: Org, schemaname: string, value: string): void {
  const definition = org.emulator
    .rows('environmentvariabledefinition')
    .find((d) => d.schemaname === schemaname);
  if (!definition) throw new Error(`the solution defines no ${schemaname}`);
  org.emulator.insert('environmentvariablevalue', {
    schemaname,
    value,
    environmentvariabledefinitionid: String(definition.environmentvariabledefinitionid),
  });
}

/** What each format carries for a destination, or for "no redirect". */
export function expectedBody(format: Format, destination: string | undefined): string {
  const result = destination === undefined ? {} : { destination };
  if (format === 'http') return destination ?? '';
  return JSON.stringify(format === 'json' ? result : { jsonrpc: '2.0', id: 7, result });
}
