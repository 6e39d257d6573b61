/** The wizard driven in-process by a scripted prompter: an unexpected question fails the test. */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { scriptedPrompter, type Step } from '../scripted-prompter.js';
import { fixture, read, runIn, tempDir } from '../helpers.js';

const addWebex: Step[] = [
  { ask: /What do you want to do/, choose: /Add an exception/ },
  { ask: /How do you want to name/, choose: /Find it/ },
  // A typo: "webx" still finds Webex.
  { ask: /Search/, search: 'webx', choose: /^Cisco Webex Meetings: iOS wbx/ },
  { ask: /Which platforms/, choose: /^iOS only \(wbx\)/ },
  { ask: /App name/, type: '' },
  { ask: /Why does it need org data/, type: 'Meeting links' },
  { ask: /ticket/, type: 'CHG-42' },
  { ask: /Owner/, type: 'mobility@contoso.example' },
  { ask: /Review or remove after/, type: '2027-06-30', rejects: ['2026-02-30', '2020-01-01', 'soon'] },
  { ask: /Write this change/, confirm: true, expectDefault: true },
];

async function wizard(args: string[], steps: Step[], cwd = tempDir()) {
  const prompter = scriptedPrompter(steps);
  const r = await runIn(args, { cwd, prompter, interactive: true });
  expect(prompter.remaining()).toBe(0);
  return { ...r, cwd };
}

it('adds an app found by name, with the same result as the flags', async () => {
  const { code, stdout, cwd } = await wizard(['wizard'], addWebex);
  expect(code).toBe(0);
  expect(stdout).toContain('would change');
  expect(stdout).toContain('+    - value: wbx');
  const doc = parse(read(path.join(cwd, 'mam-policy.yaml')));
  expect(doc.ios.exceptions).toEqual([
    {
      value: 'wbx',
      name: 'Cisco Webex Meetings',
      reason: 'Meeting links',
      ticket: 'CHG-42',
      owner: 'mobility@contoso.example',
      added: '2026-11-23',
      expires: '2027-06-30',
    },
  ]);

  const viaFlags = tempDir();
  await runIn(
    [
      'add',
      '--ios',
      'wbx',
      '--name',
      'Cisco Webex Meetings',
      '--reason',
      'Meeting links',
      '--ticket',
      'CHG-42',
      '--owner',
      'mobility@contoso.example',
      '--expires',
      '2027-06-30',
    ],
    { cwd: viaFlags },
  );
  expect(read(path.join(viaFlags, 'mam-policy.yaml')).replace(/\$schema=\S+/, '')).toBe(
    read(path.join(cwd, 'mam-policy.yaml')).replace(/\$schema=\S+/, ''),
  );
});

it('`add` with no value in a terminal asks, validating a typed value like the flags do', async () => {
  const { code, cwd } = await wizard(
    ['add'],
    [
      { ask: /How do you want to name/, choose: /Type/ },
      { ask: /Which platform/, choose: /^Android/ },
      {
        ask: /Package name/,
        type: 'https://play.google.com/store/apps/details?id=com.acme.field',
        rejects: ['whatsapp', 'com..x', 'com.a;com.b', ''],
      },
      { ask: /App name/, type: 'Acme Field' },
      { ask: /Why/, type: 'Field work' },
      { ask: /ticket/, type: '' },
      { ask: /Owner/, type: '' },
      { ask: /Review or remove/, type: '' },
      { ask: /Write this change/, confirm: true },
    ],
  );
  expect(code).toBe(0);
  expect(parse(read(path.join(cwd, 'mam-policy.yaml'))).android.exceptions[0]).toMatchObject({
    value: 'com.acme.field',
    name: 'Acme Field',
    reason: 'Field work',
  });
});

const addHttp = (confirmHighRisk: boolean): Step[] => [
  { ask: /How do you want to name/, choose: /Type/ },
  { ask: /Which platform/, choose: /^iOS/ },
  { ask: /URL scheme/, type: 'http' },
  { ask: /App name/, type: '' },
  { ask: /Why/, type: 'Links' },
  { ask: /ticket/, type: '' },
  { ask: /Owner/, type: '' },
  { ask: /Review or remove/, type: '' },
  { ask: /high-risk exception. Add it anyway/, confirm: confirmHighRisk, expectDefault: false },
  ...(confirmHighRisk ? [{ ask: /Write this change/, confirm: true }] : []),
];

it('a high-risk value needs explicit confirmation, which defaults to No; no is a calm "nothing added", exit 5', async () => {
  const no = await wizard(['add'], addHttp(false));
  expect(no.code).toBe(5);
  expect(no.stdout).toContain('nothing added: you chose not to add the high-risk ios http');
  expect(no.stderr).not.toMatch(/^error/m);
  expect(existsSync(path.join(no.cwd, 'mam-policy.yaml'))).toBe(false);
  const yes = await wizard(['add'], addHttp(true));
  expect(yes.code).toBe(0);
  expect(yes.stderr).toMatch(/high: /);
  expect(parse(read(path.join(yes.cwd, 'mam-policy.yaml'))).ios.exceptions[0].value).toBe('http');
});

it('a known app adds its identifiers on both platforms, as --app does', async () => {
  const steps: Step[] = [
    { ask: /What do you want to do/, choose: /Add an exception/ },
    { ask: /How do you want to name/, choose: /Find it/ },
    { ask: /Search/, search: 'zoom', choose: /^Zoom: / },
    { ask: /Which platforms/, choose: /^iOS and Android/ },
    { ask: /App name/, type: '' },
    { ask: /Why/, type: 'Customer meetings' },
    { ask: /ticket/, type: '' },
    { ask: /Owner/, type: '' },
    { ask: /Review or remove/, type: '' },
    { ask: /Write this change/, confirm: true },
  ];
  const { code, cwd } = await wizard(['wizard'], steps);
  expect(code).toBe(0);
  const doc = parse(read(path.join(cwd, 'mam-policy.yaml')));
  const flags = tempDir();
  await runIn(['add', '--app', 'zoom', '--reason', 'Customer meetings'], { cwd: flags });
  const viaFlags = parse(read(path.join(flags, 'mam-policy.yaml')));
  expect([doc.ios.exceptions, doc.android.exceptions]).toEqual([viaFlags.ios.exceptions, viaFlags.android.exceptions]);
  expect(doc.android.exceptions).toHaveLength(1);
});

it('from a search with no results, back to typing a value', async () => {
  const { code, cwd } = await wizard(
    ['add'],
    [
      { ask: /How do you want to name/, choose: /Find it/ },
      { ask: /Search/, search: 'acme field service', choose: /^None of these: type/ },
      { ask: /Which platform/, choose: /^iOS/ },
      { ask: /URL scheme/, type: 'acmefield' },
      { ask: /App name/, type: 'Acme Field' },
      { ask: /Why/, type: 'Jobs' },
      { ask: /ticket/, type: '' },
      { ask: /Owner/, type: '' },
      { ask: /Review or remove/, type: '' },
      { ask: /Write this change/, confirm: true },
    ],
  );
  expect(code).toBe(0);
  expect(parse(read(path.join(cwd, 'mam-policy.yaml'))).ios.exceptions[0]).toMatchObject({ value: 'acmefield', name: 'Acme Field' });
});

it('requireOwner and maxLifetimeDays make their questions insist', async () => {
  const cwd = tempDir();
  writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'requireOwner: true\nmaxLifetimeDays: 365\n');
  const steps = [...addWebex];
  steps[7] = { ask: /Owner: who answers for it:$/, type: 'mobility@contoso.example', rejects: ['', ' '] };
  steps[8] = { ask: /Review or remove after \(YYYY-MM-DD\):$/, type: '2027-06-30', rejects: ['', '2028-12-31'] };
  const { code } = await wizard(['wizard'], steps, cwd);
  expect(code).toBe(0);
});

it('requireReason makes the reason question insist', async () => {
  const cwd = tempDir();
  writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'requireReason: true\n');
  const steps = [...addWebex];
  steps[5] = { ask: /Why does it need org data\?$/, type: 'Meetings', rejects: ['', '   '] };
  const { code } = await wizard(['wizard'], steps, cwd);
  expect(code).toBe(0);
});

it('removes an exception picked from the file, after showing the lines that go', async () => {
  const cwd = tempDir();
  const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
  const { code, stdout } = await wizard(
    ['remove'],
    [
      { ask: /Which exception/, choose: /iOS zoomus/ },
      { ask: /Remove it/, confirm: true },
    ],
    cwd,
  );
  expect(code).toBe(0);
  expect(stdout).toContain('-    - value: zoomus');
  expect(read(file)).not.toContain('value: zoomus');
});

it('checks a value and shows the verdict', async () => {
  const { code, stdout } = await wizard(
    ['check'],
    [
      { ask: /How do you want to name/, choose: /Find/ },
      { ask: /Search/, search: 'whats', choose: /WhatsApp/ },
      { ask: /Which platforms/, choose: /^Android only/ },
    ],
  );
  expect(code).toBe(1);
  expect(stdout).toMatch(/deny\s+android com\.whatsapp/);
});

it('cancelling at any question exits 130 and writes nothing', async () => {
  const cwd = tempDir();
  const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
  const before = read(file);
  for (let at = 0; at < addWebex.length; at++) {
    const steps = [...addWebex.slice(0, at), { ask: addWebex[at]!.ask, cancel: true as const }];
    const { code, stderr } = await wizard(['wizard'], steps, cwd);
    expect([at, code]).toEqual([at, 130]);
    expect(stderr).toContain('nothing was written');
  }
  expect(read(file)).toBe(before);
});

it.each<[{ interactive: boolean; env?: NodeJS.ProcessEnv; json?: boolean }, RegExp]>([
  [{ interactive: false }, /not a terminal/],
  [{ interactive: true, env: { CI: 'true' } }, /CI=true/],
  [{ interactive: true, json: true }, /--json/],
])('never asks without a person at a terminal: %j', async (opts, why) => {
  const prompter = scriptedPrompter([]);
  const args = ['wizard', ...(opts.json ? ['--json'] : [])];
  const r = await runIn(args, { cwd: tempDir(), prompter, interactive: opts.interactive, ...(opts.env && { env: opts.env }) });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(why);
  expect(r.stderr).toContain('mamx add --ios');
  const add = await runIn(['add', ...(opts.json ? ['--json'] : [])], {
    cwd: tempDir(),
    prompter,
    interactive: opts.interactive,
    ...(opts.env && { env: opts.env }),
  });
  expect(add.code).toBe(2);
});

it('asks again for text that the flags would refuse, rather than failing after the questions', async () => {
  const steps = [...addWebex];
  steps[5] = { ask: /Why does it need org data/, type: 'Meeting links', rejects: ['two\nlines'] };
  steps[6] = { ask: /ticket/, type: '', rejects: ['\u0007'] };
  steps[8] = { ask: /Review or remove after/, type: '', rejects: ['2026-02-30', '2026-11-23', 'next year'] };
  const { code, stderr } = await wizard(['wizard'], steps);
  expect(stderr).not.toContain('error');
  expect(code).toBe(0);
});
