/**
 * The tenant commands (pull, push, diff --tenant) through the built CLI, against a real HTTP server
 * on 127.0.0.1 that imitates the documented Graph endpoints (test/graph-double.ts). Each test asserts
 * on exit codes, the JSON mamx prints, the policy file, and the server's request log: what was sent,
 * and above all what was not.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { FIXTURES, read, runBinAsync, tempDir } from '../helpers.js';
import { startGraphDouble, type GraphDouble, type GraphPolicy } from '../graph-double.js';

const IOS = JSON.parse(readFileSync(path.join(FIXTURES, 'graph-ios-policy.json'), 'utf8')) as Record<string, unknown>;
const ANDROID = JSON.parse(readFileSync(path.join(FIXTURES, 'graph-android-policy.json'), 'utf8')) as Record<string, unknown>;
const IOS_ID = IOS.id as string;
const IOS_NAME = IOS.displayName as string;
const ANDROID_ID = ANDROID.id as string;
const IOS_PATH = `/beta/deviceAppManagement/iosManagedAppProtections/${IOS_ID}`;

/** A token shaped as Entra ID issues them (header.payload.signature), so the audit line can say who. */
const jwt = (claims: Record<string, string>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
const ADMIN = jwt({ upn: 'admin@contoso.onmicrosoft.com', tid: '72f988bf-0000-4000-8000-2d7cd011db47' });

let graph: GraphDouble;
beforeEach(async () => {
  graph = await startGraphDouble({
    // Other policies first, and one per page: finding the one named means following @odata.nextLink.
    ios: [
      { id: 'T_11111111-1111-4111-8111-111111111111', displayName: 'iOS - Corporate', version: '"1"' },
      { id: 'T_22222222-2222-4222-8222-222222222222', displayName: 'iOS - Frontline', version: '"1"' },
      IOS,
    ],
    android: [ANDROID],
  });
  graph.tokens.write = ADMIN;
});
afterEach(() => graph.close());

function mamx(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return runBinAsync(args, { cwd, env: { MAMX_GRAPH_URL: graph.url, MAMX_GRAPH_TOKEN: graph.tokens.write, ...env } });
}
async function ok(cwd: string, args: string[], env?: NodeJS.ProcessEnv) {
  const r = await mamx(cwd, [...args, '--json'], env);
  expect([r.code, r.stderr]).toEqual([0, expect.any(String)]);
  return JSON.parse(r.stdout) as Record<string, unknown> & { pushed: Array<Record<string, unknown>> };
}
const errorOf = (stderr: string) =>
  (JSON.parse(stderr.trim().split('\n').pop()!) as { error: { code: string; message: string; hint?: string } }).error;
const policyFile = (cwd: string) => parse(read(path.join(cwd, 'mam-policy.yaml')));

/** A folder whose policy file holds the iOS policy, pulled. */
async function pulled(): Promise<string> {
  const cwd = tempDir();
  await ok(cwd, ['pull', '--policy', IOS_NAME]);
  graph.log.length = 0;
  return cwd;
}

/** Everything but what a PATCH is expected to change, to show nothing else changed. */
const rest = (p: GraphPolicy) => {
  const copy: Record<string, unknown> = { ...p };
  for (const k of ['exemptedAppProtocols', 'version', 'lastModifiedDateTime']) delete copy[k];
  return copy;
};

describe('pull', () => {
  it('finds a policy by display name across pages, and writes it as import does, with the binding', async () => {
    const cwd = tempDir();
    const result = await ok(cwd, ['pull', '--policy', IOS_NAME]);
    expect(graph.log.map((r) => [r.method, r.url.replace(/\?.*/, ''), r.status])).toEqual([
      ['GET', '/beta/deviceAppManagement/iosManagedAppProtections', 200],
      ['GET', '/beta/deviceAppManagement/iosManagedAppProtections', 200],
      ['GET', '/beta/deviceAppManagement/iosManagedAppProtections', 200],
      ['GET', '/beta/deviceAppManagement/androidManagedAppProtections', 200],
      ['GET', IOS_PATH, 200],
    ]);
    expect(graph.log[1]!.url).toContain('skiptoken');
    expect(graph.log.every((r) => r.authorization === `Bearer ${ADMIN}`)).toBe(true);
    const doc = policyFile(cwd);
    expect(doc.ios.intune).toEqual({ id: IOS_ID, displayName: IOS_NAME, version: IOS.version });
    expect(doc.ios.exceptions).toHaveLength(17);
    expect(doc.ios.defaults).toEqual({ custom: (IOS.exemptedAppProtocols as Array<{ value: string }>)[0]!.value });
    expect(result.imported).toEqual([expect.objectContaining({ platform: 'ios', id: IOS_ID, displayName: IOS_NAME })]);
  });

  it("again, from the binding: the tenant's changes come in, reasons stay, and an edit not yet pushed is kept", async () => {
    const cwd = await pulled();
    const f = path.join(cwd, 'mam-policy.yaml');
    writeFileSync(f, read(f).replace('- value: zoomus\n', '- value: zoomus\n      reason: Customer calls\n'));
    expect((await mamx(cwd, ['add', '--ios', 'wbx', '--link', 'https://*.webex.com/*'])).code).toBe(0);
    const p = graph.policy('ios', IOS_ID);
    const rows = p.exemptedAppProtocols as Array<{ name: string; value: string }>;
    graph.portalEdit('ios', IOS_ID, {
      exemptedAppProtocols: [...rows.filter((r) => r.value !== 'waze'), { name: 'Zoom Rooms', value: 'zoomroom' }],
      exemptedUniversalLinks: [...(p.exemptedUniversalLinks as string[]), 'https://contoso.example/*'],
    });
    graph.log.length = 0;
    const result = await ok(cwd, ['pull']);
    expect(result).toMatchObject({
      added: [
        { platform: 'ios', value: 'https://contoso.example/*', list: 'universalLinks.exempted' },
        { platform: 'ios', value: 'zoomroom', name: 'Zoom Rooms' },
      ],
      kept: [
        { platform: 'ios', value: 'https://*.webex.com/*', list: 'universalLinks.exempted' },
        { platform: 'ios', value: 'waze' },
        { platform: 'ios', value: 'wbx' },
      ],
    });
    const doc = policyFile(cwd);
    const values = doc.ios.exceptions.map((e: { value: string }) => e.value);
    expect(values).toEqual(expect.arrayContaining(['waze', 'wbx', 'zoomroom']));
    expect(doc.ios.exceptions.find((e: { value: string }) => e.value === 'zoomus')).toEqual({
      value: 'zoomus',
      name: 'Zoom',
      reason: 'Customer calls',
    });
    expect(doc.ios.universalLinks.exempted).toEqual(expect.arrayContaining(['https://*.webex.com/*', 'https://contoso.example/*']));
    expect(doc.ios.intune.version).toBe(graph.policy('ios', IOS_ID).version);
    expect(graph.log.map((r) => [r.method, r.url])).toEqual([['GET', `${IOS_PATH}?$expand=apps`]]);
    const human = await mamx(cwd, ['pull']);
    expect(human.stdout).toContain(
      "kept in the file, not in Intune's policy (a push sends them; pull --mirror drops them):\n  = ios universalLinks.exempted https://*.webex.com/*\n  = ios waze\n  = ios wbx",
    );

    // --mirror: the file becomes what the tenant holds; reasons of the rows that stay are kept.
    const mirrored = await ok(cwd, ['pull', '--mirror']);
    expect(mirrored.removed).toEqual([
      { platform: 'ios', value: 'https://*.webex.com/*', list: 'universalLinks.exempted' },
      { platform: 'ios', value: 'waze' },
      { platform: 'ios', value: 'wbx' },
    ]);
    const after = policyFile(cwd);
    expect(after.ios.exceptions.map((e: { value: string }) => e.value)).not.toEqual(expect.arrayContaining(['waze']));
    expect(after.ios.exceptions.find((e: { value: string }) => e.value === 'zoomus').reason).toBe('Customer calls');
    const drift = await mamx(cwd, ['diff', '--tenant']);
    expect(drift.code).toBe(0);
  });

  it('a name not in the tenant: exit 6, with the close names', async () => {
    const cwd = tempDir();
    const r = await mamx(cwd, ['pull', '--policy', 'iOS - BYOD data protections', '--json']);
    expect(r.code).toBe(6);
    expect(errorOf(r.stderr)).toMatchObject({ code: 'GRAPH_NOT_FOUND', hint: `did you mean ${JSON.stringify(IOS_NAME)}?` });
    const part = await mamx(cwd, ['pull', '--policy', 'byod', '--json']);
    expect(part.code).toBe(6);
    expect(errorOf(part.stderr)).toMatchObject({
      message: 'no app protection policy named or with the id "byod" in the tenant',
      hint: `did you mean ${JSON.stringify(IOS_NAME)} or ${JSON.stringify(ANDROID.displayName)}?`,
    });
    expect(existsSync(path.join(cwd, 'mam-policy.yaml'))).toBe(false);
  });

  it('a bound policy deleted in Intune: exit 6, 404 with its request-id', async () => {
    const cwd = await pulled();
    graph.policies.ios = graph.policies.ios.filter((p) => p.id !== IOS_ID);
    const r = await mamx(cwd, ['pull', '--json']);
    expect(r.code).toBe(6);
    expect(errorOf(r.stderr).code).toBe('GRAPH_NOT_FOUND');
    expect(errorOf(r.stderr).message).toMatch(/\(404\).*request-id [0-9a-f-]{36}/);
  });
});

describe('push', () => {
  it('pull, add wbx, push: the PATCH holds the 18 rows verbatim plus wbx, nothing else changes, and diff --tenant is then clean', async () => {
    const cwd = await pulled();
    const before = structuredClone(graph.policy('ios', IOS_ID));
    expect((await mamx(cwd, ['add', '--ios', 'wbx', '--reason', 'Meeting links from Outlook'])).code).toBe(0);

    const r = await mamx(cwd, ['push', '--yes', '--json']);
    expect(r.code).toBe(0);
    const [patch, ...more] = graph.patches();
    expect(more).toEqual([]);
    expect(patch!.url).toBe(IOS_PATH);
    expect(patch!.body!.exemptedAppProtocols).toEqual([...(before.exemptedAppProtocols as unknown[]), { name: 'wbx', value: 'wbx' }]);
    // Only the properties mamx models are sent; and the tenant now differs from before only in the rows.
    for (const k of ['displayName', 'description', 'apps', 'assignments', 'roleScopeTagIds', 'pinRequired', 'minimumPinLength'])
      expect(patch!.body).not.toHaveProperty(k);
    const after = graph.policy('ios', IOS_ID);
    expect(rest(after)).toEqual(rest(before));
    expect(after.version).not.toBe(before.version);
    // Read, re-read just before the PATCH, PATCH, read back.
    expect(graph.log.map((x) => x.method)).toEqual(['GET', 'GET', 'PATCH', 'GET']);

    const result = JSON.parse(r.stdout) as { pushed: Array<{ added: string[]; removed: string[]; version: string; audit: string }> };
    expect(result.pushed).toEqual([expect.objectContaining({ added: ['wbx'], removed: [], version: after.version })]);
    const audit = `push: tenant 72f988bf-0000-4000-8000-2d7cd011db47, iOS policy "${IOS_NAME}", by admin@contoso.onmicrosoft.com: added wbx; removed none`;
    expect(result.pushed[0]!.audit).toBe(audit);
    expect(r.stderr).toContain(audit);
    expect(r.stdout + r.stderr).not.toContain(ADMIN);
    expect(policyFile(cwd).ios.intune.version).toBe(after.version);

    graph.log.length = 0;
    const drift = await mamx(cwd, ['diff', '--tenant', '--json']);
    expect(drift.code).toBe(0);
    expect(JSON.parse(drift.stdout)).toMatchObject({
      equal: true,
      a: { file: `${graph.url} (the tenant)`, kind: 'tenant' },
      b: { kind: 'policy file' },
    });
    expect(graph.patches()).toEqual([]);
  });

  it('a portal edit between pull and push: exit 7, nothing sent', async () => {
    const cwd = await pulled();
    await mamx(cwd, ['add', '--ios', 'wbx']);
    graph.portalEdit('ios', IOS_ID, { description: 'edited in the portal' });
    const r = await mamx(cwd, ['push', '--yes', '--json']);
    expect(r.code).toBe(7);
    expect(errorOf(r.stderr)).toMatchObject({ code: 'TENANT_CHANGED', hint: expect.stringContaining('mamx pull') });
    expect(graph.patches()).toEqual([]);
  });

  it('a portal edit while the push is prepared (between the first read and the re-read before the PATCH): exit 7, nothing sent', async () => {
    const cwd = await pulled();
    await mamx(cwd, ['add', '--ios', 'wbx']);
    let gets = 0;
    graph.onRequest = (req) => {
      if (req.method === 'GET' && req.url === IOS_PATH && ++gets === 2) graph.portalEdit('ios', IOS_ID, { description: 'meanwhile' });
    };
    const r = await mamx(cwd, ['push', '--yes', '--json']);
    expect(r.code).toBe(7);
    expect(errorOf(r.stderr).message).toContain('while this push was being prepared');
    expect(graph.patches()).toEqual([]);
  });

  it('--dry-run shows the difference and sends nothing; a push of what the tenant holds sends nothing', async () => {
    const cwd = await pulled();
    const inSync = await ok(cwd, ['push', '--yes']);
    expect(inSync).toMatchObject({ inSync: true, pushed: [] });
    await mamx(cwd, ['add', '--ios', 'wbx']);
    const dry = await ok(cwd, ['push', '--dry-run']);
    expect(dry).toMatchObject({ dryRun: true, inSync: false, diff: { platforms: [{ platform: 'ios', added: [{ value: 'wbx' }] }] } });
    const human = await mamx(cwd, ['push', '--dry-run']);
    expect(human.stdout).toContain('+ ios wbx');
    expect(human.stdout).toContain('dry run: nothing was sent');
    expect(graph.patches()).toEqual([]);
    expect(graph.log.every((r) => r.method === 'GET')).toBe(true);
  });

  it('without a terminal and without --yes: exit 2, nothing sent', async () => {
    const cwd = await pulled();
    await mamx(cwd, ['add', '--ios', 'wbx']);
    const r = await mamx(cwd, ['push', '--json']);
    expect(r.code).toBe(2);
    expect(errorOf(r.stderr).code).toBe('NO_TTY');
    expect(graph.patches()).toEqual([]);
  });

  it('a new high-risk value needs --force (exit 5 and nothing sent without it)', async () => {
    const cwd = await pulled();
    expect((await mamx(cwd, ['add', '--ios', 'http', '--force'])).code).toBe(0);
    const refused = await mamx(cwd, ['push', '--yes', '--json']);
    expect(refused.code).toBe(5);
    expect(errorOf(refused.stderr).code).toBe('HIGH_RISK');
    expect(graph.patches()).toEqual([]);
    expect((await mamx(cwd, ['push', '--yes', '--force'])).code).toBe(0);
    expect(graph.patches()).toHaveLength(1);
  });

  it('a PATCH the service accepts and does not apply: exit 7 with both lists, the file keeps its version', async () => {
    const cwd = await pulled();
    await mamx(cwd, ['add', '--ios', 'wbx']);
    graph.ignorePatches = true;
    const r = await mamx(cwd, ['push', '--yes', '--json']);
    expect(r.code).toBe(7);
    const error = errorOf(r.stderr);
    expect(error.code).toBe('PUSH_NOT_VERIFIED');
    const [sent, holds] = error.message.split('Intune holds:');
    expect(sent).toMatch(/Sent exemptedAppProtocols: .*\bwbx\b/);
    expect(holds).toMatch(/bjn-intunemam/);
    expect(holds).not.toMatch(/\bwbx\b/);
    expect(graph.patches()).toHaveLength(1);
    expect(policyFile(cwd).ios.intune.version).toBe(IOS.version);
  });

  it('a read-only permission: the PATCH is refused (403), exit 6 naming DeviceManagementApps.ReadWrite.All', async () => {
    const cwd = await pulled();
    await mamx(cwd, ['add', '--ios', 'wbx']);
    const r = await mamx(cwd, ['push', '--yes', '--json'], { MAMX_GRAPH_TOKEN: graph.tokens.read });
    expect(r.code).toBe(6);
    const error = errorOf(r.stderr);
    expect(error).toMatchObject({ code: 'GRAPH_FORBIDDEN', hint: expect.stringContaining('DeviceManagementApps.ReadWrite.All') });
    expect(error.message).toMatch(/DeviceManagementApps\.ReadWrite\.All.*request-id [0-9a-f-]{36}/);
    expect(policyFile(cwd).ios.intune.version).toBe(IOS.version);
  });

  it('throttled (429, Retry-After: 1): retried, and it succeeds', async () => {
    const cwd = await pulled();
    await mamx(cwd, ['add', '--ios', 'wbx']);
    graph.fail({ status: 429, method: 'PATCH', retryAfter: '1' });
    const r = await mamx(cwd, ['push', '--yes', '--json']);
    expect(r.code).toBe(0);
    expect(graph.patches().map((p) => p.status)).toEqual([429, 204]);
    expect(graph.policy('ios', IOS_ID).exemptedAppProtocols).toContainEqual({ name: 'wbx', value: 'wbx' });
  });
});

describe('Graph errors are exit 6', () => {
  it('unavailable (503) after the bounded retries: exit 6 with the request-id', async () => {
    const cwd = tempDir();
    graph.fail(...Array.from({ length: 10 }, () => ({ status: 503, retryAfter: '0' })));
    const r = await mamx(cwd, ['pull', '--policy', IOS_NAME, '--json']);
    expect(r.code).toBe(6);
    expect(errorOf(r.stderr)).toMatchObject({ code: 'GRAPH_THROTTLED', message: expect.stringMatching(/\(503\).*request-id/) });
    expect(graph.log.length).toBe(5); // the first try and four retries
  });

  it('a token Graph refuses (401): exit 6, and the token is not printed', async () => {
    const cwd = tempDir();
    const r = await mamx(cwd, ['pull', '--policy', IOS_NAME, '--json'], { MAMX_GRAPH_TOKEN: 'expired-token-value' });
    expect(r.code).toBe(6);
    expect(errorOf(r.stderr).code).toBe('GRAPH_AUTH');
    expect(r.stdout + r.stderr).not.toContain('expired-token-value');
  });

  it('nobody listening: exit 6', async () => {
    const cwd = tempDir();
    await graph.close();
    const r = await mamx(cwd, ['pull', '--policy', IOS_NAME, '--json']);
    graph = await startGraphDouble({});
    expect(r.code).toBe(6);
    expect(errorOf(r.stderr)).toMatchObject({ code: 'GRAPH_NETWORK', message: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('diff --tenant', () => {
  it('drift in the portal: exit 1, the rows and settings that differ, and no write', async () => {
    const cwd = await pulled();
    const rows = graph.policy('ios', IOS_ID).exemptedAppProtocols as Array<{ name: string; value: string }>;
    graph.portalEdit('ios', IOS_ID, {
      exemptedAppProtocols: [...rows, { name: 'WhatsApp', value: 'whatsapp' }],
      dialerRestrictionLevel: 'managedApps',
    });
    const r = await mamx(cwd, ['diff', '--tenant', '--json']);
    expect(r.code).toBe(1);
    const diff = JSON.parse(r.stdout) as {
      equal: boolean;
      platforms: Array<{ removed: Array<{ value: string }>; settings: Array<{ setting: string }> }>;
    };
    expect(diff.equal).toBe(false);
    // The file is the "after": what the tenant has and the file has not is "removed" by a push.
    expect(diff.platforms[0]!.removed.map((x) => x.value)).toEqual(['whatsapp']);
    expect(diff.platforms[0]!.settings.map((x) => x.setting)).toEqual(['dialer']);
    const human = await mamx(cwd, ['diff', '--tenant']);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/- ios whatsapp/);
    expect(human.stderr).toContain('changed in Intune since the last pull');
    expect(graph.patches()).toEqual([]);
  });

  it('both platforms bound: one comparison each', async () => {
    const cwd = await pulled();
    await ok(cwd, ['pull', '--policy', ANDROID_ID]);
    expect(policyFile(cwd).android.intune.id).toBe(ANDROID_ID);
    graph.log.length = 0;
    const r = await mamx(cwd, ['diff', '--tenant', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { platforms: Array<{ platform: string }> }).platforms.map((p) => p.platform)).toEqual([
      'ios',
      'android',
    ]);
    expect(graph.log.map((x) => x.method)).toEqual(['GET', 'GET']);
  });

  it('a file bound to nothing: exit 2 with the next step', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'mam-policy.yaml'), 'version: 1\nios:\n  exceptions: []\n');
    const r = await mamx(cwd, ['diff', '--tenant', '--json']);
    expect(r.code).toBe(2);
    expect(errorOf(r.stderr).hint).toContain('mamx pull --policy');
    expect(graph.log).toEqual([]);
  });
});

describe('sign-in through the CLI', () => {
  const config = (cwd: string) =>
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'clientId: 0b4f3c2a-1d5e-4f6a-8b7c-9d0e1f2a3b4c\ntenant: contoso.onmicrosoft.com\n');

  it('no token and no app registration: exit 3, pointing to the README', async () => {
    const cwd = tempDir();
    const r = await mamx(cwd, ['pull', '--policy', IOS_NAME, '--json'], { MAMX_GRAPH_TOKEN: '' });
    expect(r.code).toBe(3);
    expect(errorOf(r.stderr)).toMatchObject({ code: 'CONFIG_INVALID', hint: expect.stringContaining('README') });
    expect(graph.log).toEqual([]);
  });

  it('an app registration, no cached sign-in and no terminal: msal loads, and the device code is not attempted (exit 6)', async () => {
    const cwd = tempDir();
    config(cwd);
    const r = await mamx(cwd, ['pull', '--policy', IOS_NAME, '--json'], { MAMX_GRAPH_TOKEN: '', XDG_CACHE_HOME: path.join(cwd, '.cache') });
    expect(r.code).toBe(6);
    expect(errorOf(r.stderr)).toMatchObject({ code: 'GRAPH_AUTH', message: expect.stringContaining('needs a person at a terminal') });
    expect(graph.log).toEqual([]);
  });

  it('a secret is not a configuration key: exit 3, nothing read from it', async () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, '.mamxrc.yaml'),
      'clientId: 0b4f3c2a-1d5e-4f6a-8b7c-9d0e1f2a3b4c\ntenant: contoso.onmicrosoft.com\nclientSecret: hunter2\n',
    );
    const r = await mamx(cwd, ['pull', '--policy', IOS_NAME, '--json']);
    expect(r.code).toBe(3);
    expect(errorOf(r.stderr).message).toContain('clientSecret');
    expect(r.stderr).not.toContain('hunter2');
  });

  it('logout removes the token cache, and says so when there was none', async () => {
    const cwd = tempDir();
    const cache = path.join(cwd, '.cache', 'mamx', 'msal-token-cache.json');
    mkdirSync(path.dirname(cache), { recursive: true });
    writeFileSync(cache, '{}');
    const env = { XDG_CACHE_HOME: path.join(cwd, '.cache') };
    expect(JSON.parse((await mamx(cwd, ['logout', '--json'], env)).stdout)).toEqual({ cleared: true, cache });
    expect(existsSync(cache)).toBe(false);
    const again = await mamx(cwd, ['logout'], env);
    expect([again.code, again.stdout]).toEqual([0, `not signed in (no ${cache})\n`]);
  });
});
