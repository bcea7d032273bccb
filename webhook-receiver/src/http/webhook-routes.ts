import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { coerceError } from '../errors';
import type { CallIdGuard } from '../call-ids/call-id-guard';
import type { AcceptEvent, RejectEvent } from '../inbox/group-commit';
import type { IntakeMetrics, IntakeOutcome } from '../metrics';
import type { InboxPayload } from '../ringostat/inbox-payload';
import { parseRingostatEvent, type ParseProblem } from '../ringostat/parse-ringostat-event';
import { WEBHOOK_EVENTS, type WebhookEventName } from '../ringostat/ringostat-event';
import { decodeParams } from './decode-params';
import { BodyTooLargeError, readBody, type RawBody } from './read-body';
import { toRawRequest } from './raw-request';
import { createTokenCheck } from './verify-token';

/**
 * GET and POST /ringostat/{before-call,after-call,after-outgoing-call} (DESIGN.md §6), and any other
 * endpoint handed in as `endpoints` (call-ai-route.ts), with the same token check, body reading and storage. Ringostat counts
 * only a 200 as delivered and retries otherwise (HC 6559968), so: 200 only after the inbox committed;
 * 401 before the body is read; 400/413 kept in the rejected table with the raw request, so nothing is lost.
 * 401 and 413 close the connection, so a caller without the token holds no socket (docs/adr/0081).
 * Metric labels and stored event names come from the matched route, never from the URL as sent.
 */

export interface WebhookRoutesOptions {
  config: Pick<Config, 'webhookToken' | 'webhookTokenPrevious' | 'bodyLimitBytes' | 'timeZone'>;
  accept: AcceptEvent;
  reject: RejectEvent;
  clock: Clock;
  metrics: IntakeMetrics;
  /** Blanks the receiver's secrets wherever they appear (logger.ts `secretScrubber`). */
  scrub: (text: string) => string;
  /** Refuses and flags a `uniqueid` that belongs to another call (docs/adr/0111-call-id-guard.md). */
  guard?: Pick<CallIdGuard, 'check' | 'accepted' | 'refused'>;
  /** The endpoints this plugin serves; default the three call webhooks. */
  endpoints?: readonly IntakeEndpoint[];
}

/** One `/ringostat/<event>` endpoint: its name and how its parameters become an inbox payload. */
export interface IntakeEndpoint {
  event: string;
  parse(
    params: Record<string, unknown>,
    options: { timeZone: string; now: Date },
  ): { ok: true; event: InboxPayload } | { ok: false; problems: ParseProblem[] };
}

export const CALL_ENDPOINTS: readonly IntakeEndpoint[] = WEBHOOK_EVENTS.map((event) => ({
  event,
  parse: (params, options) => parseRingostatEvent(event, params, options),
}));

const outcomes = new WeakMap<FastifyRequest, IntakeOutcome>();

/** The 200 body; a schema lets Fastify serialise it with a precompiled function. */
const ACCEPTED_SCHEMA = {
  type: 'object',
  properties: { status: { type: 'string' }, id: { type: 'integer' }, duplicate: { type: 'boolean' } },
  required: ['status', 'id', 'duplicate'],
} as const;

export const webhookRoutes: FastifyPluginAsync<WebhookRoutesOptions> = async (app, options) => {
  const { config, accept, clock, metrics, scrub } = options;
  const tokenAccepted = createTokenCheck([config.webhookToken, config.webhookTokenPrevious]);

  // Encapsulated in this plugin: webhook bodies of any type arrive as raw bytes; other routes keep
  // Fastify's parsers.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => readBody(payload, config.bodyLimitBytes, done));

  // Callback-style hooks: an async hook costs a promise per request on the hot path.
  app.addHook('onRequest', (request, reply, done) => {
    if (tokenAccepted(tokenOf(request.url))) return done();
    outcomes.set(request, 'unauthorized');
    reply.code(401).header('connection', 'close').send({
      error: 'unauthorized',
      message: 'Missing or wrong ?token= in the webhook URL; copy the URL again from the receiver',
    });
  });

  app.addHook('onResponse', (request, reply, done) => {
    const outcome = outcomes.get(request) ?? (reply.statusCode >= 500 ? 'error' : 'invalid');
    metrics.observe(eventOf(request), outcome, reply.elapsedTime / 1000);
    done();
  });

  app.setErrorHandler(async (thrown, request, reply) => {
    const error = coerceError(thrown) as Error & { statusCode?: number };
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error(
        { err: error, event: eventOf(request) },
        'webhook intake failed; Ringostat will retry',
      );
      outcomes.set(request, 'error');
      return reply
        .code(500)
        .send({ error: 'internal_error', message: 'The receiver could not store the webhook' });
    }
    const tooLarge = error instanceof BodyTooLargeError;
    const reason = tooLarge
      ? `body of ${error.receivedBytes} bytes or more is over the ${error.limit}-byte limit`
      : error.message;
    await reject(request, tooLarge ? 413 : 400, reason, tooLarge ? error.preview : '');
    outcomes.set(request, tooLarge ? 'too_large' : 'invalid');
    return tooLarge
      ? reply
          .code(413)
          .header('connection', 'close')
          .send({ error: 'payload_too_large', message: error.message })
      : reply.code(400).send({ error: 'invalid_payload', details: [{ field: 'body', message: reason }] });
  });

  /** Stores the rejected request; if even that fails, the 500 makes Ringostat send it again. */
  async function reject(request: FastifyRequest, status: number, reason: string, body: string) {
    const raw = toRawRequest(
      { method: request.method, url: request.url, headers: request.headers, body },
      scrub,
    );
    await options.reject({ event: eventOf(request), status, reason, raw, receivedAt: clock.now() });
    request.log.warn({ event: eventOf(request), status, reason }, 'webhook rejected');
  }

  for (const endpoint of options.endpoints ?? CALL_ENDPOINTS) {
    const event = endpoint.event;
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const receivedAt = clock.now();
      const body = (request.body as RawBody | undefined)?.bytes;
      const bodyText = body?.toString('utf8') ?? '';
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';

      const decoding = decodeParams(query, request.headers['content-type'], body, bodyText);
      const decoded = decoding instanceof Promise ? await decoding : decoding;
      const parsed = decoded.ok
        ? endpoint.parse(decoded.params, { timeZone: config.timeZone, now: receivedAt })
        : { ok: false as const, problems: [{ field: 'body', message: decoded.reason }] };
      const reused = parsed.ok ? options.guard?.check(parsed.event) : undefined;
      if (!parsed.ok || reused) {
        const problems = parsed.ok ? [reused as ParseProblem] : parsed.problems;
        options.guard?.refused(event, parsed.ok ? parsed.event.callId : callIdOf(decoded), problems);
        await reject(request, 400, describe(problems), bodyText);
        outcomes.set(request, 'invalid');
        return reply.code(400).send({ error: 'invalid_payload', details: problems.map(detail) });
      }

      const raw = toRawRequest(
        { method: request.method, url: request.url, headers: request.headers, body: bodyText },
        scrub,
      );
      const result = await accept({ payload: withoutSecrets(parsed.event, scrub), raw, receivedAt });
      if (!result.duplicate) options.guard?.accepted(parsed.event, receivedAt);
      outcomes.set(request, result.duplicate ? 'duplicate' : 'accepted');
      request.log.info(
        { event, callId: parsed.event.callId, id: result.id, duplicate: result.duplicate },
        'webhook accepted',
      );
      return reply.code(200).send({ status: 'accepted', id: result.id, duplicate: result.duplicate });
    };
    app.route({
      method: ['GET', 'POST'],
      url: `/ringostat/${event}`,
      exposeHeadRoute: false,
      schema: { response: { 200: ACCEPTED_SCHEMA } },
      handler,
    });
  }
};

/**
 * A secret copied into another parameter (`access_token=…`) lands in the event's text fields or `extra`:
 * it is blanked there too, so the stored payload never holds one (docs/adr/0085).
 */
function withoutSecrets<T extends InboxPayload>(event: T, scrub: (text: string) => string): T {
  let changed = false;
  // Payloads are flat records with a few nested records (extra, utm, attribution…): two levels deep.
  const clean = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') {
      const scrubbed = scrub(value);
      if (scrubbed !== value) changed = true;
      return scrubbed;
    }
    if (depth === 0 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => clean(item, depth - 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clean(item, depth - 1)]));
  };
  const cleaned = clean(event, 3) as T;
  return changed ? cleaned : event;
}

function tokenOf(url: string): string | undefined {
  const q = url.indexOf('?');
  return q < 0 ? undefined : (new URLSearchParams(url.slice(q + 1)).get('token') ?? undefined);
}

/** The event of the matched route (`/ringostat/after-call` → `after-call`): one of a fixed set. */
function eventOf(request: FastifyRequest): WebhookEventName | string {
  return request.routeOptions.url?.replace(/^\/ringostat\//, '') ?? 'unknown';
}

/** The 400 body names field and message; the guard's pattern stays internal. */
function detail({ field, message }: ParseProblem): { field: string; message: string } {
  return { field, message };
}

function callIdOf(decoded: { ok: boolean; params?: Record<string, unknown> }): string | undefined {
  const id = decoded.params?.uniqueid;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function describe(problems: ParseProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}
