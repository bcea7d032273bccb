import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { systemClock } from '../webhook-receiver/src/clock';
import type { DataverseConfig } from '../webhook-receiver/src/config';
import { createTokenProvider } from '../webhook-receiver/src/dataverse/token-provider';
import {
  CONTACT_BOOK_FILE,
  createSqliteContactBookStore,
} from '../webhook-receiver/src/ringostat-api/contact-book-store';
import { createContactBookSync } from '../webhook-receiver/src/ringostat-api/contact-book-sync';
import { createDataverseContactPages } from '../webhook-receiver/src/ringostat-api/dataverse-contact-pages';
import { createRingostatApi } from '../webhook-receiver/src/ringostat-api/ringostat-api';
import { syncWholeContactBook } from '../webhook-receiver/src/ringostat-api/whole-contact-book-sync';

/**
 * `npm run ringostat:sync-contacts [-- --restart]`: pushes every active CRM contact to Ringostat's Smart
 * Phone contact book, 100 per request, with a link to the contact's card. Resumable: stopped runs
 * continue from the last page done (state in DATA_DIR/ringostat-contact-book.sqlite); unchanged
 * contacts are never pushed twice.
 * Environment: DATAVERSE_URL + DATAVERSE_TOKEN (or AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET),
 * DATAVERSE_APP_ID (optional: the Smart CRM app id for the links), RINGOSTAT_AUTH_KEY, RINGOSTAT_PROJECT_ID,
 * RINGO_DEFAULTCOUNTRY (UA), DATA_DIR (./.data), RINGOSTAT_API_URL (default https://api.ringostat.net).
 */
async function main(): Promise<number> {
  const env = process.env;
  let restart: boolean;
  try {
    const args = process.argv.slice(2).filter((a) => a !== '--');
    restart = parseArgs({ args, options: { restart: { type: 'boolean' } } }).values.restart === true;
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\nusage: npm run ringostat:sync-contacts [-- --restart]`,
    );
    return 2;
  }
  const missing = ['DATAVERSE_URL', 'RINGOSTAT_AUTH_KEY', 'RINGOSTAT_PROJECT_ID'].filter(
    (name) => !env[name],
  );
  if (missing.length > 0) {
    console.error(`Set ${missing.join(', ')} first (see docs/admin-guide.md).`);
    return 2;
  }
  const dataverse: DataverseConfig = { url: String(env.DATAVERSE_URL).replace(/\/+$/, '') };
  if (env.DATAVERSE_TOKEN) dataverse.staticToken = env.DATAVERSE_TOKEN;
  if (env.AZURE_TENANT_ID) dataverse.tenantId = env.AZURE_TENANT_ID;
  if (env.AZURE_CLIENT_ID) dataverse.clientId = env.AZURE_CLIENT_ID;
  if (env.AZURE_CLIENT_SECRET) dataverse.clientSecret = env.AZURE_CLIENT_SECRET;

  const store = createSqliteContactBookStore({ file: join(env.DATA_DIR || '.data', CONTACT_BOOK_FILE) });
  const contactBook = createContactBookSync({
    api: createRingostatApi({
      ...(env.RINGOSTAT_API_URL ? { baseUrl: env.RINGOSTAT_API_URL } : {}),
      authKey: String(env.RINGOSTAT_AUTH_KEY),
      projectId: String(env.RINGOSTAT_PROJECT_ID),
    }),
    store,
    crmUrl: dataverse.url,
    ...(env.DATAVERSE_APP_ID ? { appId: env.DATAVERSE_APP_ID } : {}),
    projectId: String(env.RINGOSTAT_PROJECT_ID),
    defaultCountry: env.RINGO_DEFAULTCOUNTRY || 'UA',
    clock: systemClock,
  });
  const pages = createDataverseContactPages({
    dataverseUrl: dataverse.url,
    getToken: createTokenProvider(dataverse),
  });
  const bar = new SingleBar(
    {
      format:
        'Contacts |{bar}| {value}/{total} | {pushed} pushed, {unchanged} unchanged, {skipped} without a phone',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  try {
    const result = await syncWholeContactBook({
      pages,
      contactBook,
      store,
      clock: systemClock,
      restart,
      onProgress: (p, resumed) => {
        if (!started) {
          if (resumed) console.log(`Resuming the contact-book sync from where the last run stopped.`);
          bar.start(p.total ?? p.done, 0, p);
          started = true;
        }
        bar.setTotal(Math.max(p.total ?? p.done, p.done));
        bar.update(p.done, p);
      },
    });
    bar.stop();
    console.log(
      `Contact book: ${result.done} contacts, ${result.pushed} pushed, ${result.unchanged} unchanged, ${result.skipped} without a phone.`,
    );
    return 0;
  } catch (error) {
    bar.stop();
    console.error(`Contact-book sync stopped: ${error instanceof Error ? error.message : String(error)}`);
    console.error('Run the same command again to continue from the last page done.');
    return 1;
  } finally {
    store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
