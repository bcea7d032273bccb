import type { FastifyPluginAsync } from 'fastify';
import { parseCallAiEvent } from '../ringostat/parse-call-ai-event';
import { webhookRoutes, type IntakeEndpoint, type WebhookRoutesOptions } from './webhook-routes';

/**
 * GET and POST /ringostat/call-ai: Ringostat's "Call processed by AI" webhook (help article 9281387),
 * with the same `?token=`, body formats (json-rpc included), inbox and rejected-request storage as the
 * call webhooks. The inbox keeps it beside the call's other events and the worker attaches it to the
 * call's phone call (worker/call-ai-task.ts).
 */
export const CALL_AI_ENDPOINT: IntakeEndpoint = {
  event: 'call-ai',
  parse: (params) => parseCallAiEvent(params),
};

export const callAiRoute: FastifyPluginAsync<WebhookRoutesOptions> = (app, options) =>
  webhookRoutes(app, { ...options, endpoints: [CALL_AI_ENDPOINT] });
