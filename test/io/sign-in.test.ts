/**
 * Which sign-in a run uses, and what it asks of @azure/msal-node: the library's classes are faked at
 * the boundary (the one place mamx meets them), so each flow's requests can be asserted; the token
 * cache is a real file.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMamxError } from '../../src/errors.js';
import { chooseSignIn, tokenCacheFile, tokenIdentity, tokenSource, type Msal, type SignIn } from '../../src/io/sign-in.js';
import { tempDir } from '../helpers.js';

const CLIENT = '0b4f3c2a-1d5e-4f6a-8b7c-9d0e1f2a3b4c';
const TENANT = 'contoso.onmicrosoft.com';
const config = { file: '/home/admin/.config/mamx/config.yaml', clientId: CLIENT, tenant: TENANT };

describe('chooseSignIn', () => {
  it('a given token first: no app registration needed', () => {
    expect(chooseSignIn({ MAMX_GRAPH_TOKEN: ' abc ', MAMX_CLIENT_SECRET: 's' }, { file: null })).toEqual({ kind: 'token', token: 'abc' });
  });
  it('a secret, then a certificate, from the environment; otherwise the device code', () => {
    expect(chooseSignIn({ MAMX_CLIENT_SECRET: 's', MAMX_CLIENT_CERTIFICATE: '/c.pem' }, config)).toEqual({
      kind: 'secret',
      clientId: CLIENT,
      tenant: TENANT,
      secret: 's',
    });
    expect(chooseSignIn({ MAMX_CLIENT_CERTIFICATE: '/c.pem' }, config)).toEqual({
      kind: 'certificate',
      clientId: CLIENT,
      tenant: TENANT,
      certificateFile: '/c.pem',
    });
    expect(chooseSignIn({}, config)).toEqual({ kind: 'device-code', clientId: CLIENT, tenant: TENANT });
  });
  it('no app registration configured: a config error that says where and what', () => {
    const e = (() => {
      try {
        chooseSignIn({ MAMX_CLIENT_SECRET: 's' }, { file: '/x/.mamxrc.yaml', tenant: TENANT });
      } catch (error) {
        return error;
      }
    })();
    expect(isMamxError(e) && [e.code, e.exitCode]).toEqual(['CONFIG_INVALID', 3]);
    expect((e as Error).message).toContain('"clientId" and "tenant" in the configuration (/x/.mamxrc.yaml)');
  });
});

/** A fake of the two msal classes, recording what mamx asks of them. */
function fakeMsal(o: { accounts?: unknown[]; silent?: string | null; deviceCode?: string; fail?: Error } = {}) {
  const calls: Array<{ call: string; arg: unknown }> = [];
  const result = (token: string | null | undefined) =>
    o.fail ? Promise.reject(o.fail) : Promise.resolve(token ? { accessToken: token } : null);
  const cacheContext = (changed: boolean) => ({
    cacheHasChanged: changed,
    tokenCache: { serialize: () => '{"Account":{"a":1}}', deserialize: (s: string) => calls.push({ call: 'deserialize', arg: s }) },
  });
  class PublicClientApplication {
    constructor(
      private readonly config: {
        cache?: { cachePlugin: { beforeCacheAccess: (c: unknown) => Promise<void>; afterCacheAccess: (c: unknown) => Promise<void> } };
      },
    ) {
      calls.push({ call: 'PublicClientApplication', arg: config });
    }
    getTokenCache() {
      return {
        getAllAccounts: async () => {
          await this.config.cache?.cachePlugin.beforeCacheAccess(cacheContext(false));
          return o.accounts ?? [];
        },
      };
    }
    acquireTokenSilent(request: unknown) {
      calls.push({ call: 'acquireTokenSilent', arg: request });
      return result(o.silent);
    }
    async acquireTokenByDeviceCode(request: { scopes: string[]; deviceCodeCallback: (r: { message: string }) => void }) {
      calls.push({ call: 'acquireTokenByDeviceCode', arg: request.scopes });
      request.deviceCodeCallback({ message: 'To sign in, open https://microsoft.com/devicelogin and enter the code ABCD-EFGH.' });
      await this.config.cache?.cachePlugin.afterCacheAccess(cacheContext(true));
      return result(o.deviceCode);
    }
  }
  class ConfidentialClientApplication {
    constructor(config: unknown) {
      calls.push({ call: 'ConfidentialClientApplication', arg: config });
    }
    acquireTokenByClientCredential(request: unknown) {
      calls.push({ call: 'acquireTokenByClientCredential', arg: request });
      return result('app-token');
    }
  }
  return { msal: { PublicClientApplication, ConfidentialClientApplication } as unknown as Msal, calls };
}

const options = (msal: Msal, over: Partial<Parameters<typeof tokenSource>[1]> = {}) => {
  const told: string[] = [];
  return {
    told,
    o: {
      write: false,
      interactive: true,
      tell: (m: string) => told.push(m),
      cacheFile: path.join(tempDir(), 'cache', 'mamx', 'msal-token-cache.json'),
      msal,
      ...over,
    },
  };
};
const authority = `https://login.microsoftonline.com/${TENANT}`;

describe('tokenSource', () => {
  it('a client secret: the client-credential flow for the .default scope, once per run', async () => {
    const { msal, calls } = fakeMsal();
    const token = tokenSource({ kind: 'secret', clientId: CLIENT, tenant: TENANT, secret: 'shh' }, options(msal).o);
    expect([await token(), await token()]).toEqual(['app-token', 'app-token']);
    expect(calls).toEqual([
      { call: 'ConfidentialClientApplication', arg: { auth: { clientId: CLIENT, authority, clientSecret: 'shh' } } },
      { call: 'acquireTokenByClientCredential', arg: { scopes: ['https://graph.microsoft.com/.default'] } },
    ]);
  });

  it('a certificate: its SHA-256 thumbprint, private key and chain from one PEM file', async () => {
    const dir = tempDir();
    const pem = path.join(dir, 'app.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=mamx-test',
        '-days',
        '2',
        '-keyout',
        pem,
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8').trim();
    const key = readFileSync(pem, 'utf8').trim();
    writeAt(pem, `${key}\n${cert}\n`);
    const { msal, calls } = fakeMsal();
    await tokenSource({ kind: 'certificate', clientId: CLIENT, tenant: TENANT, certificateFile: pem }, options(msal).o)();
    const auth = (calls[0]!.arg as { auth: { clientCertificate: { thumbprintSha256: string; privateKey: string; x5c: string } } }).auth;
    expect(auth.clientCertificate).toEqual({
      thumbprintSha256: new X509Certificate(cert).fingerprint256.replace(/:/g, ''),
      privateKey: key,
      x5c: cert,
    });
    expect(auth.clientCertificate.thumbprintSha256).toMatch(/^[0-9A-F]{64}$/);
  });

  it('a certificate file without its key: a config error naming the file', async () => {
    const dir = tempDir();
    const pem = path.join(dir, 'only-cert.pem');
    writeAt(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const { msal } = fakeMsal();
    await expect(
      tokenSource({ kind: 'certificate', clientId: CLIENT, tenant: TENANT, certificateFile: pem }, options(msal).o)(),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining(pem),
    });
  });

  it('the device code: the message reaches the person, the scope follows read or write, the cache is the user’s alone', async () => {
    const { msal, calls } = fakeMsal({ deviceCode: 'user-token' });
    const { told, o } = options(msal, { write: true });
    expect(await tokenSource({ kind: 'device-code', clientId: CLIENT, tenant: TENANT }, o)()).toBe('user-token');
    expect(told).toEqual(['To sign in, open https://microsoft.com/devicelogin and enter the code ABCD-EFGH.']);
    expect(calls.find((c) => c.call === 'acquireTokenByDeviceCode')!.arg).toEqual([
      'https://graph.microsoft.com/DeviceManagementApps.ReadWrite.All',
    ]);
    expect(readFileSync(o.cacheFile, 'utf8')).toBe('{"Account":{"a":1}}');
    expect(statSync(o.cacheFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(o.cacheFile)).mode & 0o777).toBe(0o700);
  });

  it('a cached account: a silent token, no device code, and the cache was read', async () => {
    const { msal, calls } = fakeMsal({ accounts: [{ username: 'admin@contoso.com' }], silent: 'cached-token' });
    const { o } = options(msal);
    writeAt(o.cacheFile, 'previous cache');
    expect(await tokenSource({ kind: 'device-code', clientId: CLIENT, tenant: TENANT }, o)()).toBe('cached-token');
    expect(calls.map((c) => c.call)).toEqual(['PublicClientApplication', 'deserialize', 'acquireTokenSilent']);
    expect(calls[2]!.arg).toEqual({
      account: { username: 'admin@contoso.com' },
      scopes: ['https://graph.microsoft.com/DeviceManagementApps.Read.All'],
    });
  });

  it('no one at the terminal and no cached sign-in: an auth error pointing to the pipeline options', async () => {
    const { msal, calls } = fakeMsal({ deviceCode: 'never' });
    await expect(
      tokenSource({ kind: 'device-code', clientId: CLIENT, tenant: TENANT }, options(msal, { interactive: false }).o)(),
    ).rejects.toMatchObject({
      code: 'GRAPH_AUTH',
      hint: expect.stringContaining('MAMX_CLIENT_SECRET'),
    });
    expect(calls.map((c) => c.call)).not.toContain('acquireTokenByDeviceCode');
  });

  it('the library fails: exit 6 with its first line, not its stack', async () => {
    const { msal } = fakeMsal({ fail: new Error('AADSTS7000215: Invalid client secret provided.\nTrace ID: 1\nCorrelation ID: 2') });
    const e = await tokenSource({ kind: 'secret', clientId: CLIENT, tenant: TENANT, secret: 'bad' }, options(msal).o)().catch(
      (x: unknown) => x,
    );
    expect(isMamxError(e) && [e.exitCode, e.message]).toEqual([
      6,
      `sign-in to tenant ${TENANT} failed: AADSTS7000215: Invalid client secret provided.`,
    ]);
  });

  it('a given token is used as it is, and msal is never loaded', async () => {
    const signIn: SignIn = { kind: 'token', token: 't' };
    const { msal, calls } = fakeMsal();
    expect(await tokenSource(signIn, options(msal).o)()).toBe('t');
    expect(calls).toEqual([]);
  });
});

describe('tokenIdentity and the cache file', () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  it('who: the upn for a person, the app id for an app; the tenant id', () => {
    expect(tokenIdentity(jwt({ upn: 'a@contoso.com', tid: 't1', appid: 'x' }))).toEqual({ who: 'a@contoso.com', tenant: 't1' });
    expect(tokenIdentity(jwt({ appid: CLIENT, tid: 't1' }))).toEqual({ who: CLIENT, tenant: 't1' });
    expect(tokenIdentity('not-a-jwt')).toEqual({});
  });
  it('the cache lives in the user’s cache folder (Linux: XDG_CACHE_HOME or ~/.cache)', () => {
    expect(tokenCacheFile({ XDG_CACHE_HOME: '/c' }, '/home/a')).toBe('/c/mamx/msal-token-cache.json');
    expect(tokenCacheFile({}, '/home/a')).toBe('/home/a/.cache/mamx/msal-token-cache.json');
  });
});

function writeAt(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
