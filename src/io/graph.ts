/**
 * The one Microsoft Graph client: Node's own fetch (the official Graph JS client does not send the
 * token to a plain-http loopback address, which would leave a local test double unauthenticated),
 * the beta endpoint where the exemption properties live, paging by @odata.nextLink, retries of 429
 * and 503 honouring Retry-After (bounded in count and time), and Graph's errors turned into exit 6
 * with the request-id. The token is sent, never printed.
 */
import { MamxError, type ErrorCode } from '../errors.js';

export interface GraphClient {
  /** The Graph URL requests go to (MAMX_GRAPH_URL or https://graph.microsoft.com). */
  readonly baseUrl: string;
  get(path: string): Promise<Record<string, unknown>>;
  /** Every item of a collection, following @odata.nextLink. */
  list(path: string): Promise<Array<Record<string, unknown>>>;
  patch(path: string, body: unknown): Promise<void>;
}

export interface GraphOptions {
  baseUrl: string;
  token: () => Promise<string>;
  /** For tests of the retry rules; real runs wait. */
  sleep?: (ms: number) => Promise<void>;
  maxRetries?: number;
  /** No single wait, nor all of them together, may exceed this. */
  maxWaitMs?: number;
  /** What a 403 lacks, for the message. */
  permission?: string;
}

export const GRAPH_URL = 'https://graph.microsoft.com';

export function graphBaseUrl(env: NodeJS.ProcessEnv): string {
  const url = env.MAMX_GRAPH_URL?.trim() || GRAPH_URL;
  if (!/^https?:\/\/[^/]+$/.test(url.replace(/\/$/, ''))) {
    throw new MamxError(
      'USAGE',
      `MAMX_GRAPH_URL=${JSON.stringify(env.MAMX_GRAPH_URL)}: expected a base URL such as https://graph.microsoft.com (no path)`,
    );
  }
  return url.replace(/\/$/, '');
}

export function graphClient(o: GraphOptions): GraphClient {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxRetries = o.maxRetries ?? 4;
  const maxWaitMs = o.maxWaitMs ?? 60_000;

  async function request(method: 'GET' | 'PATCH', url: string, body?: unknown): Promise<Response> {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const token = await o.token(); // signing in fails as itself, not as a network error
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(body !== undefined && { 'Content-Type': 'application/json' }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new MamxError(
          'GRAPH_NETWORK',
          `cannot reach Microsoft Graph at ${o.baseUrl}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
          'check the network, a proxy, or MAMX_GRAPH_URL',
        );
      }
      if (response.status !== 429 && response.status !== 503) return response;
      const wait = retryAfterMs(response.headers.get('retry-after'), attempt);
      if (attempt >= maxRetries || wait > maxWaitMs || waited + wait > maxWaitMs) return response;
      await response.body?.cancel();
      await sleep(wait);
      waited += wait;
    }
  }

  async function ok(method: 'GET' | 'PATCH', path: string, body?: unknown): Promise<Response> {
    const url = path.startsWith('http') ? path : `${o.baseUrl}/beta${path}`;
    const response = await request(method, url, body);
    if (response.ok) return response;
    throw await graphError(method, path, response, o.permission);
  }

  return {
    baseUrl: o.baseUrl,
    async get(path) {
      return (await (await ok('GET', path)).json()) as Record<string, unknown>;
    },
    async list(path) {
      const items: Array<Record<string, unknown>> = [];
      let next: string | undefined = path;
      for (let pages = 0; next !== undefined; pages++) {
        if (pages >= 1000) throw new MamxError('GRAPH_ERROR', `Graph kept returning pages for ${path}: stopped after 1000`);
        const page = (await (await ok('GET', next)).json()) as { value?: unknown; '@odata.nextLink'?: unknown };
        if (Array.isArray(page.value)) items.push(...(page.value as Array<Record<string, unknown>>));
        next = typeof page['@odata.nextLink'] === 'string' ? page['@odata.nextLink'] : undefined;
      }
      return items;
    },
    async patch(path, body) {
      const response = await ok('PATCH', path, body);
      await response.body?.cancel();
    },
  };
}

/** Retry-After in seconds or as an HTTP date; without one, a short backoff. */
function retryAfterMs(header: string | null, attempt: number): number {
  if (header !== null) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now());
  }
  return Math.min(1000 * 2 ** attempt, 8000);
}

async function graphError(
  method: string,
  path: string,
  response: Response,
  permission = 'DeviceManagementApps.ReadWrite.All',
): Promise<MamxError> {
  let error: { code?: string; message?: string; innerError?: { 'request-id'?: string } } = {};
  try {
    const body = (await response.json()) as { error?: typeof error };
    error = body.error ?? {};
  } catch {
    // not JSON: the status says enough
  }
  const requestId = response.headers.get('request-id') ?? error.innerError?.['request-id'];
  const id = requestId ? ` (request-id ${requestId})` : '';
  const said = error.message ? `: ${error.message}` : '';
  const make = (code: ErrorCode, message: string, hint?: string) => new MamxError(code, `${message}${id}`, hint);
  switch (response.status) {
    case 401:
      return make(
        'GRAPH_AUTH',
        `Microsoft Graph refused the sign-in (401)${said}`,
        'sign in again (mamx logout, then run the command), or check MAMX_GRAPH_TOKEN',
      );
    case 403:
      return make(
        'GRAPH_FORBIDDEN',
        `Microsoft Graph refused ${method} ${path} (403): the app or user lacks the permission ${permission}${said}`,
        `grant ${permission} to the app registration (with admin consent)`,
      );
    case 404:
      return make('GRAPH_NOT_FOUND', `no such policy in the tenant: ${method} ${path} (404)${said}`);
    case 429:
    case 503:
      return make(
        'GRAPH_THROTTLED',
        `Microsoft Graph is throttling or unavailable (${response.status}) and stayed so after the retries${said}`,
        'run it again in a few minutes',
      );
    default:
      return make('GRAPH_ERROR', `Microsoft Graph answered ${response.status} to ${method} ${path}${said}`);
  }
}
