import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, cloneRepository, run, type Clone } from './fresh-clone';

/**
 * README "Running against a real Smart CRM", step 1, as a new operator does it: a fresh clone (no
 * webresources/dist, no dist/), `npm ci && npm run pack`, and both zips are there.
 */
const MINUTE = 60_000;
jest.setTimeout(20 * MINUTE);

let clone: Clone;
beforeAll(() => {
  clone = cloneRepository('fresh-clone-pack');
});
afterAll(() => clone?.remove());

test('npm ci && npm run pack on a fresh clone builds the web resources and writes both zips', async () => {
  expect(existsSync(join(clone.dir, 'webresources', 'dist'))).toBe(false);
  const npm = (args: string[]) =>
    run('npm', args, { cwd: clone.dir, env: cleanEnv(), timeoutMs: 12 * MINUTE });
  expect(await npm(['ci', '--no-audit', '--no-fund', '--prefer-offline'])).toMatchObject({ code: 0 });

  const packed = await npm(['run', 'pack']);
  expect(packed.output).toMatch(/built 9 web resources/);
  expect(packed.output).toContain('ringo_/js/phonecall_form.js');
  expect(packed.code).toBe(0);
  const zips = readdirSync(join(clone.dir, 'dist')).sort();
  expect(zips).toHaveLength(2);
  expect(zips[0]).toMatch(/^RingostatIntegration_\d+_\d+_\d+_\d+\.zip$/);
  expect(zips[1]).toMatch(/^RingostatIntegration_\d+_\d+_\d+_\d+_managed\.zip$/);
});
