import fc from 'fast-check';
import { join } from 'node:path';
import { createSqliteInbox } from '../../webhook-receiver/src/inbox/sqlite-inbox';
import { check, drillResult, silentLog, type Drill, type DrillSize } from './drill-types';
import { drillCalls, webhookBody, type DrillEvent } from './support/call-bodies';
import { ADMIN_TOKEN, createDrillEnv, WEBHOOK_TOKEN } from './support/drill-env';
import { createHttpClient, forEachLimited, type DrillRequest } from './support/http-client';
import { startReceiverProcess, type ReceiverProcess } from './support/receiver-process';

/**
 * Auth: well-formed webhooks carrying wrong tokens (missing, empty, random, one character off, padded,
 * upper-cased, in a header or the body instead of the URL, the admin token, a second `token=`…) must all
 * answer 401 and leave nothing in the inbox — not even a rejected row. Interleaved requests with the right
 * token must be accepted, so the drill fails if the receiver stops accepting altogether. Wrong bearer
 * tokens on the admin API must never get a 2xx either.
 */
export const AUTH_SIZES: Record<DrillSize, number> = { full: 5_000, ci: 400 };
const CONNECTIONS = 16;
const SEED = 4242;

interface Probe {
  kind: string;
  request: DrillRequest;
  admin: boolean;
}

const pct = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
const right = WEBHOOK_TOKEN;

/** A wrong `?token=` query (or none), and how it is wrong. */
const wrongQuery: fc.Arbitrary<{
  kind: string;
  query: string;
  headers?: Record<string, string>;
  bodyToken?: boolean;
}> = fc.oneof(
  fc.constant({ kind: 'no token', query: '' }),
  fc.constant({ kind: 'empty token', query: 'token=' }),
  fc
    .string({ maxLength: 64 })
    .filter((s) => s !== right)
    .map((s) => ({ kind: 'random token', query: `token=${pct(s)}` })),
  fc.tuple(fc.nat(right.length - 1), fc.constantFrom('0', 'X', pct('ї'), '%00')).map(([at, c]) => ({
    kind: 'one character off',
    query: `token=${right.slice(0, at)}${c === right[at] ? 'Z' : c}${right.slice(at + 1)}`,
  })),
  fc.constantFrom(
    { kind: 'token cut short', query: `token=${right.slice(0, -1)}` },
    { kind: 'token with an extra character', query: `token=${right}0` },
    { kind: 'token upper-cased', query: `token=${right.toUpperCase()}` },
    { kind: 'token padded with a space', query: `token=+${right}` },
    { kind: 'token double-encoded', query: `token=${pct(pct(right))}%2500` },
    { kind: 'admin token as webhook token', query: `token=${ADMIN_TOKEN}` },
    { kind: 'right token under another name', query: `Token=${right}&access_token=${right}` },
    { kind: 'wrong token first, right one second', query: `token=wrong&token=${right}` },
    { kind: 'right token in the fragment', query: `#token=${right}` },
    { kind: 'right token as a bearer header', query: '', headers: { authorization: `Bearer ${right}` } },
    { kind: 'right token as x-token header', query: 'token=nope', headers: { 'x-token': right } },
    { kind: 'right token in the JSON body', query: '', bodyToken: true },
  ),
);

function probes(count: number): Probe[] {
  const calls = drillCalls(count, { prefix: 'auth' });
  const shapes = fc.sample(
    fc.tuple(
      wrongQuery,
      fc.constantFrom<DrillEvent>('before-call', 'after-call', 'after-outgoing-call'),
      fc.constantFrom('POST json', 'POST form', 'GET'),
    ),
    { numRuns: count, seed: SEED },
  );
  return shapes.map(([wrong, event, shape], i) => {
    const call = calls[i] ?? calls[0]!;
    const body = JSON.parse(webhookBody(call, event)) as Record<string, string>;
    const query = [wrong.query, shape === 'GET' ? new URLSearchParams(body).toString() : '']
      .filter(Boolean)
      .join('&');
    // A GET has no body: there the "token in the body" probe is simply a request without a token.
    if (wrong.bodyToken) body.token = right;
    const form = new URLSearchParams(body).toString();
    const request: DrillRequest = {
      method: shape === 'GET' ? 'GET' : 'POST',
      path: `/ringostat/${event}${query.startsWith('#') ? '' : '?'}${query}`,
      headers: { ...wrong.headers },
    };
    if (shape === 'POST json') {
      request.body = JSON.stringify(body);
      request.headers = { ...request.headers, 'content-type': 'application/json' };
    } else if (shape === 'POST form') {
      request.body = form;
      request.headers = { ...request.headers, 'content-type': 'application/x-www-form-urlencoded' };
    }
    return { kind: wrong.kind, request, admin: false };
  });
}

/** Bodies that would be rejected (and stored as rejected) if the token check came after reading them. */
function badBodyProbes(): Probe[] {
  const post = (kind: string, contentType: string, body: string): Probe => ({
    kind,
    admin: false,
    request: {
      method: 'POST',
      path: '/ringostat/after-call?token=wrong',
      headers: { 'content-type': contentType },
      body,
    },
  });
  return [
    post('wrong token with a body over the limit', 'application/json', `{"x":"${'ї'.repeat(1_200_000)}"}`),
    post('wrong token with broken JSON', 'application/json', '{"uniqueid":'),
    post('wrong token with a wrong content type', 'text/plain', 'uniqueid=1'),
  ];
}

function adminProbes(): Probe[] {
  const bearers = [
    '',
    'Bearer ',
    `Bearer ${WEBHOOK_TOKEN}`,
    `Bearer ${ADMIN_TOKEN.slice(0, -1)}`,
    ADMIN_TOKEN,
    `Basic ${ADMIN_TOKEN}`,
  ];
  return bearers.flatMap((authorization) =>
    [
      { method: 'GET', path: '/admin/events?status=dead' },
      { method: 'GET', path: '/admin/events/1' },
      { method: 'POST', path: '/admin/events/1/retry' },
    ].map((r) => ({
      kind: 'admin API with a wrong bearer token',
      admin: true,
      request: { ...r, headers: authorization ? { authorization } : {} },
    })),
  );
}

export const authDrill: Drill = {
  name: 'auth',
  title: 'Auth: wrong tokens never reach the inbox',
  async run(size, log = silentLog) {
    const startedAt = performance.now();
    const count = AUTH_SIZES[size];
    const env = await createDrillEnv('auth');
    let receiver: ReceiverProcess | undefined;
    try {
      receiver = await startReceiverProcess(env.receiverEnv);
      const client = createHttpClient(receiver.url, { connections: CONNECTIONS });
      const wrong = [...probes(count), ...badBodyProbes(), ...adminProbes()];
      const controls = drillCalls(Math.ceil(count / 10), { prefix: 'auth_control' });
      const leaks: string[] = [];
      const statuses = new Map<number, number>();
      let controlsAccepted = 0;
      await forEachLimited(wrong, CONNECTIONS, async (probe, i) => {
        const response = await client.send(probe.request);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const leaked = probe.admin
          ? response.status < 300 && response.status >= 200
          : response.status !== 401;
        if (leaked && leaks.length < 20)
          leaks.push(
            `${probe.kind}: ${probe.request.method} ${probe.request.path.replace(WEBHOOK_TOKEN, '<right>')} → ${response.status}`,
          );
        const control = i % 10 === 0 ? controls[i / 10] : undefined;
        if (control) {
          const ok = await client.send({
            method: 'POST',
            path: `/ringostat/after-call?token=${WEBHOOK_TOKEN}`,
            headers: { 'content-type': 'application/json' },
            body: webhookBody(control, 'after-call'),
          });
          if (ok.status === 200) controlsAccepted++;
        }
      });
      log(`auth: ${wrong.length} wrong-token requests, ${controls.length} controls`);
      client.close();
      await receiver.stop();

      const inbox = createSqliteInbox({ file: join(env.dataDir, 'inbox.sqlite') });
      const stats = inbox.stats(new Date());
      const stored = inbox.list({ limit: 500 });
      inbox.close();
      const inboxRows = stats.pending + stats.processing + stats.done + stats.dead;
      const foreign = stored.filter((e) => !e.callId.startsWith('auth_control_')).length;
      const webhookProbes = wrong.filter((p) => !p.admin).length;
      const unauthorized = statuses.get(401) ?? 0;

      return drillResult({
        name: this.name,
        title: this.title,
        size,
        startedAt,
        parameters: {
          'wrong-token webhooks': webhookProbes,
          'admin probes': wrong.length - webhookProbes,
          'right-token controls': controls.length,
          seed: SEED,
        },
        checks: [
          check(
            'every wrong token is answered 401 (admin API: never 2xx)',
            leaks.length === 0,
            `${leaks.length} got through`,
          ),
          check(
            'right-token controls are accepted',
            controlsAccepted === controls.length,
            `${controlsAccepted} of ${controls.length}`,
          ),
          check(
            'the inbox holds the controls and nothing else',
            inboxRows === controls.length && foreign === 0 && stats.rejected === 0,
            `${inboxRows} inbox rows, ${foreign} not from a control, ${stats.rejected} rejected rows`,
          ),
        ],
        counts: {
          wrongTokenRequests: wrong.length,
          unauthorized,
          leaked: leaks.length,
          controls: controls.length,
          controlsAccepted,
          inboxRows,
          rejectedRows: stats.rejected,
        },
        notes: [
          `Answers to wrong-token requests: ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}.`,
          ...leaks,
        ],
      });
    } finally {
      await receiver?.kill('SIGKILL');
      await env.cleanup();
    }
  },
};
