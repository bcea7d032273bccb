import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, ROOT, start, type Started } from './fresh-clone';

/**
 * `npm start` in demo mode as a new operator meets it: every command it prints is pasted into bash as it
 * is and does what the text says — the hand-made call lands as a phone call, the emulator query finds it,
 * and the admin API answers with the admin token the demo generated.
 */
jest.setTimeout(90_000);

let dataDir: string;
let demo: Started;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'demo-start-'));
  const env = cleanEnv({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    DATAVERSE_EMULATOR_PORT: '0',
    PREVIEW_PORT: '0',
  });
  demo = start(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], { cwd: ROOT, env });
  await demo.waitFor(/"component":"startup"/);
});
afterAll(async () => {
  await demo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function startupLines(): string[] {
  const record = demo
    .output()
    .split('\n')
    .filter((line) => line.includes('"component":"startup"'))
    .map((line) => JSON.parse(line) as { startup: string[] })[0];
  return record?.startup ?? [];
}

/** Runs a printed line exactly as pasted into bash. */
function paste(line: string): string {
  const result = spawnSync('bash', ['-c', `${line.trim()} --silent --show-error`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${line} failed: ${result.stderr}`);
  return result.stdout;
}

test('the printed commands quote every URL, and the hand-made call lands as a phone call', async () => {
  const commands = startupLines().filter((line) => line.trim().startsWith('curl '));
  expect(commands).toHaveLength(5);
  for (const command of commands) expect(command.trim()).toMatch(/^curl( -H '[^']+')? '[^']+'$/);

  const [before, after, query] = commands;
  expect(JSON.parse(paste(before ?? ''))).toMatchObject({ status: 'accepted', duplicate: false });
  expect(JSON.parse(paste(after ?? ''))).toMatchObject({ status: 'accepted', duplicate: false });
  let found: { value: { subject: string; statecode: number }[] } = { value: [] };
  for (let i = 0; i < 100 && found.value.length === 0; i++) {
    found = JSON.parse(paste(query ?? '')) as typeof found;
    if (found.value.length === 0) await new Promise((r) => setTimeout(r, 200));
  }
  expect(found.value).toEqual([
    expect.objectContaining({ subject: expect.stringContaining('+380501234567'), statecode: 1 }),
  ]);
});

test('the text says why a before-call alone logs no phone call', () => {
  expect(startupLines().join('\n')).toMatch(
    /before-call webhook only finds or creates the contact[^]*after-call/,
  );
});

test('demo mode generates an admin token, keeps it in DATA_DIR and the admin API accepts it', () => {
  const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(startupLines()).toContain(
    `Admin API (/admin/…): Authorization: Bearer ${token}   (demo; kept in DATA_DIR/admin-token)`,
  );
  const adminCommands = startupLines().filter(
    (line) => line.trim().startsWith('curl') && line.includes('/admin/'),
  );
  expect(adminCommands).toHaveLength(2);
  for (const command of adminCommands) {
    expect(command).toContain(`Bearer ${token}`);
    expect(() => JSON.parse(paste(command))).not.toThrow();
  }
  expect(JSON.parse(paste(adminCommands[0] ?? ''))).toEqual({ rejected: [], nextBeforeId: null });
});
