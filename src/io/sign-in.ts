/**
 * Signing in to Microsoft Graph with @azure/msal-node, loaded only when a tenant command runs. In
 * order: a token given in MAMX_GRAPH_TOKEN (pipelines, tests); the admin's own app registration
 * (config `clientId` and `tenant`) with a client secret (MAMX_CLIENT_SECRET) or certificate
 * (MAMX_CLIENT_CERTIFICATE, a PEM file with the private key) for pipelines; otherwise the device-code
 * flow for a person at a terminal, whose tokens are cached in the user's own cache folder (mode 0600)
 * and cleared by `mamx logout`. Secrets come from the environment, never from the command line, and
 * no token is ever printed.
 */
import { X509Certificate } from 'node:crypto';
import { cacheFolder } from './cache-folder.js';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MamxError } from '../errors.js';
import type { Config } from './config.js';

export type SignIn =
  | { kind: 'token'; token: string }
  | { kind: 'secret'; clientId: string; tenant: string; secret: string }
  | { kind: 'certificate'; clientId: string; tenant: string; certificateFile: string }
  | { kind: 'device-code'; clientId: string; tenant: string };

/** How this run signs in, from the environment and the configuration. */
export function chooseSignIn(env: NodeJS.ProcessEnv, config: Pick<Config, 'clientId' | 'tenant' | 'file'>): SignIn {
  const token = env.MAMX_GRAPH_TOKEN?.trim();
  if (token) return { kind: 'token', token };
  if (!config.clientId || !config.tenant) {
    throw new MamxError(
      'CONFIG_INVALID',
      `signing in to Microsoft Graph needs your app registration: set "clientId" and "tenant" in the configuration${config.file ? ` (${config.file})` : ''}`,
      'see "Register the app" in the README; a pipeline may set MAMX_GRAPH_TOKEN instead',
    );
  }
  const base = { clientId: config.clientId, tenant: config.tenant };
  if (env.MAMX_CLIENT_SECRET) return { kind: 'secret', ...base, secret: env.MAMX_CLIENT_SECRET };
  if (env.MAMX_CLIENT_CERTIFICATE) return { kind: 'certificate', ...base, certificateFile: env.MAMX_CLIENT_CERTIFICATE };
  return { kind: 'device-code', ...base };
}

/** The parts of @azure/msal-node used here (tests pass their own). */
export interface Msal {
  PublicClientApplication: new (config: MsalConfig) => PublicClient;
  ConfidentialClientApplication: new (config: MsalConfig) => ConfidentialClient;
}
interface MsalConfig {
  auth: {
    clientId: string;
    authority: string;
    clientSecret?: string;
    clientCertificate?: { thumbprintSha256: string; privateKey: string; x5c?: string };
  };
  cache?: { cachePlugin: CachePlugin };
}
interface CacheContext {
  cacheHasChanged: boolean;
  tokenCache: { serialize(): string; deserialize(cache: string): void };
}
interface CachePlugin {
  beforeCacheAccess(context: CacheContext): Promise<void>;
  afterCacheAccess(context: CacheContext): Promise<void>;
}
interface TokenResult {
  accessToken: string;
}
interface PublicClient {
  getTokenCache(): { getAllAccounts(): Promise<unknown[]> };
  acquireTokenSilent(request: { account: unknown; scopes: string[] }): Promise<TokenResult | null>;
  acquireTokenByDeviceCode(request: {
    scopes: string[];
    deviceCodeCallback: (response: { message: string }) => void;
  }): Promise<TokenResult | null>;
}
interface ConfidentialClient {
  acquireTokenByClientCredential(request: { scopes: string[] }): Promise<TokenResult | null>;
}

export interface TokenOptions {
  /** Write access (push) or read access (pull, diff --tenant). */
  write: boolean;
  /** Whether a person can take part (a device code needs one). */
  interactive: boolean;
  /** Where a person signing in is told what to do (stderr). */
  tell: (message: string) => void;
  cacheFile: string;
  msal?: Msal;
}

const GRAPH = 'https://graph.microsoft.com';

/** A function that gives a bearer token, signing in on first use. */
export function tokenSource(signIn: SignIn, o: TokenOptions): () => Promise<string> {
  let token: Promise<string> | undefined;
  return () => (token ??= acquire(signIn, o));
}

async function acquire(signIn: SignIn, o: TokenOptions): Promise<string> {
  if (signIn.kind === 'token') return signIn.token;
  const msal = o.msal ?? (await loadMsal());
  const authority = `https://login.microsoftonline.com/${signIn.tenant}`;
  const failed = (e: unknown): never => {
    throw new MamxError(
      'GRAPH_AUTH',
      `sign-in to tenant ${signIn.tenant} failed: ${(e as Error).message?.split('\n')[0] ?? String(e)}`,
      'check clientId and tenant in the configuration, and the app registration',
    );
  };
  const result = (r: TokenResult | null): string => r?.accessToken ?? failed(new Error('no token was returned'));
  if (signIn.kind === 'secret' || signIn.kind === 'certificate') {
    const auth =
      signIn.kind === 'secret'
        ? { clientId: signIn.clientId, authority, clientSecret: signIn.secret }
        : { clientId: signIn.clientId, authority, clientCertificate: certificate(signIn.certificateFile) };
    const app = new msal.ConfidentialClientApplication({ auth });
    return result(await app.acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] }).catch(failed));
  }
  const scopes = [`${GRAPH}/DeviceManagementApps.${o.write ? 'ReadWrite' : 'Read'}.All`];
  const app = new msal.PublicClientApplication({
    auth: { clientId: signIn.clientId, authority },
    cache: { cachePlugin: fileCache(o.cacheFile) },
  });
  const [account] = await app.getTokenCache().getAllAccounts();
  if (account) {
    const silent = await app.acquireTokenSilent({ account, scopes }).catch(() => null);
    if (silent?.accessToken) return silent.accessToken;
  }
  if (!o.interactive) {
    throw new MamxError(
      'GRAPH_AUTH',
      'signing in needs a person at a terminal (device code), and none is here',
      'a pipeline signs in with MAMX_CLIENT_SECRET or MAMX_CLIENT_CERTIFICATE (and config clientId, tenant), or gives MAMX_GRAPH_TOKEN',
    );
  }
  return result(await app.acquireTokenByDeviceCode({ scopes, deviceCodeCallback: (r) => o.tell(r.message) }).catch(failed));
}

/** The library itself: its types are wider than the parts used here (accounts are passed through as they come). */
async function loadMsal(): Promise<Msal> {
  const library: unknown = await import('@azure/msal-node');
  return library as Msal;
}

/** A certificate and its private key from one PEM file, with the SHA-256 thumbprint Entra ID matches. */
function certificate(file: string): { thumbprintSha256: string; privateKey: string; x5c: string } {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new MamxError(
      'CONFIG_INVALID',
      `MAMX_CLIENT_CERTIFICATE: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const key = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (!cert || !key)
    throw new MamxError('CONFIG_INVALID', `MAMX_CLIENT_CERTIFICATE: ${file} must hold the certificate and its private key (PEM)`);
  return { thumbprintSha256: new X509Certificate(cert).fingerprint256.replace(/:/g, ''), privateKey: key, x5c: cert };
}

/** The device-code sign-in's token cache: a file only the user can read, replaced atomically. */
function fileCache(file: string): CachePlugin {
  return {
    beforeCacheAccess(context) {
      try {
        context.tokenCache.deserialize(readFileSync(file, 'utf8'));
      } catch {
        // no cache yet, or unreadable: sign in again
      }
      return Promise.resolve();
    },
    afterCacheAccess(context) {
      if (context.cacheHasChanged) writeSecret(file, context.tokenCache.serialize());
      return Promise.resolve();
    },
  };
}

function writeSecret(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true }); // no cache: the next run signs in again
  }
}

/** Where the device-code sign-in keeps its tokens: the user's own cache folder. */
export function tokenCacheFile(env: NodeJS.ProcessEnv, home: string): string {
  return path.join(cacheFolder(env, home), 'msal-token-cache.json');
}

/** Who a token speaks for (its upn, or the app's id) and its tenant, for the audit line; nothing else of it is read. */
export function tokenIdentity(token: string): { who?: string; tenant?: string } {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const pick = (...keys: string[]) => keys.map((k) => payload[k]).find((v): v is string => typeof v === 'string');
    const who = pick('upn', 'unique_name', 'preferred_username', 'app_displayname', 'appid', 'azp');
    const tenant = pick('tid');
    return { ...(who && { who }), ...(tenant && { tenant }) };
  } catch {
    return {};
  }
}
