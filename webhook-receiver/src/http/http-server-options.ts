import type { HttpLimits } from '../config';

/**
 * Fastify and Node HTTP server options from the receiver's limits (docs/adr/0081-timeouts-and-connection-cap.md).
 *
 * - `requestTimeout`: headers and body must arrive within it, with or without a token, so a stalled or
 *   trickled body cannot hold a socket for minutes. Node checks running requests every
 *   `connectionsCheckingInterval` (30 s by default), so the interval is tied to the timeout: a stalled
 *   request is cut within about 1.25 × the timeout.
 *   https://nodejs.org/docs/latest-v20.x/api/http.html#httpcreateserveroptions-requestlistener
 * - `connectionTimeout`: a socket with no traffic either way is closed (Fastify `connectionTimeout`).
 * - `headersTimeout` is no longer than the request timeout (Node refuses it longer).
 * The connection cap (`server.maxConnections`) is set on the server after it is built (app.ts).
 */
export function httpServerOptions(limits: HttpLimits) {
  const requestTimeout = limits.requestTimeoutMs;
  return {
    requestTimeout,
    connectionTimeout: limits.connectionTimeoutMs,
    http: {
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(5_000, Math.max(100, Math.floor(requestTimeout / 4))),
    },
  };
}
