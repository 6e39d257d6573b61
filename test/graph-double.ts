/**
 * A stand-in for the documented Microsoft Graph endpoints mamx uses, as a real HTTP server on
 * 127.0.0.1 (started per test): the beta collections of iOS and Android app protection policies,
 * paged by @odata.nextLink; GET of one policy (with $expand=apps); PATCH of one policy, which
 * replaces the properties sent and gives the policy a new `version`; bearer tokens (401 without the
 * expected one, 403 for a PATCH with a read-only one); 404 for an unknown id; Graph's error body with
 * a request-id. Tests script what a real tenant does now and then: throttling (429/503 with
 * Retry-After), an edit in the portal between two requests, a PATCH the service accepts and does not
 * apply. Every request is logged, for tests to assert on (no PATCH on a dry run, …).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Platform = 'ios' | 'android';
export type GraphPolicy = Record<string, unknown> & { id: string; version?: string };

export interface LoggedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  authorization: string | undefined;
  body?: Record<string, unknown>;
  status: number;
}

/** A scripted answer to the next request that matches. */
export interface Fault {
  status: number;
  method?: 'GET' | 'PATCH';
  retryAfter?: string;
  code?: string;
  message?: string;
}

export interface GraphDouble {
  /** http://127.0.0.1:PORT — what MAMX_GRAPH_URL is set to. */
  url: string;
  /** The tokens it accepts: read for GETs, write for everything. */
  tokens: { read: string; write: string };
  log: LoggedRequest[];
  /** The policies as the tenant holds them now. */
  policies: Record<Platform, GraphPolicy[]>;
  policy(platform: Platform, id: string): GraphPolicy;
  /** Someone edits the policy in the portal: its properties change, and so does its version. */
  portalEdit(platform: Platform, id: string, change: Record<string, unknown>): void;
  /** The next matching requests get these answers, in order. */
  fail(...faults: Fault[]): void;
  /** Called before each request is answered (after it is logged): a hook for "meanwhile, in the portal". */
  onRequest?: (request: LoggedRequest) => void;
  /** PATCHes are answered 204 and not applied. */
  ignorePatches: boolean;
  /** Items per page of a collection. */
  pageSize: number;
  patches(): LoggedRequest[];
  close(): Promise<void>;
}

const COLLECTIONS: Record<string, Platform> = { iosManagedAppProtections: 'ios', androidManagedAppProtections: 'android' };
const ODATA_TYPE: Record<Platform, string> = {
  ios: '#microsoft.graph.iosManagedAppProtection',
  android: '#microsoft.graph.androidManagedAppProtection',
};
/** Properties a client cannot set. */
const READ_ONLY = new Set(['id', 'version', 'createdDateTime', 'lastModifiedDateTime', 'apps', 'assignments', 'deploymentSummary']);

const newVersion = () => `"${randomUUID()}"`;

/** Starts a double holding copies of the given policies (GET-response shapes; the @odata annotations are dropped). */
export async function startGraphDouble(initial: Partial<Record<Platform, Array<Record<string, unknown>>>>): Promise<GraphDouble> {
  const strip = (p: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(p).filter(([k]) => !k.startsWith('@odata'))) as GraphPolicy;
  const queue: Fault[] = [];
  const double: GraphDouble = {
    url: '',
    tokens: { read: 'read-token', write: 'write-token' },
    log: [],
    policies: { ios: (initial.ios ?? []).map(strip), android: (initial.android ?? []).map(strip) },
    policy(platform, id) {
      const p = this.policies[platform].find((x) => x.id === id);
      if (!p) throw new Error(`no ${platform} policy ${id} in the double`);
      return p;
    },
    portalEdit(platform, id, change) {
      Object.assign(this.policy(platform, id), change, { version: newVersion(), lastModifiedDateTime: new Date().toISOString() });
    },
    fail(...faults) {
      queue.push(...faults);
    },
    ignorePatches: false,
    pageSize: 1,
    patches() {
      return this.log.filter((r) => r.method === 'PATCH');
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    const requestId = randomUUID();
    res.writeHead(status, {
      'request-id': requestId,
      'client-request-id': requestId,
      ...(body !== undefined && { 'Content-Type': 'application/json;odata.metadata=minimal' }),
      ...headers,
    });
    res.end(body === undefined ? undefined : JSON.stringify(body));
    return requestId;
  };
  const error = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) => {
    const requestId = randomUUID();
    res.writeHead(status, { 'request-id': requestId, 'client-request-id': requestId, 'Content-Type': 'application/json', ...headers });
    res.end(
      JSON.stringify({
        error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': requestId, 'client-request-id': requestId } },
      }),
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const entry: LoggedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      status: 0,
      ...(text && { body: JSON.parse(text) as Record<string, unknown> }),
    };
    double.log.push(entry);
    const answer = (status: number) => (entry.status = status);
    double.onRequest?.(entry);

    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token !== double.tokens.read && token !== double.tokens.write) {
      answer(401);
      return error(res, 401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    }
    const faultAt = queue.findIndex((f) => !f.method || f.method === req.method);
    if (faultAt >= 0) {
      const [f] = queue.splice(faultAt, 1);
      answer(f!.status);
      return error(
        res,
        f!.status,
        f!.code ?? (f!.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable'),
        f!.message ?? 'Scripted fault.',
        f!.retryAfter ? { 'Retry-After': f!.retryAfter } : {},
      );
    }

    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/beta\/deviceAppManagement\/(iosManagedAppProtections|androidManagedAppProtections)(?:\/([^/]+))?$/.exec(url.pathname);
    const platform = m ? COLLECTIONS[m[1]!] : undefined;
    if (!m || !platform) {
      answer(400);
      return error(res, 400, 'BadRequest', `Resource not found for the segment '${url.pathname.split('/').pop() ?? ''}'.`);
    }
    const id = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
    const context = `${double.url}/beta/$metadata#deviceAppManagement/${m[1]!}`;

    if (id === undefined) {
      if (req.method !== 'GET') {
        answer(405);
        return error(res, 405, 'BadRequest', 'Method not allowed.');
      }
      const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
      const select = url.searchParams.get('$select')?.split(',');
      const all = double.policies[platform];
      const page = all.slice(skip, skip + double.pageSize).map((p) => ({
        '@odata.type': ODATA_TYPE[platform],
        ...(select ? Object.fromEntries(select.filter((k) => k in p).map((k) => [k, p[k]])) : p),
      }));
      const next = new URL(url);
      next.searchParams.set('$skiptoken', String(skip + double.pageSize));
      answer(200);
      return send(res, 200, {
        '@odata.context': context,
        value: page,
        ...(skip + double.pageSize < all.length && { '@odata.nextLink': `${double.url}${next.pathname}${next.search}` }),
      });
    }

    const policy = double.policies[platform].find((p) => p.id === id);
    if (!policy) {
      answer(404);
      return error(res, 404, 'ResourceNotFound', `{"_version":3,"Message":"No ${platform} app protection policy with id ${id}"}`);
    }
    if (req.method === 'GET') {
      const { apps, ...properties } = policy;
      answer(200);
      return send(res, 200, {
        '@odata.context': `${context}/$entity`,
        '@odata.type': ODATA_TYPE[platform],
        ...properties,
        ...(url.searchParams.get('$expand') === 'apps' && { apps: apps ?? [] }),
      });
    }
    if (req.method === 'PATCH') {
      if (token !== double.tokens.write) {
        answer(403);
        return error(
          res,
          403,
          'Forbidden',
          'Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementApps.ReadWrite.All',
        );
      }
      const body = entry.body ?? {};
      const readOnly = Object.keys(body).filter((k) => READ_ONLY.has(k));
      if (readOnly.length > 0) {
        answer(400);
        return error(res, 400, 'BadRequest', `Read-only properties in the request: ${readOnly.join(', ')}`);
      }
      if (!double.ignorePatches) {
        for (const [k, v] of Object.entries(body)) if (k !== '@odata.type') policy[k] = v;
        policy.version = newVersion();
        policy.lastModifiedDateTime = new Date().toISOString();
      }
      answer(204);
      return send(res, 204);
    }
    answer(405);
    return error(res, 405, 'BadRequest', 'Method not allowed.');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  double.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return double;
}
