import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import type { Config } from '../config';
import { coerceError } from '../errors';
import type { ForwardingService } from '../forwarding/create-forwarding';
import type { ForwardingDecision, ForwardingKind } from '../forwarding/decide-forwarding';
import { maskDestination } from '../forwarding/destination';
import { renderAnswer } from '../forwarding/forwarding-answer';
import { createForwardingMetrics } from '../forwarding/forwarding-metrics';
import { readForwardingRequest, type ForwardingRequest } from '../forwarding/forwarding-request';
import { maskPhone } from '../domain/mask-phone';
import { readBody, type RawBody } from './read-body';
import { createTokenCheck } from './verify-token';

/**
 * GET/POST/PUT/DELETE /ringostat/forwarding?token=… — Ringostat's "webhook forwarding number" asks which
 * number to ring (DESIGN.md §6; docs/adr/0130). The same token as the webhooks, checked before the body
 * is read (401 otherwise). Every authenticated request is answered 200 in the format Ringostat expects:
 * the responsible manager's extension, or "no redirect" — for a bad request, an error or a missed
 * deadline too, so a call is never lost or held up by the receiver. Nothing is stored per request and
 * no Dataverse request is made on this path.
 */
export interface ForwardingRoutesOptions {
  config: Pick<Config, 'webhookToken' | 'webhookTokenPrevious'>;
  /** Absent when forwarding is not assembled (no Dataverse): every answer is "no redirect" (`off`). */
  forwarding?: ForwardingService | undefined;
  registry: Registry;
}

/** Forwarding requests carry a few call parameters; anything bigger is not one. */
export const FORWARDING_BODY_LIMIT = 64 * 1024;
const answered = new WeakMap<FastifyRequest, { kind: ForwardingKind; format: string }>();

export const forwardingRoutes: FastifyPluginAsync<ForwardingRoutesOptions> = async (app, options) => {
  const { forwarding } = options;
  const tokenAccepted = createTokenCheck([options.config.webhookToken, options.config.webhookTokenPrevious]);
  const metrics = createForwardingMetrics(options.registry);
  const warned = new Map<string, number>();

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => readBody(payload, FORWARDING_BODY_LIMIT, done));

  app.addHook('onRequest', (request, reply, done) => {
    if (tokenAccepted(new URLSearchParams(queryOf(request.url)).get('token') ?? undefined)) return done();
    answered.set(request, { kind: 'unauthorized', format: 'none' });
    reply.code(401).send({
      error: 'unauthorized',
      message: 'Missing or wrong ?token= in the forwarding URL; use the same token as the webhook URLs',
    });
  });

  app.addHook('onResponse', (request, reply, done) => {
    const outcome = answered.get(request) ?? { kind: 'error' as const, format: 'none' };
    metrics.answered(outcome.kind, outcome.format, reply.elapsedTime / 1000);
    done();
  });

  // The body could not be read (over the limit, aborted): still an answer, "no redirect".
  app.setErrorHandler(async (thrown, request, reply) => {
    const query = queryOf(request.url);
    const parsed = readForwardingRequest({ query, headers: request.headers });
    const json = String(request.headers['content-type'] ?? '').includes('json');
    const answer = new URLSearchParams(query).has('answer') ? parsed.answer : json ? 'json' : 'http';
    const fallback = { ...parsed, answer } as const;
    request.log.warn(
      { error: coerceError(thrown).message },
      'forwarding request unreadable; answered no redirect',
    );
    return send(request, reply, fallback, { kind: 'bad_request' });
  });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = readForwardingRequest({
      query: queryOf(request.url),
      headers: request.headers,
      body: (request.body as RawBody | undefined)?.bytes,
    });
    if (parsed.unexpected.length > 0) noteUnexpected(request, parsed);
    const decision: ForwardingDecision = forwarding ? await forwarding.decide(parsed) : { kind: 'off' };
    return send(request, reply, parsed, decision);
  };

  function send(
    request: FastifyRequest,
    reply: FastifyReply,
    parsed: ForwardingRequest,
    decision: ForwardingDecision,
  ) {
    const answer = renderAnswer(parsed, decision.kind === 'redirect' ? decision.destination : undefined);
    answered.set(request, { kind: decision.kind, format: parsed.answer });
    const seconds = reply.elapsedTime / 1000;
    forwarding?.answered(parsed, decision, seconds);
    request.log.info(
      {
        kind: decision.kind,
        format: parsed.answer,
        caller: decision.caller ? maskPhone(decision.caller) : undefined,
        contactid: decision.contactid,
        ownerid: decision.ownerid,
        destination: decision.destination ? maskDestination(decision.destination) : undefined,
        detail: decision.detail,
        ms: Math.round(seconds * 10_000) / 10,
      },
      'forwarding answered',
    );
    return reply
      .code(200)
      .header('content-type', answer.contentType)
      .header('cache-control', 'no-store')
      .header('x-ringostat-forwarding', decision.kind)
      .send(answer.body);
  }

  /** Counted every time; logged at most once a minute per kind of surprise, with parameter names only. */
  function noteUnexpected(request: FastifyRequest, parsed: ForwardingRequest) {
    const contentType = String(request.headers['content-type'] ?? '');
    for (const reason of parsed.unexpected) metrics.unexpected(reason);
    forwarding?.unexpected(parsed, { method: request.method, contentType });
    const key = parsed.unexpected.join(',');
    const now = Date.now();
    if (now - (warned.get(key) ?? 0) < 60_000) return;
    warned.set(key, now);
    request.log.warn(
      { reasons: parsed.unexpected, keys: parsed.keys, method: request.method, contentType },
      'forwarding request shaped unlike docs/adr/0130 assumes; see GET /admin/forwarding',
    );
  }

  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE'],
    url: '/ringostat/forwarding',
    exposeHeadRoute: false,
    handler,
  });
};

function queryOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}
