/**
 * The few Dataverse Web API calls a deployment needs, over plain fetch (see docs/adr/0011). Headers per
 * Microsoft Learn "Compose HTTP requests and handle errors" (…/data-platform/webapi/compose-http-requests-handle-errors).
 */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface WebApi {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T | undefined>;
  patch(path: string, body: unknown): Promise<void>;
}

/** Dataverse answered with an error. `code` is the OData error code, e.g. 0x8004F061. */
export class DataverseHttpError extends Error {
  override readonly name = 'DataverseHttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export interface WebApiOptions {
  /** Environment URL, e.g. https://contoso.crm4.dynamics.com */
  url: string;
  getToken: () => Promise<string>;
  fetch?: FetchLike;
}

export function createWebApi(options: WebApiOptions): WebApi {
  const base = `${options.url.replace(/\/+$/, '')}/api/data/v9.2/`;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${await options.getToken()}`,
      Accept: 'application/json',
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    const response = await doFetch(base + path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) {
      const raw = await response.text();
      let code = '';
      let message = raw || response.statusText;
      try {
        const parsed = JSON.parse(raw) as { error?: { code?: string; message?: string } };
        code = parsed.error?.code ?? '';
        message = parsed.error?.message ?? message;
      } catch {
        // not JSON: keep the raw text
      }
      throw new DataverseHttpError(response.status, code, message, path);
    }
    return response;
  }

  return {
    async get<T>(path: string) {
      return (await (await send('GET', path)).json()) as T;
    },
    async post<T>(path: string, body: unknown) {
      const response = await send('POST', path, body);
      const raw = await response.text();
      return raw ? (JSON.parse(raw) as T) : undefined;
    },
    async patch(path: string, body: unknown) {
      await send('PATCH', path, body);
    },
  };
}
